import Foundation
import Testing
@testable import ShubbakCore

/// Issue 16 item 3: known answers for break time and idle time.
@Suite struct PresenceTests {
    let t0 = ContractTime.parse("2026-11-21T06:00:00Z") ?? Date(timeIntervalSince1970: 0)
    let op1 = OperatorID(stored: "op-01"), op2 = OperatorID(stored: "op-02")

    func mark(_ sequence: Int64, _ person: OperatorID, _ status: OperatorStatus, minutes: Double) -> StatusMark {
        StatusMark(sequence: sequence, operator: person, status: status, at: t0.addingTimeInterval(minutes * 60))
    }

    @Test func aBreakLastsUntilTheNextStatusAndIsClippedToTheWindow() {
        let marks = [
            mark(1, op1, .serving, minutes: 0), mark(2, op1, .onBreak, minutes: 30), mark(3, op1, .serving, minutes: 45),
            // The back office is not a break; signing out ends one.
            mark(4, op1, .backOffice, minutes: 60), mark(5, op1, .onBreak, minutes: 90), mark(6, op1, .away, minutes: 100),
            // op-02 went on a break before the window and is still on it.
            mark(7, op2, .onBreak, minutes: -20),
        ]
        let window = t0..<t0.addingTimeInterval(120 * 60)
        let breaks = ReportMath.breakSeconds(marks, within: window)
        #expect(breaks[op1] == (15 + 10) * 60)
        #expect(breaks[op2] == 120 * 60)
        // A window that starts inside op-01's first break counts only its part.
        #expect(ReportMath.breakSeconds(marks, within: t0.addingTimeInterval(40 * 60)..<window.upperBound)[op1] == (5 + 10) * 60)
        // Out of order as read, the same answer.
        #expect(ReportMath.breakSeconds(marks.reversed(), within: window) == breaks)
    }

    @Test func theOneKeyGoesFromServingToABreakToTheBackOfficeAndBack() {
        #expect(OperatorStatus.serving.next == .onBreak)
        #expect(OperatorStatus.onBreak.next == .backOffice)
        #expect(OperatorStatus.backOffice.next == .serving)
        #expect(OperatorStatus.away.next == .serving)
    }

    @Test func idleIsTimeServingWithNothingAtTheCounter() throws {
        var counter = LiveCounter(operator: op1, name: "سامر", status: .serving, statusSince: t0, signedInAt: t0,
                                  activeAt: t0.addingTimeInterval(300), request: nil)
        #expect(counter.idleSeconds(at: t0.addingTimeInterval(900)) == 600, "since the last step")
        counter.statusSince = t0.addingTimeInterval(600)      // back from a break after that step
        #expect(counter.idleSeconds(at: t0.addingTimeInterval(900)) == 300)
        counter.status = .onBreak
        #expect(counter.idleSeconds(at: t0.addingTimeInterval(900)) == nil)
        counter.status = .serving
        counter.request = HeldRequest(id: try RequestID("CSC-2026-00000001"), service: "CIVIL-EXTRACT", state: .verified, since: t0)
        #expect(counter.idleSeconds(at: t0.addingTimeInterval(900)) == nil)
    }
}
