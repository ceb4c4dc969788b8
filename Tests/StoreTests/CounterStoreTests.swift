import Foundation
import GRDB
import Testing
@testable import ShubbakCore
@testable import ShubbakStore

/// Operators, the session log, S10 ranges, pickup codes and hand-overs, in a real database.
@Suite struct CounterStoreTests {
    let base = StoreTests()
    var t0: Date { base.t0 }

    @Test func operatorsAreAddedOnceAndTheirAttemptsAreKept() throws {
        let store = try base.makeStore()
        let profile = Operator(id: OperatorID(stored: "op-07"), name: "ريم", role: .supervisor)
        let hash = try PasswordHash(password: "secret-7", cost: 10)
        try store.write { tx in try tx.add(profile, password: hash, at: t0) }
        #expect(throws: StoreError.self) { try store.write { tx in try tx.add(profile, password: hash, at: t0) } }
        try store.write { tx in
            guard var account = try tx.account(profile.id) else { Issue.record("no account"); return }
            account.failedAttempts = 3
            account.lockedUntil = t0.addingTimeInterval(300)
            try tx.update(account)
            try tx.log(.failed, of: profile.id, at: t0, detail: "wrong password")
            try tx.log(.lockedOut, of: profile.id, at: t0.addingTimeInterval(1))
        }
        let account = try store.read { tx in try tx.account(profile.id) }
        #expect(account?.failedAttempts == 3)
        #expect(account?.lockedUntil == t0.addingTimeInterval(300))
        #expect(account?.password.matches("secret-7") == true)
        #expect(try store.read { tx in try tx.operators() } == [profile])
        let log = try store.read { tx in try tx.sessionLog(limit: 10) }
        #expect(log.map(\.kind) == [.lockedOut, .failed])
    }

    @Test func trackingNumbersComeFromTheRangeOnceEach() throws {
        let store = try base.makeStore()
        try base.seed(store, count: 3)
        let ids = try (1...3).map { try RequestID("CSC-2026-0000000\($0)") }
        let first = try store.write { tx in try tx.allocateTracking(prefix: "rr", serials: 41...42, for: ids[0], at: t0) }
        // Serial 41 = 00000041: 4×9 + 1×7 = 43; 43 mod 11 = 10; 11 − 10 = 1.
        #expect(first.rawValue == "RR000000411SY")
        #expect(try store.read { tx in try tx.allocatedTracking(for: ids[0]) } == first)
        let second = try store.write { tx in try tx.allocateTracking(prefix: "RR", serials: 41...42, for: ids[1], at: t0) }
        #expect(second.rawValue.hasPrefix("RR00000042"))
        #expect(throws: StoreError.self) {
            try store.write { tx in try tx.allocateTracking(prefix: "RR", serials: 41...42, for: ids[2], at: t0) }
        }
        // A label scanned for one envelope cannot go on another.
        let label = try TrackingNumber("EE123456785SY")
        try store.write { tx in try tx.assign(label, to: ids[2], at: t0) }
        #expect(throws: StoreError.self) { try store.write { tx in try tx.assign(label, to: ids[1], at: t0) } }
        #expect(throws: StoreError.self) { try store.write { tx in try tx.assign(first, to: ids[2], at: t0) } }
    }

    @Test func thePickupCodeOnTheEnvelopeIsTheOneSealed() throws {
        let store = try base.makeStore()
        try base.seed(store, count: 2)
        let id = try RequestID("CSC-2026-00000001")
        let printed = try store.write { tx in try tx.pickupCode(for: id, at: t0) }
        #expect(try store.write { tx in try tx.pickupCode(for: id, at: t0) } == printed)
        #expect(try store.read { tx in try tx.reservedPickupCode(for: id) } == printed)
        let other = try store.write { tx in try tx.pickupCode(for: try RequestID("CSC-2026-00000002"), at: t0) }
        #expect(other != printed)
    }

    @Test func aHandedOverRequestIsInTheColleaguesMineAndTheAuditStillHolds() throws {
        let store = try base.makeStore()
        try base.seed(store, count: 2)
        let id = try RequestID("CSC-2026-00000001")
        try store.perform(.claim, on: id, by: base.op1, at: t0)
        try store.perform(.handOver(to: base.op2, note: "نهاية الدوام"), on: id, by: base.op1, at: t0)
        let mine = try store.read { tx in try tx.queue(QueueFilter(heldBy: base.op2), at: t0, limit: 10) }
        #expect(mine.map(\.id) == [id])
        #expect(mine.first?.handedTo == base.op2)
        #expect(try store.read { tx in try tx.queue(QueueFilter(heldBy: base.op1), at: t0, limit: 10) }.isEmpty)
        try store.perform(.claim, on: id, by: base.op2, at: t0)
        #expect(try store.read { tx in try tx.request(id) }?.progress.handedTo == nil)
        #expect(try store.verifyAudit().firstProblem == nil)
    }

    @Test func printIsDecidedBeforeItIsRecorded() throws {
        let store = try base.makeStore()
        try base.seed(store, count: 1)
        let id = try RequestID("CSC-2026-00000001")
        try store.perform(.claim, on: id, by: base.op1, at: t0)
        // Not verified yet: the decision refuses, and nothing is appended.
        #expect(throws: StoreError.self) {
            try store.read { tx in try tx.decide(.print(reprintReason: nil), on: id, by: base.op1, at: t0, lifecycle: Lifecycle()) }
        }
        #expect(try store.read { tx in try tx.events(of: id) }.map(\.kind) == [.received, .claimed])
    }
}
