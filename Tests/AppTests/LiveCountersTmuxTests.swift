import Foundation
import Testing
@testable import ShubbakScreens
import ShubbakTerminal

/// Issue 16 item 3 in real terminals: two operators at their counters in two panes, the supervisor's
/// dashboard in a third; what each operator does shows there within a few seconds.
@Suite(.serialized) struct LiveCountersTmuxTests {
    typealias Walk = NewOperatorWalkTests

    /// The line of the counters table that names `id`, once it says all of `words`.
    static func row(_ pane: Tmux, _ id: String, saying words: [String], seconds: Double = 8,
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var screen = ""
        while Date() < deadline {
            screen = try pane.screen()
            if let line = screen.split(separator: "\n").first(where: { $0.contains("\(id) ") }), words.allSatisfy(line.contains) {
                return String(line)
            }
            usleep(200_000)
        }
        Issue.record("\(id) never showed \(words):\n\(screen)", sourceLocation: sourceLocation)
        return ""
    }

    @Test func theSupervisorSeesWhoServesWhatAndWhoIsOnABreak() throws {
        let data = try Shubbak.demoCenter(requests: 40)
        let id = try sqlite(data, "SELECT id FROM request WHERE state = 'received' ORDER BY due_at LIMIT 1")
        let tmux = Tmux()
        defer { tmux.stop() }
        try tmux.open(data, width: 246, height: 30)
        for _ in 0..<2 {
            try tmux.run(["split-window", "-h", "-t", tmux.session,
                          "env LANG=C.UTF-8 TERM=xterm-256color \(Shubbak.binary.path) open --data \(data) --lang en; sleep 60"],
                         capture: false)
        }
        try tmux.run(["select-layout", "-t", tmux.session, "even-horizontal"], capture: false)
        let first = tmux.pane(0), second = tmux.pane(1), supervisor = tmux.pane(2)
        try first.signIn("op-01")
        try second.signIn("op-02")
        try supervisor.signIn("sup-01")
        // The supervisor learns the counters' key from the dashboard's bar.
        try supervisor.keys("M-6")
        let offered = "F8 \(Catalog.of(.english)[report: .keyCounters])"
        let dashboard = try supervisor.waitFor(offered)
        #expect(Walk.bar(dashboard).contains(offered))
        try supervisor.keys("F8")
        _ = try Self.row(supervisor, "op-01", saying: ["Serving"])
        _ = try Self.row(supervisor, "op-02", saying: ["Serving"])

        // op-01 takes a request and checks it; op-02 goes on a break (Alt+B, from the help).
        try first.keys(id, "Enter")
        try Walk.waitForState(data, id, "claimed")
        _ = try Self.row(supervisor, "op-01", saying: [id, "claimed"])
        try second.keys("F1")
        _ = try second.waitFor("Alt+B")
        try second.keys("Escape", "M-b")
        _ = try second.waitFor("On a break ·")
        let onBreak = try Self.row(supervisor, "op-02", saying: ["On a break"])
        #expect(!onBreak.contains("CSC-"))
        try first.keys("F2")
        try Walk.waitForState(data, id, "verified")
        _ = try Self.row(supervisor, "op-01", saying: [id, "verified"])

        // Back office, then serving again; op-01 signs out and is gone from the counters.
        try second.keys("M-b")
        _ = try Self.row(supervisor, "op-02", saying: ["Back office"])
        try second.keys("M-b")
        _ = try Self.row(supervisor, "op-02", saying: ["Serving"])
        try first.keys("F10", "F10")
        let deadline = Date().addingTimeInterval(8)
        while Date() < deadline, try supervisor.screen().contains("op-01 ") { usleep(200_000) }
        #expect(!(try supervisor.screen().contains("op-01 ")), "a signed-out operator is not at a counter")
        let statuses = try sqlite(data, "SELECT group_concat(status, ' ') FROM (SELECT status FROM operator_status WHERE operator = 'op-02' ORDER BY id)")
        #expect(statuses == "serving break back_office serving")
    }
}
