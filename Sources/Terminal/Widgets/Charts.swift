/// Horizontal bars, one per row: label on the reading side, bar growing away from it, then the value.
public struct BarChart: Widget, Sendable {
    public struct Bar: Hashable, Sendable {
        public var label: String
        public var value: Int
        public var style: Style

        public init(_ label: String, value: Int, style: Style = Style(.chart)) {
            self.label = label
            self.value = value
            self.style = style
        }
    }

    public var bars: [Bar]
    /// The value of a full-width bar; defaults to the largest value.
    public var maximum: Int?

    public init(_ bars: [Bar], maximum: Int? = nil) {
        self.bars = bars
        self.maximum = maximum
    }

    public func render(into buffer: inout Buffer, area: Rect, context: RenderContext) {
        let labelWidth = min(bars.map { CharacterWidth.of($0.label) }.max() ?? 0, area.width / 3)
        let valueWidth = bars.map { String($0.value).count }.max() ?? 0
        let top = max(maximum ?? bars.map(\.value).max() ?? 0, 1)
        for (index, bar) in bars.prefix(area.height).enumerated() {
            let parts = Layout.split(area.row(index), .horizontal,
                                     [.fixed(labelWidth), .fixed(1), .fill(), .fixed(1), .fixed(valueWidth)],
                                     direction: context.direction)
            buffer.drawText(bar.label, in: parts[0], context: context)
            let length = parts[2].width * min(max(bar.value, 0), top) / top
            for column in 0..<length {
                let x = context.direction == .rightToLeft ? parts[2].maxX - 1 - column : parts[2].x + column
                buffer.put("█", x: x, y: parts[2].y, style: bar.style)
            }
            buffer.drawText(String(bar.value), in: parts[4], alignment: .trailing, context: context)
        }
    }
}

/// A one-row trend of values with block characters; the newest value is on the trailing side
/// (left in Arabic), so time reads in the layout direction.
public struct Sparkline: Widget, Sendable {
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public var values: [Int]
    public var style: Style

    public init(_ values: [Int], style: Style = Style(.chart)) {
        self.values = values
        self.style = style
    }

    public func render(into buffer: inout Buffer, area: Rect, context: RenderContext) {
        let row = area.row(0)
        let shown = values.suffix(row.width)
        let top = max(shown.max() ?? 0, 1)
        for (column, value) in shown.enumerated() {
            let level = (Sparkline.levels.count - 1) * min(max(value, 0), top) / top
            let x = context.direction == .rightToLeft ? row.maxX - 1 - column : row.x + column
            buffer.put(Sparkline.levels[level], x: x, y: row.y, style: style)
        }
    }
}
