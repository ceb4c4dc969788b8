import Foundation

/// The portal's id of a transaction, such as `CSC-2026-00012345`.
public struct RequestID: Hashable, Sendable, Comparable, CustomStringConvertible, CheckedString {
    public let rawValue: String

    public init(_ text: String) throws(ValidationError) {
        let ok = (1...40).contains(text.utf8.count) && text.utf8.allSatisfy { byte in
            (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "-")
        }
        guard ok else { throw .value(field: "request id", value: text, expected: "capital letters, digits and '-'") }
        rawValue = text
    }

    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Who registered and paid.
public struct Applicant: Codable, Hashable, Sendable {
    public var nationalNo: NationalNumber
    public var name: PersonName
    public var phone: String

    enum CodingKeys: String, CodingKey {
        case name, phone
        case nationalNo = "national_no"
    }

    public init(nationalNo: NationalNumber, name: PersonName, phone: String) {
        self.nationalNo = nationalNo
        self.name = name
        self.phone = phone
    }
}

/// The person the document is about, as the applicant typed it.
public struct Subject: Codable, Hashable, Sendable {
    public var nationalNo: NationalNumber
    public var name: PersonName
    public var birthDate: CivilDate
    public var birthPlace: String

    enum CodingKeys: String, CodingKey {
        case name
        case nationalNo = "national_no", birthDate = "birth_date", birthPlace = "birth_place"
    }

    public init(nationalNo: NationalNumber, name: PersonName, birthDate: CivilDate, birthPlace: String) {
        self.nationalNo = nationalNo
        self.name = name
        self.birthDate = birthDate
        self.birthPlace = birthPlace
    }
}

public struct PostalAddress: Codable, Hashable, Sendable {
    public var governorate: String
    public var city: String
    public var area: String
    public var street: String
    public var building: String
    public var notes: String

    public init(governorate: String, city: String, area: String, street: String, building: String, notes: String) {
        self.governorate = governorate
        self.city = city
        self.area = area
        self.street = street
        self.building = building
        self.notes = notes
    }

    /// The address in lines, as an envelope carries it.
    public var lines: [String] {
        [[street, building].filter { !$0.isEmpty }.joined(separator: " "),
         [area, city].filter { !$0.isEmpty }.joined(separator: " - "),
         governorate, notes].filter { !$0.isEmpty }
    }
}

/// By the Syrian Post to an address, or kept at a center for pickup.
public enum Delivery: Hashable, Sendable, Codable {
    case post(PostalAddress)
    case center(PartyID)

    public enum Method: String, Codable, Sendable, CaseIterable {
        case post, center
    }

    public var method: Method {
        switch self {
        case .post: .post
        case .center: .center
        }
    }

    enum CodingKeys: String, CodingKey {
        case method, address, center
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Method.self, forKey: .method) {
        case .post: self = .post(try container.decode(PostalAddress.self, forKey: .address))
        case .center: self = .center(try container.decode(PartyID.self, forKey: .center))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(method, forKey: .method)
        switch self {
        case .post(let address): try container.encode(address, forKey: .address)
        case .center(let center): try container.encode(center, forKey: .center)
        }
    }
}

public struct Payment: Codable, Hashable, Sendable {
    public var amount: Int
    public var channel: String
    public var ref: String
    public var paidAt: Date

    enum CodingKeys: String, CodingKey {
        case amount, channel, ref
        case paidAt = "paid_at"
    }

    public init(amount: Int, channel: String, ref: String, paidAt: Date) {
        self.amount = amount
        self.channel = channel
        self.ref = ref
        self.paidAt = paidAt
    }
}

/// A transaction a citizen registered and paid on the portal, as the central office sends it.
public struct RequestRecord: Codable, Hashable, Sendable {
    public var id: RequestID
    public var service: String
    public var submittedAt: Date
    public var applicant: Applicant
    public var subject: Subject
    public var delivery: Delivery
    public var payment: Payment

    enum CodingKeys: String, CodingKey {
        case id, service, applicant, subject, delivery, payment
        case submittedAt = "submitted_at"
    }

    public init(id: RequestID, service: String, submittedAt: Date, applicant: Applicant, subject: Subject,
                delivery: Delivery, payment: Payment) {
        self.id = id
        self.service = service
        self.submittedAt = submittedAt
        self.applicant = applicant
        self.subject = subject
        self.delivery = delivery
        self.payment = payment
    }

    public func validate() throws(ValidationError) {
        try Codes.check(service, field: "request.service")
        try applicant.name.validate(field: "request.applicant.name")
        try TextRules.check(applicant.phone, field: "request.applicant.phone", length: 0...32)
        try subject.name.validate(field: "request.subject.name")
        try TextRules.check(subject.birthPlace, field: "request.subject.birth_place", length: 1...64)
        if case .post(let address) = delivery {
            for (field, text) in [("governorate", address.governorate), ("city", address.city), ("area", address.area),
                                  ("street", address.street), ("building", address.building), ("notes", address.notes)] {
                try TextRules.check(text, field: "request.delivery.address.\(field)", length: 0...200)
            }
            try TextRules.check(address.governorate, field: "request.delivery.address.governorate", length: 1...64)
        }
        guard payment.amount >= 0 else {
            throw .value(field: "request.payment.amount", value: String(payment.amount), expected: "whole Syrian pounds, 0 or more")
        }
        try TextRules.check(payment.channel, field: "request.payment.channel", length: 1...64)
        try TextRules.check(payment.ref, field: "request.payment.ref", length: 1...64)
    }

    /// When the service's deadline falls: `sla_hours` after submission.
    public func due(slaHours: Int) -> Date { submittedAt.addingTimeInterval(TimeInterval(slaHours) * 3_600) }
}
