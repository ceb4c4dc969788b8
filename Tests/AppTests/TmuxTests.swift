import Foundation
import Testing
import ShubbakCore

/// The real binary in a real terminal (tmux), driven by keys as an operator would.
struct Tmux {
    var socket = "shubbak-test-\(UUID().uuidString.prefix(8))"
    /// The target of keys and captures: the session, or one of its panes (`counter:0.1`).
    var session = "counter"

    /// The same server and window, aimed at one pane.
    func pane(_ index: Int) -> Tmux {
        var pane = self
        pane.session = "counter:0.\(index)"
        return pane
    }

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

    /// `shubbak open` on the center in `data`, in English, as a counter starts it.
    func open(_ data: String, width: Int = 160, height: Int = 40) throws {
        try start("\(Shubbak.binary.path) open --data \(data) --lang en", width: width, height: height)
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

    /// Waits until the screen no longer shows `text`.
    func waitWhile(_ text: String, seconds: Double = 10) throws {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if !last.contains(text) { return }
            usleep(100_000)
        }
        Issue.record("the screen still shows \(text):\n\(last)")
    }
}

extension Tmux {
    /// Signs in as a new operator would: id, Enter, password, Enter; waits for the queue.
    /// Signs in and waits for the queue's first page (`loading` is what the list shows before it).
    func signIn(_ id: String, password: String = "shubbak", expecting title: String = "Incoming requests",
                loading: String = "Loading…") throws {
        _ = try waitFor(title == "Incoming requests" ? "Operator" : "ﻒﻇﻮﻤﻟﺍ ﺰﻣﺭ")
        try keys(id, "Enter")
        usleep(300_000)
        try keys(password, "Enter")
        _ = try waitFor(title)
        try waitWhile(loading)
    }
}

/// Reads the demo center's database with the sqlite3 tool: the tests pick their requests and check what was
/// recorded independently of the code under test.
func sqlite(_ data: String, _ query: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = ["\(data)/center.sqlite", query]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return text.trimmingCharacters(in: .whitespacesAndNewlines)
}

/// A request whose subject differs from the civil-affairs record in the mother's name only: alive, not a duplicate.
func mismatchRequest(_ data: String) throws -> String {
    try sqlite(data, """
        SELECT r.id FROM request r JOIN person p ON p.national_no = r.subject_no
        WHERE json_extract(r.payload, '$.subject.name.mother') <> json_extract(p.payload, '$.name.mother')
          AND json_extract(r.payload, '$.subject.name.first') = json_extract(p.payload, '$.name.first')
          AND json_extract(r.payload, '$.subject.name.last') = json_extract(p.payload, '$.name.last')
          AND json_extract(r.payload, '$.subject.name.father') = json_extract(p.payload, '$.name.father')
          AND json_extract(p.payload, '$.status') = 'alive' AND r.duplicate_of IS NULL
        ORDER BY r.id LIMIT 1
        """)
}

/// A request whose subject data equals its civil-affairs record field for field, alive, not a duplicate;
/// its document is made at the center unless `issuer` names the body that issues it.
func cleanRequest(_ data: String, delivery: String, issuer: String? = nil) throws -> String {
    let issued = issuer.map { "= '\($0)'" } ?? "IS NULL"
    return try sqlite(data, """
        SELECT r.id FROM request r JOIN person p ON p.national_no = r.subject_no JOIN service s ON s.code = r.service
        WHERE r.delivery = '\(delivery)' AND r.state = 'received' AND r.duplicate_of IS NULL
          AND json_extract(s.payload, '$.issuer.code') \(issued)
          AND json_extract(p.payload, '$.status') = 'alive'
          AND json_extract(r.payload, '$.subject.name') = json_extract(p.payload, '$.name')
          AND json_extract(r.payload, '$.subject.birth_date') = json_extract(p.payload, '$.birth_date')
          AND json_extract(r.payload, '$.subject.birth_place') = json_extract(p.payload, '$.birth_place')
        ORDER BY r.id LIMIT 1
        """)
}

@Suite(.serialized) struct TmuxTests {
    @Test func aNewOperatorSignsInMovesClaimsSwitchesLanguageAndThemeResizesAndQuits() throws {
        let tmux = Tmux()
        defer { tmux.stop() }
        let data = Shubbak.temporaryFolder()
        try tmux.start("\(Shubbak.binary.path) demo --data \(data) --requests 60")
        // Arabic first: the sign-in box, then the queue's title in visual order with presentation forms.
        try tmux.signIn("op-01", expecting: "ﺓﺩﺭﺍﻮﻟﺍ ﺕﺎﺒﻠﻄﻟﺍ")
        let arabic = try tmux.waitFor("ﺝﻭﺮﺧ F10")       // the key bar reads from the right: خروج F10
        #expect(arabic.contains("60 ﺔﺣﻮﺘﻔﻣ"))          // مفتوحة 60 in the status line
        try tmux.keys("Down", "Down", "Enter")
        let counter = try tmux.waitFor("ﻲﻧﺪﻤﻟﺍ ﻞﺠﺴﻟﺍ ﻊﻣ ﺔﻘﺑﺎﻄﻤﻟﺍ")  // المطابقة مع السجل المدني
        #expect(counter.contains("ﻖﻘﺤﺘﻟﺍ ●"))
        try tmux.keys("F9")
        _ = try tmux.waitFor("Check against the civil-affairs record")
        try tmux.keys("F10")
        // The page comes a moment after the title now that loading it is off the UI's thread.
        let english = try tmux.waitFor("mine · claimed")
        #expect(english.contains("Incoming requests"))
        #expect(english.contains("F10 Sign out"))
        try tmux.keys("M-t")                               // next theme: the screen is redrawn whole
        _ = try tmux.waitFor("Incoming requests")
        try tmux.resize(60, 20)
        _ = try tmux.waitFor("Window too small: 60×20, need 80×24")
        try tmux.resize(160, 40)
        _ = try tmux.waitFor("Incoming requests")
        try tmux.keys("F10")
        _ = try tmux.waitFor("Sign in")
        try tmux.keys("F10")
        _ = try tmux.waitFor("SHUBBAK-EXITED 0")
        // The claim made on screen is in the log, and so are the sign-in and sign-out.
        let audit = try Shubbak.run(["audit", "verify", "--data", data])
        #expect(audit.stdout.contains("61 events"))
        #expect(try sqlite(data, "SELECT group_concat(kind, ',') FROM operator_session WHERE operator = 'op-01' ORDER BY id")
                    == "signed_in,signed_out")
    }

    @Test func aPostRequestGoesAllTheWayToTheCourier() throws {
        let tmux = Tmux()
        defer { tmux.stop() }
        let data = try Shubbak.demoCenter(requests: 80)
        let id = try cleanRequest(data, delivery: "post")
        try #require(id.hasPrefix("CSC-"))
        try tmux.open(data)
        try tmux.signIn("op-01")
        try walkToStamped(tmux, id)
        try tmux.keys("F8")
        _ = try tmux.waitFor("Tracking no.")
        try tmux.keys("Enter")                             // empty: the next number of the center's range
        _ = try tmux.waitFor("Envelope printed")
        try tmux.keys("F2")
        let sealed = try tmux.waitFor("Sealed for post")
        #expect(sealed.contains("Incoming requests"))
        let tracking = try sqlite(data, "SELECT tracking FROM request WHERE id = '\(id)'")
        #expect(tracking == "RR000000014SY")              // serial 1: weight 7 × 1 = 7, 11 − 7 = check digit 4
        try tmux.keys("M-3")
        _ = try tmux.waitFor("Postal handoff")
        // The label's number typed by hand, a key every 150 ms, and Enter 1.5 s later (issue 13 item 5).
        for character in tracking {
            try tmux.keys(String(character))
            usleep(150_000)
        }
        _ = try tmux.waitFor("Enter: \(tracking)")
        usleep(1_500_000)
        try tmux.keys("Enter")
        _ = try tmux.waitFor("Chosen \(id)")
        try tmux.keys("F2")
        _ = try tmux.waitFor("Courier name")
        try tmux.keys("Khaled Haddad", "Enter")
        usleep(300_000)
        try tmux.keys("SP-4471", "Enter")
        _ = try tmux.waitFor("Hand over envelopes")
        try tmux.keys("Tab", "Enter")
        _ = try tmux.waitFor("Manifest handed over")
        #expect(try sqlite(data, "SELECT state || ' ' || manifest FROM request WHERE id = '\(id)'").hasPrefix("dispatched HMA-01-"))
        let manifest = try sqlite(data, "SELECT payload FROM manifest")
        #expect(manifest.contains("\"name\":\"Khaled Haddad\"") && manifest.contains(tracking))
        #expect(try sqlite(data, "SELECT group_concat(kind, ',') FROM (SELECT kind FROM event WHERE request = '\(id)' ORDER BY id)")
                    == "received,claimed,verified,printed,stamped,sealed,dispatched")
        let spooled = try FileManager.default.contentsOfDirectory(atPath: "\(data)/spool")
        #expect(spooled.contains { $0.hasPrefix("manifest-") } && spooled.contains { $0.hasPrefix("document-\(id)") })
        // The post brings it back: scanned in with the post's reason, then kept at the counter for pickup.
        try tmux.keys("F3")
        _ = try tmux.waitFor("Post's reason")
        try tmux.keys(tracking, "Enter")
        usleep(300_000)
        try tmux.keys("addressee moved", "Enter")
        _ = try tmux.waitFor("Note (optional)")
        try tmux.keys("left a new address", "Enter")
        _ = try tmux.waitFor("Return recorded \(id)")
        try tmux.keys("F4")
        _ = try tmux.waitFor("Kept for pickup \(id)")
        #expect(try sqlite(data, "SELECT state FROM request WHERE id = '\(id)'") == "ready_for_pickup")
        let returned = try sqlite(data, "SELECT line FROM event WHERE request = '\(id)' AND kind = 'returned'")
        // Revision 2's fields: the tracking number, the post's reason and the note.
        #expect(returned.contains(#""data":{"note":"left a new address","reason":"addressee moved","tracking":"\#(tracking)"}"#))
    }

    @Test func aPickupRequestIsSealedAndCollectedByTheSubject() throws {
        let tmux = Tmux()
        defer { tmux.stop() }
        let data = try Shubbak.demoCenter(requests: 80)
        let id = try cleanRequest(data, delivery: "center")
        try #require(id.hasPrefix("CSC-"))
        let subject = try sqlite(data, "SELECT subject_no FROM request WHERE id = '\(id)'")
        try tmux.open(data)
        try tmux.signIn("op-02")
        try walkToStamped(tmux, id)
        try tmux.keys("F8")
        _ = try tmux.waitFor("Envelope printed")
        try tmux.keys("F2")
        // The code stays on the counter, spaced for reading out, until Enter.
        let shown = try tmux.waitFor("Pickup code for the citizen")
        let code = try sqlite(data, "SELECT pickup_code FROM request WHERE id = '\(id)'")
        #expect(code.count == 6)
        #expect(shown.contains(code.map(String.init).joined(separator: " ")))
        #expect(shown.contains("Enter Next request"))
        try tmux.keys("Enter")
        _ = try tmux.waitFor("Sealed for pickup, code")
        try tmux.keys("M-4")
        _ = try tmux.waitFor("Pickup at the counter")
        // The shelf shows at once: the envelope just sealed, with its code and its days on the shelf.
        let shelf = try tmux.waitFor(id)
        #expect(shelf.split(separator: "\n").first { $0.contains(id) }?.contains(code) == true)
        try tmux.keys(code, "Enter")                       // the citizen shows the code
        _ = try tmux.waitFor("Collector's number")
        try tmux.keys("05999999999", "Enter")             // someone else: refused
        _ = try tmux.waitFor("neither the subject nor the applicant")
        try tmux.keys(subject, "Enter")
        _ = try tmux.waitFor("Delivered \(id)")
        #expect(try sqlite(data, "SELECT state FROM request WHERE id = '\(id)'") == "delivered")
    }

    @Test func aMismatchIsRejectedWithItsReason() throws {
        let tmux = Tmux()
        defer { tmux.stop() }
        let data = try Shubbak.demoCenter(requests: 80)
        let id = try mismatchRequest(data)
        try #require(id.hasPrefix("CSC-"))
        try tmux.open(data)
        try tmux.signIn("op-01")
        try tmux.keys(id, "Enter")
        _ = try tmux.waitFor("✗ different")
        try tmux.keys("F2")                                // approving a mismatch is refused
        _ = try tmux.waitFor("differs from the civil-affairs record in: mother")
        try tmux.keys("F3")
        let reasons = try tmux.waitFor("Reject the request")
        #expect(reasons.contains("(MOTHER_MISMATCH)"))
        try tmux.keys("Enter")                             // the suggested reason is selected
        _ = try tmux.waitFor("Note")
        try tmux.keys("Mother's name differs from the record", "Enter")
        _ = try tmux.waitFor("Rejected")
        let line = try sqlite(data, "SELECT line FROM event WHERE request = '\(id)' AND kind = 'rejected'")
        #expect(line.contains("\"reason\":\"MOTHER_MISMATCH\"") && line.contains("\"fields\":[\"mother\"]"))
        #expect(line.contains("\"operator\":\"op-01\""))
    }

    @Test func theSecondCounterSeesTheFirstsClaimAndCannotTakeIt() throws {
        let data = try Shubbak.demoCenter(requests: 30)
        // Two counters side by side: two shubbak processes on one database, in two panes of one tmux window.
        let tmux = Tmux()
        defer { tmux.stop() }
        try tmux.open(data, width: 170, height: 40)
        try tmux.run(["split-window", "-h", "-t", tmux.session,
                      "env LANG=C.UTF-8 TERM=xterm-256color \(Shubbak.binary.path) open --data \(data) --lang en; sleep 30"],
                     capture: false)
        let first = tmux.pane(0), second = tmux.pane(1)
        try first.signIn("op-01")
        try second.signIn("op-02")
        try first.keys("Enter")
        _ = try first.waitFor("● verify")
        _ = try second.waitFor("taken by op-01")
        try second.keys("Enter")
        let refused = try second.waitFor("Refused")
        #expect(refused.contains("claimed by op-01 until"))
        #expect(!refused.contains("● verify"))
    }

    /// Home and End as tmux (and PuTTY) send them reach the queue; the title says where the selection is.
    @Test func homeAndEndReachTheEndsOfTheQueue() throws {
        let tmux = Tmux()
        defer { tmux.stop() }
        let data = try Shubbak.demoCenter(requests: 30)
        try tmux.open(data, width: 120, height: 24)
        try tmux.signIn("op-01")
        _ = try tmux.waitFor("1/30")
        try tmux.keys("End")
        _ = try tmux.waitFor("30/30")
        try tmux.keys("Home")
        _ = try tmux.waitFor("1/30")
    }

    @Test func aRequestIsHandedOverToANamedColleague() throws {
        let tmux = Tmux()
        defer { tmux.stop() }
        let data = try Shubbak.demoCenter(requests: 20)
        try tmux.open(data)
        try tmux.signIn("op-01")
        try tmux.keys("Enter")
        _ = try tmux.waitFor("● verify")
        let id = try sqlite(data, "SELECT id FROM request WHERE holder = 'op-01'")
        try tmux.keys("F5")
        _ = try tmux.waitFor("Hand over to a colleague")
        try tmux.keys("op-99", "Enter")                     // nobody of that name works here
        usleep(300_000)
        try tmux.keys("end of my shift", "Enter")
        _ = try tmux.waitFor("Not found: op-99")
        try tmux.keys("F5")
        _ = try tmux.waitFor("Hand over to a colleague")
        try tmux.keys("op-02", "Enter")
        usleep(300_000)
        try tmux.keys("end of my shift", "Enter")
        _ = try tmux.waitFor("Handed over to op-02")
        try tmux.keys("F10")                                // op-01 signs out, op-02 signs in and finds it under "mine"
        try tmux.signIn("op-02")
        try tmux.keys("F3")
        let mine = try tmux.waitFor("handed to op-02")
        #expect(mine.contains(id))
        let line = try sqlite(data, "SELECT line FROM event WHERE request = '\(id)' AND kind = 'released'")
        #expect(line.contains("\"handed_to\":\"op-02\"") && line.contains("\"note\":\"end of my shift\""))
    }

    @Test func theSyncScreenAppliesTheInboxAndSendsTheEvents() throws {
        let tmux = Tmux()
        defer { tmux.stop() }
        // The demo plays the central office: its key pinned, its next bundle (persons and requests) in the inbox.
        let data = try Shubbak.demoCenter(requests: 20)
        let inbox = try FileManager.default.contentsOfDirectory(atPath: "\(data)/inbox")
        #expect(inbox == ["CENTRAL_HMA-01_00000001.jsonl.sig"])
        try tmux.open(data)
        try tmux.signIn("op-01")
        try tmux.keys("M-5")
        _ = try tmux.waitFor("Exchange with the central office")
        try tmux.keys("F2")
        let synced = try tmux.waitFor("Synced: files in 1")
        #expect(synced.contains("CENTRAL_HMA-01_00000001.jsonl.sig"))
        #expect(synced.contains("HMA-01_CENTRAL_00000001.jsonl.sig"))
        #expect(synced.contains("unacknowledged"))
        // What was applied is in the queue, and the bundle sent is the one signify accepts.
        let applied = try sqlite(data, "SELECT records FROM inbound_bundle WHERE seq = 1")
        #expect(Int(applied) ?? 0 > 0)
        let check = try runTool("/usr/bin/signify-openbsd", ["-V", "-e", "-p", "\(data)/keys/HMA-01.pub",
                                                              "-x", "\(data)/outbox/HMA-01_CENTRAL_00000001.jsonl.sig",
                                                              "-m", "\(data)/verified.jsonl"])
        #expect(check.status == 0, "\(check.output)")
    }

    @Test func fiveWrongPasswordsLockTheAccount() throws {
        let tmux = Tmux()
        defer { tmux.stop() }
        let data = try Shubbak.demoCenter(requests: 5)
        try tmux.open(data)
        _ = try tmux.waitFor("Operator")
        try tmux.keys("op-01", "Enter")
        usleep(200_000)
        for attempt in 1...5 {
            // After a refusal the id stays and the password box is emptied, with the focus in it.
            try tmux.keys("wrong-\(attempt)", "Enter")
            _ = try tmux.waitFor(attempt < 5 ? "tries left \(5 - attempt)" : "Locked after failed attempts")
        }
        try tmux.keys("shubbak", "Enter")                 // the right password, too late
        usleep(600_000)
        _ = try tmux.waitFor("Locked after failed attempts")
        #expect(!(try tmux.screen()).contains("Incoming requests"))
        #expect(try sqlite(data, "SELECT count(*) FROM operator_session WHERE kind = 'locked_out'") == "1")
    }

    /// Issue 14 item 1: a sync of a large bundle froze the counter for its whole length and
    /// «Syncing…» never showed. Now the sync shows its progress and the operator can go to the
    /// queue and move in it while the bundle is applied.
    @Test func aLargeSyncShowsProgressAndLeavesTheCounterFree() throws {
        // A center that trusts the test key, with one operator, and a bundle of 50,000 requests waiting.
        let data = Shubbak.temporaryFolder()
        #expect(try Shubbak.run(["init", "--center", "HMA-01", "--data", data,
                                 "--central-key", CrashTests.samples.appendingPathComponent("keys/central-test.pub").path]).status == 0)
        #expect(try Shubbak.run(["user", "add", "op-01", "--role", "operator", "--password-stdin", "--data", data],
                                input: "shubbak\n").status == 0)
        try CrashTests.bigBundle(requests: 50_000, seq: 1)
            .write(to: URL(fileURLWithPath: "\(data)/inbox/CENTRAL_HMA-01_00000001.jsonl.sig"))
        let tmux = Tmux()
        defer { tmux.stop() }
        try tmux.open(data, width: 120, height: 40)
        try tmux.signIn("op-01")
        try tmux.keys("M-5")
        _ = try tmux.waitFor("F2 Sync now")
        try tmux.keys("F2")
        // The title row is the sync's progress bar, naming the bundle and counting its records; it moves.
        func applied(_ screen: String) -> Int? {
            let title = screen.split(separator: "\n").first.map(String.init) ?? ""
            guard title.hasPrefix("Syncing…"), let slash = title.range(of: "/100002") else { return nil }
            return Int(title[..<slash.lowerBound].split(separator: " ").last ?? "")
        }
        let progress = try tmux.waitFor("CENTRAL_HMA-01_00000001.jsonl.sig ", seconds: 60)
        let title = progress.split(separator: "\n").first.map(String.init) ?? ""
        #expect(title.hasPrefix("Syncing…") && title.contains("/100002"), "\(title)")
        var counts: [Int] = applied(progress).map { [$0] } ?? []
        let watching = Date().addingTimeInterval(20)
        while Date() < watching, Set(counts).count < 2 {
            usleep(500_000)
            if let count = applied(try tmux.screen()) { counts.append(count) }
        }
        #expect(Set(counts).count >= 2 && counts == counts.sorted(), "the bar moves forward: \(counts)")
        // Off to the queue while it runs: the screen answers within a second.
        let asked = Date()
        try tmux.keys("M-1")
        _ = try tmux.waitFor("Incoming requests")
        #expect(Date().timeIntervalSince(asked) < 1, "the queue took \(Date().timeIntervalSince(asked)) s")
        #expect(try sqlite(data, "SELECT COUNT(*) FROM inbound_bundle") == "0", "the queue answered before the sync ended")
        // The clock keeps ticking while the sync runs: each look at it reads the time of that moment.
        let started = Date()
        var clocks: Set<String> = []
        let deadline = Date().addingTimeInterval(600)
        while Date() < deadline, try sqlite(data, "SELECT COUNT(*) FROM inbound_bundle") == "0" {
            // The clock is redrawn with the tick, once a second: it may lag the minute by that much.
            let before = CenterCalendar.damascus.clock(of: Date().addingTimeInterval(-2))
            let status = try tmux.screen().split(separator: "\n").dropLast().last.map(String.init) ?? ""
            let after = CenterCalendar.damascus.clock(of: Date())
            let shown = String(status.trimmingCharacters(in: .whitespaces).suffix(5))
            #expect(shown == before || shown == after, "the status line shows \(shown) at \(before)–\(after)")
            clocks.insert(shown)
            usleep(1_000_000)
        }
        if Date().timeIntervalSince(started) > 65 { #expect(clocks.count >= 2, "a minute passed and the clock moved: \(clocks)") }
        // The sync ends on its own, and its screen says so.
        try tmux.keys("M-5")
        _ = try tmux.waitFor("Synced: files in 1", seconds: 60)
        #expect(try sqlite(data, "SELECT COUNT(*) FROM request") == "50000")
    }

    /// Colour reaches the screen on 256- and 8-colour terminals, and none is sent with NO_COLOR: the
    /// default theme, captured with its escape sequences as the terminal received them.
    @Test func theDefaultThemeShowsInColourAndNoColorSendsNone() throws {
        let data = try Shubbak.demoCenter(requests: 5)
        func colourCodes(term: String, noColor: Bool) throws -> Set<String> {
            let tmux = Tmux()
            defer { tmux.stop() }
            // The test runner's own NO_COLOR must not reach the counter.
            try tmux.start("env -u NO_COLOR \(noColor ? "NO_COLOR=1 " : "")TERM=\(term) \(Shubbak.binary.path) open --data \(data) --lang en",
                           width: 120, height: 40)
            _ = try tmux.waitFor("HMA-01")
            let screen = try tmux.run(["capture-pane", "-p", "-e", "-t", tmux.session])
            // Only the codes that set a colour: 30–37, 40–47, 90–97, 100–107 and 38;5 / 48;5.
            var codes: Set<String> = []
            for sequence in screen.components(separatedBy: "\u{1B}[").dropFirst() {
                guard let end = sequence.firstIndex(of: "m"),
                      sequence[..<end].allSatisfy({ $0.isNumber || $0 == ";" }) else { continue }
                let parameters = sequence[..<end].split(separator: ";").map(String.init)
                var index = 0
                while index < parameters.count {
                    let code = parameters[index]
                    if (code == "38" || code == "48"), index + 2 < parameters.count {
                        codes.insert(parameters[index...index + 2].joined(separator: ";"))
                        index += 3
                        continue
                    }
                    if let number = Int(code), (30...37).contains(number) || (40...47).contains(number)
                        || (90...97).contains(number) || (100...107).contains(number) {
                        codes.insert(code)
                    }
                    index += 1
                }
            }
            return codes
        }
        let full = try colourCodes(term: "xterm-256color", noColor: false)
        #expect(full.contains("48;5;236") || full.contains("38;5;244"), "no 256-colour code: \(full)")
        #expect(full.contains("46"), "the key bar's cyan background is missing: \(full)")
        let eight = try colourCodes(term: "xterm", noColor: false)
        #expect(!eight.isEmpty, "an 8-colour terminal got no colour")
        #expect(eight.allSatisfy { !$0.hasPrefix("38;5") && !$0.hasPrefix("48;5") }, "8 colours only: \(eight)")
        let none = try colourCodes(term: "xterm-256color", noColor: true)
        #expect(none.isEmpty, "NO_COLOR still sent colours: \(none)")
    }

    @Test func terminalBidiMonochromeAndNoColor() throws {
        let tmux = Tmux()
        defer { tmux.stop() }
        let data = Shubbak.temporaryFolder()
        try tmux.start("NO_COLOR=1 \(Shubbak.binary.path) demo --data \(data) --requests 5 --bidi terminal --theme monochrome --digits arabic-indic")
        // Logical order, unshaped: the terminal does its own bidi.
        _ = try tmux.waitFor("تسجيل الدخول")
        // The status line is the last drawn: wait for it too, with the Arabic-Indic digits asked for.
        let screen = try tmux.waitFor("HMA-٠١")
        #expect(screen.contains("تسجيل الدخول"))
        #expect(!screen.contains("ﻝﻮﺧﺪﻟﺍ"))
        let colours = try tmux.run(["capture-pane", "-p", "-e", "-t", tmux.session])
        #expect(!colours.contains("\u{1B}[38;5"), "NO_COLOR still sent 256-colour codes")
        try tmux.keys("F10")
        _ = try tmux.waitFor("SHUBBAK-EXITED 0")
    }

    @Test func aHostileNameFromTheDatabaseShowsAsHarmlessText() throws {
        let data = try Shubbak.demoCenter(requests: 10)
        // The way a corrupted or hostile row would arrive: written straight into the table, past every import check.
        let hostile = "'EVIL' || char(27) || '[2J' || char(8238) || 'NAME'"
        let updated = try runTool("/usr/bin/sqlite3", ["\(data)/center.sqlite", """
            UPDATE request SET subject_name = \(hostile)
            WHERE id = (SELECT id FROM request WHERE state = 'received' ORDER BY due_at, id LIMIT 1)
            """])
        #expect(updated.status == 0, "\(updated.output)")
        let tmux = Tmux()
        defer { tmux.stop() }
        try tmux.open(data)
        try tmux.signIn("op-01")
        let screen = try tmux.waitFor("EVIL")
        // ESC [2J never reached the terminal: the title and the key bar drawn before the name are still there.
        #expect(screen.contains("Incoming requests"))
        #expect(screen.contains("F10 Sign out"))
        #expect(screen.contains("EVIL\u{241B}[2J\u{FFFD}NAME"), "\(screen)")
        #expect(!screen.unicodeScalars.contains("\u{202E}"))
        #expect(!screen.unicodeScalars.contains("\u{1B}"))
        let colours = try tmux.run(["capture-pane", "-p", "-e", "-t", tmux.session])
        #expect(!colours.contains("\u{1B}[2J"))
        try tmux.keys("F10")
        _ = try tmux.waitFor("Sign in")
        try tmux.keys("F10")
        _ = try tmux.waitFor("SHUBBAK-EXITED 0")
    }
}

/// Opens the request by scanning its barcode, approves it, prints the document and applies every stamp.
func walkToStamped(_ tmux: Tmux, _ id: String) throws {
    try tmux.keys(id, "Enter")
    _ = try tmux.waitFor("● verify")
    try tmux.keys("F2")
    _ = try tmux.waitFor("Verified")
    try tmux.keys("F6")
    _ = try tmux.waitFor("Document printed")
    try stampEverything(tmux)
}

/// Ticks every stamp the service needs, as the checklist's key bar says (Space ticks, ↓ moves, Enter
/// certifies), confirms the revenue stamp's إبطال when it is among them ([ Confirm ] is the left-hand
/// button in English), and leaves the paper serial empty.
func stampEverything(_ tmux: Tmux) throws {
    try tmux.keys("F7")
    let checklist = try tmux.waitFor("Space Tick")
    #expect(checklist.contains("Enter Certify ticked"))
    #expect(!checklist.contains("[x]"), "the checklist starts unticked")
    let count = checklist.components(separatedBy: "│ [ ] ").count - 1
    for _ in 0..<max(count, 1) { try tmux.keys("Space") }     // Space ticks and moves to the next
    try tmux.keys("Enter")
    usleep(400_000)
    if try tmux.screen().contains("Revenue stamp affixed") {
        #expect(try tmux.screen().contains("Enter Cancel"), "the dialog opens on [ Cancel ]")
        try tmux.keys("Left")
        _ = try tmux.waitFor("Enter Confirm")
        try tmux.keys("Enter")
    }
    _ = try tmux.waitFor("Security paper serial")
    try tmux.keys("Enter")
    _ = try tmux.waitFor("Stamps recorded")
}
