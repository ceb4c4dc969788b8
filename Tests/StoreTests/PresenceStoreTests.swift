import Foundation
import GRDB
import Testing
@testable import ShubbakCore
@testable import ShubbakStore

/// Issue 16 item 3 in a real database: who is at which counter, what they hold, and a break that
/// is not handling time.
@Suite struct PresenceStoreTests {
    let base = StoreTests()
    var t0: Date { base.t0 }
    let lifecycle = Lifecycle(leaseDuration: 900)

    @Test func aSignInPutsTheOperatorAtTheCounterAndASignOutTakesThemAway() throws {
        let store = try base.makeStore()
        try base.seed(store, count: 2)
        let id = try RequestID("CSC-2026-00000001")
        try store.write { tx in
            try tx.log(.signedIn, of: base.op1, at: t0)
            try tx.log(.signedIn, of: base.op2, at: t0)
            try tx.perform(.claim, on: id, by: base.op1, at: t0.addingTimeInterval(60), lifecycle: lifecycle)
            try tx.perform(.claim, on: id, by: base.op1, at: t0.addingTimeInterval(300), lifecycle: lifecycle)   // a renewal
            try tx.setStatus(.onBreak, of: base.op2, at: t0.addingTimeInterval(120))
            // The two counters beat while the operators work.
            for person in [base.op1, base.op2] { try tx.heartbeat(of: person, at: t0.addingTimeInterval(390)) }
        }
        let counters = try store.read { tx in try tx.liveCounters(at: t0.addingTimeInterval(400)) }
        try #require(counters.map(\.operator) == [base.op1, base.op2])
        let held = try #require(counters[0].request)
        #expect(held.id == id && held.state == .claimed)
        #expect(held.since == t0.addingTimeInterval(60), "since the first claim, not the renewal")
        #expect(counters[0].activeAt == t0.addingTimeInterval(300))
        #expect(counters[1].status == .onBreak && counters[1].statusSince == t0.addingTimeInterval(120))
        // A counter that stopped beating is not shown; its beat brings it back.
        #expect(try store.read { tx in try tx.liveCounters(at: t0.addingTimeInterval(391 + StoreTransaction.presenceTimeout)) }.isEmpty)
        #expect(try store.write { tx in try tx.heartbeat(of: base.op2, at: t0.addingTimeInterval(500)) } == .onBreak)
        #expect(try store.read { tx in try tx.liveCounters(at: t0.addingTimeInterval(510)) }.map(\.operator) == [base.op2])
        // Signing out (or a lock) takes the operator away, and ends the break.
        try store.write { tx in try tx.log(.signedOut, of: base.op2, at: t0.addingTimeInterval(600)) }
        #expect(try store.read { tx in try tx.liveCounters(at: t0.addingTimeInterval(610)) }.isEmpty)
        let statuses = try store.read { tx in try String.fetchAll(tx.db, sql: "SELECT status FROM operator_status WHERE operator = 'op-02' ORDER BY id") }
        #expect(statuses == ["serving", "break", "away"])
    }

    @Test func aBreakTakenWhileHoldingARequestIsNotHandlingTime() throws {
        let store = try base.makeStore()
        try base.seed(store, count: 1)
        let id = try RequestID("CSC-2026-00000001")
        try store.write { tx in
            try tx.log(.signedIn, of: base.op1, at: t0)
            try tx.perform(.claim, on: id, by: base.op1, at: t0.addingTimeInterval(60), lifecycle: lifecycle)
            // A break of 10 minutes, and 5 minutes in the back office (that is work), then the rejection at 25 minutes.
            try tx.setStatus(.onBreak, of: base.op1, at: t0.addingTimeInterval(300))
            try tx.setStatus(.backOffice, of: base.op1, at: t0.addingTimeInterval(900))
            try tx.setStatus(.serving, of: base.op1, at: t0.addingTimeInterval(1_200))
            try tx.perform(.reject(.other, fields: [], note: "torn form"), on: id, by: base.op1, at: t0.addingTimeInterval(1_560),
                           lifecycle: lifecycle)
        }
        let handling = try store.read { tx in try Int.fetchOne(tx.db, sql: "SELECT handling FROM rollup_finished") }
        #expect(handling == 1_500 - 600)
        let report = try store.read { tx in try tx.throughputReport(.day(CenterCalendar.damascus.day(of: t0)), now: t0.addingTimeInterval(1_800)) }
        #expect(report.operators.first { $0.operator == base.op1 }?.medianHandling == 900)
    }
}
