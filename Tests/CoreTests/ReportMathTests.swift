import Foundation
import Testing
@testable import ShubbakCore

/// Local days in Damascus, ranges, age buckets and signed-in time.
@Suite struct ReportMathTests {
    func utc(_ text: String) -> Date { ContractTime.parse(text) ?? Date(timeIntervalSince1970: 0) }

    @Test func damascusDaysTurnAt21UTC() throws {
        let calendar = CenterCalendar.damascus
        let day = try CivilDate("2026-11-20")
        #expect(calendar.day(of: utc("2026-11-19T20:59:59Z")) == day.adding(days: -1))
        #expect(calendar.day(of: utc("2026-11-19T21:00:00Z")) == day)
        // 21:59 and 22:01 UTC are one local day (they would straddle midnight at UTC+2).
        #expect(calendar.dayAndHour(of: utc("2026-11-19T21:59:00Z")).hour == 0)
        #expect(calendar.dayAndHour(of: utc("2026-11-19T22:01:00Z")).hour == 1)
        #expect(calendar.day(of: utc("2026-11-19T22:01:00Z")) == day)
        #expect(calendar.start(of: day) == utc("2026-11-19T21:00:00Z"))
        #expect(calendar.text(of: utc("2026-11-19T21:05:59Z")) == "2026-11-20 00:05")
        // Summer 2021 Damascus kept UTC+3 with DST, winter 2021 UTC+2: the tz rules are followed.
        #expect(calendar.start(of: try CivilDate("2021-01-15")) == utc("2021-01-14T22:00:00Z"))
    }

    @Test func rangesWeeksMonthsAndTheWeekBefore() throws {
        let day = try CivilDate("2024-02-10")
        #expect(ReportRange.month(of: day) == ReportRange(from: try CivilDate("2024-02-01"), to: try CivilDate("2024-02-29")))
        #expect(ReportRange.week(endingOn: day).dayCount == 7)
        #expect(ReportRange.day(day).weekBefore == .day(try CivilDate("2024-02-03")))
        #expect(ReportRange(from: day, to: try CivilDate("2024-01-01")).first == (try CivilDate("2024-01-01")))
        #expect(CivilDate(dayNumber: day.dayNumber) == day)
    }

    @Test func ageBuckets() {
        #expect(AgeBucket.of(age: 86_399) == .underOneDay)
        #expect(AgeBucket.of(age: 86_400) == .oneToTwoDays)
        #expect(AgeBucket.of(age: 2 * 86_400) == .twoToSevenDays)
        #expect(AgeBucket.of(age: 7 * 86_400) == .twoToSevenDays)
        #expect(AgeBucket.of(age: 7 * 86_400 + 1) == .overSevenDays)
    }

    @Test func signedInTimeRunsFromSignInToSignOutOrIdleLock() {
        let start = utc("2026-11-19T21:00:00Z"), end = utc("2026-11-20T21:00:00Z")
        let a = OperatorID(stored: "op-01"), b = OperatorID(stored: "op-02")
        let marks = [
            // op-01 signed in the evening before: only the part inside the day counts.
            SessionMark(sequence: 1, operator: a, kind: .signedIn, at: utc("2026-11-19T20:00:00Z")),
            SessionMark(sequence: 2, operator: a, kind: .signedOut, at: utc("2026-11-19T22:00:00Z")),
            SessionMark(sequence: 3, operator: a, kind: .signedIn, at: utc("2026-11-20T06:00:00Z")),
            SessionMark(sequence: 4, operator: a, kind: .idleLocked, at: utc("2026-11-20T07:00:00Z")),
            SessionMark(sequence: 5, operator: a, kind: .failed, at: utc("2026-11-20T07:05:00Z")),
            SessionMark(sequence: 6, operator: a, kind: .unlocked, at: utc("2026-11-20T07:10:00Z")),
            SessionMark(sequence: 7, operator: a, kind: .signedOut, at: utc("2026-11-20T07:40:00Z")),
            // op-02 never signed out: counted to the end of the window.
            SessionMark(sequence: 8, operator: b, kind: .signedIn, at: utc("2026-11-20T20:00:00Z")),
        ]
        let totals = ReportMath.signedInSeconds(marks, within: start..<end)
        #expect(totals[a] == 3_600 + 3_600 + 30 * 60)
        #expect(totals[b] == 3_600)
    }
}
