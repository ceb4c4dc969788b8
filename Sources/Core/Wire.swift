import Foundation

/// A value parsed from a string that must pass a check; decoding reports the check's words.
public protocol CheckedString: Codable, Sendable {
    init(_ text: String) throws(ValidationError)
    var description: String { get }
}

extension CheckedString {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { try self.init(text) } catch {
            throw FieldRefusal(path: decoder.codingPath, error: error)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension NationalNumber: CheckedString {}
extension PartyID: CheckedString {}
extension TrackingNumber: CheckedString {}
extension PickupCode: CheckedString {}
extension CivilDate: CheckedString {}

/// JSON as the contract writes it: sorted keys (so a line's bytes are reproducible), no escaped
/// slashes, times as RFC 3339 UTC.
public enum Wire {
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ContractTime.format(date))
        }
        return encoder
    }

    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = ContractTime.parse(text) else {
                throw FieldRefusal(path: decoder.codingPath,
                                   error: .timestamp(field: FieldRefusal.name(decoder.codingPath), value: text))
            }
            return date
        }
        return decoder
    }

    /// Reads a decoding failure as one sentence in the center's own words: which field, and which
    /// rule it breaks. Foundation's own wording is never passed on: it quotes the bad value raw.
    public static func explain(_ error: any Error) -> String {
        if let refusal = error as? FieldRefusal { return "field \(refusal.field): \(refusal.error.description)" }
        if let error = error as? ValidationError { return error.description }
        guard let error = error as? DecodingError else { return "the record cannot be read" }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field \(FieldRefusal.name(context.codingPath + [key]))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "field \(FieldRefusal.name(context.codingPath)) has the wrong type"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "not valid JSON" : "field \(FieldRefusal.name(context.codingPath)) is not one of the values the contract allows"
        @unknown default:
            return "the record cannot be read"
        }
    }

    /// The largest integer the contract allows (`seq` and `id` run from 1 to 2^53).
    public static let largestInteger: UInt64 = 1 << 53

    /// Checks that every number of a JSON line is written as an integer (no fraction, no exponent)
    /// within ±2^53, as the contract's field rules require; JSONDecoder reads `1.0` and `1e0` as 1
    /// and says only "not valid JSON" of 2^63. A lexical pass: strings are skipped, and a number is
    /// named after the key it follows.
    public static func checkIntegers(in line: Data) throws(ValidationError) {
        if let refusal = line.withUnsafeBytes(firstNonInteger) { throw refusal }
    }

    private static func firstNonInteger(_ raw: UnsafeRawBufferPointer) -> ValidationError? {
        let bytes = raw.bindMemory(to: UInt8.self)
        var index = 0
        var lastString: Range<Int>?
        var key = ""
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                let start = index + 1
                index = start
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                lastString = start..<min(index, bytes.count)
                index += 1
            case UInt8(ascii: ":"):
                if let range = lastString {
                    key = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
                }
                index += 1
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                var magnitude: UInt64 = 0
                var outOfRange = false
                if byte == UInt8(ascii: "-") { index += 1 }
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                    // Past 2^53 the digits are only skipped: the number is refused anyway.
                    if !outOfRange {
                        magnitude = magnitude * 10 + UInt64(bytes[index] - UInt8(ascii: "0"))
                        outOfRange = magnitude > largestInteger
                    }
                    index += 1
                }
                let field = Sanitised.forMessage(key, limit: 64)
                if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
                    return .notInteger(field: field)
                }
                if outOfRange { return .integerOutOfRange(field: field) }
            default:
                index += 1
            }
        }
        return nil
    }
}

/// A field whose value breaks one of the contract's rules, found while decoding, with where it is.
public struct FieldRefusal: Error, Sendable {
    /// The field's dotted name, safe to quote.
    public var field: String
    public var error: ValidationError

    public init(path: [any CodingKey], error: ValidationError) {
        field = Self.name(path)
        self.error = error
    }

    /// A coding path as a dotted field name, safe to quote (a dictionary's keys come from the line).
    public static func name(_ path: [any CodingKey]) -> String {
        Sanitised.forMessage(path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: "."), limit: 120)
    }
}
