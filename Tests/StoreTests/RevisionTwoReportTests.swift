import Foundation
import Testing
@testable import ShubbakCore
@testable import ShubbakStore

/// Issue 15 item 6: the report counts the days at an issuer apart from the center's own time, and
/// shows the shelf and the post's reports. Known answers from a script with round numbers.
@Suite struct RevisionTwoReportTests {
    static let t0 = ReportTests.utc("2026-11-20T06:00:00Z")
    static let day: TimeInterval = 86_400
    let op = OperatorID(stored: "op-01")
    let lifecycle = Lifecycle(leaseDuration: 4 * 3_600)

    /// A 48-hour service another body issues in 10 days: without counting those days apart, every one is late.
    static let issued = Service(code: "HIGHER-EDU", name: LocalizedText(ar: "تصديق", en: "Attestation"), speed: .slow, fee: 5000,
                                slaHours: 48, stamps: ["CENTER"], active: true,
                                issuer: Issuer(code: "MOHE", name: LocalizedText(ar: "وزارة التعليم العالي", en: "MOHE"), days: 10))
    static let local = Service(code: "CIVIL-EXTRACT", name: LocalizedText(ar: "إخراج قيد", en: "Extract"), speed: .fast, fee: 2000,
                               slaHours: 48, stamps: ["CENTER"], active: true)

    func request(_ serial: Int, _ service: Service, at submitted: Date, in tx: StoreTransaction) throws -> RequestID {
        let script = ReportTests.Script(serial: serial, service: service.code, subject: String(format: "050100%05d", serial),
                                        submitted: submitted, steps: [])
        let record = try ReportTests.record(script)
        try tx.upsert(person: Person(nationalNo: record.subject.nationalNo, name: record.subject.name, birthDate: record.subject.birthDate,
                                     birthPlace: record.subject.birthPlace, gender: .male, registry: "حماة - 1", status: .alive,
                                     updatedAt: submitted))
        try tx.receive(record, at: submitted)
        return record.id
    }

    @Test func theDaysAtTheIssuerAreCountedApartAndTheShelfByAge() throws {
        let (store, _) = try ReportTests.makeStore()
        let t0 = Self.t0, day = Self.day
        let reference = { (id: RequestID) in Forwarding.reference(center: "HMA-01", issuer: "MOHE", request: id) }
        let today = CenterCalendar.damascus.day(of: t0)
        try store.write { tx in
            try tx.upsert(service: Self.issued)
            try tx.upsert(service: Self.local)
            // Back after 8 days and sealed 30 minutes later: handled 30 min + the time before forwarding, not late.
            let back = try request(1, Self.issued, at: t0, in: tx)
            for (command, at) in [(LifecycleCommand.claim, t0), (.verify(confirmProbable: false), t0 + 60), (.forward(reference: reference(back), today: today), t0 + 120),
                                  (.receiveDocument(reference: reference(back)), t0 + 8 * day), (.stamp(["CENTER"], revenueCancelled: false, paperSerial: nil), t0 + 8 * day + 600),
                                  (.seal(tracking: nil, pickupCode: PickupCode(random: 1)), t0 + 8 * day + 1_800)] {
                try tx.perform(command, on: back, by: op, at: at, lifecycle: lifecycle)
            }
            try tx.perform(.readyForPickup(pickupCode: PickupCode(random: 1)), on: back, by: op, at: t0 + 8 * day + 1_800, lifecycle: lifecycle)
            // Refused by the ministry on day 3.
            let refused = try request(2, Self.issued, at: t0, in: tx)
            for (command, at) in [(LifecycleCommand.claim, t0), (.verify(confirmProbable: false), t0 + 60), (.forward(reference: reference(refused), today: today), t0 + 120),
                                  (.reject(.issuerRefused, fields: [], note: "no such diploma"), t0 + 3 * day)] {
                try tx.perform(command, on: refused, by: op, at: at, lifecycle: lifecycle)
            }
            // Still at the ministry, expected back on day 10: late on day 12.
            let waiting = try request(3, Self.issued, at: t0, in: tx)
            for (command, at) in [(LifecycleCommand.claim, t0), (.verify(confirmProbable: false), t0 + 60), (.forward(reference: reference(waiting), today: today), t0 + 120)] {
                try tx.perform(command, on: waiting, by: op, at: at, lifecycle: lifecycle)
            }
            // A local request sealed 3 days after it came: late, as before.
            let local = try request(4, Self.local, at: t0, in: tx)
            for (command, at) in [(LifecycleCommand.claim, t0 + 3 * day - 600), (.verify(confirmProbable: false), t0 + 3 * day - 500), (.print(reprintReason: nil), t0 + 3 * day - 400),
                                  (.stamp(["CENTER"], revenueCancelled: false, paperSerial: nil), t0 + 3 * day - 300),
                                  (.seal(tracking: nil, pickupCode: PickupCode(random: 4)), t0 + 3 * day)] {
                try tx.perform(command, on: local, by: op, at: at, lifecycle: lifecycle)
            }
            try tx.perform(.readyForPickup(pickupCode: PickupCode(random: 4)), on: local, by: op, at: t0 + 3 * day, lifecycle: lifecycle)
        }
        let range = ReportRange(from: today, to: today.adding(days: 13))
        let report = try store.read { tx in try tx.throughputReport(range, now: t0 + 12 * day, retentionDays: 5) }

        #expect(report.issuers == [IssuerFigures(issuer: "MOHE", forwarded: 3, returned: 1, refused: 1, waiting: 1, late: 1, medianDays: 8)])
        let attestation = try #require(report.services.first { $0.service == "HIGHER-EDU" })
        #expect(attestation.finished == 2 && attestation.breaches == 0, "the ministry's days are not the center's")
        #expect(report.services.first { $0.service == "CIVIL-EXTRACT" }?.breaches == 1)
        // op-01's handling: 600 s (local), 1,800 s (after the document came back) and the refusal, timed from the claim.
        let handling = try store.read { tx in try Int.fetchAll(tx.db, sql: "SELECT handling FROM rollup_finished ORDER BY handling") }
        #expect(handling == [600, 1_800, Int(3 * day)])
        // On the shelf on day 12: one for 4 days, one for 9 (past a retention of 5).
        #expect(report.delivery.shelf == [.underOneWeek: 1, .pastRetention: 1])
        #expect(report.count(.forwarded) == 3 && report.count(.documentReceived) == 1)
    }
}
