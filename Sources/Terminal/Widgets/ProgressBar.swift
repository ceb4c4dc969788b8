/// A bar filling in the reading direction, with its label (e.g. "42%") after it.
public struct ProgressBar: Widget, Sendable {
    public var fraction: Double
    public var label: String
    public var style: Style

    public init(fraction: Double, label: String, style: Style = Style(.chart)) {
        self.fraction = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        self.label = label
        self.style = style
    }

    public func render(into buffer: inout Buffer, area: Rect, context: RenderContext) {
        let row = area.row(0)
        let labelWidth = min(CharacterWidth.of(label), row.width)
        let parts = Layout.split(row, .horizontal, [.fill(), .fixed(labelWidth > 0 ? 1 : 0), .fixed(labelWidth)],
                                 direction: context.direction)
        let bar = parts[0]
        let filled = Int((Double(bar.width) * fraction).rounded())
        for column in 0..<bar.width {
            let x = context.direction == .rightToLeft ? bar.maxX - 1 - column : bar.x + column
            buffer.put(column < filled ? "█" : "░", x: x, y: bar.y, style: style)
        }
        buffer.drawText(label, in: parts[2], style: .normal, context: context)
    }
}
