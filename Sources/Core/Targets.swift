import Foundation

/// The center's targets (config.toml's `[targets]`): how long a request may take at the counter,
/// by speed, and how long it may wait at the center before someone takes it.
public struct Targets: Hashable, Sendable {
    /// Seconds, each at least one minute.
    public var handlingFast: Int
    public var handlingSlow: Int
    public var waiting: Int

    public init(handlingFastMinutes: Int = 15, handlingSlowMinutes: Int = 30, waitingMinutes: Int = 60) {
        handlingFast = max(handlingFastMinutes, 1) * 60
        handlingSlow = max(handlingSlowMinutes, 1) * 60
        waiting = max(waitingMinutes, 1) * 60
    }

    public func seconds(for measure: TargetMeasure) -> Int {
        switch measure {
        case .handlingFast: handlingFast
        case .handlingSlow: handlingSlow
        case .waiting: waiting
        }
    }
}

/// What a target is set on.
public enum TargetMeasure: String, Codable, CaseIterable, Hashable, Sendable {
    /// Claim to seal or rejection of a fast service's request, less the operator's breaks.
    case handlingFast = "handling_fast"
    case handlingSlow = "handling_slow"
    /// Arrival at the center (its `received` event) to its first claim.
    case waiting
}

/// Where a duration falls against its target: within half of it, within it, within twice it, beyond.
public enum TargetBucket: String, Codable, CaseIterable, Hashable, Sendable {
    case withinHalf = "within_half"
    case withinTarget = "within_target"
    case withinDouble = "within_double"
    case beyondDouble = "beyond_double"

    /// The bucket of `seconds` against `target`: each bound belongs to the bucket it closes.
    public static func of(_ seconds: Int, target: Int) -> TargetBucket {
        if seconds * 2 <= target { return .withinHalf }
        if seconds <= target { return .withinTarget }
        if seconds <= target * 2 { return .withinDouble }
        return .beyondDouble
    }

    /// The bucket's upper bound in seconds, nil for the last.
    public func upperBound(target: Int) -> Int? {
        switch self {
        case .withinHalf: target / 2
        case .withinTarget: target
        case .withinDouble: target * 2
        case .beyondDouble: nil
        }
    }
}

/// One measure in a report's days: its target and how the durations fell against it.
public struct TargetFigures: Hashable, Sendable, Codable {
    public var measure: TargetMeasure
    /// Seconds.
    public var target: Int
    /// Every bucket, empty ones at 0.
    public private(set) var buckets: [TargetBucket: Int]

    public init(measure: TargetMeasure, target: Int, buckets: [TargetBucket: Int] = [:]) {
        self.measure = measure
        self.target = target
        self.buckets = Dictionary(uniqueKeysWithValues: TargetBucket.allCases.map { ($0, buckets[$0] ?? 0) })
    }

    /// Buckets counted from the durations themselves.
    public init(measure: TargetMeasure, target: Int, durations: [Int]) {
        self.init(measure: measure, target: target)
        for seconds in durations { add(seconds) }
    }

    /// Counts `times` durations of `seconds` each.
    public mutating func add(_ seconds: Int, times: Int = 1) {
        buckets[TargetBucket.of(seconds, target: target), default: 0] += times
    }

    public var count: Int { buckets.values.reduce(0, +) }
    public var met: Int { (buckets[.withinHalf] ?? 0) + (buckets[.withinTarget] ?? 0) }
    /// The share within the target, rounded to the nearest percent; nil with nothing measured.
    public var metPercent: Int? { count == 0 ? nil : (met * 200 + count) / (count * 2) }

    enum CodingKeys: String, CodingKey {
        case measure, buckets
        case target = "target_seconds"
    }

    // The buckets as an object keyed by bucket name, every bucket present.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(measure, forKey: .measure)
        try container.encode(target, forKey: .target)
        try container.encode(Dictionary(uniqueKeysWithValues: TargetBucket.allCases.map { ($0.rawValue, buckets[$0] ?? 0) }), forKey: .buckets)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let named = try container.decode([String: Int].self, forKey: .buckets)
        self.init(measure: try container.decode(TargetMeasure.self, forKey: .measure), target: try container.decode(Int.self, forKey: .target),
                  buckets: Dictionary(uniqueKeysWithValues: named.compactMap { key, value in TargetBucket(rawValue: key).map { ($0, value) } }))
    }
}
