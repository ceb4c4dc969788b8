import Foundation
import Testing
@testable import ShubbakCore

/// Every command in every state: allowed exactly where the machine says, refused everywhere else.
@Suite struct LifecycleTests {
    let lifecycle = Lifecycle(leaseDuration: 900)

    /// The happy path to each state, for a request delivered by `method`; `issued`: its service's
    /// document comes from an issuer (forwarded, then received back, never printed).
    func progress(reaching target: RequestState, _ method: Delivery.Method, issued: Bool? = nil) throws -> RequestProgress {
        let issued = issued ?? Self.onlyIssued.contains(target)
        let document: [LifecycleCommand] = issued ? [.claim, .verify(confirmProbable: false), forward, receive]
            : [.claim, .verify(confirmProbable: false), .print(reprintReason: nil)]
        let paths: [RequestState: [LifecycleCommand]] = [
            .received: [],
            .claimed: [.claim],
            .verified: [.claim, .verify(confirmProbable: false)],
            .rejected: [.claim, .reject(.motherMismatch, fields: ["mother"], note: "")],
            .forwarded: [.claim, .verify(confirmProbable: false), forward],
            .documentReceived: [.claim, .verify(confirmProbable: false), forward, receive],
            .printed: document,
            .stamped: document + [allStamps],
            .sealed: document + [allStamps, seal(method)],
            .dispatched: document + [allStamps, seal(.post), dispatch],
            .returned: document + [allStamps, seal(.post), dispatch, .markReturned(reason: "addressee unknown", note: "")],
            .readyForPickup: toPickup(method, document),
            .delivered: toPickup(method, document) + [.deliver(collector: Fixtures.number("05010012345"))],
            .uncollected: toPickup(method, document) + [.markUncollected(retentionDays: 0)],
            .cancelled: [.cancel(reason: "withdrawn by citizen")],
        ]
        var progress = RequestProgress()
        for command in paths[target] ?? [] {
            progress = try lifecycle.decide(command, in: context(progress, method, issued: issued), by: Fixtures.op1, at: Fixtures.t0).progress
        }
        #expect(progress.state == target)
        return progress
    }

    /// States only a request of an issued service reaches, and the one it never does (no print).
    static let onlyIssued: Set<RequestState> = [.forwarded, .documentReceived]
    static func reachable(_ state: RequestState, issued: Bool) -> Bool {
        issued ? state != .printed : !onlyIssued.contains(state)
    }

    /// A post envelope comes back to the counter only after the post returned it.
    func toPickup(_ method: Delivery.Method, _ document: [LifecycleCommand]) -> [LifecycleCommand] {
        let sealed: [LifecycleCommand] = document + [allStamps, seal(method)]
        let back: [LifecycleCommand] = method == .post ? [dispatch, .markReturned(reason: "addressee unknown", note: "")] : []
        return sealed + back + [.readyForPickup(pickupCode: PickupCode(random: 4242))]
    }

    static let reference = Forwarding.reference(center: "HMA-01", issuer: "MOHE", request: Fixtures.request(.post).id)
    let forward = LifecycleCommand.forward(reference: reference, today: try! CivilDate("2026-11-18"))
    let receive = LifecycleCommand.receiveDocument(reference: reference)
    static let issuedService: Service = {
        var service = Fixtures.service
        service.issuer = Issuer(code: "MOHE", name: LocalizedText(ar: "وزارة التعليم العالي", en: "Ministry of Higher Education"), days: 10)
        return service
    }()

    let allStamps = LifecycleCommand.stamp(["CENTER", "CIVIL_AFFAIRS", "REVENUE"], revenueCancelled: true, paperSerial: "A-1")
    let dispatch = LifecycleCommand.dispatch(manifest: "HMA-01-20261122-01", tracking: nil)
    func seal(_ method: Delivery.Method) -> LifecycleCommand {
        method == .post ? .seal(tracking: Fixtures.tracking("RR473124829SY"), pickupCode: nil)
            : .seal(tracking: nil, pickupCode: PickupCode(random: 4242))
    }

    func context(_ progress: RequestProgress, _ method: Delivery.Method, issued: Bool = false) -> LifecycleContext {
        LifecycleContext(request: Fixtures.request(method), service: issued ? Self.issuedService : Fixtures.service, progress: progress,
                         record: Fixtures.person())
    }

    /// command name → (kind of event, state after) when allowed, per state and delivery method.
    func allowed(_ state: RequestState, _ method: Delivery.Method, issued: Bool = false) -> [String: RequestState] {
        switch state {
        case .received: return ["claim": .claimed, "fake": .rejected, "cancel": .cancelled]
        case .claimed: return ["claim": .claimed, "release": .received, "handOver": .received, "verify": .verified, "reject": .rejected,
                               "fake": .rejected, "cancel": .cancelled]
        case .verified:
            return issued ? ["claim": .verified, "handOver": .received, "reject": .rejected, "fake": .rejected, "forward": .forwarded,
                             "cancel": .cancelled]
                : ["claim": .verified, "handOver": .received, "reject": .rejected, "fake": .rejected, "print": .printed, "reprint": .printed,
                   "cancel": .cancelled]
        case .forwarded: return ["receive": .documentReceived, "refused": .rejected, "cancel": .cancelled]
        case .documentReceived: return ["claim": .documentReceived, "reject": .rejected, "fake": .rejected, "stamp": .stamped,
                                        "cancel": .cancelled]
        case .printed: return ["claim": .printed, "reject": .rejected, "fake": .rejected, "reprint": .printed, "stamp": .stamped,
                               "cancel": .cancelled]
        case .stamped:
            return issued ? ["claim": .stamped, "reject": .rejected, "fake": .rejected, "seal": .sealed, "cancel": .cancelled]
                : ["claim": .stamped, "reject": .rejected, "fake": .rejected, "reprint": .printed, "seal": .sealed, "cancel": .cancelled]
        case .sealed: return method == .post ? ["dispatch": .dispatched] : ["ready": .readyForPickup]
        case .dispatched: return ["returned": .returned, "postDelivered": .delivered]
        case .returned: return ["dispatch": .dispatched, "ready": .readyForPickup]
        case .readyForPickup: return ["deliver": .delivered, "uncollected": .uncollected]
        case .rejected, .delivered, .uncollected, .cancelled: return [:]
        }
    }

    func commands(_ method: Delivery.Method) -> [(String, LifecycleCommand)] {
        [("claim", .claim), ("release", .release(note: "")), ("handOver", .handOver(to: Fixtures.op2, note: "my shift ends")),
         ("verify", .verify(confirmProbable: false)),
         ("reject", .reject(.other, fields: [], note: "torn form")), ("print", .print(reprintReason: nil)),
         ("reprint", .print(reprintReason: "paper jam")), ("stamp", allStamps), ("seal", seal(method)),
         ("dispatch", dispatch), ("returned", .markReturned(reason: "refused", note: "")), ("ready", .readyForPickup(pickupCode: PickupCode(random: 7))),
         ("deliver", .deliver(collector: Fixtures.number("05010099999"))), ("cancel", .cancel(reason: "withdrawn")),
         ("forward", forward), ("receive", receive), ("refused", .reject(.issuerRefused, fields: [], note: "no such diploma")),
         ("postDelivered", .postDelivered(office: "حماة - البريد المركزي")), ("uncollected", .markUncollected(retentionDays: 0)),
         ("fake", .rejectAsSuspectedFake(note: "one broker filed for 6 people"))]
    }

    /// Issue 14 item 4: one answer for what a state accepts. Every command the machine allows in a
    /// state is of a kind `accepts` names, and every kind it does not name is refused as not allowed.
    @Test(arguments: RequestState.allCases, [Delivery.Method.post, .center])
    func whatAStateAcceptsIsWhatDecideAllows(state: RequestState, method: Delivery.Method) throws {
        if method == .center && (state == .dispatched || state == .returned) { return }
        for issued in [false, true] where Self.reachable(state, issued: issued) {
            let start = try progress(reaching: state, method, issued: issued)
            let accepted = Lifecycle.accepts(state, issuedElsewhere: issued)
            for (name, command) in commands(method) {
                let result = Result { () throws(LifecycleError) -> Transition in
                    try lifecycle.decide(command, in: context(start, method, issued: issued), by: Fixtures.op1,
                                         at: Fixtures.t0.addingTimeInterval(60))
                }
                if allowed(state, method, issued: issued)[name] != nil { #expect(accepted.contains(command.kind), "\(name) in \(state)") }
                if !accepted.contains(command.kind) {
                    // Forwarding a service made at the center says why rather than "not allowed".
                    let expected: LifecycleError = command.kind == .forward && state == .verified && !issued
                        ? .noIssuer(service: Fixtures.service.code) : .notAllowed(command: command.name, state: state)
                    #expect(throws: expected, "\(name) in \(state), issued \(issued)") { try result.get() }
                }
            }
        }
    }

    /// Issue 14 item 7: the central office's cancel is the lifecycle's. A cancel the machine accepts
    /// in a state is applied, one it refuses is too late, and a second one changes nothing.
    @Test(arguments: RequestState.allCases)
    func aCentralCancelFollowsWhatTheStateAccepts(state: RequestState) throws {
        let issued = Self.onlyIssued.contains(state)
        let start = try progress(reaching: state, .post)
        let decided = Result { () throws(LifecycleError) -> Transition in
            try lifecycle.decide(.cancel(reason: "withdrawn"), in: context(start, .post, issued: issued), by: .system,
                                 at: Fixtures.t0.addingTimeInterval(60))
        }
        switch Lifecycle.centralCancel(in: state) {
        case .cancel:
            #expect(try decided.get().progress.state == .cancelled)
        case .alreadyCancelled:
            #expect(state == .cancelled)
        case .tooLate:
            #expect(state != .cancelled)
            #expect(throws: LifecycleError.self) { try decided.get() }
        }
        #expect((Lifecycle.centralCancel(in: state) == .tooLate)
                == [.sealed, .dispatched, .returned, .readyForPickup, .delivered, .uncollected, .rejected].contains(state))
    }

    /// An amendment replaces a request only while its one event is `received`: a release back to
    /// the queue leaves it waiting, but someone has compared it already.
    @Test func anAmendmentIsAcceptedOnlyBeforeAnyoneStarted() {
        #expect(Lifecycle.acceptsAmendment(history: [.received]))
        #expect(!Lifecycle.acceptsAmendment(history: [.received, .claimed]))
        #expect(!Lifecycle.acceptsAmendment(history: [.received, .claimed, .released]))
        #expect(!Lifecycle.acceptsAmendment(history: []))
    }

    @Test(arguments: RequestState.allCases, [Delivery.Method.post, .center])
    func everyCommandInEveryState(state: RequestState, method: Delivery.Method) throws {
        // A pickup request never goes to the post.
        if method == .center && (state == .dispatched || state == .returned) { return }
        for issued in [false, true] where Self.reachable(state, issued: issued) {
            let start = try progress(reaching: state, method, issued: issued)
            let expected = allowed(state, method, issued: issued)
            for (name, command) in commands(method) {
                let result = Result { () throws(LifecycleError) -> Transition in
                    try lifecycle.decide(command, in: context(start, method, issued: issued), by: Fixtures.op1,
                                         at: Fixtures.t0.addingTimeInterval(60))
                }
                switch (result, expected[name]) {
                case (.success(let transition), .some(let after)):
                    #expect(transition.progress.state == after, "\(name) in \(state)")
                    #expect(transition.event.actor == Fixtures.op1)
                    #expect(transition.event.request == Fixtures.request(method).id)
                case (.success(let transition), .none):
                    Issue.record("\(name) in \(state) (\(method), issued \(issued)) was allowed, giving \(transition.progress.state)")
                case (.failure(let error), .some):
                    Issue.record("\(name) in \(state) (\(method), issued \(issued)) was refused: \(error)")
                case (.failure, .none):
                    break
                }
            }
        }
    }

    @Test func claimOfATakenRequestNamesTheHolderAndTheTime() throws {
        let claimed = try progress(reaching: .claimed, .post)
        #expect(throws: LifecycleError.claimedBy(Fixtures.op1, until: Fixtures.t0.addingTimeInterval(900))) {
            try lifecycle.decide(.claim, in: context(claimed, .post), by: Fixtures.op2, at: Fixtures.t0.addingTimeInterval(60))
        }
        let error = LifecycleError.claimedBy(Fixtures.op1, until: Fixtures.t0.addingTimeInterval(900))
        // 1_795_000_900 is 2026-11-18 11:21:40 UTC, 14:21 in Damascus (UTC+3).
        #expect(error.description == "claimed by op-01 until 14:21")
        // Once the lease ran out, a colleague may take it over.
        let takeover = try lifecycle.decide(.claim, in: context(claimed, .post), by: Fixtures.op2, at: Fixtures.t0.addingTimeInterval(901))
        #expect(takeover.progress.holder == Fixtures.op2)
        #expect(takeover.event.kind == .claimed)
    }

    @Test func counterStepsNeedTheClaimHolder() throws {
        let claimed = try progress(reaching: .claimed, .post)
        #expect(throws: LifecycleError.self) {
            try lifecycle.decide(.verify(confirmProbable: false), in: context(claimed, .post), by: Fixtures.op2, at: Fixtures.t0)
        }
    }

    @Test func sealWithAStampMissingSaysWhichOne() throws {
        var printed = try progress(reaching: .printed, .post)
        printed = try lifecycle.decide(.stamp(["CENTER", "CIVIL_AFFAIRS"], revenueCancelled: false, paperSerial: nil),
                                       in: context(printed, .post), by: Fixtures.op1, at: Fixtures.t0).progress
        #expect(printed.state == .stamped)
        do {
            _ = try lifecycle.decide(seal(.post), in: context(printed, .post), by: Fixtures.op1, at: Fixtures.t0)
            Issue.record("sealed without the revenue stamp")
        } catch {
            #expect(error == .stampMissing(["REVENUE"]))
            #expect(error.description == "stamp REVENUE not applied yet")
        }
    }

    @Test func revenueStampMustBeCancelled() throws {
        let printed = try progress(reaching: .printed, .post)
        #expect(throws: LifecycleError.revenueStampNotCancelled) {
            try lifecycle.decide(.stamp(["REVENUE"], revenueCancelled: false, paperSerial: nil), in: context(printed, .post),
                                 by: Fixtures.op1, at: Fixtures.t0)
        }
        #expect(throws: LifecycleError.unknownStamp("JUSTICE")) {
            try lifecycle.decide(.stamp(["JUSTICE"], revenueCancelled: false, paperSerial: nil), in: context(printed, .post),
                                 by: Fixtures.op1, at: Fixtures.t0)
        }
    }

    @Test func rejectForOtherNeedsANote() throws {
        let claimed = try progress(reaching: .claimed, .post)
        #expect(throws: LifecycleError.noteRequired) {
            try lifecycle.decide(.reject(.other, fields: [], note: "  "), in: context(claimed, .post), by: Fixtures.op1, at: Fixtures.t0)
        }
        let rejected = try lifecycle.decide(.reject(.motherMismatch, fields: ["mother"], note: ""), in: context(claimed, .post),
                                            by: Fixtures.op1, at: Fixtures.t0)
        #expect(rejected.event.data.reason == .motherMismatch)
        #expect(rejected.event.data.fields == ["mother"])
        #expect(rejected.progress.holder == nil)
    }

    @Test func reprintNeedsAReasonAndVoidsTheStamps() throws {
        let stamped = try progress(reaching: .stamped, .post)
        #expect(throws: LifecycleError.reprintReasonRequired) {
            try lifecycle.decide(.print(reprintReason: nil), in: context(stamped, .post), by: Fixtures.op1, at: Fixtures.t0)
        }
        let reprinted = try lifecycle.decide(.print(reprintReason: "paper jam"), in: context(stamped, .post), by: Fixtures.op1, at: Fixtures.t0)
        #expect(reprinted.progress.appliedStamps.isEmpty)
        #expect(reprinted.progress.copies == 2)
    }

    @Test func onlyTheSubjectOrTheApplicantCollects() throws {
        let ready = try progress(reaching: .readyForPickup, .center)
        let stranger = Fixtures.number("05019999999")
        #expect(throws: LifecycleError.wrongCollector(stranger)) {
            try lifecycle.decide(.deliver(collector: stranger), in: context(ready, .center), by: Fixtures.op2, at: Fixtures.t0)
        }
        let delivered = try lifecycle.decide(.deliver(collector: Fixtures.number("05010012345")), in: context(ready, .center),
                                             by: Fixtures.op2, at: Fixtures.t0)
        #expect(delivered.progress.state == .delivered)
    }

    @Test func sealNeedsTrackingForPostAndACodeForPickup() throws {
        let stamped = try progress(reaching: .stamped, .post)
        #expect(throws: LifecycleError.trackingRequired) {
            try lifecycle.decide(.seal(tracking: nil, pickupCode: nil), in: context(stamped, .post), by: Fixtures.op1, at: Fixtures.t0)
        }
        let stampedPickup = try progress(reaching: .stamped, .center)
        #expect(throws: LifecycleError.pickupCodeRequired) {
            try lifecycle.decide(.seal(tracking: nil, pickupCode: nil), in: context(stampedPickup, .center), by: Fixtures.op1, at: Fixtures.t0)
        }
    }

    @Test func verificationChecksTheCivilRecord() throws {
        let claimed = try progress(reaching: .claimed, .post)
        var ctx = context(claimed, .post)
        ctx.record = nil
        #expect(throws: LifecycleError.noCivilRecord(Fixtures.number("05010012345"))) {
            try lifecycle.decide(.verify(confirmProbable: true), in: ctx, by: Fixtures.op1, at: Fixtures.t0)
        }
        ctx.record = Fixtures.person(status: .deceased)
        #expect(throws: LifecycleError.personDeceased) {
            try lifecycle.decide(.verify(confirmProbable: true), in: ctx, by: Fixtures.op1, at: Fixtures.t0)
        }
        ctx.record = Fixtures.person(PersonName(first: "محمد", father: "أحمد", mother: "سعاد", last: "الحسين"))
        #expect(throws: LifecycleError.recordDiffers(fields: ["mother"])) {
            try lifecycle.decide(.verify(confirmProbable: true), in: ctx, by: Fixtures.op1, at: Fixtures.t0)
        }
        // The applicant left out the article: probable, so the operator must confirm.
        ctx.request = Fixtures.request(.post, subject: PersonName(first: "محمد", father: "احمد", mother: "فاطمه", last: "حسين"))
        ctx.record = Fixtures.person()
        #expect(throws: LifecycleError.probableMatchNotConfirmed(fields: ["last"])) {
            try lifecycle.decide(.verify(confirmProbable: false), in: ctx, by: Fixtures.op1, at: Fixtures.t0)
        }
        let verified = try lifecycle.decide(.verify(confirmProbable: true), in: ctx, by: Fixtures.op1, at: Fixtures.t0)
        #expect(verified.event.data.match == NameVerdict.probable.rawValue)
    }

    @Test func replayingTheEventsGivesTheSameProgress() throws {
        var progress = RequestProgress()
        var events = [Lifecycle.receive(Fixtures.request(.post).id, at: Fixtures.t0).event]
        for command in [LifecycleCommand.claim, .verify(confirmProbable: false), .print(reprintReason: nil), allStamps, seal(.post), dispatch] {
            let transition = try lifecycle.decide(command, in: context(progress, .post), by: Fixtures.op1, at: Fixtures.t0)
            events.append(transition.event)
            progress = transition.progress
        }
        #expect(RequestProgress.replay(events) == progress)
        #expect(progress.tracking?.rawValue == "RR473124829SY")
        #expect(progress.manifest == "HMA-01-20261122-01")
    }

    @Test func aHandOverNamesTheColleagueUntilSomeoneClaims() throws {
        let verified = try progress(reaching: .verified, .post)
        #expect(throws: LifecycleError.handOverToSelf) {
            try lifecycle.decide(.handOver(to: Fixtures.op1, note: ""), in: context(verified, .post), by: Fixtures.op1, at: Fixtures.t0)
        }
        let handed = try lifecycle.decide(.handOver(to: Fixtures.op2, note: " shift ends "), in: context(verified, .post),
                                          by: Fixtures.op1, at: Fixtures.t0)
        #expect(handed.event.kind == .released)
        #expect(handed.event.data.handedTo == Fixtures.op2)
        #expect(handed.event.data.note == "shift ends")
        #expect(handed.progress == RequestProgress(handedTo: Fixtures.op2))
        #expect(handed.event.numbered(1).line().contains("\"handed_to\":\"op-02\""))
        let claimed = try lifecycle.decide(.claim, in: context(handed.progress, .post), by: Fixtures.op2, at: Fixtures.t0)
        #expect(claimed.progress.handedTo == nil)
        #expect(claimed.progress.holder == Fixtures.op2)
    }
}
