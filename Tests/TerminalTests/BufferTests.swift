import Testing
@testable import ShubbakTerminal

@Suite struct BufferTests {
    @Test func wideCharacterTakesTwoCellsWithContinuation() {
        var buffer = Buffer(size: Size(width: 4, height: 1))
        #expect(buffer.put("漢", x: 1, y: 0, style: .normal) == 2)
        #expect(buffer[1, 0].width == 2)
        #expect(buffer[2, 0].isContinuation)
        #expect(buffer.renderedLines() == [" 漢 "])
    }

    @Test func wideCharacterDoesNotFitInLastColumn() {
        var buffer = Buffer(size: Size(width: 3, height: 1))
        #expect(buffer.put("漢", x: 2, y: 0, style: .normal) == 0)
        #expect(buffer.renderedLines() == ["   "])
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var buffer = Buffer(size: Size(width: 4, height: 1))
        buffer.put("漢", x: 0, y: 0, style: .normal)
        buffer.put("a", x: 1, y: 0, style: .normal)
        #expect(buffer.renderedLines() == [" a  "])
        buffer.put("字", x: 2, y: 0, style: .normal)
        buffer.put("b", x: 2, y: 0, style: .normal)
        #expect(buffer.renderedLines() == [" ab "])
    }

    @Test func combiningMarksStayInTheirLettersCell() {
        var buffer = Buffer(size: Size(width: 4, height: 1))
        buffer.drawText("e\u{301}x", in: buffer.area, direction: .leftToRight)
        #expect(buffer[0, 0].symbol == "e\u{301}")
        #expect(buffer[1, 0].symbol == "x")
    }

    @Test func setStyleKeepsText() {
        var buffer = Buffer(size: Size(width: 3, height: 1))
        buffer.drawText("abc", in: buffer.area, direction: .leftToRight)
        buffer.setStyle(Style(.selected), in: Rect(x: 1, y: 0, width: 5, height: 1))
        #expect(buffer.renderedLines() == ["abc"])
        #expect(buffer[0, 0].style == .normal)
        #expect(buffer[2, 0].style == Style(.selected))
    }

    @Test func widthsFollowWcwidthForArabic() {
        #expect(CharacterWidth.of(Unicode.Scalar(0xFEFB)!) == 1)  // lam-alef ligature
        #expect(CharacterWidth.of(Unicode.Scalar(0xFE8D)!) == 1)  // alef isolated form
        #expect(CharacterWidth.of(Unicode.Scalar(0x064E)!) == 0)  // fatha
        #expect(CharacterWidth.of(Unicode.Scalar(0x0651)!) == 0)  // shadda
        #expect(CharacterWidth.of(Unicode.Scalar(0xFEFF)!) == 0)
        #expect(CharacterWidth.of(Unicode.Scalar(0x200F)!) == 0)
        #expect(CharacterWidth.of("مُحَمَّد") == 4)
        #expect(CharacterWidth.of("漢字a") == 5)
    }
}

@Suite struct LayoutTests {
    let area = Rect(x: 0, y: 0, width: 80, height: 24)

    @Test func verticalSplitWithFixedPercentageAndFill() {
        let parts = Layout.split(area, .vertical, [.fixed(1), .percentage(50), .fill(), .fixed(1)])
        #expect(parts.map(\.y) == [0, 1, 13, 23])
        #expect(parts.map(\.height) == [1, 12, 10, 1])
        #expect(parts.allSatisfy { $0.width == 80 })
    }

    @Test func fillsShareTheRestByWeightWithoutLosingCells() {
        let parts = Layout.split(Rect(x: 0, y: 0, width: 10, height: 1), .horizontal, [.fill(1), .fill(2)])
        #expect(parts.map(\.width) == [3, 7])
        #expect(parts.map(\.x) == [0, 3])
    }

    @Test func rightToLeftHorizontalSplitPutsFirstPartOnTheRight() {
        let parts = Layout.split(Rect(x: 10, y: 2, width: 30, height: 5), .horizontal, [.fixed(10), .fill()],
                                 direction: .rightToLeft)
        #expect(parts[0] == Rect(x: 30, y: 2, width: 10, height: 5))
        #expect(parts[1] == Rect(x: 10, y: 2, width: 20, height: 5))
    }

    @Test func overflowingFixedPartsAreCutFromTheEnd() {
        let parts = Layout.split(Rect(x: 0, y: 0, width: 5, height: 1), .horizontal, [.fixed(4), .fixed(4), .fill()])
        #expect(parts.map(\.width) == [4, 1, 0])
    }

    @Test func insetAndCentre() {
        #expect(area.inset(by: 1) == Rect(x: 1, y: 1, width: 78, height: 22))
        #expect(area.inset(top: 30) == Rect(x: 0, y: 30, width: 80, height: 0))
        #expect(area.centered(width: 20, height: 4) == Rect(x: 30, y: 10, width: 20, height: 4))
    }
}

@Suite struct BufferSafetyTests {
    @Test func putReplacesControlCharacters() {
        var buffer = Buffer(size: Size(width: 3, height: 1))
        buffer.put("\u{1B}", x: 0, y: 0, style: .normal)
        buffer.put("\u{202E}", x: 1, y: 0, style: .normal)
        buffer.fill(Rect(x: 2, y: 0, width: 1, height: 1), with: "\u{9B}")
        #expect(buffer.renderedLines() == ["\u{FFFD}\u{FFFD}\u{FFFD}"])
    }
}

/// The cache of fitted lines stays bounded, and full it forgets the oldest line, one at a time.
@Suite struct FittedLinesCacheTests {
    func key(_ index: Int) -> FittedLines.Key {
        FittedLines.Key(line: TextLine("line \(index)"), width: 20, direction: .leftToRight, options: TextOptions())
    }

    @Test func aFullCacheForgetsItsOldestLinesOneForEachNewOne() {
        var cache = FittedLines.Cache()
        let capacity = FittedLines.capacity
        for index in 0..<(capacity + 10) { cache[key(index)] = FittedLine("line \(index)") }
        #expect(cache.count == capacity)
        #expect(cache[key(0)] == nil && cache[key(9)] == nil, "the ten first are gone")
        #expect(cache[key(10)]?.text == "line 10" && cache[key(capacity + 9)]?.text == "line \(capacity + 9)")
        // A line already known is not counted twice.
        cache[key(capacity + 9)] = FittedLine("line again")
        #expect(cache.count == capacity && cache[key(11)] != nil)
        cache.removeAll()
        #expect(cache.count == 0)
    }
}
