import Foundation
import Testing

/// Runs the real `shubbak` binary, as a counter or a script would.
struct Shubbak {
    static var binary: URL {
        // The test runner lives beside the products in the build folder.
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("shubbak")
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Starts the binary; `input`, when given, is written to its standard input, which is then closed.
    static func start(_ arguments: [String], input: String? = nil, executable: URL? = nil) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = input.map { _ in Pipe() }
        if let stdin { process.standardInput = stdin }
        try process.run()
        if let stdin, let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        return (process, out, err)
    }

    static func finish(_ started: (Process, Pipe, Pipe)) -> Output {
        let (process, out, err) = started
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func run(_ arguments: [String], input: String? = nil, executable: URL? = nil) throws -> Output {
        finish(try start(arguments, input: input, executable: executable))
    }

    static func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("shubbak-cli-\(UUID().uuidString)").path
    }

    /// A center HMA-01 trusting the central office's TEST-ONLY key, with these sample bundles imported.
    static func sampleCenter(importing seqs: ClosedRange<Int>, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let data = temporaryFolder()
        #expect(try run(["init", "--center", "HMA-01", "--data", data,
                         "--central-key", CrashTests.samples.appendingPathComponent("keys/central-test.pub").path]).status == 0,
                sourceLocation: sourceLocation)
        for seq in seqs {
            let name = String(format: "CENTRAL_HMA-01_%08d.jsonl.sig", seq)
            try FileManager.default.copyItem(atPath: CrashTests.samples.appendingPathComponent(name).path, toPath: "\(data)/inbox/\(name)")
        }
        #expect(try run(["import", "--data", data]).status == 0, sourceLocation: sourceLocation)
        return data
    }

    /// A demo center made in a new temporary folder without opening the terminal UI; returns the folder.
    static func demoCenter(requests: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let data = temporaryFolder()
        #expect(try run(["demo", "--data", data, "--requests", "\(requests)", "--no-ui"]).status == 0,
                sourceLocation: sourceLocation)
        return data
    }
}

@Suite(.serialized) struct CommandLineTests {
    @Test func initCreatesAPrivateCenterWithASignifyKeyPair() throws {
        let data = Shubbak.temporaryFolder()
        let created = try Shubbak.run(["init", "--center", "ALP-01", "--data", data])
        #expect(created.status == 0, "\(created.stderr)")
        let manager = FileManager.default
        for file in ["config.toml", "center.sqlite", "keys/ALP-01.sec"] {
            let mode = try manager.attributesOfItem(atPath: "\(data)/\(file)")[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file)")
        }
        let config = try String(contentsOfFile: "\(data)/config.toml", encoding: .utf8)
        #expect(config.contains("مركز خدمة المواطن في حلب"))
        let publicKey = try String(contentsOfFile: "\(data)/keys/ALP-01.pub", encoding: .utf8)
        #expect(publicKey.hasPrefix("untrusted comment: "))
        let again = try Shubbak.run(["init", "--center", "ALP-01", "--data", data])
        #expect(again.status != 0)
        #expect(again.stderr.contains("already holds a center"))
        let bad = try Shubbak.run(["init", "--center", "aleppo", "--data", Shubbak.temporaryFolder()])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("party id"))
    }

    @Test func aMissingCenterIsExplained() throws {
        let result = try Shubbak.run(["queue", "--data", Shubbak.temporaryFolder()])
        #expect(result.status != 0)
        #expect(result.stderr.contains("holds no center"))
    }

    @Test func fourCountersClaimingAtOnceNeverClaimTheSameRequest() throws {
        let data = Shubbak.temporaryFolder()
        let demo = try Shubbak.run(["demo", "--data", data, "--requests", "240"])
        #expect(demo.status == 0, "\(demo.stderr)")
        // The demo's accounts (claims need an operator who can sign in); op-01 works at two counters.
        let counters = try ["op-01", "op-02", "sup-01", "op-01"].map { operatorID in
            try Shubbak.start(["claim", "--operator", operatorID, "--count", "80", "--data", data])
        }
        let results = counters.map(Shubbak.finish)
        var claimed: [String] = []
        for result in results {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.stderr.contains("locked"))
            claimed += result.stdout.split(separator: "\n").map { String($0.split(separator: " ")[0]) }
        }
        #expect(claimed.count == 240)
        #expect(Set(claimed).count == claimed.count, "a request was claimed twice")
        let audit = try Shubbak.run(["audit", "verify", "--data", data])
        #expect(audit.status == 0, "\(audit.stdout)")
        #expect(audit.stdout.contains("480 events"))
    }

    @Test func auditVerifyCatchesAOneByteChangeMadeWithSqlite3() throws {
        let data = Shubbak.temporaryFolder()
        #expect(try Shubbak.run(["demo", "--data", data, "--requests", "20"]).status == 0)
        #expect(try Shubbak.run(["claim", "--operator", "op-01", "--count", "3", "--data", data]).status == 0)
        #expect(try Shubbak.run(["audit", "verify", "--data", data]).status == 0)
        // Someone with the database file drops the guard and changes one byte of event 22.
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = ["\(data)/center.sqlite",
                            "DROP TRIGGER event_is_append_only_update; UPDATE event SET line = replace(line, 'op-01', 'op-08') WHERE id = 22;"]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0)
        let audit = try Shubbak.run(["audit", "verify", "--data", data])
        #expect(audit.status == 2)
        #expect(audit.stdout.contains("event 22"))
    }
}
