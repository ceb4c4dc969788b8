import Foundation

/// Where a request stands at the center. Raw values are the event kinds that lead there.
public enum RequestState: String, Codable, Sendable, CaseIterable {
    /// Waiting in the queue: received from the central office, or released back.
    case received
    case claimed, verified, rejected
    /// Waiting at the body that issues the document (revision 2).
    case forwarded
    /// The issuer's document is back at the counter, to be stamped.
    case documentReceived = "document_received"
    case printed, stamped, sealed, dispatched, returned
    case readyForPickup = "ready_for_pickup"
    case delivered
    /// Left on the pickup shelf past the retention period.
    case uncollected
    case cancelled

    /// States in which an operator holds the request at a counter under a lease.
    public var isAtCounter: Bool { [.claimed, .verified, .documentReceived, .printed, .stamped].contains(self) }
    public var isFinal: Bool { [.rejected, .delivered, .uncollected, .cancelled].contains(self) }
}

/// Where a request forwarded to its issuer stands: who issues it, the center's reference, and
/// when the document is expected back.
public struct Forwarding: Hashable, Sendable {
    public var issuer: String
    public var reference: String
    public var expectedBy: CivilDate

    public init(issuer: String, reference: String, expectedBy: CivilDate) {
        self.issuer = issuer
        self.reference = reference
        self.expectedBy = expectedBy
    }

    /// The center's reference for a request sent to `issuer`: unique, since a request is
    /// forwarded once, and short enough for the slip's barcode.
    public static func reference(center: String, issuer: String, request: RequestID) -> String {
        "\(center)-\(issuer)-\(request.rawValue)"
    }
}

/// The lifecycle part of a request: the fold of its events.
public struct RequestProgress: Hashable, Sendable {
    public var state: RequestState
    public var holder: OperatorID?
    public var leaseUntil: Date?
    public var appliedStamps: [String]
    public var copies: Int
    public var tracking: TrackingNumber?
    public var pickupCode: PickupCode?
    public var manifest: String?
    /// Set while a request released by a hand-over waits for the named colleague.
    public var handedTo: OperatorID?
    /// Set once the request was forwarded to its issuer.
    public var forwarding: Forwarding?
    /// Since when the document waits on the pickup shelf.
    public var readySince: Date?

    public init(state: RequestState = .received, holder: OperatorID? = nil, leaseUntil: Date? = nil,
                appliedStamps: [String] = [], copies: Int = 0, tracking: TrackingNumber? = nil,
                pickupCode: PickupCode? = nil, manifest: String? = nil, handedTo: OperatorID? = nil,
                forwarding: Forwarding? = nil, readySince: Date? = nil) {
        self.state = state
        self.holder = holder
        self.leaseUntil = leaseUntil
        self.appliedStamps = appliedStamps
        self.copies = copies
        self.tracking = tracking
        self.pickupCode = pickupCode
        self.manifest = manifest
        self.handedTo = handedTo
        self.forwarding = forwarding
        self.readySince = readySince
    }

    /// Folds one event in. Replaying a request's events from `received` gives its stored row.
    public func applying(_ event: PendingEvent) -> RequestProgress {
        var next = self
        let data = event.data
        switch event.kind {
        case .received:
            next = RequestProgress()
        case .claimed:
            if state == .received { next.state = .claimed }
            next.holder = event.actor
            next.leaseUntil = data.leaseUntil
            next.handedTo = nil
        case .released:
            next = RequestProgress(handedTo: data.handedTo)
        case .verified:
            next.state = .verified
            next.leaseUntil = data.leaseUntil
        case .rejected, .cancelled, .delivered, .uncollected:
            next.state = switch event.kind {
            case .rejected: .rejected
            case .cancelled: .cancelled
            case .uncollected: .uncollected
            default: .delivered
            }
            next.holder = nil
            next.leaseUntil = nil
        case .forwarded:
            next.state = .forwarded
            next.holder = nil
            next.leaseUntil = nil
            if let issuer = data.issuer, let reference = data.reference, let expectedBy = data.expectedBy {
                next.forwarding = Forwarding(issuer: issuer, reference: reference, expectedBy: expectedBy)
            }
        case .documentReceived:
            next.state = .documentReceived
            next.holder = event.actor
            next.leaseUntil = data.leaseUntil
            next.appliedStamps = []
        case .printed:
            next.state = .printed
            next.copies = data.copy ?? copies + 1
            next.appliedStamps = []
            next.leaseUntil = data.leaseUntil
        case .stamped:
            next.state = .stamped
            next.appliedStamps = Array(Set(appliedStamps).union(data.stamps ?? [])).sorted()
            next.leaseUntil = data.leaseUntil
        case .sealed:
            next.state = .sealed
            next.holder = nil
            next.leaseUntil = nil
            next.tracking = data.tracking ?? tracking
            next.pickupCode = data.pickupCode ?? pickupCode
        case .dispatched:
            next.state = .dispatched
            next.tracking = data.tracking ?? tracking
            next.manifest = data.manifest
        case .returned:
            next.state = .returned
        case .readyForPickup:
            next.state = .readyForPickup
            next.pickupCode = data.pickupCode ?? pickupCode
            next.readySince = event.at
        }
        return next
    }

    /// Replays a request's events in order; nil when the first is not `received`.
    public static func replay(_ events: [PendingEvent]) -> RequestProgress? {
        guard let first = events.first, first.kind == .received else { return nil }
        return events.dropFirst().reduce(RequestProgress()) { $0.applying($1) }
    }
}

/// What an operator (or the central office, for `cancel`) asks to do with a request.
public enum LifecycleCommand: Hashable, Sendable {
    case claim
    case release(note: String)
    /// Releases the request for a named colleague, who finds it under "mine".
    case handOver(to: OperatorID, note: String)
    /// `confirmProbable`: the operator looked at a probable name match and accepts it.
    case verify(confirmProbable: Bool)
    case reject(RejectionReason, fields: [String], note: String)
    /// The supervisor's decision on a flood: the request is rejected as SUSPECTED_FAKE whoever
    /// holds it (or nobody), with a note saying why. Who may decide it is the app's to check.
    case rejectAsSuspectedFake(note: String)
    /// Sends a verified request to the body that issues its service's document; it is expected
    /// back the issuer's `days` after `today`.
    case forward(reference: String, today: CivilDate)
    /// The issuer's document came back: the slip's reference was scanned.
    case receiveDocument(reference: String)
    /// A second print needs a reason (spoilt paper, printer jam…); it voids the stamps on the old copy.
    case print(reprintReason: String?)
    case stamp([String], revenueCancelled: Bool, paperSerial: String?)
    case seal(tracking: TrackingNumber?, pickupCode: PickupCode?)
    case dispatch(manifest: String, tracking: TrackingNumber?)
    /// The envelope came back: the post's reason, and the operator's note.
    case markReturned(reason: String, note: String)
    case readyForPickup(pickupCode: PickupCode?)
    case deliver(collector: NationalNumber)
    /// The post reported the envelope delivered (a `postal` record).
    case postDelivered(office: String)
    /// The document waited on the shelf for the whole retention period.
    case markUncollected(retentionDays: Int)
    case cancel(reason: String)

    /// The command without its data: what a state accepts is said in kinds.
    public enum Kind: String, CaseIterable, Hashable, Sendable {
        case claim, release, handOver, verify, reject, rejectAsSuspectedFake, forward, receiveDocument, print, stamp, seal, dispatch, markReturned
        case readyForPickup, deliver, postDelivered, markUncollected, cancel
    }

    public var kind: Kind {
        switch self {
        case .claim: .claim
        case .release: .release
        case .handOver: .handOver
        case .verify: .verify
        case .reject: .reject
        case .rejectAsSuspectedFake: .rejectAsSuspectedFake
        case .forward: .forward
        case .receiveDocument: .receiveDocument
        case .print: .print
        case .stamp: .stamp
        case .seal: .seal
        case .dispatch: .dispatch
        case .markReturned: .markReturned
        case .readyForPickup: .readyForPickup
        case .deliver: .deliver
        case .postDelivered: .postDelivered
        case .markUncollected: .markUncollected
        case .cancel: .cancel
        }
    }

    public var name: String {
        switch self {
        case .claim: "claim"
        case .release: "release"
        case .handOver: "hand over"
        case .verify: "verify"
        case .reject: "reject"
        case .rejectAsSuspectedFake: "reject as a suspected fake"
        case .forward: "forward to the issuer"
        case .receiveDocument: "receive the issuer's document"
        case .print: "print"
        case .stamp: "stamp"
        case .seal: "seal"
        case .dispatch: "dispatch"
        case .markReturned: "mark returned"
        case .readyForPickup: "keep for pickup"
        case .deliver: "deliver"
        case .postDelivered: "record the post's delivery"
        case .markUncollected: "mark uncollected"
        case .cancel: "cancel"
        }
    }
}

/// Why a command was refused, in words a person can act on.
public enum LifecycleError: Error, Hashable, Sendable, CustomStringConvertible {
    case notAllowed(command: String, state: RequestState)
    case claimedBy(OperatorID, until: Date)
    case notClaimed
    case noCivilRecord(NationalNumber)
    case personDeceased
    case recordDiffers(fields: [String])
    case probableMatchNotConfirmed(fields: [String])
    case reprintReasonRequired
    case noteRequired
    case unknownStamp(String)
    case stampAlreadyApplied(String)
    case stampMissing([String])
    case revenueStampNotCancelled
    case trackingRequired
    case pickupCodeRequired
    case wrongDeliveryMethod(expected: Delivery.Method)
    case manifestRequired
    case wrongCollector(NationalNumber)
    case reasonRequired
    case handOverToSelf
    /// The service's document is made at the center: there is no issuer to forward to.
    case noIssuer(service: String)
    /// ISSUER_REFUSED is for a request waiting at its issuer.
    case notAtIssuer
    /// While a request waits at its issuer, only the issuer's refusal rejects it.
    case atIssuer
    /// The scanned slip is not the one this request was forwarded with.
    case wrongReference(String)
    case retentionNotOver(until: Date)
    /// SUSPECTED_FAKE is the supervisor's decision on a flood, not a reason given at the counter.
    case suspectedFakeIsSupervisors

    public var description: String {
        switch self {
        case .notAllowed(let command, let state):
            return "cannot \(command) a request that is \(state.rawValue.replacingOccurrences(of: "_", with: " "))"
        case .claimedBy(let holder, let until):
            // For logs, on the default center clock; screens and commands word it on the configured one (Catalog.describe).
            return "claimed by \(holder) until \(CenterCalendar.damascus.clock(of: until))"
        case .notClaimed:
            return "claim the request first"
        case .noCivilRecord(let number):
            return "no civil-affairs record for national number \(number)"
        case .personDeceased:
            return "the civil-affairs record says the person is deceased"
        case .recordDiffers(let fields):
            return "the request differs from the civil-affairs record in: \(fields.joined(separator: ", "))"
        case .probableMatchNotConfirmed(let fields):
            return "confirm the probable match of: \(fields.joined(separator: ", "))"
        case .reprintReasonRequired:
            return "a reprint needs a reason"
        case .noteRequired:
            return "this reason needs a note (OTHER, an issuer's refusal, a suspected fake)"
        case .unknownStamp(let code):
            return "stamp \(code) is not one this service requires"
        case .stampAlreadyApplied(let code):
            return "stamp \(code) is applied already"
        case .stampMissing(let codes):
            return codes.count == 1 ? "stamp \(codes[0]) not applied yet" : "stamps \(codes.joined(separator: ", ")) not applied yet"
        case .revenueStampNotCancelled:
            return "the revenue stamp must be cancelled (إبطال) once affixed"
        case .trackingRequired:
            return "a post envelope needs an S10 tracking number"
        case .pickupCodeRequired:
            return "a pickup envelope needs a pickup code"
        case .wrongDeliveryMethod(let expected):
            return "this request is not delivered by \(expected == .post ? "post" : "pickup at the center")"
        case .manifestRequired:
            return "a dispatch needs a manifest id"
        case .wrongCollector(let number):
            return "\(number) is neither the subject nor the applicant of this request"
        case .reasonRequired:
            return "a reason is required"
        case .handOverToSelf:
            return "hand the request over to a colleague, not to yourself"
        case .noIssuer(let service):
            return "service \(service) is issued at the center: there is no issuer to forward it to"
        case .notAtIssuer:
            return "ISSUER_REFUSED is only for a request waiting at its issuer"
        case .atIssuer:
            return "the request waits at its issuer: only the issuer's refusal (ISSUER_REFUSED) rejects it"
        case .wrongReference(let reference):
            return "\(reference) is not the reference this request was forwarded with"
        case .retentionNotOver(let until):
            return "the document stays on the shelf until \(ContractTime.format(until))"
        case .suspectedFakeIsSupervisors:
            return "SUSPECTED_FAKE is the supervisor's decision on a flood of requests"
        }
    }
}

/// What a command needs to know about the request besides its progress.
public struct LifecycleContext: Sendable {
    public var request: RequestRecord
    public var service: Service
    public var progress: RequestProgress
    /// The civil-affairs record of the subject, when one is held.
    public var record: Person?

    public init(request: RequestRecord, service: Service, progress: RequestProgress, record: Person?) {
        self.request = request
        self.service = service
        self.progress = progress
        self.record = record
    }
}

/// The decided step: the event to append and the progress it leads to.
public struct Transition: Hashable, Sendable {
    public let event: PendingEvent
    public let progress: RequestProgress
}

/// The request lifecycle as a state machine. Every change of a request goes through `decide`.
public struct Lifecycle: Sendable {
    /// How long a claim holds a request for its operator; every counter step renews it.
    public var leaseDuration: TimeInterval

    public init(leaseDuration: TimeInterval = 15 * 60) {
        self.leaseDuration = leaseDuration
    }

    /// The first event of every request the center receives.
    public static func receive(_ request: RequestID, at now: Date) -> Transition {
        let event = PendingEvent(request: request, kind: .received, at: now, actor: .system)
        return Transition(event: event, progress: RequestProgress())
    }

    /// The kinds of command a request in `state` accepts: the one answer both `decide` and the
    /// screens' key bars use, so a key is never offered for a step the machine refuses. A kind
    /// accepted here can still be refused for its data (a stamp missing, a note required…).
    /// `issuedElsewhere`: the service has an issuer, which makes the document (forward, no print).
    public static func accepts(_ state: RequestState, issuedElsewhere: Bool = false) -> Set<LifecycleCommand.Kind> {
        var kinds: Set<LifecycleCommand.Kind> = switch state {
        // A flood's requests can be rejected as fake by the supervisor until their envelope is sealed.
        case .received: [.claim, .rejectAsSuspectedFake, .cancel]
        case .claimed: [.claim, .release, .handOver, .verify, .reject, .rejectAsSuspectedFake, .cancel]
        case .verified: [.claim, .handOver, .reject, .rejectAsSuspectedFake, .print, .cancel]
        // At the issuer: its document comes back, or its refusal rejects the request.
        case .forwarded: [.receiveDocument, .reject, .cancel]
        case .documentReceived: [.claim, .reject, .rejectAsSuspectedFake, .stamp, .seal, .cancel]
        // A printed document can still be rejected (DOCUMENT_PROBLEM), printed again, stamped, sealed.
        case .printed, .stamped: [.claim, .reject, .rejectAsSuspectedFake, .print, .stamp, .seal, .cancel]
        case .sealed: [.dispatch, .readyForPickup]
        case .dispatched: [.markReturned, .postDelivered]
        case .returned: [.dispatch, .readyForPickup]
        case .readyForPickup: [.deliver, .markUncollected]
        case .rejected, .delivered, .uncollected, .cancelled: []
        }
        if issuedElsewhere {
            // The issuer's document replaces the center's print.
            kinds.remove(.print)
            if state == .verified { kinds.insert(.forward) }
        }
        return kinds
    }

    /// Whether an amendment from the central office may replace a request's content: only while
    /// nobody has started on it (its one event is `received`). Once claimed, what the operator
    /// compared or printed must stay what the request says.
    public static func acceptsAmendment(history: [EventKind]) -> Bool {
        history == [.received]
    }

    /// What a cancel from the central office does to a request in `state`.
    public enum CentralCancel: Hashable, Sendable {
        /// Cancel it: nothing has left the counter yet.
        case cancel
        /// It is cancelled already: the cancel was applied before (a bundle seen twice).
        case alreadyCancelled
        /// Too late: the envelope is sealed, or the request ended otherwise.
        case tooLate
    }

    public static func centralCancel(in state: RequestState) -> CentralCancel {
        if state == .cancelled { return .alreadyCancelled }
        return accepts(state).contains(.cancel) ? .cancel : .tooLate
    }

    public func decide(_ command: LifecycleCommand, in context: LifecycleContext, by actor: OperatorID,
                       at now: Date) throws(LifecycleError) -> Transition {
        let progress = context.progress
        let state = progress.state
        let lease = EventData(leaseUntil: ContractTime.wholeSeconds(now.addingTimeInterval(leaseDuration)))
        func refuse() -> LifecycleError { .notAllowed(command: command.name, state: state) }
        let issuer = context.service.issuer
        guard Self.accepts(state, issuedElsewhere: issuer != nil).contains(command.kind) else {
            // Forwarding a verified request whose document the center makes: say why.
            if command.kind == .forward, issuer == nil, Self.accepts(state, issuedElsewhere: true).contains(.forward) {
                throw .noIssuer(service: context.service.code)
            }
            throw refuse()
        }
        func make(_ kind: EventKind, _ data: EventData) -> Transition {
            let event = PendingEvent(request: context.request.id, kind: kind, at: now, actor: actor, data: data)
            return Transition(event: event, progress: progress.applying(event))
        }

        switch command {
        case .claim:
            if state == .received { return make(.claimed, lease) }
            // Renewing one's own claim, or taking over a lease that ran out.
            if let holder = progress.holder, holder != actor, let until = progress.leaseUntil, until > now {
                throw .claimedBy(holder, until: until)
            }
            return make(.claimed, lease)

        case .release(let note):
            try requireHolder(progress, actor)
            return make(.released, EventData(note: note))

        case .handOver(let colleague, let note):
            try requireHolder(progress, actor)
            guard colleague != actor else { throw .handOverToSelf }
            return make(.released, EventData(note: note.trimmingCharacters(in: .whitespacesAndNewlines), handedTo: colleague))

        case .verify(let confirmProbable):
            try requireHolder(progress, actor)
            guard let record = context.record else { throw .noCivilRecord(context.request.subject.nationalNo) }
            guard record.status == .alive else { throw .personDeceased }
            let comparison = RecordComparison(subject: context.request.subject, record: record)
            guard comparison.differing.isEmpty else { throw .recordDiffers(fields: comparison.differing) }
            if !comparison.probable.isEmpty && !confirmProbable {
                throw .probableMatchNotConfirmed(fields: comparison.probable)
            }
            var data = lease
            data.match = comparison.worst.rawValue
            return make(.verified, data)

        case .reject(let reason, let fields, let note):
            let trimmed = note.trimmingCharacters(in: .whitespacesAndNewlines)
            if state == .forwarded {
                // Nobody holds a request at its issuer; the one who records the refusal says why.
                guard reason == .issuerRefused else { throw .atIssuer }
                guard !trimmed.isEmpty else { throw .noteRequired }
                return make(.rejected, EventData(reason: reason, fields: fields, note: trimmed,
                                                 issuer: progress.forwarding?.issuer, reference: progress.forwarding?.reference))
            }
            guard reason != .issuerRefused else { throw .notAtIssuer }
            guard reason != .suspectedFake else { throw .suspectedFakeIsSupervisors }
            try requireHolder(progress, actor)
            if reason == .other && trimmed.isEmpty { throw .noteRequired }
            return make(.rejected, EventData(reason: reason, fields: fields, note: trimmed))

        case .rejectAsSuspectedFake(let note):
            let trimmed = note.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw .noteRequired }
            return make(.rejected, EventData(reason: .suspectedFake, fields: [], note: trimmed))

        case .forward(let reference, let today):
            try requireHolder(progress, actor)
            guard let issuer else { throw .noIssuer(service: context.service.code) }
            let trimmed = reference.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw .reasonRequired }
            return make(.forwarded, EventData(issuer: issuer.code, reference: trimmed, expectedBy: today.adding(days: issuer.days)))

        case .receiveDocument(let reference):
            guard let forwarding = progress.forwarding, forwarding.reference == reference else { throw .wrongReference(reference) }
            var data = lease
            data.issuer = forwarding.issuer
            data.reference = forwarding.reference
            return make(.documentReceived, data)

        case .print(let reprintReason):
            try requireHolder(progress, actor)
            var data = lease
            data.copy = progress.copies + 1
            switch state {
            case .verified:
                return make(.printed, data)
            case .printed, .stamped:
                guard let reason = reprintReason?.trimmingCharacters(in: .whitespacesAndNewlines), !reason.isEmpty else {
                    throw .reprintReasonRequired
                }
                data.reprintReason = reason
                return make(.printed, data)
            default:
                throw refuse()
            }

        case .stamp(let codes, let revenueCancelled, let paperSerial):
            try requireHolder(progress, actor)
            guard !codes.isEmpty else { throw .reasonRequired }
            for code in codes {
                guard context.service.stamps.contains(code) else { throw .unknownStamp(code) }
                guard !progress.appliedStamps.contains(code) else { throw .stampAlreadyApplied(code) }
            }
            let hasRevenue = codes.contains(Stamp.revenueCode)
            if hasRevenue && !revenueCancelled { throw .revenueStampNotCancelled }
            var data = lease
            data.stamps = codes.sorted()
            data.revenueCancelled = hasRevenue ? true : nil
            data.paperSerial = paperSerial.flatMap { $0.isEmpty ? nil : $0 }
            return make(.stamped, data)

        case .seal(let tracking, let pickupCode):
            let needsStamps = !context.service.stamps.isEmpty
            let unstamped = state == .printed || state == .documentReceived
            guard state == .stamped || (unstamped && !needsStamps) else {
                if unstamped { throw .stampMissing(context.service.stamps) }
                throw refuse()
            }
            try requireHolder(progress, actor)
            let missing = context.service.stamps.filter { !progress.appliedStamps.contains($0) }
            guard missing.isEmpty else { throw .stampMissing(missing) }
            switch context.request.delivery {
            case .post:
                guard let tracking else { throw .trackingRequired }
                return make(.sealed, EventData(tracking: tracking))
            case .center:
                guard let pickupCode else { throw .pickupCodeRequired }
                return make(.sealed, EventData(pickupCode: pickupCode))
            }

        case .dispatch(let manifest, let tracking):
            guard context.request.delivery.method == .post else { throw .wrongDeliveryMethod(expected: .post) }
            guard !manifest.isEmpty else { throw .manifestRequired }
            guard let tracking = tracking ?? progress.tracking else { throw .trackingRequired }
            return make(.dispatched, EventData(tracking: tracking, manifest: manifest))

        case .markReturned(let reason, let note):
            let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw .reasonRequired }
            return make(.returned, EventData(note: note.trimmingCharacters(in: .whitespacesAndNewlines), tracking: progress.tracking,
                                             returnReason: trimmed))

        case .readyForPickup(let pickupCode):
            switch state {
            case .sealed:
                guard context.request.delivery.method == .center else { throw .wrongDeliveryMethod(expected: .center) }
            case .returned:
                break
            default:
                throw refuse()
            }
            guard let code = pickupCode ?? progress.pickupCode else { throw .pickupCodeRequired }
            return make(.readyForPickup, EventData(pickupCode: code))

        case .deliver(let collector):
            guard collector == context.request.subject.nationalNo || collector == context.request.applicant.nationalNo else {
                throw .wrongCollector(collector)
            }
            return make(.delivered, EventData(collector: collector, by: .counter))

        case .postDelivered(let office):
            return make(.delivered, EventData(tracking: progress.tracking, by: .post, office: office.isEmpty ? nil : office))

        case .markUncollected(let retentionDays):
            let since = progress.readySince ?? now
            let days = Int(now.timeIntervalSince(since) / 86_400)
            guard days >= retentionDays else {
                throw .retentionNotOver(until: since.addingTimeInterval(TimeInterval(retentionDays) * 86_400))
            }
            return make(.uncollected, EventData(days: days))

        case .cancel(let reason):
            return make(.cancelled, EventData(note: reason))
        }
    }

    private func requireHolder(_ progress: RequestProgress, _ actor: OperatorID) throws(LifecycleError) {
        guard let holder = progress.holder else { throw .notClaimed }
        // The holder may go on after the lease ran out as long as nobody took the request over.
        guard holder == actor else { throw .claimedBy(holder, until: progress.leaseUntil ?? .distantPast) }
    }
}
