import Foundation

/// A JSON value as `WireReader` reads it: only what person and request records are made of.
public enum WireValue: Hashable, Sendable {
    case string(String)
    case integer(Int)
    case object([String: WireValue])
}

/// Reads the plain lines that make up nearly every bundle (persons and requests) without
/// Foundation's decoder, which was two fifths of the import's time. It is deliberately narrow:
/// objects of strings and whole numbers, no escapes, no duplicate or unknown keys. For anything
/// else it gives nil, and the caller decodes the line with `Wire.makeDecoder()`, which gives the
/// contract's error for a bad record; so it never decides a line is wrong, only that it is plain.
/// `WireReaderTests` holds what it reads against the decoder.
public enum WireReader {
    /// The top-level object of a line, or nil when the line is not plain.
    public static func object(_ line: Data) -> [String: WireValue]? {
        line.withUnsafeBytes { raw in
            var scanner = Scanner(bytes: raw.bindMemory(to: UInt8.self))
            guard case .object(let members)? = scanner.value(), scanner.atEnd() else { return nil }
            return members
        }
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func atEnd() -> Bool {
            skipSpace()
            return index == bytes.count
        }

        mutating func value() -> WireValue? {
            skipSpace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "{"): return object()
            case UInt8(ascii: "\""): return string().map(WireValue.string)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return integer().map(WireValue.integer)
            default: return nil
            }
        }

        private mutating func object() -> WireValue? {
            index += 1
            var members: [String: WireValue] = [:]
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = string() else { return nil }
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
                index += 1
                guard let value = value(), members.updateValue(value, forKey: key) == nil else { return nil }
                skipSpace()
                guard index < bytes.count else { return nil }
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "}") { return .object(members) }
                guard byte == UInt8(ascii: ",") else { return nil }
            }
        }

        /// A string without escapes or control characters; the line was checked to be UTF-8.
        private mutating func string() -> String? {
            index += 1
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    index += 1
                    return text
                }
                guard byte >= 0x20, byte != UInt8(ascii: "\\") else { return nil }
                index += 1
            }
            return nil
        }

        /// An integer as JSON writes one (no leading zero, no fraction or exponent) that fits an `Int`.
        private mutating func integer() -> Int? {
            let start = index
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            let digits = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            // "-0" too is left to the decoder.
            guard index > digits, !(bytes[digits] == UInt8(ascii: "0") && (index > digits + 1 || digits > start)) else { return nil }
            if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) { return nil }
            // Beyond ±2^53 the decoder's path names the rule the number breaks.
            guard let number = Int(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)),
                  number.magnitude <= Wire.largestInteger else { return nil }
            return number
        }

        private mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }
    }
}

/// Field access for the `init?(wire:)` readers: each takes exactly its keys, or gives nil.
public struct WireFields {
    private let members: [String: WireValue]

    public init?(_ value: WireValue?, keys: Int) {
        guard case .object(let members)? = value, members.count == keys else { return nil }
        self.members = members
    }

    public func string(_ key: String) -> String? {
        guard case .string(let text)? = members[key] else { return nil }
        return text
    }

    public func integer(_ key: String) -> Int? {
        guard case .integer(let number)? = members[key] else { return nil }
        return number
    }

    public func object(_ key: String) -> WireValue? { members[key] }

    public func checked<T: CheckedString>(_ key: String) -> T? { string(key).flatMap { try? T($0) } }

    public func time(_ key: String) -> Date? { string(key).flatMap(ContractTime.parse) }

    public func raw<T: RawRepresentable>(_ key: String) -> T? where T.RawValue == String { string(key).flatMap(T.init(rawValue:)) }
}

extension PersonName {
    public init?(wire value: WireValue?) {
        guard let fields = WireFields(value, keys: 4), let first = fields.string("first"), let father = fields.string("father"),
              let mother = fields.string("mother"), let last = fields.string("last") else { return nil }
        self.init(first: first, father: father, mother: mother, last: last)
    }
}

extension Person {
    public init?(wire value: WireValue?) {
        guard let fields = WireFields(value, keys: 8), let nationalNo: NationalNumber = fields.checked("national_no"),
              let name = PersonName(wire: fields.object("name")), let birthDate: CivilDate = fields.checked("birth_date"),
              let birthPlace = fields.string("birth_place"), let gender: Gender = fields.raw("gender"),
              let registry = fields.string("registry"), let status: LifeStatus = fields.raw("status"),
              let updatedAt = fields.time("updated_at") else { return nil }
        self.init(nationalNo: nationalNo, name: name, birthDate: birthDate, birthPlace: birthPlace, gender: gender,
                  registry: registry, status: status, updatedAt: updatedAt)
    }
}

extension RequestRecord {
    public init?(wire value: WireValue?) {
        guard let fields = WireFields(value, keys: 7), let id: RequestID = fields.checked("id"),
              let service = fields.string("service"), let submittedAt = fields.time("submitted_at"),
              let applicantFields = WireFields(fields.object("applicant"), keys: 3),
              let applicantNo: NationalNumber = applicantFields.checked("national_no"),
              let applicantName = PersonName(wire: applicantFields.object("name")),
              let phone = applicantFields.string("phone"),
              let subjectFields = WireFields(fields.object("subject"), keys: 4),
              let subjectNo: NationalNumber = subjectFields.checked("national_no"),
              let subjectName = PersonName(wire: subjectFields.object("name")),
              let birthDate: CivilDate = subjectFields.checked("birth_date"),
              let birthPlace = subjectFields.string("birth_place"),
              let delivery = Delivery(wire: fields.object("delivery")),
              let paymentFields = WireFields(fields.object("payment"), keys: 4), let amount = paymentFields.integer("amount"),
              let channel = paymentFields.string("channel"), let ref = paymentFields.string("ref"),
              let paidAt = paymentFields.time("paid_at") else { return nil }
        self.init(id: id, service: service, submittedAt: submittedAt,
                  applicant: Applicant(nationalNo: applicantNo, name: applicantName, phone: phone),
                  subject: Subject(nationalNo: subjectNo, name: subjectName, birthDate: birthDate, birthPlace: birthPlace),
                  delivery: delivery, payment: Payment(amount: amount, channel: channel, ref: ref, paidAt: paidAt))
    }
}

extension Delivery {
    public init?(wire value: WireValue?) {
        guard let fields = WireFields(value, keys: 2), let method: Method = fields.raw("method") else { return nil }
        switch method {
        case .post:
            guard let address = WireFields(fields.object("address"), keys: 6), let governorate = address.string("governorate"),
                  let city = address.string("city"), let area = address.string("area"), let street = address.string("street"),
                  let building = address.string("building"), let notes = address.string("notes") else { return nil }
            self = .post(PostalAddress(governorate: governorate, city: city, area: area, street: street, building: building,
                                       notes: notes))
        case .center:
            guard let center: PartyID = fields.checked("center") else { return nil }
            self = .center(center)
        }
    }
}
