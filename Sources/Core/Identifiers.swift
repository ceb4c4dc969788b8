import Foundation

/// A Syrian national number: exactly 11 ASCII digits (2 governorate, 2 registry office, 7 serial).
public struct NationalNumber: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let digits: String

    public init(_ text: String) throws(ValidationError) {
        guard text.utf8.count == 11, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw .nationalNumber(text)
        }
        digits = text
    }

    public var description: String { digits }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.digits < rhs.digits }
}

/// A party of the exchange: `CENTRAL`, or a center such as `HMA-01`.
public struct PartyID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public static let central = PartyID(unchecked: "CENTRAL")

    public init(_ text: String) throws(ValidationError) {
        guard text == "CENTRAL" || Self.isCenterID(text) else { throw .partyID(text) }
        rawValue = text
    }

    private init(unchecked: String) { rawValue = unchecked }

    public var isCenter: Bool { rawValue != "CENTRAL" }
    public var description: String { rawValue }

    static func isCenterID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 6, bytes[3] == UInt8(ascii: "-") else { return false }
        return bytes[0..<3].allSatisfy { (0x41...0x5A).contains($0) }
            && bytes[4..<6].allSatisfy { (0x30...0x39).contains($0) }
    }
}

/// A UPU S10 postal item id: 2 letters, 8-digit serial, check digit, `SY`.
public struct TrackingNumber: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ text: String) throws(ValidationError) {
        let bytes = Array(text.utf8)
        guard bytes.count == 13 else { throw .trackingNumber(text, reason: "it must have 13 characters") }
        guard bytes[0..<2].allSatisfy({ (0x41...0x5A).contains($0) }) else {
            throw .trackingNumber(text, reason: "it must start with two capital letters")
        }
        guard bytes[2..<11].allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw .trackingNumber(text, reason: "the serial and check digit must be 9 digits")
        }
        guard bytes[11] == UInt8(ascii: "S"), bytes[12] == UInt8(ascii: "Y") else {
            throw .trackingNumber(text, reason: "it must end in SY")
        }
        let serial = bytes[2..<10].map { Int($0 - 0x30) }
        let given = Int(bytes[10] - 0x30)
        let expected = Self.checkDigit(serial: serial)
        guard given == expected else {
            throw .trackingNumber(text, reason: "check digit is \(given), expected \(expected)")
        }
        rawValue = text
    }

    /// Builds the id for a serial taken from a configured range.
    public init(service: String, serial: Int) throws(ValidationError) {
        guard (0...99_999_999).contains(serial) else {
            throw .trackingNumber("\(service)\(serial)SY", reason: "the serial must have at most 8 digits")
        }
        let digits = String(serial).leftPadded(to: 8)
        let check = Self.checkDigit(serial: digits.utf8.map { Int($0 - 0x30) })
        try self.init("\(service)\(digits)\(check)SY")
    }

    /// S10 check digit: weights 8 6 4 2 3 5 9 7; C = 11 − (sum mod 11); 10 → 0, 11 → 5.
    public static func checkDigit(serial: [Int]) -> Int {
        let weights = [8, 6, 4, 2, 3, 5, 9, 7]
        let sum = zip(serial, weights).reduce(0) { $0 + $1.0 * $1.1 }
        switch 11 - sum % 11 {
        case 10: return 0
        case 11: return 5
        case let digit: return digit
        }
    }

    public var description: String { rawValue }
}

/// A short code the citizen shows to collect an envelope at the counter.
public struct PickupCode: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public static let length = 6

    public init(_ text: String) throws(ValidationError) {
        guard text.utf8.count == Self.length, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw .value(field: "pickup code", value: text, expected: "\(Self.length) digits")
        }
        rawValue = text
    }

    /// Derives the code from a random number the caller draws (Core does no I/O).
    public init(random: UInt64) {
        rawValue = String(random % 1_000_000).leftPadded(to: Self.length)
    }

    public var description: String { rawValue }
}

/// An operator's sign-in id, such as `op-07`.
public struct OperatorID: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public let rawValue: String
    /// Events the center makes on its own (receiving a bundle) or on the central office's word.
    public static let system = OperatorID(stored: "system")

    public init(_ text: String) throws(ValidationError) {
        let allowed = text.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
        guard allowed, (1...32).contains(text.utf8.count) else {
            throw .value(field: "operator id", value: text, expected: "1 to 32 lowercase letters, digits, '-', '_' or '.'")
        }
        rawValue = text
    }

    /// For ids read back from the center's own database or log, which only ever hold checked ids.
    public init(stored text: String) { rawValue = text }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { try self.init(text) } catch {
            // The log also holds `system`, which is not a sign-in id.
            guard text == Self.system.rawValue else {
                throw FieldRefusal(path: decoder.codingPath, error: error)
            }
            self = .system
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
