import Testing
@testable import ShubbakTerminal

@Suite struct SanitizerTests {
    @Test func escapeSequenceBecomesVisibleHarmlessText() {
        #expect(TextSanitizer.sanitize("Ali\u{1B}[2J") == "Ali␛[2J")
    }

    @Test func bidiOverridesAndIsolatesAreReplaced() {
        let hostile = "abc\u{202E}123\u{2066}x\u{2069}\u{200F}\u{061C}"
        let clean = TextSanitizer.sanitize(hostile)
        #expect(clean == "abc\u{FFFD}123\u{FFFD}x\u{FFFD}\u{FFFD}\u{FFFD}")
    }

    @Test func otherControlsAreReplaced() {
        #expect(TextSanitizer.sanitize("a\u{9B}b\u{7F}c\u{0}\n\t") == "a\u{FFFD}b␡c␀␊␉")
    }

    @Test func arabicLettersHarakatAndJoinersPass() {
        let name = "مُحَمَّد\u{200C}ي"
        #expect(TextSanitizer.sanitize(name) == name)
    }

    @Test func nothingUnsafeReachesTheBuffer() {
        var buffer = Buffer(size: Size(width: 30, height: 2))
        buffer.drawText("اسم \u{1B}[2J\u{202E}لا", in: buffer.area.row(1), direction: .rightToLeft)
        buffer.drawText("Name \u{1B}[2J\u{202E}x", in: buffer.area.row(0), direction: .leftToRight)
        let text = buffer.renderedLines().joined()
        #expect(!text.unicodeScalars.contains { TextSanitizer.isUnsafe($0) })
        #expect(text.hasPrefix("Name ␛[2J\u{FFFD}x"))
    }
}
