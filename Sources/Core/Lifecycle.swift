import Foundation

/// Where a request stands at the center. Raw values are the event kinds that lead there.
public enum RequestState: String, Codable, Sendable, CaseIterable {
    /// Waiting in the queue: received from the central office, or released back.
    case received
    case claimed, verified, rejected, printed, stamped, sealed, dispatched, returned
    case readyForPickup = "ready_for_pickup"
    case delivered, cancelled

    /// States in which an operator holds the request at a counter under a lease.
    public var isAtCounter: Bool { [.claimed, .verified, .printed, .stamped].contains(self) }
    public var isFinal: Bool { [.rejected, .delivered, .cancelled].contains(self) }
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

    public init(state: RequestState = .received, holder: OperatorID? = nil, leaseUntil: Date? = nil,
                appliedStamps: [String] = [], copies: Int = 0, tracking: TrackingNumber? = nil,
                pickupCode: PickupCode? = nil, manifest: String? = nil, handedTo: OperatorID? = nil) {
        self.state = state
        self.holder = holder
        self.leaseUntil = leaseUntil
        self.appliedStamps = appliedStamps
        self.copies = copies
        self.tracking = tracking
        self.pickupCode = pickupCode
        self.manifest = manifest
        self.handedTo = handedTo
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
        case .rejected, .cancelled, .delivered:
            next.state = event.kind == .rejected ? .rejected : event.kind == .cancelled ? .cancelled : .delivered
            next.holder = nil
            next.leaseUntil = nil
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
    /// A second print needs a reason (spoilt paper, printer jam…); it voids the stamps on the old copy.
    case print(reprintReason: String?)
    case stamp([String], revenueCancelled: Bool, paperSerial: String?)
    case seal(tracking: TrackingNumber?, pickupCode: PickupCode?)
    case dispatch(manifest: String, tracking: TrackingNumber?)
    case markReturned(reason: String)
    case readyForPickup(pickupCode: PickupCode?)
    case deliver(collector: NationalNumber)
    case cancel(reason: String)

    /// The command without its data: what a state accepts is said in kinds.
    public enum Kind: String, CaseIterable, Hashable, Sendable {
        case claim, release, handOver, verify, reject, print, stamp, seal, dispatch, markReturned, readyForPickup, deliver, cancel
    }

    public var kind: Kind {
        switch self {
        case .claim: .claim
        case .release: .release
        case .handOver: .handOver
        case .verify: .verify
        case .reject: .reject
        case .print: .print
        case .stamp: .stamp
        case .seal: .seal
        case .dispatch: .dispatch
        case .markReturned: .markReturned
        case .readyForPickup: .readyForPickup
        case .deliver: .deliver
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
        case .print: "print"
        case .stamp: "stamp"
        case .seal: "seal"
        case .dispatch: "dispatch"
        case .markReturned: "mark returned"
        case .readyForPickup: "keep for pickup"
        case .deliver: "deliver"
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
            return "the reason OTHER needs a note"
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
    public static func accepts(_ state: RequestState) -> Set<LifecycleCommand.Kind> {
        switch state {
        case .received: [.claim, .cancel]
        case .claimed: [.claim, .release, .handOver, .verify, .reject, .cancel]
        case .verified: [.claim, .handOver, .reject, .print, .cancel]
        // A printed document can still be rejected (DOCUMENT_PROBLEM), printed again, stamped, sealed.
        case .printed, .stamped: [.claim, .reject, .print, .stamp, .seal, .cancel]
        case .sealed: [.dispatch, .readyForPickup]
        case .dispatched: [.markReturned]
        case .returned: [.dispatch, .readyForPickup]
        case .readyForPickup: [.deliver]
        case .rejected, .delivered, .cancelled: []
        }
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
        guard Self.accepts(state).contains(command.kind) else { throw refuse() }
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
            try requireHolder(progress, actor)
            let trimmed = note.trimmingCharacters(in: .whitespacesAndNewlines)
            if reason == .other && trimmed.isEmpty { throw .noteRequired }
            return make(.rejected, EventData(reason: reason, fields: fields, note: trimmed))

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
            guard state == .stamped || (state == .printed && !needsStamps) else {
                if state == .printed { throw .stampMissing(context.service.stamps) }
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

        case .markReturned(let reason):
            let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw .reasonRequired }
            return make(.returned, EventData(tracking: progress.tracking, manifest: progress.manifest, returnReason: trimmed))

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
            return make(.delivered, EventData(collector: collector))

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
