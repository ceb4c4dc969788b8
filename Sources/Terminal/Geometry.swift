/// A terminal size in cells.
public struct Size: Hashable, Sendable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
    }
}

/// A cell position; `x` counts columns from the left edge of the screen, whatever the layout direction.
public struct Position: Hashable, Sendable {
    public var x: Int
    public var y: Int

    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// A rectangle of cells in screen coordinates.
public struct Rect: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public init(size: Size) {
        self.init(x: 0, y: 0, width: size.width, height: size.height)
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }

    /// Shrinks every side by the given margins; never yields a negative size.
    public func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
        Rect(x: x + left, y: y + top,
             width: width - left - right, height: height - top - bottom)
    }

    public func inset(by margin: Int) -> Rect {
        inset(top: margin, left: margin, bottom: margin, right: margin)
    }

    /// The single row `row` (0-based) of this rectangle, or an empty rect past the bottom.
    public func row(_ row: Int) -> Rect {
        guard row >= 0, row < height else { return Rect(x: x, y: maxY, width: width, height: 0) }
        return Rect(x: x, y: y + row, width: width, height: 1)
    }

    /// A rectangle of at most the given size, centred in this one.
    public func centered(width requestedWidth: Int, height requestedHeight: Int) -> Rect {
        let w = min(requestedWidth, width)
        let h = min(requestedHeight, height)
        return Rect(x: x + (width - w) / 2, y: y + (height - h) / 2, width: w, height: h)
    }

    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x)
        let top = max(y, other.y)
        let right = min(maxX, other.maxX)
        let bottom = min(maxY, other.maxY)
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }

    public func contains(_ position: Position) -> Bool {
        position.x >= x && position.x < maxX && position.y >= y && position.y < maxY
    }
}

/// How much of the split axis one part of a layout takes.
public enum Constraint: Hashable, Sendable {
    /// Exactly this many cells (less if the space runs out).
    case fixed(Int)
    /// This share (0–100) of the whole length, rounded down.
    case percentage(Int)
    /// An equal share of whatever the fixed and percentage parts leave, weighted.
    case fill(Int = 1)
}

public enum Axis: Hashable, Sendable {
    /// Parts stacked top to bottom.
    case vertical
    /// Parts side by side. Pass the layout direction to `split` so the first part lands on the reading side.
    case horizontal
}

public enum Layout {
    /// Splits `area` along `axis`. In a right-to-left horizontal split the first part is the rightmost,
    /// so screens describe their layout once for both languages.
    public static func split(
        _ area: Rect, _ axis: Axis, _ constraints: [Constraint],
        direction: LayoutDirection = .leftToRight
    ) -> [Rect] {
        let total = axis == .vertical ? area.height : area.width
        var lengths = constraints.map { constraint -> Int in
            switch constraint {
            case .fixed(let n): max(0, n)
            case .percentage(let p): total * min(max(p, 0), 100) / 100
            case .fill: 0
            }
        }
        // Earlier parts win when fixed sizes overflow.
        var remaining = total
        for index in lengths.indices {
            lengths[index] = min(lengths[index], remaining)
            remaining -= lengths[index]
        }
        let weights = constraints.map { constraint -> Int in
            if case .fill(let weight) = constraint { return max(weight, 0) }
            return 0
        }
        let totalWeight = weights.reduce(0, +)
        if totalWeight > 0 {
            let leftover = remaining
            var handed = 0
            var weightSoFar = 0
            for index in lengths.indices where weights[index] > 0 {
                weightSoFar += weights[index]
                // Cumulative rounding hands every leftover cell to some part.
                let share = leftover * weightSoFar / totalWeight - handed
                lengths[index] = share
                handed += share
            }
        }
        var rects: [Rect] = []
        var offset = 0
        for length in lengths {
            switch axis {
            case .vertical:
                rects.append(Rect(x: area.x, y: area.y + offset, width: area.width, height: length))
            case .horizontal:
                let x = direction == .rightToLeft ? area.maxX - offset - length : area.x + offset
                rects.append(Rect(x: x, y: area.y, width: length, height: area.height))
            }
            offset += length
        }
        return rects
    }
}
