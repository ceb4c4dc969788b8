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
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
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
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: ValidationError.timestamp(field: "time", value: text).description)
            }
            return date
        }
        return decoder
    }

    /// Reads a decoding failure as one sentence: which field, and what is wrong with it.
    public static func explain(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            return "missing field \(parent.isEmpty ? "" : parent + ".")\(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "field \(path(context.codingPath)) has the wrong type"
        case .dataCorrupted(let context):
            let where_ = path(context.codingPath)
            return where_.isEmpty ? "not valid JSON" : "field \(where_): \(context.debugDescription)"
        @unknown default:
            return String(describing: error)
        }
    }
}
