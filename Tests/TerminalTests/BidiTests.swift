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
        #expect(buffer.renderedLines() == ["…123 ﻢﻗﺭ ﺐﻠﻃ", "Request num…"])
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
