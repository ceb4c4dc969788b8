import Foundation

/// The envelopes handed to a postal courier in one handoff.
public struct Manifest: Codable, Hashable, Sendable {
    public struct Courier: Codable, Hashable, Sendable {
        public var name: String
        public var id: String

        public init(name: String, id: String) {
            self.name = name
            self.id = id
        }
    }

    public struct Item: Codable, Hashable, Sendable {
        public var request: RequestID
        public var tracking: TrackingNumber

        public init(request: RequestID, tracking: TrackingNumber) {
            self.request = request
            self.tracking = tracking
        }
    }

    public var id: String
    public var carrier: String
    public var handedAt: Date
    public var actor: OperatorID
    public var courier: Courier
    public var items: [Item]

    enum CodingKeys: String, CodingKey {
        case id, carrier, courier, items
        case handedAt = "handed_at", actor = "operator"
    }

    public init(id: String, carrier: String = "SYPOST", handedAt: Date, actor: OperatorID, courier: Courier, items: [Item]) {
        self.id = id
        self.carrier = carrier
        self.handedAt = handedAt
        self.actor = actor
        self.courier = courier
        self.items = items
    }

    /// `HMA-01-20261122-01`: the center, the local day, and the day's handoff number.
    public static func id(center: PartyID, day: CivilDate, number: Int) -> String {
        "\(center)-\(ContractTime.pad(day.year, 4))\(ContractTime.pad(day.month, 2))\(ContractTime.pad(day.day, 2))-\(ContractTime.pad(number, 2))"
    }
}
