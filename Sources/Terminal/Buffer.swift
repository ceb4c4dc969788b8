/// One screen cell: a grapheme cluster (letter plus its marks) and how it looks.
public struct Cell: Hashable, Sendable {
    /// The text shown; empty for the right half of a wide character.
    public var symbol: String
    /// 1 or 2 for a leading cell, 0 for the continuation of a wide character.
    public var width: Int
    public var style: Style

    public init(_ symbol: String = " ", width: Int = 1, style: Style = .normal) {
        self.symbol = symbol
        self.width = width
        self.style = style
    }

    public var isContinuation: Bool { width == 0 }

    static func continuation(_ style: Style) -> Cell { Cell("", width: 0, style: style) }
}

/// An in-memory screen. Widgets draw into it; a backend flushes it to the terminal once per event.
public struct Buffer: Hashable, Sendable {
    public let size: Size
    private var cells: [Cell]
    /// Where the terminal cursor should show (an active text field), or nil to hide it.
    public var cursor: Position?

    public init(size: Size, style: Style = .normal) {
        self.size = size
        self.cells = Array(repeating: Cell(style: style), count: size.width * size.height)
    }

    public var area: Rect { Rect(size: size) }

    public subscript(x: Int, y: Int) -> Cell {
        guard let index = index(x: x, y: y) else { return Cell() }
        return cells[index]
    }

    private func index(x: Int, y: Int) -> Int? {
        guard x >= 0, y >= 0, x < size.width, y < size.height else { return nil }
        return y * size.width + x
    }

    /// Replaces every cell of `rect` with a blank in `style`.
    public mutating func fill(_ rect: Rect, style: Style = .normal, with symbol: Character = " ") {
        let clipped = rect.intersection(area)
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX {
                put(symbol, x: x, y: y, style: style)
            }
        }
    }

    /// Restyles the cells of `rect` without changing their text, e.g. to highlight a selected row.
    public mutating func setStyle(_ style: Style, in rect: Rect) {
        let clipped = rect.intersection(area)
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX {
                if let index = index(x: x, y: y) { cells[index].style = style }
            }
        }
    }

    /// Puts one grapheme at (x, y) and returns the columns it took (0 if it did not fit).
    /// For data text use `drawText`, which also shapes and reorders.
    @discardableResult
    public mutating func put(_ character: Character, x: Int, y: Int, style: Style, limitX: Int? = nil) -> Int {
        // Last line of defence: no control character may reach the terminal through any path.
        let character = character.unicodeScalars.contains(where: TextSanitizer.isUnsafe)
            ? TextSanitizer.replacement : character
        let width = CharacterWidth.of(character)
        let limit = min(limitX ?? size.width, size.width)
        guard width > 0, x >= 0, x + width <= limit, let index = index(x: x, y: y) else { return 0 }
        clearWideNeighbours(x: x, y: y, width: width)
        cells[index] = Cell(String(character), width: width, style: style)
        if width == 2 { cells[index + 1] = .continuation(style) }
        return width
    }

    /// Appends a zero-width cluster (a stray mark) to the cell at (x, y) so it never takes a column.
    mutating func attach(_ character: Character, x: Int, y: Int) {
        guard let index = index(x: x, y: y), !cells[index].isContinuation else { return }
        cells[index].symbol.append(character)
    }

    /// Writes graphemes already in visual order, left to right, up to `limitX`. Returns the columns used.
    @discardableResult
    mutating func writeVisual(_ text: String, x: Int, y: Int, style: Style, limitX: Int) -> Int {
        var column = x
        var lastX: Int?
        for character in text {
            if CharacterWidth.of(character) == 0 {
                if let lastX { attach(character, x: lastX, y: y) }
                continue
            }
            let written = put(character, x: column, y: y, style: style, limitX: limitX)
            if written == 0 { break }
            lastX = column
            column += written
        }
        return column - x
    }

    /// Overwriting half of a wide character must blank the other half, or the terminal shows garbage.
    private mutating func clearWideNeighbours(x: Int, y: Int, width: Int) {
        guard let index = index(x: x, y: y) else { return }
        if cells[index].isContinuation, x > 0 {
            cells[index - 1] = Cell(style: cells[index - 1].style)
        }
        let last = x + width - 1
        if let lastIndex = self.index(x: last, y: y), cells[lastIndex].width == 2,
           let next = self.index(x: last + 1, y: y) {
            cells[next] = Cell(style: cells[next].style)
        }
    }

    /// The text of every row, one string per row, continuation cells left out. For snapshots and tests.
    public func renderedLines() -> [String] {
        (0..<size.height).map { y in
            var line = ""
            for x in 0..<size.width {
                let cell = cells[y * size.width + x]
                if !cell.isContinuation { line += cell.symbol }
            }
            return line
        }
    }
}
