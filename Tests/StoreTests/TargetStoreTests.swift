import Foundation
import GRDB
import Testing
@testable import ShubbakCore
@testable import ShubbakStore

/// Issue 16 item 4 in a real database: waits and handling times against the targets, and the
/// deadlines of the next hour.
@Suite struct TargetStoreTests {
    let base = StoreTests()
    var t0: Date { base.t0 }
    let lifecycle = Lifecycle(leaseDuration: 900)

    @Test func theWaitIsCountedAtTheFirstClaimAndHandlingByItsSpeed() throws {
        let store = try base.makeStore()
        try base.seed(store, count: 3)
        let ids = try (1...3).map { try RequestID("CSC-2026-\(String(format: "%08d", $0))") }
        // Received at t0. Claimed after 10, 40 and 100 minutes; the first claimed again later by a colleague.
        try store.write { tx in
            for (id, minutes) in zip(ids, [10.0, 40, 100]) {
                try tx.perform(.claim, on: id, by: base.op1, at: t0.addingTimeInterval(minutes * 60), lifecycle: lifecycle)
            }
            try tx.perform(.release(note: ""), on: ids[0], by: base.op1, at: t0.addingTimeInterval(700), lifecycle: lifecycle)
            try tx.perform(.claim, on: ids[0], by: base.op2, at: t0.addingTimeInterval(800), lifecycle: lifecycle)
            // Rejected 5 and 25 minutes after their claims: handling of a fast service.
            try tx.perform(.reject(.other, fields: [], note: "torn"), on: ids[0], by: base.op2, at: t0.addingTimeInterval(1_100),
                           lifecycle: lifecycle)
            try tx.perform(.reject(.other, fields: [], note: "torn"), on: ids[1], by: base.op1, at: t0.addingTimeInterval(3_900),
                           lifecycle: lifecycle)
        }
        let waits = try store.read { tx in try Int.fetchAll(tx.db, sql: "SELECT wait FROM rollup_wait ORDER BY request") }
        #expect(waits == [600, 2_400, 6_000])
        let day = ReportRange.day(CenterCalendar.damascus.day(of: t0))
        let targets = Targets(handlingFastMinutes: 10, handlingSlowMinutes: 30, waitingMinutes: 30)
        let report = try store.read { tx in try tx.throughputReport(day, now: t0.addingTimeInterval(7_200), targets: targets) }
        let byMeasure = Dictionary(uniqueKeysWithValues: report.targets.map { ($0.measure, $0) })
        #expect(byMeasure[.waiting]?.buckets == [.withinHalf: 1, .withinTarget: 0, .withinDouble: 1, .beyondDouble: 1])
        #expect(byMeasure[.waiting]?.metPercent == 33)
        #expect(byMeasure[.handlingFast]?.buckets == [.withinHalf: 1, .withinTarget: 0, .withinDouble: 0, .beyondDouble: 1])
        #expect(byMeasure[.handlingSlow]?.count == 0 && byMeasure[.handlingSlow]?.target == 1_800)
    }

    @Test func theDeadlinesOfTheNextHourAreCountedEarliestFirst() throws {
        let store = try base.makeStore()
        try base.seed(store, count: 3)
        // CIVIL-EXTRACT is due 48 h after submission; the three were submitted at t0 + 1, 2 and 3 s.
        let due = t0.addingTimeInterval(48 * 3_600)
        let soon = try store.read { tx in try tx.dueSoon(at: due.addingTimeInterval(-3_600 + 10), within: 3_600) }
        #expect(soon.count == 3 && soon.first?.rawValue == "CSC-2026-00000001")
        #expect(try store.read { tx in try tx.dueSoon(at: due.addingTimeInterval(-3_600 + 2), within: 3_600) }.count == 2,
                "the third is due a second after the hour")
        // Once the first is overdue, it is the status line's overdue count, not this one.
        let later = try store.read { tx in try tx.dueSoon(at: due.addingTimeInterval(1), within: 3_600) }
        #expect(later.count == 2 && later.first?.rawValue == "CSC-2026-00000002")
        #expect(try store.read { tx in try tx.dueSoon(at: t0, within: 3_600) }.count == 0)
    }
}
