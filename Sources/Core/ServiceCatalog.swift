import Foundation

/// A text in both UI languages, as the central office sends it.
public struct LocalizedText: Codable, Hashable, Sendable {
    public var ar: String
    public var en: String

    public init(ar: String, en: String) {
        self.ar = ar
        self.en = en
    }

    func validate(field: String) throws(ValidationError) {
        try TextRules.check(ar, field: "\(field).ar", length: 1...200)
        try TextRules.check(en, field: "\(field).en", length: 1...200)
    }
}

/// A kind of stamp or seal a document may need.
public struct Stamp: Codable, Hashable, Sendable {
    public var code: String
    public var name: LocalizedText
    /// The Syrian revenue stamp must be cancelled (إبطال) once affixed.
    public static let revenueCode = "REVENUE"

    public init(code: String, name: LocalizedText) {
        self.code = code
        self.name = name
    }

    public func validate() throws(ValidationError) {
        try Codes.check(code, field: "stamp.code")
        try name.validate(field: "stamp.name")
    }
}

/// Codes of services and stamps: capital ASCII letters, digits, `-` and `_`.
public enum Codes {
    public static func check(_ code: String, field: String) throws(ValidationError) {
        let ok = (1...40).contains(code.utf8.count) && code.utf8.allSatisfy { byte in
            (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
        guard ok else { throw .value(field: field, value: code, expected: "a code of capital letters, digits, '-' or '_'") }
    }
}

/// Fast services (civil extract, criminal record, …) and slow ones (higher education, real estate, …)
/// have different deadlines.
public enum ServiceSpeed: String, Codable, Sendable, CaseIterable {
    case fast, slow
}

/// The body that issues a service's document (a ministry, a directorate): the center verifies the
/// request, forwards it there, and goes on with the document that comes back.
public struct Issuer: Codable, Hashable, Sendable {
    public var code: String
    public var name: LocalizedText
    /// The issuer's usual time, in days, from the forwarding to its document.
    public var days: Int

    public init(code: String, name: LocalizedText, days: Int) {
        self.code = code
        self.name = name
        self.days = days
    }

    public func validate() throws(ValidationError) {
        let ok = (2...16).contains(code.utf8.count) && code.utf8.allSatisfy { byte in
            (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "-")
        }
        guard ok else { throw .value(field: "service.issuer.code", value: code, expected: "2 to 16 capital letters, digits or '-'") }
        try name.validate(field: "service.issuer.name")
        guard (0...366).contains(days) else {
            throw .value(field: "service.issuer.days", value: String(days), expected: "a number of days from 0 to 366")
        }
    }
}

/// An entry of the service catalog.
public struct Service: Codable, Hashable, Sendable {
    public var code: String
    public var name: LocalizedText
    public var speed: ServiceSpeed
    public var fee: Int
    public var slaHours: Int
    public var stamps: [String]
    public var active: Bool
    /// Set when another body issues the document (revision 2); nil when the center makes it.
    public var issuer: Issuer?

    enum CodingKeys: String, CodingKey {
        case code, name, speed, fee, stamps, active, issuer
        case slaHours = "sla_hours"
    }

    public init(code: String, name: LocalizedText, speed: ServiceSpeed, fee: Int, slaHours: Int, stamps: [String], active: Bool,
                issuer: Issuer? = nil) {
        self.code = code
        self.name = name
        self.speed = speed
        self.fee = fee
        self.slaHours = slaHours
        self.stamps = stamps
        self.active = active
        self.issuer = issuer
    }

    public func validate() throws(ValidationError) {
        try Codes.check(code, field: "service.code")
        try name.validate(field: "service.name")
        guard fee >= 0 else { throw .value(field: "service.fee", value: String(fee), expected: "a whole amount of pounds, 0 or more") }
        guard (1...24 * 365).contains(slaHours) else {
            throw .value(field: "service.sla_hours", value: String(slaHours), expected: "a number of hours from 1 to 8760")
        }
        for stamp in stamps { try Codes.check(stamp, field: "service.stamps") }
        try issuer?.validate()
    }
}
