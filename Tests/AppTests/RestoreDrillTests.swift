import Foundation
import ShubbakExchange
import Testing

/// Issue 17 item 4: the restore drill. A backup; more work and an export the central office
/// applies; the disk dies; the backup is restored. The audit is ok, and the restored center uses no
/// seq or event id the central office has already seen with other content: it exports nothing until
/// the central office's ack says what it holds, and names what was sent after the backup.
@Suite(.serialized) struct RestoreDrillTests {
    /// A bundle from the central office acknowledging `ack`, signed with its TEST-ONLY key.
    static func centralAck(_ ack: Int, seq: Int, into data: String) throws {
        let lines = [
            #"{"type":"header","format":"shubbak-exchange","version":1,"from":"CENTRAL","to":"HMA-01","seq":\#(seq),"created_at":"2026-12-04T09:00:00Z","records":1}"#,
            #"{"type":"ack","seq":\#(ack)}"#,
        ]
        let key = try SignifySecretKey(fileContents: Data(contentsOf: CrashTests.samples.appendingPathComponent("keys/central-test.sec")))
        let signed = try SignedMessage.sign(message: Data((lines.joined(separator: "\n") + "\n").utf8), with: key, comment: "test")
        try signed.write(to: URL(fileURLWithPath: "\(data)/inbox/CENTRAL_HMA-01_\(String(format: "%08d", seq)).jsonl.sig"))
    }

    /// A center that imported the samples' first two bundles, claimed two requests and exported them (seq 1).
    static func workingCenter() throws -> String {
        let data = try Shubbak.sampleCenter(importing: 1...2)
        #expect(try Shubbak.run(["user", "add", "op-01", "--password-stdin", "--data", data], input: "shubbak\n").status == 0)
        #expect(try Shubbak.run(["claim", "--operator", "op-01", "--count", "2", "--data", data]).status == 0)
        #expect(try Shubbak.run(["export", "--data", data]).status == 0)
        return data
    }

    @Test func aRestoredCenterSendsNothingTheCentralOfficeCouldHaveSeenWithOtherContent() throws {
        let data = try Self.workingCenter()
        let backups = Shubbak.temporaryFolder()
        let backedUp = try Shubbak.run(["backup", "--to", backups, "--data", data])
        #expect(backedUp.status == 0 && backedUp.stdout.contains("events up to 45, bundles sent up to seq 1"), "\(backedUp.stdout)\(backedUp.stderr)")
        let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: backups).first { $0.hasPrefix("HMA-01-") })
        // The checksums are sha256sum's own format.
        #expect(system("cd \(backups)/\(folder) && sha256sum --quiet -c SHA256SUMS") == 0)

        // More work after the backup, exported as seq 2, which the central office applies and acknowledges.
        #expect(try Shubbak.run(["claim", "--operator", "op-01", "--count", "2", "--data", data]).status == 0)
        #expect(try Shubbak.run(["export", "--data", data]).stdout.contains("HMA-01_CENTRAL_00000002.jsonl.sig: written — 2 events"))
        let sentEvents = try sqlite(data, "SELECT group_concat(id) FROM event WHERE id > 45")

        // The disk dies; the outbox survives on the carrier's folder.
        let carrier = Shubbak.temporaryFolder()
        try FileManager.default.copyItem(atPath: "\(data)/outbox", toPath: carrier)
        let restored = Shubbak.temporaryFolder()
        let restore = try Shubbak.run(["restore", "\(backups)/\(folder)", "--outbox", carrier, "--data", restored])
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(restore.stdout.contains("audit ok: 45 events"))
        #expect(restore.stdout.contains("sent after the backup: HMA-01_CENTRAL_00000002.jsonl.sig, seq 2, 2 events (events 46–47"), "\(restore.stdout)")
        #expect(try Shubbak.run(["audit", "verify", "--data", restored]).status == 0)

        // New work on the restored center: its events are numbered 46 on, as the lost ones were.
        #expect(try Shubbak.run(["claim", "--operator", "op-01", "--count", "1", "--data", restored]).status == 0)
        #expect(try sqlite(restored, "SELECT MAX(id) FROM event") == "46" && sentEvents == "46,47")
        // So nothing leaves, and it says why.
        let held = try Shubbak.run(["export", "--data", restored])
        #expect(held.status != 0 && held.stderr.contains("sends nothing until the central office's next bundle"), "\(held.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(restored)/outbox").filter { $0.hasSuffix(".sig") } == ["HMA-01_CENTRAL_00000001.jsonl.sig"],
                "only the backup's unacknowledged seq 1, byte for byte")
        // The central office acknowledges seq 2, which the restore lacks: still nothing leaves, and it names the bundles.
        try Self.centralAck(2, seq: 3, into: restored)
        #expect(try Shubbak.run(["import", "--data", restored]).status == 0)
        let named = try Shubbak.run(["export", "--data", restored])
        #expect(named.status != 0 && named.stderr.contains("the central office holds its bundles 2 to 2"), "\(named.stderr)")
        #expect(try sqlite(restored, "SELECT COUNT(*) FROM outbound_bundle") == "1")
    }

    @Test func whenTheCentralOfficeHoldsNothingNewerTheRestoredCenterGoesOn() throws {
        let data = try Self.workingCenter()
        let backups = Shubbak.temporaryFolder()
        #expect(try Shubbak.run(["backup", "--to", backups, "--keep", "1", "--data", data]).status == 0)
        sleep(1)
        // A second backup keeps only the newest with --keep 1.
        let second = try Shubbak.run(["backup", "--to", backups, "--keep", "1", "--data", data])
        #expect(second.stdout.contains("removed the older backup HMA-01-"), "\(second.stdout)")
        let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: backups).first { $0.hasPrefix("HMA-01-") })
        let restored = Shubbak.temporaryFolder()
        #expect(try Shubbak.run(["restore", "\(backups)/\(folder)", "--data", restored]).status == 0)
        // Restoring over a center is refused.
        let again = try Shubbak.run(["restore", "\(backups)/\(folder)", "--data", restored])
        #expect(again.status != 0 && again.stderr.contains("is not empty"))
        #expect(try Shubbak.run(["claim", "--operator", "op-01", "--count", "1", "--data", restored]).status == 0)
        // The central office applied seq 1 and nothing after: the hold ends, and seq 2 follows the backup's.
        try Self.centralAck(1, seq: 3, into: restored)
        #expect(try Shubbak.run(["import", "--data", restored]).status == 0)
        let exported = try Shubbak.run(["export", "--data", restored])
        #expect(exported.status == 0 && exported.stdout.contains("HMA-01_CENTRAL_00000002.jsonl.sig: written — 1 events"), "\(exported.stdout)\(exported.stderr)")

        // A damaged backup is refused before anything is written.
        let damaged = "\(backups)/\(folder)/config.toml"
        try Data("center = \"HMA-02\"\n".utf8).write(to: URL(fileURLWithPath: damaged))
        let target = Shubbak.temporaryFolder()
        let refused = try Shubbak.run(["restore", "\(backups)/\(folder)", "--data", target])
        #expect(refused.status != 0 && refused.stderr.contains("config.toml does not match its checksum"))
        #expect(!FileManager.default.fileExists(atPath: target))
    }
}
