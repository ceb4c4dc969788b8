/// Everything a widget needs besides its own data: reading direction and text settings.
public struct RenderContext: Hashable, Sendable {
    public var direction: LayoutDirection
    public var text: TextOptions
    /// The language labels are worded in; by default the one that reads in `direction`.
    public var language: Language

    public init(direction: LayoutDirection, text: TextOptions = TextOptions(), language: Language? = nil) {
        self.direction = direction
        self.text = text
        self.language = language ?? (direction == .rightToLeft ? .arabic : .english)
    }

    public static let arabic = RenderContext(direction: .rightToLeft)
    public static let english = RenderContext(direction: .leftToRight)
}

public enum TextLayout {
    public static let ellipsis: Character = "…"

    /// Empties the cache of fitted lines: a benchmark times a frame drawn from nothing with it.
    public static func forgetFittedLines() {
        FittedLines.shared.withLock { $0.removeAll() }
    }

    /// Sanitises, shapes and reorders `text`, cutting it with an ellipsis so it fits `width` columns.
    /// The cut happens in logical order, so the reader loses the end of the text, not its visual left.
    public static func fit(_ text: String, width: Int, direction: LayoutDirection, options: TextOptions) -> String {
        fit(TextLine(text), width: width, direction: direction, options: options)
    }

    /// `fit` for a line of spans: text spans are cut by characters, a whole field is never cut
    /// (it goes whole, and the ellipsis stands where it was), and fields keep left-to-right order.
    public static func fit(_ line: TextLine, width: Int, direction: LayoutDirection, options: TextOptions) -> String {
        fitted(line, width: width, direction: direction, options: options).text
    }

    /// `fit`, split into the cells it takes: from the cache when the same line was fitted lately.
    static func fitted(_ line: TextLine, width: Int, direction: LayoutDirection, options: TextOptions) -> FittedLine {
        guard width > 0 else { return FittedLine("") }
        let key = FittedLines.Key(line: line, width: width, direction: direction, options: options)
        if let known = FittedLines.shared.withLock({ $0[key] }) { return known }
        let fitted = FittedLine(fitUncached(line, width: width, direction: direction, options: options))
        FittedLines.shared.withLock { $0[key] = fitted }
        return fitted
    }

    private static func fitUncached(_ line: TextLine, width: Int, direction: LayoutDirection, options: TextOptions) -> String {
        // A lone whole field of printable ASCII (an id, a number, a date) reads the same in either
        // direction: its isolate keeps it one left-to-right run, and nothing stands beside it.
        if case .whole(let field)? = line.spans.first, line.spans.count == 1, options.digits == .latin,
           field.utf8.count <= width, TextSanitizer.isPrintableASCII(field) {
            return field
        }
        let full = BidiText.visual(line.isolatedText, direction: direction, options: options)
        if CharacterWidth.of(full) <= width { return full }
        // Keep spans from the logical start while they fit in width - 1 (the ellipsis' cell).
        var kept: [TextLine.Span] = []
        var keptWidth = 0
        spans: for span in line.spans {
            switch span {
            case .whole(let field):
                let fieldWidth = CharacterWidth.of(TextSanitizer.sanitize(field))
                if keptWidth + fieldWidth > width - 1 { break spans }
                kept.append(span)
                keptWidth += fieldWidth
            case .text(let text):
                let clean = Array(TextSanitizer.sanitize(text))
                var characters: [Character] = []
                for character in clean {
                    let w = CharacterWidth.of(character)
                    if keptWidth + w > width - 1 { break }
                    characters.append(character)
                    keptWidth += w
                }
                guard characters.count < clean.count else {
                    kept.append(.text(String(characters)))
                    continue
                }
                // Cut between words where the kept text has a space: a hint or a name is not cut mid-word.
                if !clean[characters.count].isWhitespace, let space = characters.lastIndex(where: \.isWhitespace) {
                    characters.removeSubrange(space...)
                }
                kept.append(.text(String(characters)))
                break spans
            }
        }
        // The ellipsis follows the last kept character, not a space or a separator.
        while case .text(let text) = kept.last {
            let trimmed = String(text.reversed().drop(while: { $0.isWhitespace || $0 == "·" }).reversed())
            if trimmed.isEmpty { kept.removeLast(); continue }
            kept[kept.count - 1] = .text(trimmed)
            break
        }
        // Shaping only ever narrows text (lam-alef), so this is a loop of one step in practice.
        while true {
            let candidate = BidiText.visual(cutText(kept, direction: direction), direction: direction, options: options)
            if CharacterWidth.of(candidate) <= width || kept.isEmpty { return candidate }
            switch kept.removeLast() {
            case .whole: break
            case .text(let text): if text.count > 1 { kept.append(.text(String(text.dropLast()))) }
            }
        }
    }
}

extension TextLayout {
    /// The kept spans and the ellipsis. When the text that was cut ends in letters of the other
    /// direction, a mark of that direction follows the ellipsis so that it joins their run: it stands
    /// where that text lost its end, on the left of an Arabic name even in an English line.
    static func cutText(_ kept: [TextLine.Span], direction: LayoutDirection) -> String {
        var text = TextLine(kept).isolatedText + String(ellipsis)
        if case .text(let last) = kept.last,
           let run = last.unicodeScalars.reversed().lazy.compactMap(BidiText.strongDirection).first, run != direction {
            text += run == .rightToLeft ? "\u{200F}" : "\u{200E}"
        }
        return text
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
        drawLine(TextLine(text), in: area, style: style, alignment: alignment, direction: direction, options: options)
    }

    /// `drawText` for a line of spans: whole fields are shown whole, in their own order, or not at all.
    @discardableResult
    public mutating func drawLine(
        _ line: TextLine, in area: Rect, style: Style = .normal, alignment: TextAlignment = .leading,
        direction: LayoutDirection, options: TextOptions = TextOptions()
    ) -> Rect {
        guard !area.isEmpty else { return Rect(x: area.x, y: area.y, width: 0, height: 0) }
        let fitted = TextLayout.fitted(line, width: area.width, direction: direction, options: options)
        let slack = area.width - fitted.width
        let offset: Int
        switch (alignment, direction) {
        case (.center, _): offset = slack / 2
        case (.leading, .leftToRight), (.trailing, .rightToLeft): offset = 0
        case (.leading, .rightToLeft), (.trailing, .leftToRight): offset = slack
        }
        let used = write(fitted.glyphs, x: area.x + offset, y: area.y, style: style, limitX: area.maxX)
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

    /// Context-taking shorthand for widgets.
    @discardableResult
    public mutating func drawLine(
        _ line: TextLine, in area: Rect, style: Style = .normal, alignment: TextAlignment = .leading,
        context: RenderContext
    ) -> Rect {
        drawLine(line, in: area, style: style, alignment: alignment, direction: context.direction, options: context.text)
    }
}
