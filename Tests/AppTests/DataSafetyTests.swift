import Foundation
import Testing
import ShubbakStore

/// Kills, power cuts, a full disk and a hostile inbox, as the real binary meets them (issue 12).
@Suite(.serialized) struct DataSafetyTests {
    /// A center that has applied a bundle of `requests` requests, so an export has events to write.
    static func centerWithEvents(requests: Int) throws -> String {
        let data = try ProgressBarTests.centerWithBundle(requests: requests)
        let imported = try Shubbak.run(["import", "--data", data])
        #expect(imported.status == 0, "\(imported.stderr)")
        return data
    }

    static func copy(_ data: String) throws -> String {
        let target = Shubbak.temporaryFolder()
        try FileManager.default.copyItem(atPath: data, toPath: target)
        return target
    }

    /// Every recorded bundle stands in the outbox byte for byte, and no temporary file is left.
    static func expectOutboxMatchesTheStore(_ data: String, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let store = try CenterStore(readingAt: "\(data)/center.sqlite")
        let recorded = try store.read { try $0.outboundBundles(limit: 1_000) }
        let names = try FileManager.default.contentsOfDirectory(atPath: "\(data)/outbox")
        #expect(Set(names) == Set(recorded.map(\.file)), "\(context): outbox \(names)", sourceLocation: sourceLocation)
        for bundle in recorded {
            let bytes = FileManager.default.contents(atPath: "\(data)/outbox/\(bundle.file)")
            #expect(bytes == bundle.bytes, "\(context): \(bundle.file) differs from the stored bytes", sourceLocation: sourceLocation)
        }
        #expect(!recorded.isEmpty, "\(context): nothing was recorded", sourceLocation: sourceLocation)
    }

    @Test func anExportKilledAtEachSystemCallOfItsWriteHealsOnTheNextExport() throws {
        let base = try Self.centerWithEvents(requests: 100)
        var kills = 0
        for call in ["write", "fsync", "fdatasync", "link", "unlink"] {
            for occurrence in 1...12 {
                let data = try Self.copy(base)
                defer { try? FileManager.default.removeItem(atPath: data) }
                let traced = Process()
                traced.executableURL = URL(fileURLWithPath: "/usr/bin/strace")
                traced.arguments = ["-f", "-o", "/dev/null", "-e", "trace=\(call)",
                                    "-e", "inject=\(call):signal=SIGKILL:when=\(occurrence)",
                                    Shubbak.binary.path, "export", "--data", data]
                traced.standardOutput = FileHandle.nullDevice
                traced.standardError = FileHandle.nullDevice
                try traced.run()
                traced.waitUntilExit()
                let killed = traced.terminationReason == .uncaughtSignal || traced.terminationStatus != 0
                let lost = !FileManager.default.fileExists(atPath: "\(data)/outbox/HMA-01_CENTRAL_00000001.jsonl.sig")
                let next = try Shubbak.run(["export", "--data", data])
                #expect(next.status == 0, "\(call) #\(occurrence): \(next.stderr)")
                // A lost bundle is written now, or, when it was recorded before the kill, said to come back.
                if lost {
                    #expect(next.stdout.contains("HMA-01_CENTRAL_00000001.jsonl.sig: written"), "\(call) #\(occurrence): \(next.stdout)")
                }
                try Self.expectOutboxMatchesTheStore(data, "killed at \(call) #\(occurrence)")
                guard killed else { break }
                kills += 1
            }
        }
        // The kills reached the bundle's own write, its fsync, link and the temporary file's unlink.
        #expect(kills >= 5)
    }

    @Test func aHundredRandomKillsOfAnExportLeaveOneWholeFilePerRecordedBundle() throws {
        let base = try Self.centerWithEvents(requests: 1_000)
        var generator = SystemRandomNumberGenerator()
        for run in 1...100 {
            let data = try Self.copy(base)
            defer { try? FileManager.default.removeItem(atPath: data) }
            let started = try Shubbak.start(["export", "--data", data])
            usleep(UInt32.random(in: 0...250_000, using: &generator))
            kill(started.0.processIdentifier, SIGKILL)
            _ = Shubbak.finish(started)
            let next = try Shubbak.run(["export", "--data", data])
            #expect(next.status == 0, "run \(run): \(next.stderr)")
            try Self.expectOutboxMatchesTheStore(data, "run \(run)")
        }
    }

    @Test func everyCommitIsSyncedToTheWALBeforeTheCommandReturns() throws {
        let data = try Shubbak.demoCenter(requests: 5)
        // Another connection keeps the database open, so the claim's own close does not checkpoint.
        let other = try CenterStore(path: "\(data)/center.sqlite")
        _ = try other.read { try $0.unacknowledgedBundleCount() }
        let trace = Shubbak.temporaryFolder() + ".strace"
        let traced = Process()
        traced.executableURL = URL(fileURLWithPath: "/usr/bin/strace")
        traced.arguments = ["-f", "-y", "-o", trace, "-e", "trace=fsync,fdatasync",
                            Shubbak.binary.path, "claim", "--operator", "op-01", "--data", data]
        traced.standardOutput = FileHandle.nullDevice
        try traced.run()
        traced.waitUntilExit()
        #expect(traced.terminationStatus == 0)
        let calls = try String(contentsOfFile: trace, encoding: .utf8)
        #expect(calls.contains("center.sqlite-wal>"), "\(calls)")
    }

    @Test func aFIFOInTheInboxIsQuarantinedInsteadOfHangingTheImport() throws {
        let data = try ProgressBarTests.centerWithBundle(requests: 3)
        let fifo = "\(data)/inbox/CENTRAL_HMA-01_00000002.jsonl.sig"
        #expect(mkfifo(fifo, 0o600) == 0)
        let started = try Shubbak.start(["import", "--data", data])
        let deadline = Date().addingTimeInterval(30)
        while started.0.isRunning && Date() < deadline { usleep(50_000) }
        let hung = started.0.isRunning
        if hung { kill(started.0.processIdentifier, SIGKILL) }
        let output = Shubbak.finish(started)
        #expect(!hung, "import hung on a FIFO")
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("CENTRAL_HMA-01_00000001.jsonl.sig: applied"), "\(output.stdout)")
        #expect(output.stdout.contains("CENTRAL_HMA-01_00000002.jsonl.sig: quarantined"), "\(output.stdout)")
        let reason = try String(contentsOfFile: "\(data)/quarantine/CENTRAL_HMA-01_00000002.jsonl.sig.reason.txt", encoding: .utf8)
        #expect(reason.contains("FIFO"))
        #expect(!FileManager.default.fileExists(atPath: fifo))
    }

    @Test func aFileNameWithEscapesIsShownEscapedEverywhere() throws {
        let data = try ProgressBarTests.centerWithBundle(requests: 1)
        let name = "CENTRAL_\u{1B}[2J\nX_00000009.jsonl.sig"
        try Data("not a bundle\n".utf8).write(to: URL(fileURLWithPath: "\(data)/inbox/\(name)"))
        let output = try Shubbak.run(["import", "--data", data])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(!output.stdout.contains("\u{1B}") && !output.stderr.contains("\u{1B}"))
        #expect(output.stdout.contains(#"CENTRAL_\u{1b}[2J\u{a}X_00000009.jsonl.sig: quarantined"#), "\(output.stdout)")
        let reason = try String(contentsOfFile: "\(data)/quarantine/\(name).reason.txt", encoding: .utf8)
        #expect(!reason.contains("\u{1B}") && reason.hasPrefix(#"CENTRAL_\u{1b}[2J\u{a}X"#), "\(reason)")
    }

    @Test func aFileOverTheLimitIsRefusedByItsSizeBeforeItIsRead() throws {
        let data = try ProgressBarTests.centerWithBundle(requests: 1)
        let path = "\(data)/inbox/CENTRAL_HMA-01_00000002.jsonl.sig"
        // 300 MiB: the signify lines of a real bundle, then a sparse rest the import must never read.
        let first = try Data(contentsOf: URL(fileURLWithPath: "\(data)/inbox/CENTRAL_HMA-01_00000001.jsonl.sig"))
        FileManager.default.createFile(atPath: path, contents: first.prefix(200))
        #expect(truncate(path, 300 * 1024 * 1024) == 0)
        let timed = Process()
        timed.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        let report = Shubbak.temporaryFolder() + ".time"
        timed.arguments = ["-f", "%M", "-o", report, Shubbak.binary.path, "import", "--data", data]
        timed.standardOutput = Pipe()
        try timed.run()
        timed.waitUntilExit()
        #expect(timed.terminationStatus == 0)
        let peakKiB = Int(try String(contentsOfFile: report, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)) ?? .max
        #expect(peakKiB < 128 * 1024, "peak \(peakKiB) KiB")
        let reason = try String(contentsOfFile: "\(data)/quarantine/CENTRAL_HMA-01_00000002.jsonl.sig.reason.txt", encoding: .utf8)
        #expect(reason.contains("larger than the limit") || reason.contains("over 256 MiB"), "\(reason)")
    }

    @Test func aClaimForAnOperatorWhoCannotSignInIsRefused() throws {
        let data = try Shubbak.demoCenter(requests: 3)
        let stranger = try Shubbak.run(["claim", "--operator", "op-77", "--data", data])
        #expect(stranger.status != 0)
        #expect(stranger.stderr.contains("no operator op-77 at this center"), "\(stranger.stderr)")
        #expect(try Shubbak.run(["user", "disable", "op-02", "--data", data]).status == 0)
        let disabled = try Shubbak.run(["claim", "--operator", "op-02", "--data", data])
        #expect(disabled.status != 0)
        #expect(disabled.stderr.contains("هذا الحساب موقوف"), "\(disabled.stderr)")
        #expect(try Shubbak.run(["claim", "--operator", "op-01", "--data", data]).status == 0)
    }

    /// A small tmpfs stands in for the center's disk (CI and the developers run as root).
    @Test func aFullDiskRefusesTheImportWholeAndReadingCommandsStillAnswer() throws {
        let mount = Shubbak.temporaryFolder()
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        #expect(try runTool("/bin/mount", ["-t", "tmpfs", "-o", "size=24m", "tmpfs", mount]).status == 0)
        defer { _ = try? runTool("/bin/umount", [mount]) }
        let data = "\(mount)/center"
        let source = try ProgressBarTests.centerWithBundle(requests: 20)
        try FileManager.default.copyItem(atPath: source, toPath: data)
        #expect(try Shubbak.run(["import", "--data", data]).status == 0)
        try CrashTests.bigBundle(requests: 2_000, seq: 2).write(to: URL(fileURLWithPath: "\(data)/inbox/CENTRAL_HMA-01_00000002.jsonl.sig"))
        // Fill what is left of the disk.
        _ = try runTool("/bin/dd", ["if=/dev/zero", "of=\(mount)/filler", "bs=1M", "status=none"])

        let full = try Shubbak.run(["import", "--data", data])
        #expect(full.status != 0)
        #expect(full.stderr.contains("disk is full") && full.stderr.contains("CENTRAL_HMA-01_00000002.jsonl.sig"), "\(full.stderr)")
        #expect(FileManager.default.fileExists(atPath: "\(data)/inbox/CENTRAL_HMA-01_00000002.jsonl.sig"))
        let queue = try Shubbak.run(["queue", "--json", "--limit", "100000", "--data", data])
        #expect(queue.status == 0, "\(queue.stderr)")
        #expect(queue.stdout.split(separator: "\n").count == 20, "half of a bundle was applied")
        let audit = try Shubbak.run(["audit", "verify", "--data", data])
        #expect(audit.status == 0 && audit.stdout.hasPrefix("audit ok"), "\(audit.stdout) \(audit.stderr)")
        let report = try Shubbak.run(["report", "--from", "2026-11-22", "--format", "csv", "--data", data])
        #expect(report.status == 0, "\(report.stderr)")

        try FileManager.default.removeItem(atPath: "\(mount)/filler")
        let freed = try Shubbak.run(["import", "--data", data])
        #expect(freed.status == 0 && freed.stdout.contains("4002 of 4002 records applied"), "\(freed.stdout) \(freed.stderr)")
    }
}

