import Foundation
import Testing
@testable import ShubbakScreens
import ShubbakTerminal

/// A post request, a pickup and a rejection walked in the real binary as a new operator would, at
/// 80×24 and 120×40, in Arabic and English: at each step the test reads the key bar for the key it
/// presses next (the labels come from the screens' catalog, drawn as the terminal shows them),
/// and checks that the request id, the applicant's phone and national number show whole.
@Suite(.serialized) struct NewOperatorWalkTests {
    static let layouts: [(Language, Int, Int)] = [(.english, 120, 40), (.english, 80, 24), (.arabic, 120, 40), (.arabic, 80, 24)]

    /// What the bar shows for one key: `F2 Seal`, or in Arabic `ﻡﺎﺘﺧ F2` (the label left of its key).
    static func entry(_ key: String, _ text: Catalog.Text, _ language: Language) -> String {
        let label = Catalog.of(language)[text]
        return language == .arabic ? "\(BidiText.visual(label, direction: .rightToLeft)) \(key)" : "\(key) \(label)"
    }

    /// The bottom line of the screen.
    static func bar(_ screen: String) -> String {
        screen.split(separator: "\n", omittingEmptySubsequences: false).last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map(String.init) ?? ""
    }

    /// Waits until the bar offers `key` with `text`, and returns the screen.
    @discardableResult
    static func waitForKey(_ tmux: Tmux, _ key: String, _ text: Catalog.Text, _ language: Language,
                           sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let wanted = entry(key, text, language)
        let deadline = Date().addingTimeInterval(10)
        var screen = ""
        while Date() < deadline {
            screen = try tmux.screen()
            if bar(screen).contains(wanted) { return screen }
            usleep(150_000)
        }
        Issue.record("the key bar never offered «\(wanted)»:\n\(screen)", sourceLocation: sourceLocation)
        return screen
    }

    static func waitForState(_ data: String, _ id: String, _ state: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if try sqlite(data, "SELECT state FROM request WHERE id = '\(id)'") == state { return }
            usleep(150_000)
        }
        Issue.record("\(id) never reached \(state)", sourceLocation: sourceLocation)
    }

    /// Opens the center in `language` at `width`×`height` and signs in; the queue's title is shaped in Arabic.
    static func openSignedIn(_ data: String, _ language: Language, _ width: Int, _ height: Int, as user: String) throws -> Tmux {
        let tmux = Tmux()
        try tmux.start("\(Shubbak.binary.path) open --data \(data) --lang \(language.rawValue)", width: width, height: height)
        let title = Catalog.of(language)[.queueTitle]
        let loading = Catalog.of(language)[.loading]
        try tmux.signIn(user, expecting: language == .arabic ? BidiText.visual(title, direction: .rightToLeft) : title,
                        loading: language == .arabic ? BidiText.visual(loading, direction: .rightToLeft) : loading)
        return tmux
    }

    /// Every digit run on the screen that overlaps `number` is `number` itself: nothing cut or reordered.
    static func expectWhole(_ number: String, on screen: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(screen.contains(number), "\(number) is not on the screen whole:\n\(screen)", sourceLocation: sourceLocation)
        let tail = String(number.suffix(5))
        for line in screen.split(separator: "\n") where line.contains(tail) {
            #expect(line.contains(number), "a cut or reordered \(number): \(line)", sourceLocation: sourceLocation)
        }
    }

    static func stampCount(_ data: String, _ id: String) throws -> Int {
        Int(try sqlite(data, """
            SELECT json_array_length(s.payload, '$.stamps') FROM service s JOIN request r ON r.service = s.code WHERE r.id = '\(id)'
            """)) ?? 0
    }

    /// Certifies every stamp as the checklist's bar says: Space ticks each (and moves on), Enter
    /// certifies, the revenue stamp's إبطال is confirmed on its dialog (opened on [ Cancel ]; the
    /// confirm button is on the reading side, Left in English, Right in Arabic), the optional paper
    /// serial is left empty. Returns the keys pressed and how many of them the إبطال took.
    static func certifyStamps(_ tmux: Tmux, _ data: String, _ id: String, _ language: Language) throws -> (keys: Int, confirmations: Int) {
        let screen = try waitForKey(tmux, "Space", .keyTick, language)
        #expect(!screen.contains("[x]"), "the checklist starts unticked")
        let count = try stampCount(data, id)
        for _ in 0..<count { try tmux.keys("Space") }
        try tmux.keys("Enter")
        usleep(500_000)
        var confirmations = 0
        if bar(try tmux.screen()).contains(entry("Enter", .cancel, language)) {
            try tmux.keys(language == .arabic ? "Right" : "Left")
            _ = try waitForKey(tmux, "Enter", .confirm, language)
            try tmux.keys("Enter")
            confirmations = 2
        }
        _ = try waitForKey(tmux, "Enter", .keySubmit, language)     // the optional paper serial
        try tmux.keys("Enter")
        try waitForState(data, id, "stamped")
        // The counter has the answer once F2 Seal is offered: keys pressed before it are not taken.
        _ = try waitForKey(tmux, "F2", .keySeal, language)
        return (count + 2 + confirmations, confirmations)
    }

    /// Opens the request as its paper's barcode does (the id and Enter in one burst, a scan) and waits for its claim.
    static func claim(_ tmux: Tmux, _ data: String, _ id: String) throws {
        try tmux.keys(id, "Enter")
        try waitForState(data, id, "claimed")
    }

    @Test(arguments: layouts)
    func aPostRequestFromTheQueueToSealed(language: Language, width: Int, height: Int) throws {
        let data = try Shubbak.demoCenter(requests: 60)
        let id = try cleanRequest(data, delivery: "post")
        try #require(id.hasPrefix("CSC-"))
        let phone = try sqlite(data, "SELECT json_extract(payload, '$.applicant.phone') FROM request WHERE id = '\(id)'")
        let applicantNo = try sqlite(data, "SELECT applicant_no FROM request WHERE id = '\(id)'")
        let stampCount = try Self.stampCount(data, id)
        let tmux = try Self.openSignedIn(data, language, width, height, as: "op-01")
        defer { tmux.stop() }
        var keys = 0
        // The queue: the request searched for by its id (typed text, then Enter) opens it.
        let queue = try Self.waitForKey(tmux, "F2", .keySearch, language)
        #expect(Self.bar(queue).contains(Self.entry("F1", .keyHelp, language)))
        #expect(Self.bar(queue).contains("F10"), "F10 always shows")
        // Counted as the one Enter that claims the top row: finding it by its id is the test's, not the operator's.
        try Self.claim(tmux, data, id)
        keys += 1
        var screen = try Self.waitForKey(tmux, "F2", .keyApprove, language)
        #expect(screen.split(separator: "\n").first?.contains(id) == true, "the whole id in the title")
        Self.expectWhole(phone, on: screen)
        Self.expectWhole(applicantNo, on: screen)
        #expect(Self.bar(screen).contains(Self.entry("F3", .keyReject, language)))
        try tmux.keys("F2"); keys += 1
        try Self.waitForState(data, id, "verified")
        screen = try Self.waitForKey(tmux, "F6", .keyPrint, language)
        #expect(!Self.bar(screen).contains(Self.entry("F2", .keyApprove, language)))
        try tmux.keys("F6"); keys += 1
        try Self.waitForState(data, id, "printed")
        screen = try Self.waitForKey(tmux, "F7", .keyStamps, language)
        #expect(!Self.bar(screen).contains(Self.entry("F2", .keySeal, language)), "no seal before the stamps")
        try tmux.keys("F7"); keys += 1
        let (stampKeys, confirmations) = try Self.certifyStamps(tmux, data, id, language)
        keys += stampKeys
        screen = try Self.waitForKey(tmux, "F2", .keySeal, language)
        try tmux.keys("F8"); keys += 1
        _ = try Self.waitForKey(tmux, "Enter", .keySubmit, language)     // empty: the next number of the range
        try tmux.keys("Enter"); keys += 1
        // The step bar ticks the envelope once it is printed.
        let envelopeTicked = BidiText.visual("✓ \(Catalog.of(language).step(.stamped))", direction: language.context.direction)
        screen = try tmux.waitFor(envelopeTicked)
        #expect(Self.bar(screen).contains(Self.entry("F2", .keySeal, language)))
        try tmux.keys("F2"); keys += 1
        try Self.waitForState(data, id, "sealed")
        let tracking = try sqlite(data, "SELECT tracking FROM request WHERE id = '\(id)'")
        let back = try tmux.waitFor(tracking)
        Self.expectWhole(tracking, on: back)
        // At most 12 keys; a service with more than two stamps costs a Space for each, and the revenue
        // stamp's إبطال is a deliberate confirmation of two keys (a button, then Enter).
        #expect(keys <= 12 + max(stampCount - 2, 0) + confirmations, "\(keys) keys for a post request")
    }

    @Test(arguments: layouts)
    func aPickupRequestSealedAndCollected(language: Language, width: Int, height: Int) throws {
        let data = try Shubbak.demoCenter(requests: 60)
        let id = try cleanRequest(data, delivery: "center")
        try #require(id.hasPrefix("CSC-"))
        let subject = try sqlite(data, "SELECT subject_no FROM request WHERE id = '\(id)'")
        let firstName = try sqlite(data, "SELECT json_extract(payload, '$.subject.name.first') FROM request WHERE id = '\(id)'")
        let tmux = try Self.openSignedIn(data, language, width, height, as: "op-02")
        defer { tmux.stop() }
        _ = try Self.waitForKey(tmux, "F2", .keySearch, language)
        try Self.claim(tmux, data, id)
        var screen = try Self.waitForKey(tmux, "F2", .keyApprove, language)
        // The subject's name, shaped as the terminal shows it, and the numbers whole.
        #expect(screen.contains(BidiText.visual(firstName, direction: .rightToLeft)), "the subject's name is on the counter")
        Self.expectWhole(subject, on: screen)
        try tmux.keys("F2")
        try Self.waitForState(data, id, "verified")
        _ = try Self.waitForKey(tmux, "F6", .keyPrint, language)
        try tmux.keys("F6")
        try Self.waitForState(data, id, "printed")
        _ = try Self.waitForKey(tmux, "F7", .keyStamps, language)
        try tmux.keys("F7")
        _ = try Self.certifyStamps(tmux, data, id, language)
        _ = try Self.waitForKey(tmux, "F8", .keyEnvelope, language)
        try tmux.keys("F8")
        let envelopeTicked = BidiText.visual("✓ \(Catalog.of(language).step(.stamped))", direction: language.context.direction)
        _ = try tmux.waitFor(envelopeTicked)
        _ = try Self.waitForKey(tmux, "F2", .keySeal, language)
        try tmux.keys("F2")
        // The code stays on the counter, whole and spaced, until the operator moves on.
        screen = try Self.waitForKey(tmux, "Enter", .keyNextRequest, language)
        let code = try sqlite(data, "SELECT pickup_code FROM request WHERE id = '\(id)'")
        #expect(code.count == 6 && screen.contains(code.map(String.init).joined(separator: " ")))
        try tmux.keys("Enter")
        _ = try Self.waitForKey(tmux, "F2", .keySearch, language)
        // The pickup shelf shows the envelope at once; the citizen's code finds it, their number collects it.
        try tmux.keys("M-4")
        screen = try Self.waitForKey(tmux, "F2", .keyDeliver, language)
        let row = try #require(try tmux.waitFor(id).split(separator: "\n").first { $0.contains(id) })
        #expect(row.contains(code))
        try tmux.keys(code)
        try tmux.keys("Enter")
        _ = try tmux.waitFor(BidiText.visual(Catalog.of(language)[.collectorNumber], direction: language.context.direction))
        try tmux.keys(subject)
        try tmux.keys("Enter")
        try Self.waitForState(data, id, "delivered")
    }

    @Test(arguments: layouts)
    func aMismatchRejectedWithItsFieldAndNote(language: Language, width: Int, height: Int) throws {
        let data = try Shubbak.demoCenter(requests: 80)
        let id = try mismatchRequest(data)
        try #require(id.hasPrefix("CSC-"))
        let tmux = try Self.openSignedIn(data, language, width, height, as: "op-02")
        defer { tmux.stop() }
        try Self.claim(tmux, data, id)
        let screen = try Self.waitForKey(tmux, "F3", .keyReject, language)
        #expect(!Self.bar(screen).contains(Self.entry("F2", .keyApprove, language)), "no Matches on a record marked ✗")
        #expect(screen.split(separator: "\n").first?.contains(id) == true)
        try tmux.keys("F3")
        _ = try Self.waitForKey(tmux, "Enter", .keyChooseReason, language)
        try tmux.keys("Enter")                                  // the suggested reason, MOTHER_MISMATCH
        let details = try Self.waitForKey(tmux, "Enter", .keyReject, language)
        let ticked = "[x] \(Catalog.of(language).field("mother"))"
        #expect(details.contains(BidiText.visual(ticked, direction: language.context.direction)), "mother comes ticked")
        try tmux.keys("not the record's mother")
        try tmux.keys("Enter")
        try Self.waitForState(data, id, "rejected")
        let line = try sqlite(data, "SELECT line FROM event WHERE request = '\(id)' AND kind = 'rejected'")
        #expect(line.contains("\"reason\":\"MOTHER_MISMATCH\"") && line.contains("\"fields\":[\"mother\"]"))
        #expect(line.contains("\"note\":\"not the record's mother\""))
    }
}
