import Foundation
import Testing

/// The real binary in a real terminal (tmux), driven by keys as an operator would.
struct Tmux {
    let socket = "shubbak-test-\(UUID().uuidString.prefix(8))"
    let session = "counter"

    /// Runs tmux through system(3), output through a file: Foundation's Process waits on descriptors that
    /// the daemonised tmux server inherits, and would never see the client end.
    @discardableResult
    func run(_ arguments: [String], capture: Bool = true) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: output) }
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let line = (["/usr/bin/tmux", "-u", "-L", socket] + arguments).map(quoted).joined(separator: " ")
        let status = system("\(line) </dev/null >\(quoted(output.path)) 2>/dev/null")
        guard status == 0 else { return "" }
        return capture ? ((try? String(contentsOf: output, encoding: .utf8)) ?? "") : ""
    }

    func start(_ command: String, width: Int = 160, height: Int = 40) throws {
        try run(["new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)",
                 "env LANG=C.UTF-8 TERM=xterm-256color \(command); echo SHUBBAK-EXITED $?; sleep 30"], capture: false)
    }

    func keys(_ keys: String...) throws { try run(["send-keys", "-t", session] + keys) }
    func screen() throws -> String { try run(["capture-pane", "-p", "-t", session]) }
    func resize(_ width: Int, _ height: Int) throws { try run(["resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"]) }
    func stop() { _ = try? run(["kill-server"]) }

    /// Waits until the screen shows `text` (the app redraws at least once a second).
    func waitFor(_ text: String, seconds: Double = 10) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            usleep(150_000)
        }
        Issue.record("the screen never showed \(text):\n\(last)")
        return last
    }
}

@Suite(.serialized) struct TmuxTests {
    @Test func aNewOperatorMovesAroundClaimsSwitchesLanguageResizesAndQuits() throws {
        let tmux = Tmux()
        defer { tmux.stop() }
        let data = Shubbak.temporaryFolder()
        try tmux.start("\(Shubbak.binary.path) demo --data \(data) --requests 60")
        // The title in visual order with Arabic presentation forms: الطلبات الواردة, shaped and reversed.
        let arabic = try tmux.waitFor("ﺓﺩﺭﺍﻮﻟﺍ ﺕﺎﺒﻠﻄﻟﺍ")
        #expect(arabic.contains("ﺝﻭﺮﺧ F10"))           // the key bar reads from the right: خروج F10
        #expect(arabic.contains("60 ﺔﺣﻮﺘﻔﻣ ﺕﺎﺒﻠﻃ") || arabic.contains("ﺔﺣﻮﺘﻔﻣ ﺕﺎﺒﻠﻃ 60"))
        try tmux.keys("Down", "Down", "Enter")
        let claimed = try tmux.waitFor("op-01 ـﻟ ﺯﻮﺠﺤﻣ")
        #expect(claimed.contains(":ﺐﻠﻄﻟﺍ ﺖﻤﻠﺘﺳﺍ"))
        try tmux.keys("F9")
        let english = try tmux.waitFor("Incoming requests")
        #expect(english.contains("F10 Quit"))
        #expect(english.contains("taken by op-01"))
        try tmux.resize(60, 20)
        _ = try tmux.waitFor("Window too small: 60×20, need 80×24")
        try tmux.resize(160, 40)
        _ = try tmux.waitFor("Incoming requests")
        try tmux.keys("F10")
        _ = try tmux.waitFor("SHUBBAK-EXITED 0")
        // The claim made on screen is in the log.
        let audit = try Shubbak.run(["audit", "verify", "--data", data])
        #expect(audit.stdout.contains("61 events"))
    }

    @Test func theSecondCounterSeesTheFirstsClaim() throws {
        let data = Shubbak.temporaryFolder()
        #expect(try Shubbak.run(["demo", "--data", data, "--requests", "30", "--no-ui"]).status == 0)
        let first = Tmux(), second = Tmux()
        defer { first.stop(); second.stop() }
        try first.start("\(Shubbak.binary.path) open --data \(data) --operator op-01 --lang en")
        try second.start("\(Shubbak.binary.path) open --data \(data) --operator op-02 --lang en")
        _ = try first.waitFor("Incoming requests")
        _ = try second.waitFor("Incoming requests")
        try first.keys("Enter")
        _ = try second.waitFor("taken by op-01")
        try second.keys("Enter")
        let refused = try second.waitFor("Refused")
        #expect(refused.contains("claimed by op-01 until"))
    }

    @Test func terminalBidiMonochromeAndNoColor() throws {
        let tmux = Tmux()
        defer { tmux.stop() }
        let data = Shubbak.temporaryFolder()
        try tmux.start("NO_COLOR=1 \(Shubbak.binary.path) demo --data \(data) --requests 5 --bidi terminal --theme monochrome")
        // Logical order, unshaped: the terminal does its own bidi.
        let screen = try tmux.waitFor("الطلبات الواردة")
        #expect(!screen.contains("ﺓﺩﺭﺍﻮﻟﺍ"))
        let colours = try tmux.run(["capture-pane", "-p", "-e", "-t", tmux.session])
        #expect(!colours.contains("\u{1B}[38;5"), "NO_COLOR still sent 256-colour codes")
        try tmux.keys("F10")
        _ = try tmux.waitFor("SHUBBAK-EXITED 0")
    }

    @Test func aHostileNameFromTheDatabaseShowsAsHarmlessText() throws {
        let data = Shubbak.temporaryFolder()
        #expect(try Shubbak.run(["demo", "--data", data, "--requests", "10", "--no-ui"]).status == 0)
        // The way a corrupted or hostile row would arrive: written straight into the table, past every import check.
        let hostile = "'EVIL' || char(27) || '[2J' || char(8238) || 'NAME'"
        let updated = try runTool("/usr/bin/sqlite3", ["\(data)/center.sqlite", """
            UPDATE request SET subject_name = \(hostile)
            WHERE id = (SELECT id FROM request WHERE state = 'received' ORDER BY due_at, id LIMIT 1)
            """])
        #expect(updated.status == 0, "\(updated.output)")
        let tmux = Tmux()
        defer { tmux.stop() }
        try tmux.start("\(Shubbak.binary.path) open --data \(data) --lang en")
        let screen = try tmux.waitFor("EVIL")
        // ESC [2J never reached the terminal: the title and the key bar drawn before the name are still there.
        #expect(screen.contains("Incoming requests"))
        #expect(screen.contains("F10 Quit"))
        #expect(screen.contains("EVIL\u{241B}[2J\u{FFFD}NAME"), "\(screen)")
        #expect(!screen.unicodeScalars.contains("\u{202E}"))
        #expect(!screen.unicodeScalars.contains("\u{1B}"))
        let colours = try tmux.run(["capture-pane", "-p", "-e", "-t", tmux.session])
        #expect(!colours.contains("\u{1B}[2J"))
        try tmux.keys("F10")
        _ = try tmux.waitFor("SHUBBAK-EXITED 0")
    }
}
