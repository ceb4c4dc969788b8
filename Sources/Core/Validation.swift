import Foundation

/// A field that breaks the contract's field rules, said so a person can act on it.
public enum ValidationError: Error, Equatable, Sendable, CustomStringConvertible {
    case nationalNumber(String)
    case trackingNumber(String, reason: String)
    case partyID(String)
    case controlCharacter(field: String, scalar: UInt32)
    case bidiControl(field: String, scalar: UInt32)
    case notNFC(field: String)
    case length(field: String, count: Int, allowed: ClosedRange<Int>)
    case timestamp(field: String, value: String)
    case date(field: String, value: String)
    case value(field: String, value: String, expected: String)
    case notInteger(field: String)
    case integerOutOfRange(field: String)

    public var description: String {
        switch self {
        case .nationalNumber(let value):
            return "national number \"\(Sanitised.forMessage(value))\" is not exactly 11 ASCII digits"
        case .trackingNumber(let value, let reason):
            return "tracking number \"\(Sanitised.forMessage(value))\" is not a valid S10 id: \(reason)"
        case .partyID(let value):
            return "party id \"\(Sanitised.forMessage(value))\" is neither CENTRAL nor three capital letters, a dash and two digits"
        case .controlCharacter(let field, let scalar):
            return "\(field) holds the control character U+\(String(scalar, radix: 16, uppercase: true).leftPadded(to: 4))"
        case .bidiControl(let field, let scalar):
            return "\(field) holds the bidirectional control U+\(String(scalar, radix: 16, uppercase: true).leftPadded(to: 4))"
        case .notNFC(let field):
            return "\(field) is not in Unicode NFC"
        case .length(let field, let count, let allowed):
            return "\(field) has \(count) code points; \(allowed.lowerBound) to \(allowed.upperBound) are allowed"
        case .timestamp(let field, let value):
            return "\(field) \"\(Sanitised.forMessage(value))\" is not an RFC 3339 UTC time ending in Z"
        case .date(let field, let value):
            return "\(field) \"\(Sanitised.forMessage(value))\" is not a date YYYY-MM-DD"
        case .value(let field, let value, let expected):
            return "\(field) \"\(Sanitised.forMessage(value))\" is not \(expected)"
        case .notInteger(let field):
            return "\(field) must be a JSON integer: no fraction, no exponent"
        case .integerOutOfRange(let field):
            return "\(field) out of range: integers run to 2^53"
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// The contract's text rules: NFC, no control character, no bidirectional control.
public enum TextRules {
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x00...0x1F).contains(scalar.value) || (0x7F...0x9F).contains(scalar.value)
    }

    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// Checks a text field; `length` bounds its count of Unicode code points when given (contract
    /// revision 2: code points, so a letter buried under thousands of combining marks is refused).
    public static func check(_ text: String, field: String, length: ClosedRange<Int>? = nil) throws(ValidationError) {
        for scalar in text.unicodeScalars {
            if isControl(scalar) { throw .controlCharacter(field: field, scalar: scalar.value) }
            if isBidiControl(scalar) { throw .bidiControl(field: field, scalar: scalar.value) }
        }
        if !isPlainlyNFC(text), !text.unicodeScalars.elementsEqual(text.precomposedStringWithCanonicalMapping.unicodeScalars) {
            throw .notNFC(field: field)
        }
        if let length {
            let count = text.unicodeScalars.count
            if !length.contains(count) { throw .length(field: field, count: count, allowed: length) }
        }
    }

    /// True for text that is NFC without normalising it: scalars below U+0300 and the Arabic
    /// letters U+0620–U+064A have no canonical composition with their neighbours. Names and
    /// addresses nearly always pass here, and a bundle of 100,000 requests checks a million fields.
    static func isPlainlyNFC(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.value < 0x300 || (0x620...0x64A).contains($0.value) }
    }

    /// A name part: 1 to 64 code points.
    public static let namePartLength = 1...64
}

/// Makes an untrusted value safe to quote inside a message, a log line, a file the center writes or
/// the terminal: control and bidirectional-control characters are shown as `\u{1b}`, never sent.
public enum Sanitised {
    /// Any other text of a bundle is at most 512 code points (the contract's field rules).
    public static let contractTextLimit = 512

    /// A text the center writes into a bundle: visibly escaped, NFC, and within `limit` code points,
    /// with an ellipsis that says it was cut (never inside an escape).
    public static func forContract(_ text: String, limit: Int = contractTextLimit) -> String {
        // Nearly every text is already safe: one pass over its scalars says so without building anything.
        if TextRules.isPlainlyNFC(text), text.unicodeScalars.count <= limit,
           !text.unicodeScalars.contains(where: { TextRules.isControl($0) || TextRules.isBidiControl($0) }) {
            return text
        }
        var out = String.UnicodeScalarView()
        var count = 0
        // Where the text is cut if it turns out too long: after the last whole piece that leaves room for "…".
        var cut: Int?
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            let escaped = TextRules.isControl(scalar) || TextRules.isBidiControl(scalar)
            let piece = escaped ? "\\u{\(String(scalar.value, radix: 16))}".unicodeScalars : String.UnicodeScalarView(CollectionOfOne(scalar))
            if cut == nil && count + piece.count > limit - 1 { cut = count }
            count += piece.count
            if count > limit {
                var shortened = String.UnicodeScalarView(out.prefix(cut ?? 0))
                shortened.append("…")
                return String(shortened)
            }
            out.append(contentsOf: piece)
        }
        return String(out)
    }

    /// A file name or path as it may be shown or logged: it may hold escapes or newlines.
    public static func forPath(_ path: String) -> String { forMessage(path, limit: 1024) }

    public static func forMessage(_ text: String, limit: Int = 80) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(limit) {
            if TextRules.isControl(scalar) || TextRules.isBidiControl(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return text.unicodeScalars.count > limit ? out + "…" : out
    }
}
