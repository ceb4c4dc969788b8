/// The text being edited and the cursor, in logical order and whole grapheme clusters,
/// so a letter and its harakat are inserted and deleted together.
public struct TextInput: Hashable, Sendable {
    public private(set) var characters: [Character]
    /// Logical index of the cursor, 0...characters.count.
    public private(set) var cursor: Int
    /// Longest text accepted, in characters.
    public var maximumLength: Int?

    public init(_ text: String = "", maximumLength: Int? = nil) {
        let clean = Array(TextSanitizer.sanitize(text))
        self.characters = maximumLength.map { Array(clean.prefix($0)) } ?? clean
        self.cursor = characters.count
        self.maximumLength = maximumLength
    }

    public var text: String { String(characters) }

    public mutating func insert(_ text: String) {
        // Pasted or scanned text can carry controls too.
        for character in TextSanitizer.sanitize(text) {
            if let maximumLength, characters.count >= maximumLength { return }
            characters.insert(character, at: cursor)
            cursor += 1
        }
    }

    public mutating func backspace() {
        guard cursor > 0 else { return }
        cursor -= 1
        characters.remove(at: cursor)
    }

    public mutating func delete() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    /// Towards the start of the text (rightwards on screen in Arabic).
    public mutating func moveBackward() { cursor = max(cursor - 1, 0) }
    /// Towards the end of the text (leftwards on screen in Arabic).
    public mutating func moveForward() { cursor = min(cursor + 1, characters.count) }
    public mutating func moveToStart() { cursor = 0 }
    public mutating func moveToEnd() { cursor = characters.count }

    public mutating func clear() {
        characters.removeAll()
        cursor = 0
    }

    /// Applies an editing key. Arrows follow the screen: in right-to-left text ← moves forward.
    /// Returns whether the key was used.
    public mutating func handle(_ key: Key, direction: LayoutDirection) -> Bool {
        switch key {
        case .char(let character): insert(String(character))
        case .scan(let text): insert(text)
        case .backspace: backspace()
        case .delete: delete()
        case .home: moveToStart()
        case .end: moveToEnd()
        case .left: direction == .rightToLeft ? moveForward() : moveBackward()
        case .right: direction == .rightToLeft ? moveBackward() : moveForward()
        default: return false
        }
        return true
    }
}

/// A one-line input box. Right-to-left text grows leftwards from the right edge, and the
/// cursor follows. Long text scrolls so the cursor stays visible.
public struct TextField: Widget, Sendable {
    public var input: TextInput
    public var isFocused: Bool
    public var style: Style
    /// Overrides the layout direction, e.g. for a national number field on an Arabic screen.
    public var direction: LayoutDirection?

    public init(_ input: TextInput, isFocused: Bool = false, style: Style = Style(.input),
                direction: LayoutDirection? = nil) {
        self.input = input
        self.isFocused = isFocused
        self.style = style
        self.direction = direction
    }

    public func render(into buffer: inout Buffer, area: Rect, context: RenderContext) {
        let row = area.row(0)
        guard !row.isEmpty else { return }
        let direction = direction ?? context.direction
        buffer.fill(row, style: style)
        let characters = input.characters
        // Keep one column free for the cursor after the last character.
        var start = 0
        while start < input.cursor, CharacterWidth.of(String(characters[start..<input.cursor])) > row.width - 1 {
            start += 1
        }
        var end = start
        var width = 0
        while end < characters.count, width + CharacterWidth.of(characters[end]) <= row.width - 1 {
            width += CharacterWidth.of(characters[end])
            end += 1
        }
        let shown = Array(characters[start..<end])
        let line = BidiText.layout(String(shown), direction: direction, options: context.text)
        let visualWidth = CharacterWidth.of(line.text)
        let x = direction == .rightToLeft ? row.maxX - visualWidth : row.x
        buffer.writeVisual(line.text, x: x, y: row.y, style: style, limitX: row.maxX)
        guard isFocused else { return }
        buffer.cursor = Position(x: min(max(x + cursorColumn(shown, line, cursor: input.cursor - start, direction: direction),
                                            row.x), row.maxX - 1), y: row.y)
    }

    /// The cursor sits on the character it is before; at the end it sits just past the last
    /// character in that character's own direction (left of Arabic, right of Latin or digits).
    private func cursorColumn(_ shown: [Character], _ line: VisualLine, cursor: Int, direction: LayoutDirection) -> Int {
        let firstScalar = shown.prefix(cursor).reduce(0) { $0 + $1.unicodeScalars.count }
        if cursor < shown.count, line.columns.indices.contains(firstScalar) {
            return line.columns[firstScalar]
        }
        guard let last = shown.last, line.columns.indices.contains(firstScalar - last.unicodeScalars.count) else {
            return direction == .rightToLeft ? -1 : 0
        }
        let lastScalar = firstScalar - last.unicodeScalars.count
        return line.isRightToLeft[lastScalar]
            ? line.columns[lastScalar] - 1
            : line.columns[lastScalar] + CharacterWidth.of(last)
    }
}
