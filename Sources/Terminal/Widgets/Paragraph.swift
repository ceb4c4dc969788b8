/// Data or label text over several lines, wrapped at spaces; lines past the area are cut off.
public struct Paragraph: Widget, Sendable {
    public var text: String
    public var style: Style
    public var alignment: TextAlignment
    public var wraps: Bool

    public init(_ text: String, style: Style = .normal, alignment: TextAlignment = .leading, wraps: Bool = true) {
        self.text = text
        self.style = style
        self.alignment = alignment
        self.wraps = wraps
    }

    public func render(into buffer: inout Buffer, area: Rect, context: RenderContext) {
        let lines = wraps
            ? Wrapping.lines(text, width: area.width)
            : text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (index, line) in lines.prefix(area.height).enumerated() {
            buffer.drawText(line, in: area.row(index), style: style, alignment: alignment, context: context)
        }
    }
}

/// One line of text, cut with an ellipsis when too long.
public struct Label: Widget, Sendable {
    public var text: String
    public var style: Style
    public var alignment: TextAlignment

    public init(_ text: String, style: Style = .normal, alignment: TextAlignment = .leading) {
        self.text = text
        self.style = style
        self.alignment = alignment
    }

    public func render(into buffer: inout Buffer, area: Rect, context: RenderContext) {
        buffer.drawText(text, in: area.row(0), style: style, alignment: alignment, context: context)
    }
}
