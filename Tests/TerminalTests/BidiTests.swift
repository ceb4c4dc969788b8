import Testing
@testable import ShubbakTerminal

@Suite struct BidiTests {
    @Test func mixedArabicLatinDigitsBecomeShapedVisualOrder() {
        let visual = BidiText.visual("طلب رقم 12345 - Request", direction: .rightToLeft)
        #expect(visual == "Request - 12345 ﻢﻗﺭ ﺐﻠﻃ")
    }

    @Test func aDateInAnArabicLineKeepsItsOrder() {
        // اليوم 2026-11-23: without the hyphen rule the algorithm would show 23-11-2026.
        #expect(BidiText.visual("اليوم 2026-11-23", direction: .rightToLeft) == "2026-11-23 ﻡﻮﻴﻟﺍ")
        #expect(BidiText.visual("من 10-12 يوماً", direction: .rightToLeft).contains("10-12"))
        // A minus sign before a number is left to the algorithm: a neutral in a right-to-left line, right of the 5.
        #expect(BidiText.visual("الرصيد -5", direction: .rightToLeft) == "5- ﺪﻴﺻﺮﻟﺍ")
        var options = TextOptions()
        options.digits = .arabicIndic
        #expect(BidiText.visual("اليوم 2026-11-23", direction: .rightToLeft, options: options) == "٢٠٢٦-١١-٢٣ ﻡﻮﻴﻟﺍ")
    }

    /// Issue 13 item 6: `+963981553451` read `9639815534+` in an Arabic line, cut in the middle.
    @Test func aWholeFieldKeepsItsOrderAndIsNeverCut() {
        let line: TextLine = "الهاتف: \(whole: "+963981553451") · \(whole: "05010012345")"
        let wide = TextLayout.fit(line, width: 60, direction: .rightToLeft, options: TextOptions())
        #expect(wide.contains("+963981553451"))
        #expect(wide.contains("05010012345"))
        #expect(!wide.unicodeScalars.contains { (0x2066...0x2069).contains($0.value) }, "the isolates are not shown")
        #expect(TextLayout.fit(line, width: 60, direction: .leftToRight, options: TextOptions()).contains("+963981553451"))
        // Too narrow for the national number: it goes whole, the ellipsis on the cut (left) side.
        let narrow = TextLayout.fit(line, width: 24, direction: .rightToLeft, options: TextOptions())
        #expect(narrow.contains("+963981553451"))
        #expect(!narrow.contains("0501"))
        #expect(narrow.hasPrefix("…"))
        #expect(CharacterWidth.of(narrow) <= 24)
        // Narrower than the phone itself: no digit of it is shown, rather than a wrong number.
        let tiny = TextLayout.fit(line, width: 12, direction: .rightToLeft, options: TextOptions())
        #expect(!tiny.contains("963"))
        #expect(tiny.contains("…"))
        // A cell that is one whole field, too narrow: the ellipsis alone.
        #expect(TextLayout.fit(.whole("CSC-2026-00012345"), width: 10, direction: .rightToLeft, options: TextOptions()) == "…")
    }

    @Test func anArabicNameCutLosesItsEndOnTheLeft() {
        let cut = TextLayout.fit("عبد الله محمد الحموي", width: 12, direction: .rightToLeft, options: TextOptions())
        #expect(cut.hasPrefix("…"), "the end of a right-to-left name is on the left: \(cut)")
        #expect(cut.hasSuffix("ﺪﺒﻋ"), "the name starts at the right: \(cut)")
        let english = TextLayout.fit("Abdullah Mohammad Al-Hamawi", width: 12, direction: .leftToRight, options: TextOptions())
        #expect(english == "Abdullah…", "cut between words")
        #expect(TextLayout.fit("FINANCE-CLEARANCE", width: 8, direction: .leftToRight, options: TextOptions()) == "FINANCE…",
                "one long word is still cut")
        // An Arabic name in an English line loses its end on its own side, the left.
        let mixed = TextLayout.fit("عبد الله محمد الحموي", width: 12, direction: .leftToRight, options: TextOptions())
        #expect(mixed.hasPrefix("…") && mixed.hasSuffix("ﺪﺒﻋ"), "\(mixed)")
        // An Arabic line that starts with a Latin id keeps its own direction when it is cut.
        let status = TextLayout.fit("op-01 سامر الحموي · مفتوحة 400 · مركز خدمة المواطن في حماة", width: 40,
                                    direction: .rightToLeft, options: TextOptions())
        #expect(status.hasSuffix("op-01") && status.hasPrefix("…"), "\(status)")
        // A Latin id cut in an Arabic line loses its end on the right.
        let latin = TextLayout.fit("HMA-01 Hama center", width: 10, direction: .rightToLeft, options: TextOptions())
        #expect(latin.hasPrefix("HMA-01") && latin.hasSuffix("…"), "\(latin)")
    }

    /// Issue 13 item 12: every letter of «إلغاء» in the cancel button is shaped (the hamza joins nothing).
    @Test func everyJoiningLetterOfTheCancelButtonIsShaped() {
        let visual = BidiText.visual("[ إلغاء ]", direction: .rightToLeft)
        // The hamza joins nothing: its isolated form is the letter itself, U+0621.
        let letters = visual.unicodeScalars.filter { $0.properties.isAlphabetic && $0.value != 0x0621 }
        #expect(letters.allSatisfy { (0xFE70...0xFEFF).contains($0.value) }, "an unshaped letter in \(visual)")
        #expect(visual == "[ ءﺎﻐﻟﺇ ]")
    }

    @Test func lamAlefBecomesOneLigatureWithoutPlaceholder() {
        #expect(scalars(BidiText.visual("لا", direction: .rightToLeft)) == [0xFEFB])
        let salam = BidiText.visual("السلام", direction: .rightToLeft)
        #expect(salam == "ﻡﻼﺴﻟﺍ")
        #expect(!scalars(salam).contains(0xFEFF))
        #expect(CharacterWidth.of(salam) == 5)
    }

    @Test func harakatFollowTheirBaseLetter() {
        let visual = BidiText.visual("مُحَمَّد", direction: .rightToLeft)
        #expect(scalars(visual) == [0xFEAA, 0xFEE4, 0x064E, 0x0651, 0xFEA4, 0x064E, 0xFEE3, 0x064F])
        #expect(Array(visual).count == 4)
    }

    @Test func layoutMapsLogicalScalarsToColumns() {
        let line = BidiText.layout("لا 12", direction: .rightToLeft)
        #expect(line.text == "12 ﻻ")
        // ل and its placeholder alef share the ligature's column.
        #expect(line.columns == [3, 3, 2, 0, 1])
        #expect(line.isRightToLeft == [true, true, true, false, false])
    }

    @Test func arabicInsideEnglishParagraph() {
        // A number after Arabic letters joins their right-to-left run (UBA rule W2).
        #expect(BidiText.visual("Order طلب 5", direction: .leftToRight) == "Order 5 ﺐﻠﻃ")
        #expect(BidiText.visual("Order طلب, ok", direction: .leftToRight) == "Order ﺐﻠﻃ, ok")
    }

    @Test func terminalModeKeepsLogicalOrderUnshaped() {
        let options = TextOptions(bidiMode: .terminal)
        #expect(BidiText.visual("طلب 12", direction: .rightToLeft, options: options) == "طلب 12")
    }

    @Test func arabicIndicDigits() {
        let options = TextOptions(digits: .arabicIndic)
        #expect(BidiText.visual("رقم 120", direction: .rightToLeft, options: options) == "١٢٠ ﻢﻗﺭ")
        #expect(BidiText.visual("No. 7", direction: .leftToRight, options: options) == "No. ٧")
    }
}

@Suite struct TextDrawingTests {
    @Test func rightToLeftTextIsRightAlignedByDefault() {
        var buffer = Buffer(size: Size(width: 10, height: 1))
        let covered = buffer.drawText("لا", in: buffer.area, direction: .rightToLeft)
        #expect(buffer.renderedLines() == ["         ﻻ"])
        #expect(covered == Rect(x: 9, y: 0, width: 1, height: 1))
    }

    @Test func leftToRightTextIsLeftAlignedAndCentreWorks() {
        var buffer = Buffer(size: Size(width: 8, height: 2))
        buffer.drawText("abc", in: buffer.area.row(0), direction: .leftToRight)
        buffer.drawText("abc", in: buffer.area.row(1), alignment: .center, direction: .leftToRight)
        #expect(buffer.renderedLines() == ["abc     ", "  abc   "])
    }

    @Test func truncationCutsTheLogicalEndWithAnEllipsis() {
        var buffer = Buffer(size: Size(width: 12, height: 2))
        buffer.drawText("طلب رقم 12345 - Request", in: buffer.area.row(0), direction: .rightToLeft)
        buffer.drawText("Request number 12345", in: buffer.area.row(1), direction: .leftToRight)
        // Cut between words: no half number (12345 read 123 before), no half word.
        #expect(buffer.renderedLines() == ["    …ﻢﻗﺭ ﺐﻠﻃ", "Request…    "])
    }

    @Test func drawAtPositionReadsFromThatColumn() {
        var buffer = Buffer(size: Size(width: 10, height: 1))
        buffer.drawText("ab", at: Position(x: 6, y: 0), width: 4, direction: .rightToLeft)
        buffer.drawText("cd", at: Position(x: 0, y: 0), width: 3, direction: .leftToRight)
        #expect(buffer.renderedLines() == ["cd   ab   "])
    }
}

@Suite struct TextOptionsTests {
    @Test func terminalModeStillAlignsRightButLeavesOrderToTheTerminal() {
        var buffer = Buffer(size: Size(width: 8, height: 1))
        buffer.drawText("لا 12", in: buffer.area, direction: .rightToLeft, options: TextOptions(bidiMode: .terminal))
        #expect(buffer.renderedLines() == ["   لا 12"])
    }

    @Test func arabicIndicDigitsReachWidgets() {
        let context = RenderContext(direction: .rightToLeft, text: TextOptions(digits: .arabicIndic))
        let table = Table(columns: [TableColumn("رقم", width: .fixed(4)), TableColumn("الحالة")], rowCount: 1) { _, _ in
            [TableRow(["42", "جاهز"])]
        }
        #expect(snapshot(table, width: 16, height: 2, context: context) == [
            "     ﺔﻟﺎﺤﻟﺍ  ﻢﻗﺭ",
            "       ﺰﻫﺎﺟ   ٤٢",
        ])
    }
}
