import Testing
@testable import ShubbakTerminal

@Suite struct TextInputTests {
    @Test func editingOpsWorkOnWholeLettersWithTheirHarakat() {
        var input = TextInput("مُحَمَّد")
        #expect(input.characters.count == 4)
        input.backspace()
        #expect(input.text == "مُحَمَّ")
        input.moveToStart()
        input.delete()
        #expect(input.text == "حَمَّ")
        input.moveToEnd()
        input.insert("د")
        #expect(input.text == "حَمَّد")
        #expect(input.cursor == 3)
    }

    @Test func arrowsFollowTheScreenInRightToLeftText() {
        var input = TextInput("سلام")
        _ = input.handle(.right, direction: .rightToLeft)
        #expect(input.cursor == 3)
        _ = input.handle(.left, direction: .rightToLeft)
        #expect(input.cursor == 4)
        _ = input.handle(.left, direction: .leftToRight)
        #expect(input.cursor == 3)
        _ = input.handle(.home, direction: .rightToLeft)
        _ = input.handle(.char("و"), direction: .rightToLeft)
        #expect(input.text == "وسلام")
        let unused = input.handle(.function(5), direction: .rightToLeft)
        #expect(!unused)
    }

    @Test func insertedTextIsSanitisedAndLimited() {
        var input = TextInput("", maximumLength: 5)
        input.insert("ab\u{1B}[2J")
        #expect(input.text == "ab␛[2")
        input.insert("x")
        #expect(input.text == "ab␛[2")
        let used = input.handle(.up, direction: .leftToRight)
        #expect(!used)
    }

    @Test func edgesAreSafe() {
        var input = TextInput()
        input.backspace()
        input.delete()
        input.moveBackward()
        input.moveForward()
        #expect(input.text.isEmpty)
        #expect(input.cursor == 0)
    }
}

@Suite struct TextFieldTests {
    @Test func arabicFieldGrowsFromTheRightWithTheCursorOnItsLeft() {
        let buffer = render(TextField(TextInput("سلام"), isFocused: true), width: 10, height: 1, context: .arabic)
        // Lam-alef shapes into one cell: four letters, three columns.
        #expect(buffer.renderedLines() == ["       ﻡﻼﺳ"])
        #expect(buffer.cursor == Position(x: 6, y: 0))
        #expect(buffer[0, 0].style == Style(.input))
    }

    @Test func cursorInsideArabicTextMovesLeftwards() {
        var input = TextInput("سلام")
        input.moveToStart()
        input.moveForward()
        let buffer = render(TextField(input, isFocused: true), width: 10, height: 1, context: .arabic)
        #expect(buffer.cursor == Position(x: 8, y: 0))
    }

    @Test func cursorFollowsDigitsInsideArabicText() {
        var input = TextInput("شارع 12")
        let atEnd = render(TextField(input, isFocused: true), width: 10, height: 1, context: .arabic)
        #expect(atEnd.renderedLines() == ["   12 ﻉﺭﺎﺷ"])
        // After "2": just right of the digits, where the next digit would go.
        #expect(atEnd.cursor == Position(x: 5, y: 0))
        input.moveBackward()
        let onTwo = render(TextField(input, isFocused: true), width: 10, height: 1, context: .arabic)
        #expect(onTwo.cursor == Position(x: 4, y: 0))
        input.moveToStart()
        let onSheen = render(TextField(input, isFocused: true), width: 10, height: 1, context: .arabic)
        #expect(onSheen.cursor == Position(x: 9, y: 0))
    }

    @Test func emptyFieldsPutTheCursorOnTheReadingSide() {
        let arabic = render(TextField(TextInput(), isFocused: true), width: 6, height: 1, context: .arabic)
        let english = render(TextField(TextInput(), isFocused: true), width: 6, height: 1, context: .english)
        #expect(arabic.cursor == Position(x: 5, y: 0))
        #expect(english.cursor == Position(x: 0, y: 0))
    }

    @Test func englishFieldAndUnfocusedFieldHasNoCursor() {
        let focused = render(TextField(TextInput("Ali"), isFocused: true), width: 8, height: 1, context: .english)
        #expect(focused.renderedLines() == ["Ali     "])
        #expect(focused.cursor == Position(x: 3, y: 0))
        let unfocused = render(TextField(TextInput("Ali")), width: 8, height: 1, context: .english)
        #expect(unfocused.cursor == nil)
    }

    @Test func longTextScrollsToKeepTheCursorVisible() {
        let buffer = render(TextField(TextInput("0123456789"), isFocused: true), width: 5, height: 1, context: .english)
        #expect(buffer.renderedLines() == ["6789 "])
        #expect(buffer.cursor == Position(x: 4, y: 0))
    }
}

@Suite struct FormTests {
    func form() -> Form {
        Form([
            FormField("الاسم", input: TextInput("سلمى")),
            FormField("الرقم", input: TextInput("0123"), direction: .leftToRight, message: "خطأ"),
        ])
    }

    @Test func labelsOnTheRightInArabic() {
        let buffer = render(form(), width: 30, height: 2, context: .arabic)
        #expect(buffer.renderedLines() == [
            "                    ﻰﻤﻠﺳ  ﻢﺳﻻﺍ",
            "ﺄﻄﺧ 0123                 ﻢﻗﺮﻟﺍ",
        ])
        #expect(buffer.cursor == Position(x: 19, y: 0))
        #expect(buffer[26, 0].style == Style(.title))
    }

    @Test func labelsOnTheLeftInEnglish() {
        let english = Form([FormField("Name", input: TextInput("Salma")), FormField("ID", input: TextInput("0123"))], focus: 1)
        let buffer = render(english, width: 20, height: 2, context: .english)
        #expect(buffer.renderedLines() == ["Name Salma          ", "ID   0123           "])
        #expect(buffer.cursor == Position(x: 9, y: 1))
    }

    @Test func focusMovesAndKeysReachTheFocusedField() {
        var form = form()
        _ = form.handle(.tab, direction: .rightToLeft)
        #expect(form.focus == 1)
        _ = form.handle(.char("4"), direction: .rightToLeft)
        #expect(form.fields[1].input.text == "01234")
        // The number field is left-to-right, so ← moves back even on an Arabic form.
        _ = form.handle(.left, direction: .rightToLeft)
        #expect(form.fields[1].input.cursor == 4)
        _ = form.handle(.backTab, direction: .rightToLeft)
        _ = form.handle(.backTab, direction: .rightToLeft)
        #expect(form.focus == 1)
    }
}

@Suite struct ScanDetectorTests {
    let start = ContinuousClock.now

    func at(_ milliseconds: Int) -> ContinuousClock.Instant {
        start + .milliseconds(milliseconds)
    }

    @Test func fastBurstEndingInEnterIsOneScan() {
        var detector = ScanDetector()
        var output: [Key] = []
        for (index, character) in "RR473124829SY".enumerated() {
            output += detector.feed(.char(character), at: at(index * 4))
        }
        #expect(output.isEmpty)
        #expect(detector.deadline == at(48) + .milliseconds(30))
        output += detector.feed(.enter, at: at(54))
        #expect(output == [.scan("RR473124829SY")])
        #expect(detector.deadline == nil)
    }

    @Test func humanTypingPassesThroughAsKeys() {
        var detector = ScanDetector()
        var output: [Key] = []
        for (index, character) in "1234".enumerated() {
            output += detector.feed(.char(character), at: at(index * 150))
        }
        output += detector.flush(at: at(3 * 150 + 100))
        output += detector.feed(.enter, at: at(700))
        #expect(output == [.char("1"), .char("2"), .char("3"), .char("4"), .enter])
    }

    @Test func shortFastBurstIsTyping() {
        var detector = ScanDetector()
        var output = detector.feed(.char("o"), at: at(0))
        output += detector.feed(.char("k"), at: at(5))
        output += detector.feed(.enter, at: at(10))
        #expect(output == [.char("o"), .char("k"), .enter])
    }

    @Test func flushWaitsForTheGap() {
        var detector = ScanDetector()
        _ = detector.feed(.char("a"), at: at(0))
        let early = detector.flush(at: at(10))
        let late = detector.flush(at: at(31))
        #expect(early.isEmpty)
        #expect(late == [.char("a")])
    }

    @Test func otherKeysReleaseHeldCharactersInOrder() {
        var detector = ScanDetector()
        _ = detector.feed(.char("a"), at: at(0))
        let output = detector.feed(.function(2), at: at(3))
        #expect(output == [.char("a"), .function(2)])
    }

    @Test func keyReaderTurnsAScriptedBurstIntoAScan() {
        let backend = TestBackend(size: Size(width: 80, height: 24),
                                  keys: "12345678".map(Key.char) + [.enter, .function(10)])
        var reader = KeyReader(backend: backend)
        let scan = reader.nextKey(timeout: .milliseconds(100))
        let function = reader.nextKey(timeout: .milliseconds(100))
        let none = reader.nextKey(timeout: .zero)
        #expect(scan == .scan("12345678"))
        #expect(function == .function(10))
        #expect(none == nil)
    }
}

@Suite struct KeyMappingTests {
    @Test func controlCodesMapToKeys() {
        #expect(CursesBackend.characterKey(13) == .enter)
        #expect(CursesBackend.characterKey(9) == .tab)
        #expect(CursesBackend.characterKey(127) == .backspace)
        #expect(CursesBackend.characterKey(19) == .ctrl("s"))
        #expect(CursesBackend.characterKey(0x0628) == .char("ب"))
        #expect(CursesBackend.characterKey(28) == nil)
    }

    @Test func displayNames() {
        #expect(Key.function(10).displayName == "F10")
        #expect(Key.ctrl("s").displayName == "Ctrl+S")
        #expect(Key.alt("x").displayName == "Alt+X")
        #expect(Key.char(" ").displayName == "Space")
    }

    @Test func testBackendKeepsFrames() {
        var backend = TestBackend(size: Size(width: 4, height: 1), keys: [.resize])
        var buffer = Buffer(size: backend.size)
        buffer.drawText("ok", in: buffer.area, direction: .leftToRight)
        backend.draw(buffer)
        #expect(backend.lastFrame?.renderedLines() == ["ok  "])
        let first = backend.readKey(timeout: nil)
        let second = backend.readKey(timeout: nil)
        #expect(first == .resize)
        #expect(second == nil)
    }
}

@Suite struct KeyReaderTests {
    @Test func shortBurstsAndPausesComeThroughAsKeys() {
        let backend = TestBackend(size: Size(width: 80, height: 24), keys: [.char("o"), .char("k"), .enter])
        var reader = KeyReader(backend: backend)
        let keys = (0..<4).map { _ in reader.nextKey(timeout: .milliseconds(50)) }
        #expect(keys == [.char("o"), .char("k"), .enter, nil])
    }

    @Test func heldCharactersAreReleasedAfterTheGap() {
        let backend = TestBackend(size: Size(width: 80, height: 24), keys: [.char("a"), .char("b")])
        var reader = KeyReader(backend: backend, detector: ScanDetector(maximumGap: .milliseconds(5)))
        let first = reader.nextKey(timeout: nil)
        let second = reader.nextKey(timeout: nil)
        #expect(first == .char("a"))
        #expect(second == .char("b"))
    }
}
