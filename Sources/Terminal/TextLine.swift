/// A line of text made of spans: plain text, which may be cut to fit, and whole fields (ids,
/// national numbers, phone numbers, S10 numbers) that keep their left-to-right order inside an
/// Arabic line and are shown whole or not at all. Interpolate a field with `\(whole: value)`:
///
///     let line: TextLine = "\(catalog[.applicant]): \(name) · \(whole: phone)"
public struct TextLine: Hashable, Sendable, ExpressibleByStringInterpolation {
    public enum Span: Hashable, Sendable {
        case text(String)
        case whole(String)
    }

    public var spans: [Span]

    public init(_ spans: [Span]) { self.spans = spans }
    public init(_ text: String) { spans = [.text(text)] }
    /// A line that is one whole field.
    public static func whole(_ field: String) -> TextLine { TextLine([.whole(field)]) }

    public init(stringLiteral value: String) { self.init(value) }
    public init(stringInterpolation: Interpolation) { spans = stringInterpolation.spans }

    public struct Interpolation: StringInterpolationProtocol {
        var spans: [Span] = []
        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) { appendText(literal) }
        public mutating func appendInterpolation(_ value: some CustomStringConvertible) { appendText(value.description) }
        public mutating func appendInterpolation(whole value: some CustomStringConvertible) {
            spans.append(.whole(value.description))
        }
        public mutating func appendInterpolation(_ line: TextLine) {
            for span in line.spans {
                if case .text(let text) = span { appendText(text) } else { spans.append(span) }
            }
        }

        private mutating func appendText(_ text: String) {
            guard !text.isEmpty else { return }
            if case .text(let previous) = spans.last {
                spans[spans.count - 1] = .text(previous + text)
            } else {
                spans.append(.text(text))
            }
        }
    }

    /// The logical text with each whole field isolated left to right (LRI … PDI), for the bidi
    /// algorithm; each span is sanitised first, so data cannot bring isolates of its own.
    var isolatedText: String {
        spans.map { span in
            switch span {
            case .text(let text): TextSanitizer.sanitize(text)
            case .whole(let field): "\u{2066}" + TextSanitizer.sanitize(field) + "\u{2069}"
            }
        }.joined()
    }

    /// The text as a person reads it, without the isolates.
    public var plain: String {
        spans.map { span in
            switch span {
            case .text(let text), .whole(let text): text
            }
        }.joined()
    }
}
