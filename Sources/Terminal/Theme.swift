import Foundation
import TOMLKit

/// How one semantic slot looks.
public struct SlotStyle: Hashable, Sendable {
    public var foreground: ThemeColor
    public var background: ThemeColor
    public var attributes: TextAttributes

    public init(foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault,
                attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}

/// A broken theme file: which file, which line (when known), and what is wrong.
public struct ThemeError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Hashable, Sendable {
        case unreadable(String)
        case syntax(String)
        case unknownSlot(String)
        case unknownKey(slot: String, key: String)
        case invalidValue(slot: String, key: String, value: String)
    }

    public var file: String
    public var line: Int?
    public var reason: Reason

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        switch reason {
        case .unreadable(let why): return "\(place): cannot read theme: \(why)"
        case .syntax(let why): return "\(place): theme syntax error: \(why)"
        case .unknownSlot(let slot): return "\(place): unknown theme slot [\(slot)]"
        case .unknownKey(let slot, let key): return "\(place): unknown key '\(key)' in [\(slot)]"
        case .invalidValue(let slot, let key, let value):
            return "\(place): invalid value \(value) for '\(key)' in [\(slot)]"
        }
    }
}

/// A theme, and the error that made the loader fall back to another one.
public struct ThemeLoadResult: Sendable {
    public var theme: Theme
    public var error: ThemeError?
}

/// Colours and attributes for every `StyleSlot`.
public struct Theme: Hashable, Sendable {
    public var name: String
    private var slots: [StyleSlot: SlotStyle]

    public init(name: String, slots: [StyleSlot: SlotStyle]) {
        self.name = name
        self.slots = slots
    }

    /// Slots a theme leaves out look like the built-in default's.
    public subscript(slot: StyleSlot) -> SlotStyle {
        get { slots[slot] ?? Theme.builtInDefault.slots[slot] ?? SlotStyle() }
        set { slots[slot] = newValue }
    }

    /// The theme as this terminal can show it. Without colour, the monochrome theme's attributes
    /// are added so that selection and status stay distinguishable.
    public func adapted(to capability: ColorCapability) -> Theme {
        var result = self
        for slot in StyleSlot.allCases {
            var style = self[slot]
            style.foreground = style.foreground.degraded(to: capability)
            style.background = style.background.degraded(to: capability)
            if capability == .none {
                style.attributes.formUnion(Theme.monochrome[slot].attributes)
            }
            result.slots[slot] = style
        }
        return result
    }

    /// Loads a theme file, falling back to `fallback` (and reporting why) if it is missing or broken.
    public static func load(path: String, fallback: Theme) -> ThemeLoadResult {
        do {
            return ThemeLoadResult(theme: try load(path: path), error: nil)
        } catch {
            return ThemeLoadResult(theme: fallback, error: error)
        }
    }

    public static func load(path: String) throws(ThemeError) -> Theme {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ThemeError(file: path, line: nil, reason: .unreadable(error.localizedDescription))
        }
        return try parse(text, file: path)
    }

    /// Parses theme TOML; `file` only names the source in errors.
    public static func parse(_ text: String, file: String) throws(ThemeError) -> Theme {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ThemeError(file: file, line: error.source.begin.line, reason: .syntax(error.description))
        } catch {
            throw ThemeError(file: file, line: nil, reason: .syntax(String(describing: error)))
        }
        let lines = ThemeSourceLines(text)
        var theme = Theme(name: table["name"]?.string ?? file, slots: [:])
        for key in table.keys where key != "name" {
            guard let slot = StyleSlot(rawValue: key), let slotTable = table[key]?.table else {
                throw ThemeError(file: file, line: lines.header(key), reason: .unknownSlot(key))
            }
            theme.slots[slot] = try slotStyle(slotTable, slot: key, file: file, lines: lines)
        }
        return theme
    }

    private static func slotStyle(_ table: TOMLTable, slot: String, file: String,
                                  lines: ThemeSourceLines) throws(ThemeError) -> SlotStyle {
        var style = SlotStyle()
        for key in table.keys {
            guard let value = table[key] else { continue }
            let invalid = ThemeError(file: file, line: lines.key(key, in: slot),
                                     reason: .invalidValue(slot: slot, key: key, value: String(describing: value)))
            switch key {
            case "foreground", "background":
                guard let color = color(from: value) else { throw invalid }
                if key == "foreground" { style.foreground = color } else { style.background = color }
            case "bold", "underline", "reverse", "dim":
                guard let flag = value.bool else { throw invalid }
                let attribute: TextAttributes = switch key {
                case "bold": .bold
                case "underline": .underline
                case "reverse": .reverse
                default: .dim
                }
                if flag { style.attributes.insert(attribute) }
            default:
                throw ThemeError(file: file, line: lines.key(key, in: slot), reason: .unknownKey(slot: slot, key: key))
            }
        }
        return style
    }

    private static func color(from value: any TOMLValueConvertible) -> ThemeColor? {
        if let number = value.int {
            return UInt8(exactly: number).map(ThemeColor.indexed)
        }
        return value.string.flatMap(ThemeColor.init(name:))
    }
}

/// Finds where a table or key sits in the source, since TOMLKit keeps positions only for syntax errors.
private struct ThemeSourceLines {
    private let lines: [Substring]

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    func header(_ table: String) -> Int? {
        lines.firstIndex { Self.tableName(of: $0) == table }.map { $0 + 1 }
    }

    func key(_ key: String, in table: String) -> Int? {
        var current: String?
        for (index, line) in lines.enumerated() {
            if let name = Self.tableName(of: line) {
                current = name
            } else if current == table, let equals = line.firstIndex(of: "="),
                      line[..<equals].trimmingCharacters(in: .whitespaces) == key {
                return index + 1
            }
        }
        return header(table)
    }

    private static func tableName(of line: Substring) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("["), let close = trimmed.firstIndex(of: "]") else { return nil }
        return trimmed[trimmed.index(after: trimmed.startIndex)..<close].trimmingCharacters(in: .whitespaces)
    }
}
