import Foundation
import ShubbakCore
import Testing

/// The dashboard in a real terminal, reached as a supervisor reaches it (sign in, Alt+6): they move through days and
/// periods in English and Arabic; an operator is refused and the refusal lands in the session log.
@Suite(.serialized) struct DashboardTmuxTests {
    /// A demo center (its list has operators op-01, op-02 and supervisor sup-01) with claims made today.
    func center() throws -> String {
        let data = try Shubbak.demoCenter(requests: 40)
        #expect(try Shubbak.run(["claim", "--operator", "op-02", "--count", "3", "--data", data]).status == 0)
        return data
    }

    @Test func aSupervisorReadsTheDayMovesAndSwitchesLanguage() throws {
        let data = try center()
        let tmux = Tmux()
        defer { tmux.stop() }
        try tmux.open(data)
        try tmux.signIn("sup-01")
        try tmux.keys("M-6")
        // The title shows at once, the day's figures when their answer comes: wait for those.
        _ = try tmux.waitFor("Supervisor dashboard — day ")
        let english = try tmux.waitFor("│claimed")
        #expect(english.contains("(today)"))
        #expect(english.contains("op-02"))
        #expect(english.contains("F10 Back"), "F10 goes back to the queue, and says so")
        let claimed = try #require(english.split(separator: "\n").first { $0.contains("│claimed") })
        #expect(claimed.contains(" 3│"))
        try tmux.keys("F2")
        // Yesterday in Damascus (UTC+3).
        let yesterday = ContractTime.format(Date().addingTimeInterval(3 * 3_600 - 86_400)).prefix(10)
        let before = try tmux.waitFor("Supervisor dashboard — day \(yesterday)")
        #expect(!before.contains("(today)"))
        try tmux.keys("F4")
        _ = try tmux.waitFor("Supervisor dashboard — week ")
        try tmux.keys("F6")
        _ = try tmux.waitFor(" — vs ")
        try tmux.keys("F9")
        // لوحة المشرف, shaped and in visual order.
        let arabic = try tmux.waitFor("ﻑﺮﺸﻤﻟﺍ ﺔﺣﻮﻟ")
        #expect(arabic.contains("ﻉﻮﺟﺭ F10"))
        try tmux.keys("F10")                               // back to the queue, still in Arabic
        _ = try tmux.waitFor("ﺓﺩﺭﺍﻮﻟﺍ ﺕﺎﺒﻠﻄﻟﺍ")
    }

    @Test func anOperatorIsRefusedAndTheRefusalIsRecorded() throws {
        let data = try center()
        let tmux = Tmux()
        defer { tmux.stop() }
        try tmux.open(data)
        try tmux.signIn("op-01")
        try tmux.keys("M-6")
        let refused = try tmux.waitFor("Supervisors only")
        #expect(!refused.contains("Stages"))
        try tmux.keys("F10")
        _ = try tmux.waitFor("Incoming requests")
        let log = try sqlite(data, "SELECT operator, kind FROM operator_session")
        #expect(log.contains("op-01|refused"))
    }
}
