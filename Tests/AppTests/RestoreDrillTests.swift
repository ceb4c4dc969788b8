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

    /// The drill: backup; more work and an export (seq 2) the central office applies; the disk dies;
    /// the backup is restored with the carrier's copy of the outbox. The bundle sent after the backup is
    /// taken back into the log, so the center's next event and seq are the ones the central office
    /// waits for; until the central office's ack, nothing leaves, and the restore says why.
    @Test func theRestoreTakesBackWhatWasSentAfterTheBackupAndGoesOnWhereTheCentralOfficeIs() throws {
        let data = try Self.workingCenter()
        let backups = Shubbak.temporaryFolder()
        let backedUp = try Shubbak.run(["backup", "--to", backups, "--data", data])
        #expect(backedUp.status == 0 && backedUp.stdout.contains("events up to 45, bundles sent up to seq 1"), "\(backedUp.stdout)\(backedUp.stderr)")
        let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: backups).first { $0.hasPrefix("HMA-01-") })
        // The checksums are sha256sum's own format.
        #expect(system("cd \(backups)/\(folder) && sha256sum --quiet -c SHA256SUMS") == 0)

        // More work after the backup, exported as seq 2, which the central office applies.
        #expect(try Shubbak.run(["claim", "--operator", "op-01", "--count", "2", "--data", data]).status == 0)
        #expect(try Shubbak.run(["export", "--data", data]).stdout.contains("HMA-01_CENTRAL_00000002.jsonl.sig: written — 2 events"))
        let holders = try sqlite(data, "SELECT group_concat(id || ':' || holder) FROM (SELECT id, holder FROM request WHERE holder IS NOT NULL ORDER BY id)")

        // The disk dies; the outbox survives on the carrier's folder.
        let carrier = Shubbak.temporaryFolder()
        try FileManager.default.copyItem(atPath: "\(data)/outbox", toPath: carrier)
        let restored = Shubbak.temporaryFolder()
        let restore = try Shubbak.run(["restore", "\(backups)/\(folder)", "--outbox", carrier, "--data", restored])
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(restore.stdout.contains("audit ok: 45 events"))
        #expect(restore.stdout.contains("taken back: HMA-01_CENTRAL_00000002.jsonl.sig, seq 2, 2 events (events 46–47"), "\(restore.stdout)")
        #expect(restore.stdout.contains("the log now holds events up to 47 and bundles up to seq 2"))
        #expect(try Shubbak.run(["audit", "verify", "--data", restored]).stdout.contains("audit ok: 47 events"))
        #expect(try sqlite(restored, "SELECT group_concat(id || ':' || holder) FROM (SELECT id, holder FROM request WHERE holder IS NOT NULL ORDER BY id)") == holders)
        // The bundle is kept byte for byte for a resend.
        #expect(try sqlite(restored, "SELECT hex(bytes) FROM outbound_bundle WHERE seq = 2") == (try sqlite(data, "SELECT hex(bytes) FROM outbound_bundle WHERE seq = 2")))

        // New work is numbered after what the central office has; still nothing leaves until its ack.
        #expect(try Shubbak.run(["claim", "--operator", "op-01", "--count", "1", "--data", restored]).status == 0)
        #expect(try sqlite(restored, "SELECT MAX(id) FROM event") == "48")
        let held = try Shubbak.run(["export", "--data", restored])
        #expect(held.status != 0 && held.stderr.contains("sends nothing until the central office's next bundle"), "\(held.stderr)")
        try Self.centralAck(2, seq: 3, into: restored)
        #expect(try Shubbak.run(["import", "--data", restored]).status == 0)
        let exported = try Shubbak.run(["export", "--data", restored])
        #expect(exported.status == 0 && exported.stdout.contains("HMA-01_CENTRAL_00000003.jsonl.sig: written — 1 events"), "\(exported.stdout)\(exported.stderr)")
        #expect(try sqlite(restored, "SELECT last_event FROM outbound_bundle WHERE seq = 3") == "48")
    }

    /// Without the copy of the outbox, the central office's ack of a bundle the restore lacks keeps
    /// everything held and names it; once the center has made new events, that bundle cannot come back.
    @Test func withoutTheOutboxTheHoldNamesWhatTheCentralOfficeHolds() throws {
        let data = try Self.workingCenter()
        let backups = Shubbak.temporaryFolder()
        #expect(try Shubbak.run(["backup", "--to", backups, "--data", data]).status == 0)
        let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: backups).first { $0.hasPrefix("HMA-01-") })
        #expect(try Shubbak.run(["claim", "--operator", "op-01", "--count", "2", "--data", data]).status == 0)
        #expect(try Shubbak.run(["export", "--data", data]).status == 0)
        let restored = Shubbak.temporaryFolder()
        #expect(try Shubbak.run(["restore", "\(backups)/\(folder)", "--data", restored]).status == 0)
        #expect(try Shubbak.run(["claim", "--operator", "op-01", "--count", "1", "--data", restored]).status == 0)
        try Self.centralAck(2, seq: 3, into: restored)
        #expect(try Shubbak.run(["import", "--data", restored]).status == 0)
        let named = try Shubbak.run(["export", "--data", restored])
        #expect(named.status != 0 && named.stderr.contains("the central office holds its bundles 2 to 2"), "\(named.stderr)")
        #expect(try sqlite(restored, "SELECT COUNT(*) FROM outbound_bundle") == "1")
        // Event 46 here is not the central office's 46: the bundle is refused, not merged.
        let late = try Shubbak.run(["recover", "\(data)/outbox", "--data", restored])
        #expect(late.stdout.contains("not taken back: HMA-01_CENTRAL_00000002.jsonl.sig: its event 46 does not follow the log (which waits for 47)"),
                "\(late.stdout)")
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
