/// A theme colour: the terminal's own default, or an entry of the 256-colour palette.
public enum ThemeColor: Hashable, Sendable {
    case terminalDefault
    case indexed(UInt8)

    public static let black = ThemeColor.indexed(0), red = ThemeColor.indexed(1), green = ThemeColor.indexed(2)
    public static let yellow = ThemeColor.indexed(3), blue = ThemeColor.indexed(4), magenta = ThemeColor.indexed(5)
    public static let cyan = ThemeColor.indexed(6), white = ThemeColor.indexed(7)

    private static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Parses `default`, a colour name (`red`, `bright-red`, `gray`), or nil for anything else.
    public init?(name: String) {
        let key = name.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " }
        if key == "default" || key == "none" {
            self = .terminalDefault
        } else if key == "gray" || key == "grey" {
            self = .indexed(8)
        } else if let index = Self.names.firstIndex(of: key) {
            self = .indexed(UInt8(index))
        } else if key.hasPrefix("bright"), let index = Self.names.firstIndex(of: String(key.dropFirst(6))) {
            self = .indexed(UInt8(index + 8))
        } else {
            return nil
        }
    }

    /// The nearest colour this terminal can show.
    public func degraded(to capability: ColorCapability) -> ThemeColor {
        guard case .indexed(let index) = self else { return self }
        switch capability {
        case .none: return .terminalDefault
        case .full: return self
        case .sixteen: return index < 16 ? self : .indexed(Self.nearest(index, among: 16))
        case .eight: return index < 8 ? self : .indexed(Self.nearest(index, among: 8))
        }
    }

    /// The xterm palette's RGB value for a 256-colour index.
    static func rgb(_ index: UInt8) -> (Int, Int, Int) {
        let base: [(Int, Int, Int)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
            (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
            (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        let i = Int(index)
        if i < 16 { return base[i] }
        if i < 232 {
            let levels = [0, 95, 135, 175, 215, 255]
            let cube = i - 16
            return (levels[cube / 36], levels[(cube / 6) % 6], levels[cube % 6])
        }
        let gray = 8 + (i - 232) * 10
        return (gray, gray, gray)
    }

    private static func nearest(_ index: UInt8, among count: Int) -> UInt8 {
        let (r, g, b) = rgb(index)
        var best: UInt8 = 0
        var bestDistance = Int.max
        for candidate in 0..<UInt8(count) {
            let (cr, cg, cb) = rgb(candidate)
            let distance = (r - cr) * (r - cr) + (g - cg) * (g - cg) + (b - cb) * (b - cb)
            if distance < bestDistance {
                best = candidate
                bestDistance = distance
            }
        }
        return best
    }
}

/// How many colours the terminal offers, after honouring NO_COLOR.
public enum ColorCapability: Hashable, Sendable {
    case none, eight, sixteen, full

    /// `colorCount` is curses' COLORS; NO_COLOR set to anything non-empty wins (no-color.org).
    public init(colorCount: Int, environment: [String: String]) {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty {
            self = .none
        } else if colorCount >= 256 {
            self = .full
        } else if colorCount >= 16 {
            self = .sixteen
        } else if colorCount >= 8 {
            self = .eight
        } else {
            self = .none
        }
    }
}
