/// The one gate every piece of data text passes before it reaches a buffer.
///
/// Names and addresses come from other systems and from people; a stray ESC could clear or
/// reprogram the terminal, and a bidi override (U+202E) could make a number read backwards.
/// Such characters are replaced by a visible, harmless stand-in instead of being dropped, so
/// the operator sees that the data holds something odd.
public enum TextSanitizer {
    /// Shown for C1 controls and bidi controls, which have no control picture.
    public static let replacement: Character = "\u{FFFD}"
    public static let replacementScalar: Unicode.Scalar = "\u{FFFD}"

    public static func sanitize(_ text: String) -> String {
        // Almost all text is clean: it is returned as it is, not rebuilt scalar by scalar.
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            result.append(contentsOf: safeForm(of: scalar).unicodeScalars)
        }
        return String(result)
    }

    /// Printable ASCII only: nothing to sanitise, shape or reorder, one column a byte. The fast
    /// paths of drawing start here.
    static func isPrintableASCII(_ text: some StringProtocol) -> Bool {
        text.utf8.allSatisfy(isPrintableASCII)
    }

    static func isPrintableASCII(_ byte: UInt8) -> Bool { byte >= 0x20 && byte < 0x7F }

    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value <= 0x1F || (0x7F...0x9F).contains(value) || isBidiControl(value)
            || value == 0x2028 || value == 0x2029
    }

    private static func safeForm(of scalar: Unicode.Scalar) -> String {
        let value = scalar.value
        switch value {
        case 0x00...0x1F:
            // Control pictures: ESC becomes ␛, so `ESC[2J` reads as `␛[2J`.
            return String(Unicode.Scalar(0x2400 + value).map(Character.init) ?? replacement)
        case 0x7F:
            return "\u{2421}"
        default:
            return isUnsafe(scalar) ? String(replacement) : String(scalar)
        }
    }

    private static func isBidiControl(_ value: UInt32) -> Bool {
        value == 0x061C || value == 0x200E || value == 0x200F
            || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }
}
