import Foundation

/// What the incoming queue shows: a filter the operator sets, applied by the store.
public struct QueueFilter: Hashable, Sendable {
    public var speed: ServiceSpeed?
    public var service: String?
    public var delivery: Delivery.Method?
    public var overdueOnly: Bool
    /// Only the requests this operator holds, or that a colleague handed over to them.
    public var heldBy: OperatorID?
    /// A request id, a national number or a name (compared normalised).
    public var search: String
    public var states: Set<RequestState>

    /// The states an operator works from: waiting, and held at a counter.
    public static let openStates: Set<RequestState> = [.received, .claimed, .verified, .printed, .stamped]

    public init(speed: ServiceSpeed? = nil, service: String? = nil, delivery: Delivery.Method? = nil,
                overdueOnly: Bool = false, heldBy: OperatorID? = nil, search: String = "",
                states: Set<RequestState> = QueueFilter.openStates) {
        self.speed = speed
        self.service = service
        self.delivery = delivery
        self.overdueOnly = overdueOnly
        self.heldBy = heldBy
        self.search = search
        self.states = states
    }
}

/// One line of the queue, all a screen needs without loading the whole request.
public struct QueueRow: Hashable, Sendable {
    public var id: RequestID
    public var service: String
    public var speed: ServiceSpeed
    public var subjectName: String
    public var subjectNo: NationalNumber
    public var delivery: Delivery.Method
    public var governorate: String?
    public var submittedAt: Date
    public var dueAt: Date
    public var state: RequestState
    public var holder: OperatorID?
    public var leaseUntil: Date?
    /// The earlier request this one probably repeats (same subject and service within 30 days, or same payment).
    public var duplicateOf: RequestID?
    public var handedTo: OperatorID?
    public var tracking: TrackingNumber?
    public var pickupCode: PickupCode?

    public init(id: RequestID, service: String, speed: ServiceSpeed, subjectName: String, subjectNo: NationalNumber,
                delivery: Delivery.Method, governorate: String?, submittedAt: Date, dueAt: Date, state: RequestState,
                holder: OperatorID?, leaseUntil: Date?, duplicateOf: RequestID?, handedTo: OperatorID? = nil,
                tracking: TrackingNumber? = nil, pickupCode: PickupCode? = nil) {
        self.id = id
        self.service = service
        self.speed = speed
        self.subjectName = subjectName
        self.subjectNo = subjectNo
        self.delivery = delivery
        self.governorate = governorate
        self.submittedAt = submittedAt
        self.dueAt = dueAt
        self.state = state
        self.holder = holder
        self.leaseUntil = leaseUntil
        self.duplicateOf = duplicateOf
        self.handedTo = handedTo
        self.tracking = tracking
        self.pickupCode = pickupCode
    }

    public func isOverdue(at now: Date) -> Bool { !state.isFinal && dueAt < now }
    /// Held by someone else under a live lease.
    public func isTaken(by other: OperatorID, at now: Date) -> Bool {
        guard let holder, holder != other, let leaseUntil else { return false }
        return leaseUntil > now
    }
}

/// How far back a request by the same subject for the same service counts as a possible duplicate.
public let duplicateWindow: TimeInterval = 30 * 86_400

/// An envelope on the pickup shelf: the request, and since when it has waited for its citizen.
public struct ShelfRow: Hashable, Sendable {
    public var request: QueueRow
    public var readySince: Date

    public init(request: QueueRow, readySince: Date) {
        self.request = request
        self.readySince = readySince
    }

    /// Whole days on the shelf at `now`.
    public func daysWaiting(at now: Date) -> Int { max(Int(now.timeIntervalSince(readySince) / 86_400), 0) }
}
