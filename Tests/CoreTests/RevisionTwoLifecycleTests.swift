import Foundation
import Testing
@testable import ShubbakCore

/// Issue 15: the steps revision 2 of the contract adds, and each refusal they bring.
extension LifecycleTests {
    @Test func aForwardedRequestWaitsAtItsIssuerUntilTheDaysRunOut() throws {
        let verified = try progress(reaching: .verified, .post, issued: true)
        let forwarded = try lifecycle.decide(forward, in: context(verified, .post, issued: true), by: Fixtures.op1, at: Fixtures.t0)
        #expect(forwarded.event.kind == .forwarded)
        #expect(forwarded.event.data.issuer == "MOHE")
        #expect(forwarded.event.data.reference == "HMA-01-MOHE-CSC-2026-00012345")
        // Forwarded on 2026-11-18; the ministry takes 10 days.
        #expect(forwarded.event.data.expectedBy == (try CivilDate("2026-11-28")))
        #expect(forwarded.progress.holder == nil)
        #expect(forwarded.progress.forwarding == Forwarding(issuer: "MOHE", reference: Self.reference, expectedBy: try CivilDate("2026-11-28")))
        let line = forwarded.event.numbered(7).line()
        #expect(line.contains(#""expected_by":"2026-11-28""#) && line.contains(#""issuer":"MOHE""#)
                && line.contains(#""reference":"HMA-01-MOHE-CSC-2026-00012345""#))
    }

    @Test func forwardingAServiceTheCenterIssuesIsRefused() throws {
        let verified = try progress(reaching: .verified, .post, issued: false)
        #expect(throws: LifecycleError.noIssuer(service: "CIVIL-EXTRACT")) {
            try lifecycle.decide(forward, in: context(verified, .post), by: Fixtures.op1, at: Fixtures.t0)
        }
        // And the issued service has nothing to print: the issuer's document replaces the center's.
        let issued = try progress(reaching: .verified, .post, issued: true)
        #expect(throws: LifecycleError.notAllowed(command: "print", state: .verified)) {
            try lifecycle.decide(.print(reprintReason: nil), in: context(issued, .post, issued: true), by: Fixtures.op1, at: Fixtures.t0)
        }
    }

    @Test func theIssuersDocumentIsReceivedOnlyAfterTheForwardingAndOnlyWithItsReference() throws {
        let verified = try progress(reaching: .verified, .post, issued: true)
        #expect(throws: LifecycleError.notAllowed(command: "receive the issuer's document", state: .verified)) {
            try lifecycle.decide(receive, in: context(verified, .post, issued: true), by: Fixtures.op1, at: Fixtures.t0)
        }
        let forwarded = try progress(reaching: .forwarded, .post)
        #expect(throws: LifecycleError.wrongReference("HMA-01-MOHE-CSC-2026-99999999")) {
            try lifecycle.decide(.receiveDocument(reference: "HMA-01-MOHE-CSC-2026-99999999"), in: context(forwarded, .post, issued: true),
                                 by: Fixtures.op2, at: Fixtures.t0)
        }
        let received = try lifecycle.decide(receive, in: context(forwarded, .post, issued: true), by: Fixtures.op2, at: Fixtures.t0)
        #expect(received.event.kind == .documentReceived)
        #expect(received.event.data.issuer == "MOHE" && received.event.data.reference == Self.reference)
        // Whoever scans it back holds it, and goes on at the stamps.
        #expect(received.progress.holder == Fixtures.op2)
        #expect(Lifecycle.accepts(.documentReceived, issuedElsewhere: true).isSuperset(of: [.stamp, .seal]))
        #expect(!Lifecycle.accepts(.stamped, issuedElsewhere: true).contains(.print))
    }

    @Test func onlyTheIssuersRefusalRejectsARequestAtTheIssuerAndItNeedsANote() throws {
        let forwarded = try progress(reaching: .forwarded, .post)
        let ctx = context(forwarded, .post, issued: true)
        #expect(throws: LifecycleError.atIssuer) {
            try lifecycle.decide(.reject(.documentProblem, fields: [], note: "torn"), in: ctx, by: Fixtures.op1, at: Fixtures.t0)
        }
        #expect(throws: LifecycleError.noteRequired) {
            try lifecycle.decide(.reject(.issuerRefused, fields: [], note: " "), in: ctx, by: Fixtures.op1, at: Fixtures.t0)
        }
        let refused = try lifecycle.decide(.reject(.issuerRefused, fields: [], note: "no such diploma"), in: ctx, by: Fixtures.op2,
                                           at: Fixtures.t0)
        #expect(refused.progress.state == .rejected)
        #expect(refused.event.numbered(9).line().contains(#""reason":"ISSUER_REFUSED""#))
        // Anywhere else ISSUER_REFUSED is refused.
        let claimed = try progress(reaching: .claimed, .post)
        #expect(throws: LifecycleError.notAtIssuer) {
            try lifecycle.decide(.reject(.issuerRefused, fields: [], note: "x"), in: context(claimed, .post), by: Fixtures.op1, at: Fixtures.t0)
        }
    }

    @Test func thePostsDeliveryEndsAPostRequestAndASecondOneIsRefused() throws {
        let dispatched = try progress(reaching: .dispatched, .post)
        let delivered = try lifecycle.decide(.postDelivered(office: "حماة - البريد المركزي"), in: context(dispatched, .post), by: .system,
                                             at: Fixtures.t0)
        #expect(delivered.progress.state == .delivered)
        #expect(delivered.event.data.by == .post)
        #expect(delivered.event.data.tracking?.rawValue == "RR473124829SY")
        #expect(throws: LifecycleError.notAllowed(command: "record the post's delivery", state: .delivered)) {
            try lifecycle.decide(.postDelivered(office: ""), in: context(delivered.progress, .post), by: .system, at: Fixtures.t0)
        }
        // At the counter: by counter, with the collector's number.
        let ready = try progress(reaching: .readyForPickup, .center)
        let collected = try lifecycle.decide(.deliver(collector: Fixtures.number("05010012345")), in: context(ready, .center),
                                             by: Fixtures.op1, at: Fixtures.t0)
        #expect(collected.event.numbered(3).line().contains(#""by":"counter","collector":"05010012345""#))
    }

    @Test func aReturnCarriesTheTrackingThePostsReasonAndANote() throws {
        let dispatched = try progress(reaching: .dispatched, .post)
        let returned = try lifecycle.decide(.markReturned(reason: "العنوان غير مكتمل", note: " no building number "),
                                            in: context(dispatched, .post), by: Fixtures.op1, at: Fixtures.t0)
        let line = returned.event.numbered(4).line()
        #expect(line.contains(#""data":{"note":"no building number","reason":"العنوان غير مكتمل","tracking":"RR473124829SY"}"#))
        #expect(try Event(line: line) == returned.event.numbered(4))
        // A line written before revision 2 named the field return_reason; it still reads back.
        let old = #"{"at":"2026-11-18T11:06:40Z","data":{"manifest":"M","return_reason":"refused","tracking":"RR473124829SY"},"id":4,"kind":"returned","operator":"op-01","request":"CSC-2026-00012345","type":"event"}"#
        #expect(try Event(line: old).data.returnReason == "refused")
    }

    @Test func aDocumentIsMarkedUncollectedOnlyAfterTheRetention() throws {
        let ready = try progress(reaching: .readyForPickup, .center)
        #expect(ready.readySince == Fixtures.t0)
        let early = Fixtures.t0.addingTimeInterval(89 * 86_400)
        #expect(throws: LifecycleError.retentionNotOver(until: Fixtures.t0.addingTimeInterval(90 * 86_400))) {
            try lifecycle.decide(.markUncollected(retentionDays: 90), in: context(ready, .center), by: Fixtures.op2, at: early)
        }
        let late = try lifecycle.decide(.markUncollected(retentionDays: 90), in: context(ready, .center), by: Fixtures.op2,
                                        at: Fixtures.t0.addingTimeInterval(91 * 86_400))
        #expect(late.progress.state == .uncollected && late.progress.state.isFinal)
        #expect(late.event.data.days == 91)
    }

    @Test func replayingAForwardedRequestGivesItsProgress() throws {
        var progress = RequestProgress()
        var events = [Lifecycle.receive(Fixtures.request(.post).id, at: Fixtures.t0).event]
        for command in [LifecycleCommand.claim, .verify(confirmProbable: false), forward, receive, allStamps, seal(.post)] {
            let transition = try lifecycle.decide(command, in: context(progress, .post, issued: true), by: Fixtures.op1, at: Fixtures.t0)
            events.append(transition.event)
            progress = transition.progress
        }
        #expect(progress.state == .sealed)
        #expect(RequestProgress.replay(events) == progress)
        #expect(try events.map { try Event(line: $0.numbered(1).line()).pending } == events)
    }
}

/// Issue 16 item 2: the supervisor's SUSPECTED_FAKE, and the counter that cannot give it.
extension LifecycleTests {
    @Test func theSupervisorRejectsAFloodsRequestAsFakeWhoeverHoldsItWithANote() throws {
        // Waiting in the queue, nobody holds it; op1 holds the claimed one, and op2 (the supervisor) decides.
        for state in [RequestState.received, .claimed, .verified] {
            let start = try progress(reaching: state, .post)
            #expect(throws: LifecycleError.noteRequired) {
                try lifecycle.decide(.rejectAsSuspectedFake(note: "  "), in: context(start, .post), by: Fixtures.op2, at: Fixtures.t0)
            }
            let rejected = try lifecycle.decide(.rejectAsSuspectedFake(note: "one applicant, six strangers"), in: context(start, .post),
                                                by: Fixtures.op2, at: Fixtures.t0)
            #expect(rejected.progress.state == .rejected)
            #expect(rejected.progress.holder == nil)
            let line = rejected.event.numbered(3).line()
            #expect(line.contains(#""reason":"SUSPECTED_FAKE""#) && line.contains(#""note":"one applicant, six strangers""#), "\(state)")
        }
        // Sealed, the envelope is the post's or the shelf's: too late.
        let sealed = try progress(reaching: .sealed, .post)
        #expect(throws: LifecycleError.notAllowed(command: "reject as a suspected fake", state: .sealed)) {
            try lifecycle.decide(.rejectAsSuspectedFake(note: "x"), in: context(sealed, .post), by: Fixtures.op2, at: Fixtures.t0)
        }
    }

    @Test func theCounterCannotGiveSuspectedFakeAsAReason() throws {
        let claimed = try progress(reaching: .claimed, .post)
        #expect(throws: LifecycleError.suspectedFakeIsSupervisors) {
            try lifecycle.decide(.reject(.suspectedFake, fields: [], note: "looks odd"), in: context(claimed, .post), by: Fixtures.op1,
                                 at: Fixtures.t0)
        }
        #expect(!RejectionReason.atCounter.contains(.suspectedFake))
    }
}
