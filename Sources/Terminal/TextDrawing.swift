/// Everything a widget needs besides its own data: reading direction and text settings.
public struct RenderContext: Hashable, Sendable {
    public var direction: LayoutDirection
    public var text: TextOptions

    public init(direction: LayoutDirection, text: TextOptions = TextOptions()) {
        self.direction = direction
        self.text = text
    }

    public static let arabic = RenderContext(direction: .rightToLeft)
    public static let english = RenderContext(direction: .leftToRight)
}

public enum TextLayout {
    public static let ellipsis: Character = "…"

    /// Sanitises, shapes and reorders `text`, cutting it with an ellipsis so it fits `width` columns.
    /// The cut happens in logical order, so the reader loses the end of the text, not its visual left.
    public static func fit(_ text: String, width: Int, direction: LayoutDirection, options: TextOptions) -> String {
        guard width > 0 else { return "" }
        let clean = TextSanitizer.sanitize(text)
        let full = BidiText.visual(clean, direction: direction, options: options)
        if CharacterWidth.of(full) <= width { return full }
        var kept: [Character] = []
        var keptWidth = 0
        for character in clean {
            let w = CharacterWidth.of(character)
            if keptWidth + w > width - 1 { break }
            kept.append(character)
            keptWidth += w
        }
        while let last = kept.last, last.isWhitespace { kept.removeLast() }
        // Shaping only ever narrows text (lam-alef), so this is a loop of one step in practice.
        while true {
            let candidate = BidiText.visual(String(kept) + String(ellipsis), direction: direction, options: options)
            if CharacterWidth.of(candidate) <= width || kept.isEmpty { return candidate }
            kept.removeLast()
        }
    }
}

extension Buffer {
    /// Draws one line of data text in the first row of `area`: sanitised, shaped, reordered,
    /// truncated with an ellipsis and aligned. `.leading` is the right edge for right-to-left text.
    /// Returns the rectangle actually covered.
    @discardableResult
    public mutating func drawText(
        _ text: String, in area: Rect, style: Style = .normal, alignment: TextAlignment = .leading,
        direction: LayoutDirection, options: TextOptions = TextOptions()
    ) -> Rect {
        guard !area.isEmpty else { return Rect(x: area.x, y: area.y, width: 0, height: 0) }
        let visual = TextLayout.fit(text, width: area.width, direction: direction, options: options)
        let width = CharacterWidth.of(visual)
        let slack = area.width - width
        let offset: Int
        switch (alignment, direction) {
        case (.center, _): offset = slack / 2
        case (.leading, .leftToRight), (.trailing, .rightToLeft): offset = 0
        case (.leading, .rightToLeft), (.trailing, .leftToRight): offset = slack
        }
        let used = writeVisual(visual, x: area.x + offset, y: area.y, style: style, limitX: area.maxX)
        return Rect(x: area.x + offset, y: area.y, width: used, height: 1)
    }

    /// Draws text starting at `position` in reading order: rightwards for left-to-right text,
    /// leftwards from `position` (its last column) for right-to-left text, up to `width` columns.
    @discardableResult
    public mutating func drawText(
        _ text: String, at position: Position, width: Int, style: Style = .normal,
        direction: LayoutDirection, options: TextOptions = TextOptions()
    ) -> Rect {
        let x = direction == .rightToLeft ? position.x - width + 1 : position.x
        return drawText(text, in: Rect(x: x, y: position.y, width: width, height: 1), style: style,
                        alignment: .leading, direction: direction, options: options)
    }

    /// Context-taking shorthand for widgets.
    @discardableResult
    public mutating func drawText(
        _ text: String, in area: Rect, style: Style = .normal, alignment: TextAlignment = .leading,
        context: RenderContext
    ) -> Rect {
        drawText(text, in: area, style: style, alignment: alignment, direction: context.direction, options: context.text)
    }
}
