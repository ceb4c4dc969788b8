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

    /// The states an operator works from: waiting, and held at a counter (an issuer's document back included).
    public static let openStates: Set<RequestState> = Set(RequestState.allCases.filter(\.isAtCounter)).union([.received])

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
    /// Part of a flood (see `FloodRule`).
    public var isFlood: Bool
    /// The subject has no civil-affairs record at the center.
    public var hasNoRecord: Bool

    public init(id: RequestID, service: String, speed: ServiceSpeed, subjectName: String, subjectNo: NationalNumber,
                delivery: Delivery.Method, governorate: String?, submittedAt: Date, dueAt: Date, state: RequestState,
                holder: OperatorID?, leaseUntil: Date?, duplicateOf: RequestID?, handedTo: OperatorID? = nil,
                tracking: TrackingNumber? = nil, pickupCode: PickupCode? = nil, isFlood: Bool = false, hasNoRecord: Bool = false) {
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
        self.isFlood = isFlood
        self.hasNoRecord = hasNoRecord
    }

    /// What the row is marked with, in a fixed order.
    public var flags: [RequestFlag] {
        var flags: [RequestFlag] = []
        if duplicateOf != nil { flags.append(.duplicate) }
        if isFlood { flags.append(.flood) }
        if hasNoRecord { flags.append(.noRecord) }
        if state == .cancelled { flags.append(.cancelled) }
        return flags
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

/// A row's place in the queue's order: first due first, then by id (ids are unique, so the order is total).
public struct QueueKey: Hashable, Sendable {
    public var dueAt: Date
    public var id: RequestID

    public init(dueAt: Date, id: RequestID) {
        self.dueAt = dueAt
        self.id = id
    }
}

extension QueueRow {
    public var key: QueueKey { QueueKey(dueAt: dueAt, id: id) }
}

/// Which rows a queue page holds. Pages are found by key, from a row already on screen, so a
/// page deep in the queue costs what the first page costs (an OFFSET would step over every row before it).
public enum QueuePage: Hashable, Sendable {
    /// The first rows (Home).
    case top
    /// The last rows (End).
    case bottom
    /// The rows from `delta` rows after the row with `key` (before it, when negative); that row is at `position`.
    case near(QueueKey, delta: Int, position: Int)

    /// Where the page's first row is expected, when it is known before the page is read.
    public var expectedOffset: Int? {
        switch self {
        case .top: 0
        case .bottom: nil
        case .near(_, let delta, let position): max(position + delta, 0)
        }
    }
}

/// A page of the queue as the store read it: its rows, the position of the first, the filter's total.
public struct QueueSlice: Hashable, Sendable {
    public var rows: [QueueRow]
    public var offset: Int
    public var total: Int
    /// The filter lets more than `total` through: a name typed into the search is counted up to
    /// `QueueSlice.countedNames` only, so that each character costs one read of the names, not two.
    public var hasMore: Bool

    /// How far the matches of a name are counted.
    public static let countedNames = 1_000

    public init(rows: [QueueRow], offset: Int, total: Int, hasMore: Bool = false) {
        self.rows = rows
        self.offset = offset
        self.total = total
        self.hasMore = hasMore
    }
}
