import Foundation

/// One step of a request's life at the center. Raw values are the contract's `kind`s.
public enum EventKind: String, Codable, Sendable, CaseIterable {
    case received, claimed, released, verified, rejected, printed, stamped, sealed, dispatched
    /// Not in the contract's list of kinds (issue #5 asks for it); see docs/contract-notes.md.
    case returned
    case readyForPickup = "ready_for_pickup"
    case delivered, cancelled
}

/// The contract's reason codes for a rejection.
public enum RejectionReason: String, Codable, Sendable, CaseIterable {
    case notFound = "NOT_FOUND"
    case nameMismatch = "NAME_MISMATCH"
    case fatherMismatch = "FATHER_MISMATCH"
    case motherMismatch = "MOTHER_MISMATCH"
    case birthMismatch = "BIRTH_MISMATCH"
    case deceased = "DECEASED"
    case documentProblem = "DOCUMENT_PROBLEM"
    case duplicate = "DUPLICATE"
    case other = "OTHER"
}

/// What an event's kind needs; absent fields are left out of the line.
public struct EventData: Codable, Hashable, Sendable {
    public var reason: RejectionReason?
    public var fields: [String]?
    public var note: String?
    public var stamps: [String]?
    public var revenueCancelled: Bool?
    public var paperSerial: String?
    public var copy: Int?
    public var reprintReason: String?
    public var tracking: TrackingNumber?
    public var manifest: String?
    public var pickupCode: PickupCode?
    public var collector: NationalNumber?
    public var match: String?
    public var leaseUntil: Date?
    public var returnReason: String?
    /// The colleague a request was handed over to (a `released` event).
    public var handedTo: OperatorID?

    enum CodingKeys: String, CodingKey {
        case reason, fields, note, stamps, copy, tracking, manifest, collector, match
        case revenueCancelled = "revenue_cancelled", paperSerial = "paper_serial", reprintReason = "reprint_reason"
        case pickupCode = "pickup_code", leaseUntil = "lease_until", returnReason = "return_reason"
        case handedTo = "handed_to"
    }

    public init(reason: RejectionReason? = nil, fields: [String]? = nil, note: String? = nil, stamps: [String]? = nil,
                revenueCancelled: Bool? = nil, paperSerial: String? = nil, copy: Int? = nil, reprintReason: String? = nil,
                tracking: TrackingNumber? = nil, manifest: String? = nil, pickupCode: PickupCode? = nil,
                collector: NationalNumber? = nil, match: String? = nil, leaseUntil: Date? = nil, returnReason: String? = nil,
                handedTo: OperatorID? = nil) {
        self.reason = reason
        self.fields = fields
        self.note = note
        self.stamps = stamps
        self.revenueCancelled = revenueCancelled
        self.paperSerial = paperSerial
        self.copy = copy
        self.reprintReason = reprintReason
        self.tracking = tracking
        self.manifest = manifest
        self.pickupCode = pickupCode
        self.collector = collector
        self.match = match
        self.leaseUntil = leaseUntil
        self.returnReason = returnReason
        self.handedTo = handedTo
    }
}

/// An event decided but not yet numbered: the store gives it the next id when it appends it.
public struct PendingEvent: Hashable, Sendable {
    public var request: RequestID
    public var kind: EventKind
    public var at: Date
    public var actor: OperatorID
    public var data: EventData

    public init(request: RequestID, kind: EventKind, at: Date, actor: OperatorID, data: EventData = EventData()) {
        self.request = request
        self.kind = kind
        self.at = ContractTime.wholeSeconds(at)
        self.actor = actor
        self.data = data
    }

    public func numbered(_ id: Int64) -> Event { Event(id: id, pending: self) }
}

/// An event of the center's log, numbered from 1 without a gap.
public struct Event: Hashable, Sendable {
    public let id: Int64
    public let pending: PendingEvent

    public var request: RequestID { pending.request }
    public var kind: EventKind { pending.kind }
    public var at: Date { pending.at }
    public var actor: OperatorID { pending.actor }
    public var data: EventData { pending.data }

    public init(id: Int64, pending: PendingEvent) {
        self.id = id
        self.pending = pending
    }

    private struct Line: Decodable {
        var type = "event"
        var id: Int64
        var request: RequestID
        var kind: EventKind
        var at: Date
        var `operator`: OperatorID
        var data: EventData
    }

    /// The exact line this event is sent as (no newline); the audit chain hashes these bytes.
    public func line() -> String { WireWriter.json(self) }

    /// Reads back a stored line, to replay the log.
    public init(line: String) throws {
        let decoded = try Wire.makeDecoder().decode(Line.self, from: Data(line.utf8))
        guard decoded.type == "event" else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not an event line"))
        }
        self.init(id: decoded.id, pending: PendingEvent(
            request: decoded.request, kind: decoded.kind, at: decoded.at, actor: decoded.operator, data: decoded.data))
    }
}

extension Event: WireWritable {
    /// The contract's event record, keys sorted: the bytes the audit chain hashes.
    public func write(to writer: inout WireWriter) {
        writer.object { w in
            w.key("at"); w.time(at)
            w.key("data"); data.write(to: &w)
            w.key("id"); w.integer(id)
            w.key("kind"); w.string(kind.rawValue)
            w.key("operator"); w.string(actor.rawValue)
            w.key("request"); w.string(request.rawValue)
            w.key("type"); w.string("event")
        }
    }
}
