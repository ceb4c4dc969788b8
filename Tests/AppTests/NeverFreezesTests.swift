import Foundation
import Testing
@testable import ShubbakCore

/// The counter never waits on its work (issue 14): a slow printer, and another process's import holding the
/// database, leave the screen answering keys; their outcome arrives as a message when it is ready.
@Suite(.serialized) struct NeverFreezesTests {
    /// A folder holding a fake `lp` that sleeps, then accepts the job or refuses it as CUPS words it.
    func slowPrinter(accepts: Bool) throws -> String {
        let folder = Shubbak.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let answer = accepts ? "echo 'request id is office-7 (1 file(s))'" : "echo 'lp: The printer or class does not exist.' >&2; exit 1"
        let script = "#!/bin/sh\nsleep 10\n\(answer)\n"
        let path = "\(folder)/lp"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return folder
    }

    /// Whether another connection could take the write lock now: false while an import holds it.
    func writeLockIsFree(_ data: String) throws -> Bool {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        probe.arguments = ["-cmd", ".timeout 0", "\(data)/center.sqlite", "BEGIN IMMEDIATE; ROLLBACK;"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        try probe.run()
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }

    @Test(arguments: [true, false])
    func aSlowPrinterLeavesTheCounterAnsweringAndItsOutcomeArrives(accepts: Bool) throws {
        let data = try Shubbak.demoCenter(requests: 60)
        let config = "\(data)/config.toml"
        try (String(contentsOfFile: config, encoding: .utf8) + "\n[printers]\ndocument = \"office\"\n")
            .write(toFile: config, atomically: true, encoding: .utf8)
        let id = try cleanRequest(data, delivery: "post")
        let bin = try slowPrinter(accepts: accepts)
        let tmux = Tmux()
        defer { tmux.stop() }
        try tmux.start("env PATH=\(bin):/usr/bin:/bin \(Shubbak.binary.path) open --data \(data) --lang en", width: 120, height: 40)
        try tmux.signIn("op-01")
        try NewOperatorWalkTests.claim(tmux, data, id)
        _ = try tmux.waitFor("F2 Matches")
        try tmux.keys("F2")
        try NewOperatorWalkTests.waitForState(data, id, "verified")
        _ = try tmux.waitFor("F6 Print")
        let sent = Date()
        try tmux.keys("F6")
        _ = try tmux.waitFor("Sending to the printer…")
        // While lp sleeps the screen answers: the help opens and closes, the queue shows and the counter comes back.
        var answered = Date()
        try tmux.keys("F1")
        _ = try tmux.waitFor("Alt+T")
        #expect(Date().timeIntervalSince(answered) < 1.5, "the help took \(Date().timeIntervalSince(answered)) s")
        try tmux.keys("Escape")
        answered = Date()
        try tmux.keys("M-1")
        _ = try tmux.waitFor("Incoming requests")
        #expect(Date().timeIntervalSince(answered) < 1.5, "the queue took \(Date().timeIntervalSince(answered)) s")
        try tmux.keys("M-2")
        _ = try tmux.waitFor(id)
        #expect(Date().timeIntervalSince(sent) < 8, "all of that happened while lp was still sleeping")
        #expect(try sqlite(data, "SELECT state FROM request WHERE id = '\(id)'") == "verified", "not printed before lp answered")
        if accepts {
            let screen = try tmux.waitFor("Document printed", seconds: 20)
            #expect(screen.contains("office-7"), "the job's id from lp: \(screen)")
            try NewOperatorWalkTests.waitForState(data, id, "printed")
        } else {
            let screen = try tmux.waitFor("Printing failed", seconds: 20)
            #expect(screen.contains("The printer or class does not exist"), "lp's own words: \(screen)")
            #expect(try sqlite(data, "SELECT state FROM request WHERE id = '\(id)'") == "verified", "nothing marked printed")
        }
        #expect(Date().timeIntervalSince(sent) >= 10, "the outcome came when lp ended")
    }

    @Test func aClaimDuringAnotherProcesssImportSaysItWaitsAndCompletesAfter() throws {
        let data = Shubbak.temporaryFolder()
        #expect(try Shubbak.run(["init", "--center", "HMA-01", "--data", data,
                                 "--central-key", CrashTests.samples.appendingPathComponent("keys/central-test.pub").path]).status == 0)
        #expect(try Shubbak.run(["user", "add", "op-01", "--role", "operator", "--password-stdin", "--data", data],
                                input: "shubbak\n").status == 0)
        // Ten requests to work on, then the central office's bundle of 100,000 that another process imports.
        try CrashTests.bigBundle(requests: 10, seq: 1).write(to: URL(fileURLWithPath: "\(data)/inbox/CENTRAL_HMA-01_00000001.jsonl.sig"))
        #expect(try Shubbak.run(["import", "--data", data]).status == 0)
        try CrashTests.bigBundle(requests: 100_000, seq: 2, firstSerial: 11)
            .write(to: URL(fileURLWithPath: "\(data)/inbox/CENTRAL_HMA-01_00000002.jsonl.sig"))
        let tmux = Tmux()
        defer { tmux.stop() }
        try tmux.open(data, width: 120, height: 40)
        try tmux.signIn("op-01")
        _ = try tmux.waitFor("CSC-2026-00000001")
        let importing = try Shubbak.start(["import", "--data", data])
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, try writeLockIsFree(data) { usleep(50_000) }
        try #require(try !writeLockIsFree(data), "the import never took the write lock")
        try tmux.keys("Enter")                                   // claims the first request
        let waiting = try tmux.waitFor("Waiting for the database…", seconds: 5)
        #expect(!waiting.contains("● verify"), "the claim has not happened yet")
        // The screen answers while the claim waits.
        let asked = Date()
        try tmux.keys("F1")
        _ = try tmux.waitFor("Alt+T")
        #expect(Date().timeIntervalSince(asked) < 1.5)
        try tmux.keys("Escape")
        let imported = Shubbak.finish(importing)
        #expect(imported.status == 0, "\(imported.stderr)")
        // The lock is free: the claim completes and the counter opens on the request.
        let opened = try tmux.waitFor("● verify", seconds: 30)
        #expect(opened.contains("CSC-2026-00000001"))
        #expect(!opened.contains("Waiting for the database…"))
        #expect(try sqlite(data, "SELECT holder FROM request WHERE id = 'CSC-2026-00000001'") == "op-01")
        #expect(try sqlite(data, "SELECT COUNT(*) FROM request") == "100010")
    }
}
