/// Tells a barcode scanner from a person typing.
///
/// A scanner acting as a keyboard sends its characters a few milliseconds apart and ends with
/// Enter; a person cannot type that fast. The detector holds printable characters while they
/// keep arriving quickly. Enter after enough of them yields one `.scan`; a pause releases them
/// as ordinary keys. It is pure: the caller passes the arrival time of every key, and calls
/// `flush(at:)` when `deadline` passes without input.
public struct ScanDetector: Sendable {
    public typealias Instant = ContinuousClock.Instant

    /// The longest gap between two characters of one scan.
    public var maximumGap: Duration
    /// Fewer characters than this before Enter is typing, however fast.
    public var minimumLength: Int

    private var pending: [Character] = []
    private var lastArrival: Instant?

    public init(maximumGap: Duration = .milliseconds(30), minimumLength: Int = 4) {
        self.maximumGap = maximumGap
        self.minimumLength = minimumLength
    }

    /// When the caller should call `flush(at:)` if no key arrives first; nil when nothing is held.
    public var deadline: Instant? {
        guard !pending.isEmpty, let lastArrival else { return nil }
        return lastArrival + maximumGap
    }

    /// Feeds one key that arrived at `time`; returns the keys now decided, in order.
    public mutating func feed(_ key: Key, at time: Instant) -> [Key] {
        var output: [Key] = []
        if let lastArrival, time - lastArrival > maximumGap {
            output += release()
        }
        switch key {
        case .char(let character):
            pending.append(character)
            lastArrival = time
        case .enter where pending.count >= minimumLength:
            output.append(.scan(String(pending)))
            pending.removeAll()
            lastArrival = nil
        default:
            output += release()
            output.append(key)
        }
        return output
    }

    /// Releases held characters as typed keys once the gap since the last one is too long.
    public mutating func flush(at time: Instant) -> [Key] {
        guard let lastArrival, time - lastArrival > maximumGap else { return [] }
        return release()
    }

    private mutating func release() -> [Key] {
        let keys = pending.map(Key.char)
        pending.removeAll()
        lastArrival = nil
        return keys
    }
}
