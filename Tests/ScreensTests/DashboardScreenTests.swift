import Foundation
import Testing
@testable import ShubbakCore
@testable import ShubbakScreens
@testable import ShubbakTerminal

/// The dashboard headless: keys give states and commands; a fixed report renders into a buffer in both languages.
@Suite struct DashboardScreenTests {
    /// 2026-11-20 12:30 in Damascus.
    let now = ContractTime.parse("2026-11-20T09:30:00Z") ?? Date(timeIntervalSince1970: 0)

    func day(_ text: String) throws -> CivilDate { try CivilDate(text) }

    func state(_ role: Role = .supervisor, _ language: Language = .english) -> DashboardScreen.State {
        DashboardScreen.State(language: language, role: role, now: now, center: "HMA-01", operatorName: "sv-01")
    }

    func report(_ range: ReportRange) throws -> ThroughputReport {
        var byHour = Array(repeating: 0, count: 24)
        byHour[9] = 3
        byHour[11] = 6
        return ThroughputReport(
            range: range, madeAt: now,
            stages: [.received: 12, .claimed: 9, .rejected: 2, .sealed: 7],
            operators: [OperatorFigures(operator: OperatorID(stored: "op-01"), finished: 7, rejected: 2, medianHandling: 2_700,
                                        longestHandling: 5_400, signedIn: 4 * 3_600 + 15 * 60)],
            services: [ServiceFigures(service: "CIVIL-EXTRACT", speed: .fast, received: 12, finished: 9, breaches: 1)],
            finishedByHour: byHour, finishedLast14Days: Array(0..<14),
            backlog: Backlog(byAge: [.underOneDay: 4, .overSevenDays: 1], carriedOver: 2, overdueCount: 1,
                             overdue: [OverdueRequest(id: try RequestID("CSC-2026-00000008"), service: "FAMILY-EXTRACT",
                                                      state: .received, dueAt: now.addingTimeInterval(-86_400))]),
            rejections: [.nameMismatch: 2],
            duplicates: [DuplicateFlag(request: try RequestID("CSC-2026-00000006"), duplicateOf: try RequestID("CSC-2026-00000005"))],
            sync: SyncHealth(lastImport: now.addingTimeInterval(-600), lastExport: nil, waitingSeq: 4, quarantined: 1,
                             unacknowledged: 2, oldestUnacknowledged: now.addingTimeInterval(-3 * 3_600)))
    }

    @Test func anOperatorIsRefusedAndTheRefusalIsRecorded() throws {
        var state = state(.operator)
        var commands: [DashboardScreen.Command]
        (state, commands) = DashboardScreen.update(state, .opened)
        #expect(commands == [.recordRefusal])
        // No report key works for an operator; ticks load nothing.
        for key: Key in [.function(2), .function(4), .function(5), .function(6)] {
            (state, commands) = DashboardScreen.update(state, .key(key))
            #expect(commands.isEmpty)
        }
        (state, commands) = DashboardScreen.update(state, .tick(now.addingTimeInterval(5)))
        #expect(commands.isEmpty)
        var buffer = Buffer(size: Size(width: 100, height: 24))
        DashboardScreen.view(state, into: &buffer)
        let screen = buffer.renderedLines().joined(separator: "\n")
        #expect(screen.contains("Supervisors only"))
        #expect(screen.contains("This attempt was"))
        #expect(!screen.contains("Stages"))
        (state, _) = DashboardScreen.update(state, .key(.function(10)))
        #expect(state.quit)
    }

    @Test func supervisorsAndAdminsLoadTodayOnOpening() throws {
        for role: Role in [.supervisor, .admin] {
            let (_, commands) = DashboardScreen.update(state(role), .opened)
            #expect(commands == [.loadReport(.day(try day("2026-11-20")), compareWithWeekBefore: false)])
        }
    }

    @Test func keysMoveTheDayChooseThePeriodAndCompare() throws {
        var state = state()
        var commands: [DashboardScreen.Command]
        (state, commands) = DashboardScreen.update(state, .key(.function(2)))
        #expect(commands == [.loadReport(.day(try day("2026-11-19")), compareWithWeekBefore: false)])
        (state, commands) = DashboardScreen.update(state, .key(.function(3)))
        #expect(commands == [.loadReport(.day(try day("2026-11-20")), compareWithWeekBefore: false)])
        // Not past today.
        (state, commands) = DashboardScreen.update(state, .key(.function(3)))
        #expect(commands.isEmpty)
        (state, commands) = DashboardScreen.update(state, .key(.function(4)))
        #expect(commands == [.loadReport(ReportRange(from: try day("2026-11-14"), to: try day("2026-11-20")), compareWithWeekBefore: false)])
        (state, commands) = DashboardScreen.update(state, .key(.function(2)))
        #expect(commands == [.loadReport(ReportRange(from: try day("2026-11-07"), to: try day("2026-11-13")), compareWithWeekBefore: false)])
        (state, commands) = DashboardScreen.update(state, .key(.function(4)))
        #expect(commands == [.loadReport(ReportRange(from: try day("2026-11-01"), to: try day("2026-11-30")), compareWithWeekBefore: false)])
        (state, commands) = DashboardScreen.update(state, .key(.function(2)))
        #expect(commands == [.loadReport(ReportRange(from: try day("2026-10-01"), to: try day("2026-10-31")), compareWithWeekBefore: false)])
        (state, commands) = DashboardScreen.update(state, .key(.function(4)))
        #expect(state.period == .day)
        #expect(commands == [.loadReport(.day(try day("2026-10-31")), compareWithWeekBefore: false)])
        (state, commands) = DashboardScreen.update(state, .key(.function(6)))
        #expect(commands == [.loadReport(.day(try day("2026-10-31")), compareWithWeekBefore: true)])
        (state, commands) = DashboardScreen.update(state, .key(.function(7)))
        #expect(commands == [.loadReport(.day(try day("2026-11-20")), compareWithWeekBefore: true)])
        (state, commands) = DashboardScreen.update(state, .key(.function(5)))
        #expect(commands == [.loadReport(.day(try day("2026-11-20")), compareWithWeekBefore: true)])
        (state, _) = DashboardScreen.update(state, .key(.function(9)))
        #expect(state.language == .arabic)
        (state, _) = DashboardScreen.update(state, .key(.function(1)))
        #expect(state.showsHelp)
        (state, commands) = DashboardScreen.update(state, .key(.function(2)))
        #expect(!state.showsHelp && commands.isEmpty)
        (state, _) = DashboardScreen.update(state, .key(.escape))
        #expect(state.quit)
    }

    /// Issue 16 item 3: F8 shows who is at which counter now, reloaded on every tick, even on a past day.
    @Test func f8ShowsTheCountersNowWithWhatEachHoldsAndWhoIsOnABreak() throws {
        var state = state()
        var commands: [DashboardScreen.Command]
        (state, _) = DashboardScreen.update(state, .key(.function(2)))          // yesterday: not live
        (state, commands) = DashboardScreen.update(state, .key(.function(8)))
        #expect(state.shown == .counters && commands == [.loadCounters])
        (state, commands) = DashboardScreen.update(state, .tick(now.addingTimeInterval(3)))
        #expect(commands == [.loadCounters])
        let op1 = OperatorID(stored: "op-01"), op2 = OperatorID(stored: "op-02")
        let held = HeldRequest(id: try RequestID("CSC-2026-00012345"), service: "CIVIL-EXTRACT", state: .verified,
                               since: now.addingTimeInterval(-420))
        (state, _) = DashboardScreen.update(state, .counters([
            LiveCounter(operator: op1, name: "سامر", status: .serving, statusSince: now.addingTimeInterval(-3_600),
                        signedInAt: now.addingTimeInterval(-3_600), activeAt: nil, request: held),
            LiveCounter(operator: op2, name: "ريم", status: .onBreak, statusSince: now.addingTimeInterval(-900),
                        signedInAt: now.addingTimeInterval(-7_200), activeAt: now.addingTimeInterval(-1_000), request: nil),
        ]))
        for size in [minimumTerminalSize, Size(width: 120, height: 40)] {
            var buffer = Buffer(size: size)
            DashboardScreen.view(state, into: &buffer)
            let lines = buffer.renderedLines()
            let first = try #require(lines.first { $0.contains("op-01") })
            #expect(first.contains("CSC-2026-00012345") && first.contains("verified") && first.contains("0:07"), "\(first)")
            let second = try #require(lines.first { $0.contains("op-02") })
            #expect(second.contains("On a break 0:15"), "\(second)")
            #expect(lines[size.height - 1].hasPrefix("F1 Help F8 Targets F5 Refresh F10 Back"))
        }
        (state, commands) = DashboardScreen.update(state, .key(.function(8)))
        #expect(state.shown == .targets && commands == [.loadReport(.day(try day("2026-11-19")), compareWithWeekBefore: false)])
    }

    /// Issue 16 item 4: after the counters, F8 shows the period's times in buckets against the targets.
    @Test func theTargetsViewShowsEachMeasureInBucketsWithTheShareMet() throws {
        var state = state()
        (state, _) = DashboardScreen.update(state, .key(.function(8)))
        var commands: [DashboardScreen.Command]
        (state, commands) = DashboardScreen.update(state, .key(.function(8)))
        #expect(state.shown == .targets && commands == [.loadReport(.day(try day("2026-11-20")), compareWithWeekBefore: false)])
        var report = try report(.day(try day("2026-11-20")))
        report.targets = [TargetFigures(measure: .handlingFast, target: 900, durations: [300, 600, 600, 1_000, 4_000]),
                          TargetFigures(measure: .handlingSlow, target: 1_800),
                          TargetFigures(measure: .waiting, target: 3_600, durations: [60])]
        (state, _) = DashboardScreen.update(state, .report(report, previous: nil))
        var buffer = Buffer(size: minimumTerminalSize)
        DashboardScreen.view(state, into: &buffer)
        let lines = buffer.renderedLines()
        #expect(lines.contains { $0.contains("Handling, fast services — target 0:15 — met 60% (3/5)") }, "\(lines.joined(separator: "\n"))")
        #expect(lines.contains { $0.contains("Handling, slow services — target 0:30") && !$0.contains("met") })
        #expect(lines.contains { $0.contains("≤ 0:07") && $0.hasSuffix("1│") })
        #expect(lines.contains { $0.contains("> 0:30") && $0.hasSuffix("1│") })
        #expect(lines[minimumTerminalSize.height - 1].hasPrefix("F1 Help F8 Figures F2 Day before"))
        #expect(!lines[minimumTerminalSize.height - 1].contains("F6"), "nothing to compare")
    }

    @Test func todayIsLiveAPastDayIsNotAndALateReportIsDropped() throws {
        var state = state()
        var commands: [DashboardScreen.Command]
        (state, commands) = DashboardScreen.update(state, .tick(now.addingTimeInterval(3)))
        #expect(commands == [.loadReport(.day(try day("2026-11-20")), compareWithWeekBefore: false)])
        (state, _) = DashboardScreen.update(state, .key(.function(2)))
        (state, commands) = DashboardScreen.update(state, .tick(now.addingTimeInterval(6)))
        #expect(commands.isEmpty)
        // The report for today arrives after the user moved to yesterday: not shown.
        (state, _) = DashboardScreen.update(state, .report(try report(.day(try day("2026-11-20"))), previous: nil))
        #expect(state.report == nil)
        (state, _) = DashboardScreen.update(state, .report(try report(.day(try day("2026-11-19"))), previous: nil))
        #expect(state.report?.range == .day(try day("2026-11-19")))
    }

    func loaded(_ language: Language, comparing: Bool = false) throws -> DashboardScreen.State {
        var state = state(.supervisor, language)
        state.comparing = comparing
        let today = ReportRange.day(try day("2026-11-20"))
        var previous = try report(today.weekBefore)
        previous.stages = [.received: 10, .sealed: 9]
        return DashboardScreen.update(state, .report(try report(today), previous: previous)).0
    }

    @Test func englishSnapshot() throws {
        var buffer = Buffer(size: Size(width: 160, height: 40))
        DashboardScreen.view(try loaded(.english, comparing: true), into: &buffer)
        let lines = buffer.renderedLines()
        let screen = lines.joined(separator: "\n")
        #expect(lines[0].hasPrefix("Supervisor dashboard — day 2026-11-20 (today) — vs 2026-11-13"))
        #expect(lines[0].hasSuffix("HMA-01"))
        // Stages with the change against last week: received 12 vs 10, sealed 7 vs 9.
        #expect(lines.contains { $0.contains("│received") && $0.contains("12") && $0.contains("+2") })
        #expect(lines.contains { $0.contains("│sealed") && $0.contains("7") && $0.contains("-2") })
        // The operator row: finished, rejected, median 45 min, longest 1 h 30, signed in 4 h 15.
        let operatorRow = try #require(lines.first { $0.contains("op-01") })
        for cell in ["7", "2", "0:45", "1:30", "4:15"] { #expect(operatorRow.contains(" \(cell)"), "\(cell)") }
        #expect(screen.contains("CIVIL-EXTRACT (fast)"))
        #expect(screen.contains("name mismatch"))
        #expect(screen.contains("5 open · 2 carried over from earlier days · 1 overdue"))
        // Due a day before `now` (09:30 UTC), shown in Damascus time.
        #expect(lines.contains { $0.contains("CSC-2026-00000008") && $0.contains("2026-11-19 12:30") })
        #expect(screen.contains("CSC-2026-00000006 → CSC-2026-00000005"))
        #expect(screen.contains("Waiting for seq: 4"))
        #expect(screen.contains("Quarantined files: 1"))
        #expect(screen.contains("Unacknowledged bundles: 2 (oldest since 3h)"))
        #expect(screen.contains("Last export: never"))
        // Hours 09 to 11 as bars, 11 the longest; the sparkline rises to the newest day on the right.
        let nine = try #require(lines.first { $0.contains("│09 ") })
        let eleven = try #require(lines.first { $0.contains("│11 ") })
        let (short, long) = (nine.filter { $0 == "█" }.count, eleven.filter { $0 == "█" }.count)
        // 3 is half of 6: the bar is half as long, give or take the cell lost to rounding down.
        #expect(short * 2 == long || short * 2 + 1 == long)
        #expect(screen.contains("▁▁▂▂▃▃▄▄▅▅▆▆▇█"))
        #expect(lines[39].hasPrefix("F1 Help F8 Counters F2 Day before"))
    }

    @Test func theSmallestTerminalKeepsNamesAndFigures() throws {
        var buffer = Buffer(size: minimumTerminalSize)
        DashboardScreen.view(try loaded(.english), into: &buffer)
        let lines = buffer.renderedLines()
        let operatorRow = try #require(lines.first { $0.contains("│op-01 ") })
        #expect(operatorRow.contains(" 0:45"))
        #expect(lines.contains { $0.contains("│received") && $0.contains(" 12│") })
        #expect(lines[minimumTerminalSize.height - 1].hasPrefix("F1 Help F8 Counters F2 Day before"))
    }

    @Test func arabicSnapshotIsMirrored() throws {
        var buffer = Buffer(size: Size(width: 160, height: 40))
        DashboardScreen.view(try loaded(.arabic), into: &buffer)
        let lines = buffer.renderedLines()
        let screen = lines.joined(separator: "\n")
        let catalog = Catalog.of(.arabic)
        func visual(_ text: String) -> String { BidiText.visual(text, direction: .rightToLeft) }
        // The title reads from the right; the center name is on the left.
        #expect(lines[0].hasSuffix(visual(catalog[report: .dashboardTitle])) || lines[0].contains(visual(catalog[report: .dashboardTitle])))
        #expect(lines[0].hasPrefix("HMA-01"))
        // The stages box is the rightmost: its first row ends with the stage name and its border.
        let received = try #require(lines.first { $0.contains(visual(catalog[report: .stage(.received)])) })
        #expect(received.hasSuffix("\(visual(catalog[report: .stage(.received)]))│"))
        #expect(screen.contains(visual(catalog[report: .reason(.nameMismatch)])))
        #expect(screen.contains("op-01"))
        // The newest day of the sparkline is on the left in Arabic.
        #expect(screen.contains("█▇▆▆▅▅▄▄▃▃▂▂▁▁"))
        #expect(lines[39].hasSuffix("F2 \(visual(catalog[report: .keyDayBack]))") || lines[39].contains(visual(catalog[report: .keyDayBack])))
    }

    /// Issue 14 item 5: one word per state and language, the same on the screens, the dashboard and the reports.
    @Test(arguments: Language.allCases)
    func everyStateHasOneWordEverywhere(language: Language) {
        let catalog = Catalog.of(language)
        let words = RequestState.allCases.map(catalog.state)
        #expect(Set(words).count == words.count, "one word for two states: \(words)")
        for state in RequestState.allCases {
            #expect(catalog[report: .state(state)] == catalog.state(state))
            if let kind = EventKind(rawValue: state.rawValue), kind != .received {
                #expect(catalog[report: .stage(kind)] == catalog.state(state), "\(kind)")
            }
        }
        #expect(!words.contains("مختوم"), "«مختوم» meant stamped on one screen and sealed on another")
    }
}
