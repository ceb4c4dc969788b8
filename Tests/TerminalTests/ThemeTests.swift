import Foundation
import Testing
@testable import ShubbakTerminal

@Suite struct ThemeTests {
    static let themes = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("themes")

    func path(_ name: String) -> String {
        Self.themes.appendingPathComponent(name).path
    }

    func temporaryFile(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("theme-\(UUID().uuidString).toml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func defaultFileMatchesTheBuiltInTheme() throws {
        let theme = try Theme.load(path: path("default.toml"))
        #expect(theme == Theme.builtInDefault)
    }

    @Test func shippedThemesLoad() throws {
        let contrast = try Theme.load(path: path("high-contrast.toml"))
        #expect(contrast.name == "high-contrast")
        #expect(contrast[.selected] == SlotStyle(foreground: .black, background: .indexed(11), attributes: .bold))
        let mono = try Theme.load(path: path("monochrome.toml"))
        #expect(mono == Theme.monochrome)
    }

    @Test func valuesParseFromNamesNumbersAndFlags() throws {
        let theme = try Theme.parse("""
            name = "t"
            [warn]
            foreground = "Bright-Red"
            background = 52
            underline = true
            reverse = false
            """, file: "t.toml")
        #expect(theme[.warn] == SlotStyle(foreground: .indexed(9), background: .indexed(52), attributes: .underline))
        // Slots the file leaves out come from the built-in theme.
        #expect(theme[.selected] == Theme.builtInDefault[.selected])
    }

    @Test func syntaxErrorNamesFileAndLine() throws {
        let file = try temporaryFile("name = \"broken\"\n[normal]\nforeground = \"white\n")
        #expect(throws: ThemeError.self) { try Theme.load(path: file) }
        let result = Theme.load(path: file, fallback: .builtInDefault)
        #expect(result.theme == Theme.builtInDefault)
        let error = try #require(result.error)
        #expect(error.file == file)
        #expect(error.line == 3)
        #expect(error.description.hasPrefix("\(file):3: theme syntax error"))
    }

    @Test func badValueNamesItsLine() {
        let text = "name = \"x\"\n\n[title]\nbold = true\nforeground = \"purpleish\"\n"
        #expect {
            try Theme.parse(text, file: "x.toml")
        } throws: { error in
            guard let error = error as? ThemeError else { return false }
            return error.line == 5 && error.reason == .invalidValue(slot: "title", key: "foreground", value: "\"purpleish\"")
        }
        #expect(throws: ThemeError(file: "y.toml", line: 2, reason: .invalidValue(slot: "ok", key: "foreground", value: "300"))) {
            try Theme.parse("[ok]\nforeground = 300\n", file: "y.toml")
        }
    }

    @Test func unknownSlotAndKeyAreErrors() {
        #expect(throws: ThemeError(file: "z.toml", line: 3, reason: .unknownSlot("titel"))) {
            try Theme.parse("[normal]\n\n[titel]\nbold = true\n", file: "z.toml")
        }
        #expect(throws: ThemeError(file: "z.toml", line: 2, reason: .unknownKey(slot: "key", key: "blink"))) {
            try Theme.parse("[key]\nblink = true\n", file: "z.toml")
        }
    }

    @Test func missingFileFallsBack() {
        let result = Theme.load(path: "/nonexistent/themes/default.toml", fallback: .monochrome)
        #expect(result.theme == Theme.monochrome)
        #expect(result.error?.line == nil)
        #expect(result.error?.file == "/nonexistent/themes/default.toml")
    }
}

@Suite struct ColorTests {
    @Test func noColorWinsOverTheTerminal() {
        #expect(ColorCapability(colorCount: 256, environment: ["NO_COLOR": "1"]) == .none)
        #expect(ColorCapability(colorCount: 256, environment: ["NO_COLOR": ""]) == .full)
        #expect(ColorCapability(colorCount: 16, environment: [:]) == .sixteen)
        #expect(ColorCapability(colorCount: 8, environment: [:]) == .eight)
        #expect(ColorCapability(colorCount: 0, environment: [:]) == .none)
    }

    @Test func noColorLeavesAttributesOnly() {
        let theme = Theme.builtInDefault.adapted(to: .none)
        for slot in StyleSlot.allCases {
            #expect(theme[slot].foreground == .terminalDefault)
            #expect(theme[slot].background == .terminalDefault)
        }
        // The selection was only a background colour; it must stay visible.
        #expect(theme[.selected].attributes.contains(TextAttributes.reverse))
        #expect(theme[.error].attributes.isSuperset(of: [.bold, .underline]))
    }

    /// Every shipped theme, on every kind of terminal: the selected row never looks like a row in
    /// another state (overdue, taken by a colleague, plain), so the operator always sees where they are.
    @Test(arguments: ["default.toml", "high-contrast.toml", "monochrome.toml"])
    func theSelectedRowStandsApartFromEveryRowStateOnEveryTerminal(file: String) throws {
        let theme = try Theme.load(path: ThemeTests.themes.appendingPathComponent(file).path)
        for capability in [ColorCapability.none, .eight, .sixteen, .full] {
            let shown = theme.adapted(to: capability)
            for state in [StyleSlot.normal, .overdue, .taken, .fast, .slow] {
                #expect(shown[StyleSlot.selected] != shown[state], "\(file) on \(capability): selected looks like \(state)")
                if capability == .none {
                    // Bold alone is too faint a difference: reverse video marks the selection only.
                    #expect(shown[StyleSlot.selected].attributes.contains(TextAttributes.reverse))
                    #expect(!shown[state].attributes.contains(TextAttributes.reverse), "\(file): \(state) is in reverse video")
                }
            }
        }
    }

    @Test func coloursDegradeToTheNearestOfSixteenOrEight() {
        #expect(ThemeColor.indexed(196).degraded(to: .sixteen) == .indexed(9))
        #expect(ThemeColor.indexed(196).degraded(to: .eight) == .indexed(1))
        #expect(ThemeColor.indexed(12).degraded(to: .eight) == .indexed(4))
        #expect(ThemeColor.indexed(244).degraded(to: .sixteen) == .indexed(8))
        #expect(ThemeColor.indexed(236).degraded(to: .eight) == .indexed(0))
        #expect(ThemeColor.indexed(46).degraded(to: .eight) == .indexed(2))
        #expect(ThemeColor.indexed(5).degraded(to: .eight) == .indexed(5))
        #expect(ThemeColor.indexed(214).degraded(to: .full) == .indexed(214))
        #expect(ThemeColor.terminalDefault.degraded(to: .eight) == .terminalDefault)
    }

    @Test func adaptedThemeUsesOnlyAvailableColours() {
        let theme = Theme.builtInDefault.adapted(to: .eight)
        for slot in StyleSlot.allCases {
            for color in [theme[slot].foreground, theme[slot].background] {
                if case .indexed(let index) = color { #expect(index < 8) }
            }
        }
        #expect(theme[.overdue].foreground == .indexed(1))
    }

    @Test func colourNames() {
        #expect(ThemeColor(name: "default") == .terminalDefault)
        #expect(ThemeColor(name: "cyan") == .cyan)
        #expect(ThemeColor(name: "bright_white") == .indexed(15))
        #expect(ThemeColor(name: "grey") == .indexed(8))
        #expect(ThemeColor(name: "mauve") == nil)
    }
}
