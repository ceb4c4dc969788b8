/// Semantic colour slots. Widgets name a slot; the theme decides what it looks like on this terminal.
public enum StyleSlot: String, CaseIterable, Hashable, Sendable {
    case normal, selected, title, header, border, hint, key, ok, warn, error
    case fast, slow, overdue, taken, input, dialog, statusbar, chart
}

public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let underline = TextAttributes(rawValue: 1 << 1)
    public static let reverse = TextAttributes(rawValue: 1 << 2)
    public static let dim = TextAttributes(rawValue: 1 << 3)
}

/// What a cell carries: a slot to look up in the theme plus attributes added on top of the slot's own.
public struct Style: Hashable, Sendable {
    public var slot: StyleSlot
    public var attributes: TextAttributes

    public init(_ slot: StyleSlot = .normal, attributes: TextAttributes = []) {
        self.slot = slot
        self.attributes = attributes
    }

    public static let normal = Style(.normal)
}

/// Which way text and widgets read: Arabic is right to left, English left to right.
public enum LayoutDirection: Hashable, Sendable {
    case leftToRight
    case rightToLeft
}

/// Alignment relative to the reading direction: `.leading` is the right edge in right-to-left layouts.
public enum TextAlignment: Hashable, Sendable {
    case leading
    case center
    case trailing
}
