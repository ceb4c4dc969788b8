// The only file that talks to ncurses. Everything else draws into a `Buffer`.
import CNcursesw
import Foundation
import Glibc

/// Why the terminal could not be started.
public enum TerminalError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Neither the user's locale nor C.UTF-8 uses UTF-8; Arabic would vanish.
    case noUTF8Locale(codeset: String)
    /// ncurses could not start on this terminal (unknown TERM, not a tty).
    case cannotOpenTerminal(term: String)

    public var description: String {
        switch self {
        case .noUTF8Locale(let codeset):
            "No UTF-8 locale: the current character set is \(codeset) and C.UTF-8 is not available. "
                + "Set LANG to a UTF-8 locale (e.g. LANG=C.UTF-8) and start again."
        case .cannotOpenTerminal(let term):
            "Cannot open the terminal (TERM=\(term)). Run shubbak in a terminal with a known TERM."
        }
    }
}

// Signal handlers cannot capture context, so the restore state is global. Only the owning
// thread writes it, apart from a signal handler that is about to end the process.
nonisolated(unsafe) private var terminalIsActive = false
nonisolated(unsafe) private var explicitBidiIsActive = false

private let explicitBidiMode: [UInt8] = Array("\u{1B}[8l".utf8)  // ECMA-48 BDSM: app sends visual order
private let implicitBidiMode: [UInt8] = Array("\u{1B}[8h".utf8)  // back to the terminal's own bidi

/// The cells one frame changed, and the bytes of their characters.
public struct FrameChange: Hashable, Sendable {
    public var cells = 0
    public var bytes = 0
}

/// Puts the terminal back as it was; safe from a signal handler as far as curses allows.
private func restoreTerminal() {
    if terminalIsActive {
        terminalIsActive = false
        endwin()
    }
    if explicitBidiIsActive {
        explicitBidiIsActive = false
        implicitBidiMode.withUnsafeBytes { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }
}

private let fatalSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

// Indexed by signal number so the handler reads it without allocating.
nonisolated(unsafe) private var previousActions: [sigaction] = Array(repeating: sigaction(), count: 32)

/// Installed once per process. The previous handlers (default action, or Swift's crash
/// backtracer) run after the terminal is restored.
private let signalHandlersInstalled: Void = {
    for sig in fatalSignals {
        var action = sigaction()
        sigemptyset(&action.sa_mask)
        action.__sigaction_handler.sa_handler = { received in
            restoreTerminal()
            sigaction(received, &previousActions[Int(received)], nil)
            raise(received)
        }
        sigaction(sig, &action, &previousActions[Int(sig)])
    }
    atexit { restoreTerminal() }
}()

/// The ncurses terminal. Create it, draw and read keys on one thread only.
public final class CursesBackend: TerminalBackend {
    public let colorCapability: ColorCapability
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private var pairs: [StyleSlot: Int32] = [:]
    private var theme: Theme
    /// What the terminal shows now: a draw sends only the cells that differ from it.
    private var drawn: Buffer?
    /// What the last `draw` changed: the cells that differ from the frame before and the UTF-8
    /// bytes of their characters, the least a terminal must be sent for them (issue 18 goal 5).
    public private(set) var lastChange = FrameChange()

    /// Switches to a UTF-8 locale and starts curses. Fails before touching the terminal when
    /// no UTF-8 locale exists.
    public init(theme: Theme, bidiMode: BidiMode = .visual,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(TerminalError) {
        try Self.selectUTF8Locale()
        guard let screen = newterm(nil, shubbak_stdout(), shubbak_stdin()), let window = shubbak_stdscr() else {
            throw .cannotOpenTerminal(term: environment["TERM"] ?? "")
        }
        self.screen = screen
        self.window = window
        terminalIsActive = true
        _ = signalHandlersInstalled
        raw()
        noecho()
        nonl()
        keypad(window, true)
        // Home and End as terminals send them outside xterm's application mode (PuTTY, tmux,
        // rxvt, the Linux console): terminfo names one sequence each, and the others were lost.
        for (sequence, key) in [("\u{1B}[1~", KEY_HOME), ("\u{1B}[4~", KEY_END), ("\u{1B}[H", KEY_HOME), ("\u{1B}[F", KEY_END),
                                ("\u{1B}[7~", KEY_HOME), ("\u{1B}[8~", KEY_END)] {
            _ = define_key(sequence, key)
        }
        if environment["ESCDELAY"] == nil { set_escdelay(25) }
        if bidiMode == .visual {
            explicitBidiIsActive = true
            explicitBidiMode.withUnsafeBytes { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        }
        colorCapability = Self.startColor(environment: environment)
        self.theme = theme.adapted(to: colorCapability)
        if colorCapability != .none { setUpPairs() }
    }

    /// Starts colour unless NO_COLOR asks for none. COLORS is 0 until `start_color()` has run, so it
    /// is read after: read before, every terminal looked monochrome.
    private static func startColor(environment: [String: String]) -> ColorCapability {
        guard ColorCapability(colorCount: .max, environment: environment) != .none,
              has_colors(), start_color() != ERR else { return .none }
        return ColorCapability(colorCount: Int(shubbak_colors()), environment: environment)
    }

    deinit {
        shutdown()
    }

    /// Restores the terminal. Called automatically on deinit, exit and fatal signals.
    public func shutdown() {
        guard terminalIsActive else { return }
        restoreTerminal()
        delscreen(screen)
    }

    public var size: Size { Size(width: Int(shubbak_cols()), height: Int(shubbak_lines())) }

    /// Switches the theme while running: the colour pairs are redefined and the next draw repaints every cell.
    public func apply(_ theme: Theme) {
        self.theme = theme.adapted(to: colorCapability)
        if colorCapability != .none { setUpPairs() }
        clearok(window, true)
        drawn = nil
    }

    public func draw(_ buffer: Buffer) {
        // An idle counter redraws every second; most seconds nothing on it changed.
        if buffer == drawn { return }
        let width = min(buffer.size.width, Int(shubbak_cols()))
        let height = min(buffer.size.height, Int(shubbak_lines()))
        let previous = drawn?.size == buffer.size ? drawn : nil
        var character = cchar_t()
        var change = FrameChange()
        for y in 0..<height {
            for x in 0..<width {
                let cell = buffer[x, y]
                if cell.isContinuation || previous?[x, y] == cell { continue }
                change.cells += 1
                change.bytes += cell.withScalars { $0.reduce(0) { $0 + ($1 < 0x80 ? 1 : $1 < 0x800 ? 2 : $1 < 0x10000 ? 3 : 4) } }
                // A cchar_t holds a spacing character plus up to four marks.
                var wide = cell.withScalars { $0.prefix(Int(CCHARW_MAX)).map { wchar_t(bitPattern: $0) } }
                wide.append(0)
                var pair = pairs[cell.style.slot] ?? 0
                setcchar(&character, wide, attributes(for: cell.style), 0, &pair)
                // Writing the bottom-right cell reports ERR (the cursor cannot advance) but still draws it.
                mvwadd_wch(window, Int32(y), Int32(x), &character)
            }
        }
        if let cursor = buffer.cursor, buffer.area.contains(cursor) {
            curs_set(1)
            wmove(window, Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        wnoutrefresh(window)
        doupdate()
        drawn = buffer
        lastChange = change
    }

    public func readKey(timeout: Duration?) -> Key? {
        wtimeout(window, timeout.map(Self.milliseconds) ?? -1)
        while true {
            var code: wint_t = 0
            let result = wget_wch(window, &code)
            if result == ERR { return nil }
            let key = result == KEY_CODE_YES ? Self.functionKey(Int32(bitPattern: code)) : readCharacter(code)
            if let key { return key }
            // An unmapped control code: with a timeout the caller simply sees no key.
            if timeout != nil { return nil }
        }
    }

    private func readCharacter(_ code: wint_t) -> Key? {
        guard code == 27 else { return Self.characterKey(code) }
        // ncurses already waited ESCDELAY for a sequence; a key queued right behind ESC is Alt+key.
        wtimeout(window, 0)
        var next: wint_t = 0
        let result = wget_wch(window, &next)
        if result == OK, next >= 32, let scalar = Unicode.Scalar(next) {
            return .alt(Character(scalar))
        }
        // Not Alt+character: keep the key behind ESC (a second ESC, an arrow) for the next read.
        if result == OK {
            unget_wch(wchar_t(bitPattern: next))
        } else if result == KEY_CODE_YES {
            ungetch(Int32(bitPattern: next))
        }
        return .escape
    }

    static func characterKey(_ code: wint_t) -> Key? {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 1...26: return Unicode.Scalar(code + 96).map { .ctrl(Character($0)) }
        case 0..<32: return nil
        default: return Unicode.Scalar(code).map { .char(Character($0)) }
        }
    }

    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_DC: return .delete
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_RESIZE: return .resize
        case shubbak_key_f(1)...shubbak_key_f(24): return .function(Int(code - shubbak_key_f(0)))
        default: return nil
        }
    }

    private static func selectUTF8Locale() throws(TerminalError) {
        setlocale(LC_ALL, "")
        if codesetIsUTF8() { return }
        if setlocale(LC_ALL, "C.UTF-8") != nil, codesetIsUTF8() { return }
        let codeset = currentCodeset()
        // Leave the process as it was found.
        setlocale(LC_ALL, "C")
        throw .noUTF8Locale(codeset: codeset)
    }

    private static func currentCodeset() -> String {
        guard let name = nl_langinfo(nl_item(CODESET)) else { return "unknown" }
        return String(cString: name)
    }

    private static func codesetIsUTF8() -> Bool {
        currentCodeset().uppercased().filter { $0 != "-" } == "UTF8"
    }

    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let total = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(total, 0))
    }

    private func setUpPairs() {
        let defaultsWork = use_default_colors() == OK
        for (offset, slot) in StyleSlot.allCases.enumerated() {
            let style = theme[slot]
            let pair = Int32(offset + 1)
            init_extended_pair(pair, Self.cursesColor(style.foreground, fallback: 7, defaultsWork),
                               Self.cursesColor(style.background, fallback: 0, defaultsWork))
            pairs[slot] = pair
        }
    }

    private static func cursesColor(_ color: ThemeColor, fallback: Int32, _ defaultsWork: Bool) -> Int32 {
        switch color {
        case .terminalDefault: defaultsWork ? -1 : fallback
        case .indexed(let index): Int32(index)
        }
    }

    private func attributes(for style: Style) -> attr_t {
        let combined = style.attributes.union(theme[style.slot].attributes)
        var result: attr_t = 0
        if combined.contains(.bold) { result |= shubbak_a_bold }
        if combined.contains(.underline) { result |= shubbak_a_underline }
        if combined.contains(.reverse) { result |= shubbak_a_reverse }
        if combined.contains(.dim) { result |= shubbak_a_dim }
        return result
    }
}
