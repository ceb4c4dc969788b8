/// One key press, or a whole barcode scan, as the app sees it.
public enum Key: Hashable, Sendable {
    case char(Character)
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)
    case alt(Character)
    case ctrl(Character)
    case resize
    /// A burst of characters ending in Enter that came from a barcode scanner.
    case scan(String)

    /// A short English name for help screens and the key bar, e.g. `F2`, `Ctrl+S`, `Enter`.
    public var displayName: String {
        switch self {
        case .char(" "): "Space"
        case .char(let c): String(c)
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "Shift+Tab"
        case .backspace: "Backspace"
        case .delete: "Del"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .function(let n): "F\(n)"
        case .alt(let c): "Alt+\(c.uppercased())"
        case .ctrl(let c): "Ctrl+\(c.uppercased())"
        case .resize: "Resize"
        case .scan: "Scan"
        }
    }
}

/// One key a screen responds to. Declared once; the key bar and help overlay are generated from it.
public struct KeyBinding: Hashable, Sendable {
    public var key: Key
    /// What the screen does, e.g. "save"; screens switch on it.
    public var action: String
    /// Already localised label, e.g. "حفظ" or "Save".
    public var label: String
    public var showsInBar: Bool
    /// Shown instead of the key's own name when one binding stands for a pair, e.g. `←→`.
    public var keyName: String?

    public init(_ key: Key, action: String, label: String, showsInBar: Bool = true, keyName: String? = nil) {
        self.key = key
        self.action = action
        self.label = label
        self.showsInBar = showsInBar
        self.keyName = keyName
    }

    /// The name the key bar and the help show.
    public var displayName: String { keyName ?? key.displayName }
}

/// The keys of one screen.
public struct KeyTable: Hashable, Sendable {
    public var bindings: [KeyBinding]

    public init(_ bindings: [KeyBinding]) {
        self.bindings = bindings
    }

    /// The action bound to `key`, if any; the first binding wins.
    public func action(for key: Key) -> String? {
        bindings.first { $0.key == key }?.action
    }

    public var barBindings: [KeyBinding] { bindings.filter(\.showsInBar) }
}
