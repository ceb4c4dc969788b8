/// A one-row bar: `leading` on the reading side, `trailing` on the other.
public struct StatusLine: Widget, Sendable {
    public var leading: TextLine
    public var trailing: String
    public var style: Style

    public init(leading: String, trailing: String = "", style: Style = Style(.statusbar)) {
        self.init(line: TextLine(leading), trailing: trailing, style: style)
    }

    /// A bar whose leading text holds whole fields (an id in a title).
    public init(line leading: TextLine, trailing: String = "", style: Style = Style(.statusbar)) {
        self.leading = leading
        self.trailing = trailing
        self.style = style
    }

    public func render(into buffer: inout Buffer, area: Rect, context: RenderContext) {
        let row = area.row(0)
        buffer.fill(row, style: style)
        let trailingWidth = min(CharacterWidth.of(trailing), row.width / 2)
        let parts = Layout.split(row, .horizontal, [.fill(), .fixed(1), .fixed(trailingWidth)], direction: context.direction)
        buffer.drawLine(leading, in: parts[0], style: style, context: context)
        buffer.drawText(trailing, in: parts[2], style: style, alignment: .trailing, context: context)
    }
}
