/// Where buffers go and keys come from: the curses terminal, or `TestBackend` in tests.
public protocol TerminalBackend {
    /// The screen size now; changes after a `.resize` key.
    var size: Size { get }
    /// Shows `buffer`. Called once per event, from the one thread that owns the terminal.
    mutating func draw(_ buffer: Buffer)
    /// Waits up to `timeout` (nil: for ever) and returns the next key, or nil if none came.
    mutating func readKey(timeout: Duration?) -> Key?
}

/// A headless backend: keys come from a script, drawn buffers are kept for inspection.
public struct TestBackend: TerminalBackend, Sendable {
    public var size: Size
    public var scriptedKeys: [Key]
    public private(set) var drawnFrames: [Buffer] = []

    public init(size: Size, keys: [Key] = []) {
        self.size = size
        self.scriptedKeys = keys
    }

    public var lastFrame: Buffer? { drawnFrames.last }

    public mutating func draw(_ buffer: Buffer) {
        drawnFrames.append(buffer)
    }

    public mutating func readKey(timeout: Duration?) -> Key? {
        scriptedKeys.isEmpty ? nil : scriptedKeys.removeFirst()
    }
}

/// Reads keys from a backend through a `ScanDetector`, so a barcode scan arrives as one `.scan`.
public struct KeyReader<Backend: TerminalBackend> {
    public var backend: Backend
    public var detector: ScanDetector
    private var decided: [Key] = []
    private let clock = ContinuousClock()

    public init(backend: Backend, detector: ScanDetector = ScanDetector()) {
        self.backend = backend
        self.detector = detector
    }

    /// The next key or scan, or nil when `timeout` passes without one.
    public mutating func nextKey(timeout: Duration?) -> Key? {
        let giveUp = timeout.map { clock.now + $0 }
        while decided.isEmpty {
            let now = clock.now
            var wait = giveUp.map { max($0 - now, .zero) }
            if let deadline = detector.deadline {
                let untilDeadline = max(deadline - now, .zero)
                wait = min(wait ?? untilDeadline, untilDeadline)
            }
            if let key = backend.readKey(timeout: wait) {
                decided += detector.feed(key, at: clock.now)
            } else {
                decided += detector.flush(at: clock.now)
                // Nothing held and nothing came: the timeout passed, or input ended (a finished test script).
                if decided.isEmpty, detector.deadline == nil, giveUp.map({ clock.now >= $0 }) ?? true {
                    return nil
                }
            }
        }
        return decided.removeFirst()
    }
}
