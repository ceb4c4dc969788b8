import Foundation

public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    case `operator`, supervisor, admin

    private var rank: Int {
        switch self {
        case .operator: 0
        case .supervisor: 1
        case .admin: 2
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// A person who signs in at a counter.
public struct Operator: Hashable, Sendable {
    public var id: OperatorID
    public var name: String
    public var role: Role
    public var disabled: Bool

    public init(id: OperatorID, name: String, role: Role, disabled: Bool = false) {
        self.id = id
        self.name = name
        self.role = role
        self.disabled = disabled
    }

    /// The id and the display name, or the id alone when there is no name other than the id.
    public var shownName: String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty || trimmed == id.rawValue ? id.rawValue : "\(id.rawValue) \(trimmed)"
    }
}
