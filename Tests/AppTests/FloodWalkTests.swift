import Foundation
import Testing
@testable import ShubbakScreens
import ShubbakTerminal

/// Issue 16 item 2, walked in the real binary: the revision-2 sample's flood (six criminal-record
/// requests, one applicant, six people) reaches the center; an operator who opens the floods is
/// refused; the supervisor finds them on the dashboard, opens the cluster, rejects all six as
/// SUSPECTED_FAKE with a note after the confirmation, and the export carries six `rejected` events.
@Suite(.serialized) struct FloodWalkTests {
    typealias Walk = NewOperatorWalkTests
    static let six = (0...5).map { "CSC-2026-F03000000\($0)" }

    /// A center HMA-01 that imported the central office's three sample bundles, with an operator and a supervisor.
    static func center() throws -> String {
        let data = try Shubbak.sampleCenter(importing: 1...3)
        for (id, role) in [("op-01", "operator"), ("sup-01", "supervisor")] {
            let added = try Shubbak.run(["user", "add", id, "--role", role, "--password-stdin", "--data", data], input: "shubbak\n")
            #expect(added.status == 0, "\(added.stderr)")
        }
        return data
    }

    static func shown(_ text: String, _ language: Language) -> String {
        language == .arabic ? BidiText.visual(text, direction: .rightToLeft) : text
    }

    @Test(arguments: [(Language.english, 120, 40), (.arabic, 80, 24)])
    func theSupervisorRejectsTheSamplesFloodAsFake(language: Language, width: Int, height: Int) throws {
        let data = try Self.center()
        let catalog = Catalog.of(language)

        // An operator learns from F1 that Alt+8 opens the floods, and is refused there.
        let clerk = try Walk.openSignedIn(data, language, width, height, as: "op-01")
        try clerk.keys("F1")
        let help = try clerk.waitFor(Self.shown(catalog[.floodsTitle], language))
        #expect(help.contains("Alt+8") || help.contains("M-8") || help.contains("8"), "\(help)")
        try clerk.keys("Escape")
        try clerk.keys("M-8")
        _ = try clerk.waitFor(Self.shown(catalog[report: .refusalTitle], language))
        clerk.stop()
        #expect(try sqlite(data, "SELECT operator || ' ' || kind || ' ' || detail FROM operator_session WHERE kind = 'refused'") == "op-01 refused floods")
        #expect(try sqlite(data, "SELECT COUNT(*) FROM event WHERE kind = 'rejected'") == "0")

        let tmux = try Walk.openSignedIn(data, language, width, height, as: "sup-01")
        defer { tmux.stop() }
        // The dashboard names the flood, and where to decide it.
        try tmux.keys("M-6")
        let dashboard = try tmux.waitFor("10253153211")
        #expect(dashboard.contains("Alt+8"), "\(dashboard)")
        try tmux.keys("F10")
        _ = try tmux.waitFor(Self.shown(catalog[.queueTitle], language))
        try tmux.keys("M-8")
        _ = try tmux.waitFor(Self.shown(catalog[.floodsTitle], language))
        Walk.expectWhole("10253153211", on: try tmux.waitFor("10253153211"))
        _ = try Walk.waitForKey(tmux, "Enter", .keyOpenCluster, language)
        try tmux.keys("Enter")
        let opened = try Walk.waitForKey(tmux, "F4", .keyRejectFake, language)
        // The six ids end alike (…F030000000 to …5): each is looked for whole.
        for id in Self.six { #expect(opened.contains(id), "\(id):\n\(opened)") }
        #expect(opened.components(separatedBy: "[x]").count - 1 == 6, "all six ticked:\n\(opened)")
        try tmux.keys("F4")
        _ = try Walk.waitForKey(tmux, "Enter", .keySubmit, language)
        try tmux.keys(language == .arabic ? "مقدم طلب واحد لستة أشخاص" : "one applicant for six strangers", "Enter")
        // The confirmation opens on Cancel: the confirm button is on the reading side.
        _ = try Walk.waitForKey(tmux, "Enter", .cancel, language)
        try tmux.keys(language == .arabic ? "Right" : "Left")
        _ = try Walk.waitForKey(tmux, "Enter", .keyRejectFake, language)
        try tmux.keys("Enter")
        for id in Self.six { try Walk.waitForState(data, id, "rejected") }
        _ = try tmux.waitFor(Self.shown(catalog[.noFloods], language))
        let reasons = try sqlite(data, """
            SELECT DISTINCT json_extract(line, '$.data.reason') || ' ' || operator FROM event WHERE kind = 'rejected'
            """)
        #expect(reasons == "SUSPECTED_FAKE sup-01")

        let exported = try Shubbak.run(["export", "--data", data])
        #expect(exported.status == 0, "\(exported.stderr)")
        let outbox = try FileManager.default.contentsOfDirectory(atPath: "\(data)/outbox").filter { $0.hasSuffix(".sig") }
        let sent = try outbox.map { try String(contentsOfFile: "\(data)/outbox/\($0)", encoding: .utf8) }.joined(separator: "\n")
        let fakes = sent.split(separator: "\n").filter { $0.contains(#""kind":"rejected""#) && $0.contains(#""reason":"SUSPECTED_FAKE""#) }
        #expect(fakes.count == 6)
        #expect(Set(Self.six).allSatisfy { id in fakes.contains { $0.contains(#""request":"\#(id)""#) } })
    }
}
