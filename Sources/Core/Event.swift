import Foundation

/// One step of a request's life at the center. Raw values are the contract's `kind`s.
public enum EventKind: String, Codable, Sendable, CaseIterable {
    case received, claimed, released, verified, rejected
    /// Sent to the body that issues the service's document (revision 2).
    case forwarded
    /// The issuing body's document came back; it replaces the center's print.
    case documentReceived = "document_received"
    case printed, stamped, sealed, dispatched, returned
    case readyForPickup = "ready_for_pickup"
    case delivered
    /// Left on the pickup shelf past the center's retention period.
    case uncollected
    case cancelled
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
    case suspectedFake = "SUSPECTED_FAKE"
    /// Only for a request forwarded to its issuer, which refused it.
    case issuerRefused = "ISSUER_REFUSED"
    case other = "OTHER"

    /// The reasons an operator picks at the counter: an issuer's refusal is recorded when its
    /// answer comes back, and a suspected fake is the supervisor's call on a flood.
    public static let atCounter: [RejectionReason] = allCases.filter { $0 != .issuerRefused && $0 != .suspectedFake }
}

/// Who handed a document over: the post (reported by a `postal` record) or the center's counter.
public enum DeliveryChannel: String, Codable, Hashable, Sendable {
    case post, counter
}

/// What an event's kind needs; absent fields are left out of the line.
public struct EventData: Encodable, Hashable, Sendable {
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
    /// The post's reason for sending an envelope back (a `returned` event's `reason`).
    public var returnReason: String?
    /// The colleague a request was handed over to (a `released` event).
    public var handedTo: OperatorID?
    /// The issuing body (`forwarded`, `document_received`).
    public var issuer: String?
    /// The center's reference for the file sent to the issuer.
    public var reference: String?
    /// When the issuer is expected to send its document back.
    public var expectedBy: CivilDate?
    /// Who handed the document over (`delivered`).
    public var by: DeliveryChannel?
    /// The post office that reported a delivery (`delivered` by post).
    public var office: String?
    /// Days a document waited on the pickup shelf (`uncollected`).
    public var days: Int?

    enum CodingKeys: String, CodingKey {
        case reason, fields, note, stamps, copy, tracking, manifest, collector, match, issuer, reference, by, office, days
        case revenueCancelled = "revenue_cancelled", paperSerial = "paper_serial", reprintReason = "reprint_reason"
        case pickupCode = "pickup_code", leaseUntil = "lease_until"
        case handedTo = "handed_to", expectedBy = "expected_by"
        /// Where revision 1's `returned` events (before the contract named the field) kept the post's reason.
        case legacyReturnReason = "return_reason"
    }

    public init(reason: RejectionReason? = nil, fields: [String]? = nil, note: String? = nil, stamps: [String]? = nil,
                revenueCancelled: Bool? = nil, paperSerial: String? = nil, copy: Int? = nil, reprintReason: String? = nil,
                tracking: TrackingNumber? = nil, manifest: String? = nil, pickupCode: PickupCode? = nil,
                collector: NationalNumber? = nil, match: String? = nil, leaseUntil: Date? = nil, returnReason: String? = nil,
                handedTo: OperatorID? = nil, issuer: String? = nil, reference: String? = nil, expectedBy: CivilDate? = nil,
                by: DeliveryChannel? = nil, office: String? = nil, days: Int? = nil) {
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
        self.issuer = issuer
        self.reference = reference
        self.expectedBy = expectedBy
        self.by = by
        self.office = office
        self.days = days
    }

    /// The same members as `WireWriter` writes: one `reason` for a rejection's code or the post's words.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(by, forKey: .by)
        try c.encodeIfPresent(collector, forKey: .collector)
        try c.encodeIfPresent(copy, forKey: .copy)
        try c.encodeIfPresent(days, forKey: .days)
        try c.encodeIfPresent(expectedBy, forKey: .expectedBy)
        try c.encodeIfPresent(fields, forKey: .fields)
        try c.encodeIfPresent(handedTo, forKey: .handedTo)
        try c.encodeIfPresent(issuer, forKey: .issuer)
        try c.encodeIfPresent(leaseUntil, forKey: .leaseUntil)
        try c.encodeIfPresent(manifest, forKey: .manifest)
        try c.encodeIfPresent(match, forKey: .match)
        try c.encodeIfPresent(note, forKey: .note)
        try c.encodeIfPresent(office, forKey: .office)
        try c.encodeIfPresent(paperSerial, forKey: .paperSerial)
        try c.encodeIfPresent(pickupCode, forKey: .pickupCode)
        try c.encodeIfPresent(reason?.rawValue ?? returnReason, forKey: .reason)
        try c.encodeIfPresent(reference, forKey: .reference)
        try c.encodeIfPresent(reprintReason, forKey: .reprintReason)
        try c.encodeIfPresent(revenueCancelled, forKey: .revenueCancelled)
        try c.encodeIfPresent(stamps, forKey: .stamps)
        try c.encodeIfPresent(tracking, forKey: .tracking)
    }

    /// `reason` is a rejection's code, or the post's words on a `returned` event: the kind tells
    /// which, so a line is read with its kind (`Event(line:)`).
    init(from decoder: any Decoder, kind: EventKind) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let reasonText = try c.decodeIfPresent(String.self, forKey: .reason)
        if kind == .returned {
            returnReason = try reasonText ?? c.decodeIfPresent(String.self, forKey: .legacyReturnReason)
        } else if let reasonText {
            guard let code = RejectionReason(rawValue: reasonText) else {
                throw DecodingError.dataCorruptedError(forKey: .reason, in: c, debugDescription: "unknown reason code \(reasonText)")
            }
            reason = code
        }
        fields = try c.decodeIfPresent([String].self, forKey: .fields)
        note = try c.decodeIfPresent(String.self, forKey: .note)
        stamps = try c.decodeIfPresent([String].self, forKey: .stamps)
        revenueCancelled = try c.decodeIfPresent(Bool.self, forKey: .revenueCancelled)
        paperSerial = try c.decodeIfPresent(String.self, forKey: .paperSerial)
        copy = try c.decodeIfPresent(Int.self, forKey: .copy)
        reprintReason = try c.decodeIfPresent(String.self, forKey: .reprintReason)
        tracking = try c.decodeIfPresent(TrackingNumber.self, forKey: .tracking)
        manifest = try c.decodeIfPresent(String.self, forKey: .manifest)
        pickupCode = try c.decodeIfPresent(PickupCode.self, forKey: .pickupCode)
        collector = try c.decodeIfPresent(NationalNumber.self, forKey: .collector)
        match = try c.decodeIfPresent(String.self, forKey: .match)
        leaseUntil = try c.decodeIfPresent(Date.self, forKey: .leaseUntil)
        handedTo = try c.decodeIfPresent(OperatorID.self, forKey: .handedTo)
        issuer = try c.decodeIfPresent(String.self, forKey: .issuer)
        reference = try c.decodeIfPresent(String.self, forKey: .reference)
        expectedBy = try c.decodeIfPresent(CivilDate.self, forKey: .expectedBy)
        by = try c.decodeIfPresent(DeliveryChannel.self, forKey: .by)
        office = try c.decodeIfPresent(String.self, forKey: .office)
        days = try c.decodeIfPresent(Int.self, forKey: .days)
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

        private enum CodingKeys: String, CodingKey {
            case type, id, request, kind, at, `operator`, data
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            type = try c.decode(String.self, forKey: .type)
            id = try c.decode(Int64.self, forKey: .id)
            request = try c.decode(RequestID.self, forKey: .request)
            kind = try c.decode(EventKind.self, forKey: .kind)
            at = try c.decode(Date.self, forKey: .at)
            `operator` = try c.decode(OperatorID.self, forKey: .operator)
            data = try EventData(from: c.superDecoder(forKey: .data), kind: kind)
        }
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
