import Foundation
import Testing

/// Issue 17 item 3: `shubbak sync --carrier NAME` through its two carriers. The far side holds
/// `from-central/` and `to-central/`; nothing there is ever deleted.
@Suite(.serialized) struct CarrierTests {
    /// A center, and a far side whose from-central holds the central office's first two sample bundles.
    static func centerAndShare(carrier kind: String, name: String) throws -> (data: String, share: String) {
        let data = Shubbak.temporaryFolder()
        #expect(try Shubbak.run(["init", "--center", "HMA-01", "--data", data,
                                 "--central-key", CrashTests.samples.appendingPathComponent("keys/central-test.pub").path]).status == 0)
        let share = Shubbak.temporaryFolder()
        for folder in ["from-central", "to-central"] {
            try FileManager.default.createDirectory(atPath: "\(share)/\(folder)", withIntermediateDirectories: true)
        }
        for seq in 1...2 {
            let file = String(format: "CENTRAL_HMA-01_%08d.jsonl.sig", seq)
            try FileManager.default.copyItem(atPath: CrashTests.samples.appendingPathComponent(file).path, toPath: "\(share)/from-central/\(file)")
        }
        let config = URL(fileURLWithPath: "\(data)/config.toml")
        let text = try String(contentsOf: config, encoding: .utf8) + "\n[carriers.\(name)]\nkind = \"\(kind)\"\npath = \"\(share)\"\ntimeout_seconds = 20\n"
        try Data(text.utf8).write(to: config)
        return (data, share)
    }

    static let sent = "HMA-01_CENTRAL_00000001.jsonl.sig"

    @Test func rsyncBringsTheCentralOfficesBundlesInAndLeavesTheCentersOut() throws {
        let (data, share) = try Self.centerAndShare(carrier: "rsync", name: "central")
        let first = try Shubbak.run(["sync", "--carrier", "central", "--data", data])
        #expect(first.status == 0, "\(first.stderr)")
        for line in ["CENTRAL_HMA-01_00000001.jsonl.sig: brought in by central", "CENTRAL_HMA-01_00000002.jsonl.sig: applied",
                     "\(Self.sent): left for the central office by central"] {
            #expect(first.stdout.contains(line), "\(line)\n\(first.stdout)")
        }
        #expect(FileManager.default.contents(atPath: "\(share)/to-central/\(Self.sent)") == FileManager.default.contents(atPath: "\(data)/outbox/\(Self.sent)"))
        // Nothing on the far side was deleted; nothing is brought in twice; what is there whole stays.
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(share)/from-central").count == 2)
        let second = try Shubbak.run(["sync", "--carrier", "central", "--data", data])
        #expect(second.status == 0 && !second.stdout.contains("brought in") && second.stdout.contains("\(Self.sent): already with central"),
                "\(second.stdout)")

        // A carrier that fails (the far side gone) says so and leaves everything for the next sync.
        try FileManager.default.removeItem(atPath: share)
        let failed = try Shubbak.run(["sync", "--carrier", "central", "--data", data])
        #expect(failed.status != 0 && failed.stderr.contains("rsync failed") && failed.stderr.contains("left to the next sync"), "\(failed.stderr)")
        #expect(FileManager.default.fileExists(atPath: "\(data)/outbox/\(Self.sent)"))
        // A link that hangs is given up after the carrier's timeout, not waited on by the timer for ever.
        let config = URL(fileURLWithPath: "\(data)/config.toml")
        let hanging = try String(contentsOf: config, encoding: .utf8)
            + "\n[carriers.stuck]\nkind = \"rsync\"\npath = \"nowhere:/srv\"\ntimeout_seconds = 1\nssh = \"sh -c 'sleep 60' --\"\n"
        try Data(hanging.utf8).write(to: config)
        let started = Date()
        let stuck = try Shubbak.run(["sync", "--carrier", "stuck", "--data", data])
        #expect(stuck.status != 0 && stuck.stderr.contains("left to the next sync"), "\(stuck.stderr)")
        #expect(Date().timeIntervalSince(started) < 20, "given up after \(Date().timeIntervalSince(started)) s")
        let unknown = try Shubbak.run(["sync", "--carrier", "pigeon", "--data", data])
        #expect(unknown.status != 0 && unknown.stderr.contains("no carrier pigeon in config.toml; it has central, stuck"))
    }

    /// A sync killed while it copies a bundle into the inbox leaves only the dot-file, which is never
    /// read: nothing is applied, and the next sync brings the bundle whole and applies it.
    @Test func aFolderCarrierKilledHalfWayThroughACopyAppliesNothingAndTheNextSyncDoes() throws {
        let (data, share) = try Self.centerAndShare(carrier: "folder", name: "usb")
        let partial = "\(data)/inbox/.CENTRAL_HMA-01_00000001.jsonl.sig.tmp"
        let killed = Process()
        killed.executableURL = URL(fileURLWithPath: "/usr/bin/strace")
        killed.arguments = ["-f", "-qq", "-o", "/dev/null", "-P", partial, "-e", "trace=write", "-e", "inject=write:signal=KILL",
                            Shubbak.binary.path, "sync", "--carrier", "usb", "--data", data]
        try killed.run()
        killed.waitUntilExit()
        #expect(killed.terminationReason == .uncaughtSignal || killed.terminationStatus != 0)
        #expect(FileManager.default.fileExists(atPath: partial), "the copy was cut at its first write")
        #expect(!FileManager.default.fileExists(atPath: "\(data)/inbox/CENTRAL_HMA-01_00000001.jsonl.sig"))
        #expect(try sqlite(data, "SELECT COUNT(*) FROM inbound_bundle") == "0")

        let again = try Shubbak.run(["sync", "--carrier", "usb", "--data", data])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("CENTRAL_HMA-01_00000001.jsonl.sig: brought in by usb") && again.stdout.contains("seq 2: 25 of 25 records applied"),
                "\(again.stdout)")
        #expect(try sqlite(data, "SELECT COUNT(*) FROM inbound_bundle") == "2")
        #expect(FileManager.default.fileExists(atPath: "\(share)/to-central/\(Self.sent)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(share)/to-central").allSatisfy { !$0.hasPrefix(".") })
    }
}
