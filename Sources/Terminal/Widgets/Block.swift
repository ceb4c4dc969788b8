/// A box with an optional title on the reading side of its top border.
public struct Block: Widget, Sendable {
    public var title: String?
    public var borderStyle: Style
    public var titleStyle: Style
    /// Style of the inside, cleared on render (dialogs paint their own background).
    public var fillStyle: Style?

    public init(title: String? = nil, borderStyle: Style = Style(.border), titleStyle: Style = Style(.title),
                fillStyle: Style? = nil) {
        self.title = title
        self.borderStyle = borderStyle
        self.titleStyle = titleStyle
        self.fillStyle = fillStyle
    }

    /// The area inside the border.
    public func inner(_ area: Rect) -> Rect {
        area.inset(by: 1)
    }

    public func render(into buffer: inout Buffer, area: Rect, context: RenderContext) {
        guard area.width >= 2, area.height >= 2 else { return }
        if let fillStyle { buffer.fill(area, style: fillStyle) }
        let right = area.maxX - 1
        let bottom = area.maxY - 1
        for x in area.x + 1..<right {
            buffer.put("─", x: x, y: area.y, style: borderStyle)
            buffer.put("─", x: x, y: bottom, style: borderStyle)
        }
        for y in area.y + 1..<bottom {
            buffer.put("│", x: area.x, y: y, style: borderStyle)
            buffer.put("│", x: right, y: y, style: borderStyle)
        }
        buffer.put("┌", x: area.x, y: area.y, style: borderStyle)
        buffer.put("┐", x: right, y: area.y, style: borderStyle)
        buffer.put("└", x: area.x, y: bottom, style: borderStyle)
        buffer.put("┘", x: right, y: bottom, style: borderStyle)
        if let title, !title.isEmpty, area.width > 6 {
            // One border cell and one space on each side of the title.
            let slot = Rect(x: area.x + 2, y: area.y, width: area.width - 4, height: 1)
            let fitted = TextLayout.fitted(TextLine(title), width: slot.width - 2, direction: context.direction, options: context.text)
            let covered = fitted.width + 2
            let x = context.direction == .rightToLeft ? slot.maxX - covered : slot.x
            buffer.put(" ", x: x, y: area.y, style: titleStyle)
            buffer.write(fitted.glyphs, x: x + 1, y: area.y, style: titleStyle, limitX: slot.maxX)
            buffer.put(" ", x: x + covered - 1, y: area.y, style: titleStyle)
        }
    }
}
