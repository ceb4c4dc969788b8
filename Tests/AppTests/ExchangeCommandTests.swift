import Foundation
import Testing

/// Runs a tool other than shubbak (sqlite3, signify-openbsd) and returns its status and output.
func runTool(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = out
    try process.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
}

@Suite(.serialized) struct KeysCommandTests {
    @Test func generatedKeysSignAndVerifyWithSignifyItself() throws {
        let folder = Shubbak.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let secret = "\(folder)/center.sec", publicKey = "\(folder)/center.pub"
        let made = try Shubbak.run(["keys", "generate", "--secret", secret, "--public", publicKey])
        #expect(made.status == 0, "\(made.stderr)")
        let mode = try FileManager.default.attributesOfItem(atPath: secret)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try String(contentsOfFile: secret, encoding: .utf8).hasPrefix("untrusted comment: signify secret key\n"))
        #expect(try String(contentsOfFile: publicKey, encoding: .utf8).hasPrefix("untrusted comment: signify public key\n"))

        let message = "\(folder)/message.txt"
        try Data("طلب رقم 12345\n".utf8).write(to: URL(fileURLWithPath: message))
        let signed = try runTool("/usr/bin/signify-openbsd", ["-S", "-s", secret, "-m", message])
        #expect(signed.status == 0, "\(signed.output)")
        let verified = try runTool("/usr/bin/signify-openbsd", ["-V", "-p", publicKey, "-m", message])
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.contains("Signature Verified"))
        // And the pair is one pair: another public key refuses the signature.
        let other = "\(folder)/other.pub"
        #expect(try Shubbak.run(["keys", "generate", "--secret", "\(folder)/other.sec", "--public", other]).status == 0)
        #expect(try runTool("/usr/bin/signify-openbsd", ["-V", "-p", other, "-m", message]).status != 0)
    }

    @Test func anExistingKeyIsNeverReplaced() throws {
        let folder = Shubbak.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let secret = "\(folder)/a.sec", publicKey = "\(folder)/a.pub"
        try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: publicKey))
        let refused = try Shubbak.run(["keys", "generate", "--secret", secret, "--public", publicKey, "--comment", "HMA-01"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("exists already"))
        #expect(!FileManager.default.fileExists(atPath: secret), "a secret key was left without its public half")
        #expect(try String(contentsOfFile: publicKey, encoding: .utf8) == "keep me\n")
    }
}

@Suite(.serialized) struct ProgressBarTests {
    static func centerWithBundle(requests: Int) throws -> String {
        let data = Shubbak.temporaryFolder()
        let initialised = try Shubbak.run(["init", "--center", "HMA-01", "--data", data,
                                           "--central-key", CrashTests.samples.appendingPathComponent("keys/central-test.pub").path])
        #expect(initialised.status == 0, "\(initialised.stderr)")
        try CrashTests.bigBundle(requests: requests).write(to: URL(fileURLWithPath: "\(data)/inbox/CENTRAL_HMA-01_00000001.jsonl.sig"))
        return data
    }

    /// Issue 16 item 1: `queue --json` names each request's flags; the revision-2 sample's six
    /// requests by one applicant for six people are a flood, and a request without a civil record says so.
    @Test func theQueueNamesTheFloodOfTheRevisionTwoSample() throws {
        let data = try Shubbak.sampleCenter(importing: 1...3)
        let lines = try Shubbak.run(["queue", "--json", "--limit", "1000", "--data", data]).stdout.split(separator: "\n")
        var flags: [String: [String]] = [:]
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            flags[object["id"] as? String ?? ""] = try #require(object["flags"] as? [String], "every line names its flags: \(line)")
        }
        // 56 requests in the three bundles, one of them cancelled (not open).
        #expect(flags.count == lines.count && lines.count == 55)
        let flooded = flags.filter { $0.value.contains("flood") }.keys.sorted()
        #expect(flooded == (0...5).map { "CSC-2026-F03000000\($0)" })
        #expect(flags.values.contains { $0.isEmpty }, "most requests carry no flag")
    }

    @Test func noBarWhenTheOutputIsNotATerminal() throws {
        let data = try Self.centerWithBundle(requests: 3_000)
        let imported = try Shubbak.run(["import", "--data", data])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("6002 of 6002 records applied"))
        #expect(!imported.stderr.contains("\r") && !imported.stderr.contains("█"), "\(imported.stderr)")
    }

    @Test func aLongImportShowsABarOnTheTerminalAndErasesIt() throws {
        let data = try Self.centerWithBundle(requests: 20_000)
        let tmux = Tmux()
        defer { tmux.stop() }
        try tmux.start("\(Shubbak.binary.path) import --data \(data)", width: 100, height: 10)
        let during = try tmux.waitFor("/ 40,002", seconds: 60)
        #expect(during.contains("CENTRAL_HMA-01_00000001.jsonl.sig"))
        #expect(during.contains("█") || during.contains("░"))
        let after = try tmux.waitFor("SHUBBAK-EXITED 0", seconds: 120)
        #expect(after.contains("40002 of 40002 records applied"))
        #expect(!after.contains("/ 40,002") && !after.contains("░"), "the bar was left on screen:\n\(after)")
    }
}
