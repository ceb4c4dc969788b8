import Foundation

/// What the Syrian Post reported about an envelope (UPU EMI/EMH events), relayed by the central
/// office as a `postal` record.
public struct PostalReport: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Hashable, Sendable, CaseIterable {
        /// Handed to the addressee: the center records its own `delivered`.
        case delivered
        /// A delivery attempt failed and the post keeps the envelope.
        case attempted
        /// The post sends the envelope back to the center.
        case returning
    }

    public var tracking: TrackingNumber
    public var event: Kind
    public var at: Date
    public var office: String
    public var reason: String

    public init(tracking: TrackingNumber, event: Kind, at: Date, office: String, reason: String) {
        self.tracking = tracking
        self.event = event
        self.at = at
        self.office = office
        self.reason = reason
    }

    private enum CodingKeys: String, CodingKey {
        case tracking, event, at, office, reason
    }

    /// `office` and `reason` may be left out by the central office; they read as empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tracking = try c.decode(TrackingNumber.self, forKey: .tracking)
        event = try c.decode(Kind.self, forKey: .event)
        at = try c.decode(Date.self, forKey: .at)
        office = try c.decodeIfPresent(String.self, forKey: .office) ?? ""
        reason = try c.decodeIfPresent(String.self, forKey: .reason) ?? ""
    }

    public func validate() throws(ValidationError) {
        try TextRules.check(office, field: "postal.office", length: 0...512)
        try TextRules.check(reason, field: "postal.reason", length: 0...512)
    }
}

/// An envelope still out with the post, and the post's latest word on it (a failed attempt, or a
/// return on its way): what the handoff screen shows as expected back.
public struct ReportedEnvelope: Hashable, Sendable {
    public var request: RequestID
    public var report: PostalReport

    public init(request: RequestID, report: PostalReport) {
        self.request = request
        self.report = report
    }
}
