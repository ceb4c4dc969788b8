/// The smallest screen the app lays out for.
public let minimumTerminalSize = Size(width: 80, height: 24)

/// Whether the app loop should show `WindowTooSmallNotice` instead of the screen.
public func isTooSmall(_ size: Size, minimum: Size = minimumTerminalSize) -> Bool {
    size.width < minimum.width || size.height < minimum.height
}

/// Drawn instead of a screen when the window is under the minimum. In both languages, because
/// the operator may not be able to read the other, and the language switch is on the hidden screen.
public struct WindowTooSmallNotice: Widget, Sendable {
    public var current: Size
    public var minimum: Size

    public init(current: Size, minimum: Size = minimumTerminalSize) {
        self.current = current
        self.minimum = minimum
    }

    public func render(into buffer: inout Buffer, area: Rect, context: RenderContext) {
        buffer.fill(area)
        let required = "\(minimum.width)×\(minimum.height)"
        let now = "\(current.width)×\(current.height)"
        let lines: [(String, LayoutDirection)] = [
            ("النافذة صغيرة: \(now)، المطلوب \(required)", .rightToLeft),
            ("Window too small: \(now), need \(required)", .leftToRight),
        ]
        let top = area.y + max((area.height - lines.count) / 2, 0)
        for (index, (text, direction)) in lines.enumerated() where top + index < area.maxY {
            buffer.drawText(text, in: Rect(x: area.x, y: top + index, width: area.width, height: 1),
                            style: Style(.warn), alignment: .center, direction: direction, options: context.text)
        }
    }
}
