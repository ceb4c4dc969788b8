/// One screen cell: a grapheme cluster (letter plus its marks) and how it looks.
///
/// Its text is kept inline, as at most five scalars (a spacing character and four marks, what a
/// curses cell holds): a cell is a plain value, so making, copying and dropping a 12,000-cell frame
/// costs no reference counting.
public struct Cell: Hashable, Sendable {
    public static let maxScalars = 5
    private var scalars: (UInt32, UInt32, UInt32, UInt32, UInt32) = (0x20, 0, 0, 0, 0)
    private var scalarCount: UInt8 = 1
    private var storedWidth: UInt8 = 1
    public var style: Style

    public init(_ symbol: String = " ", width: Int = 1, style: Style = .normal) {
        self.style = style
        self.symbol = symbol
        self.width = width
    }

    /// One scalar's cell, without going through a String.
    init(scalar: Unicode.Scalar, width: Int, style: Style = .normal) {
        self.style = style
        scalars.0 = scalar.value
        storedWidth = UInt8(clamping: width)
    }

    /// Adds a mark to the cell's letter; past the five a curses cell holds, it is dropped as curses would.
    mutating func append(_ scalar: Unicode.Scalar) {
        guard scalarCount < Self.maxScalars else { return }
        withUnsafeMutableBytes(of: &scalars) { raw in raw.bindMemory(to: UInt32.self)[Int(scalarCount)] = scalar.value }
        scalarCount += 1
    }

    /// The text shown; empty for the right half of a wide character.
    public var symbol: String {
        get {
            var view = String.UnicodeScalarView()
            withScalars { values in
                for value in values { view.append(Unicode.Scalar(value) ?? TextSanitizer.replacementScalar) }
            }
            return String(view)
        }
        set {
            var values: (UInt32, UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0, 0)
            var count = 0
            withUnsafeMutableBytes(of: &values) { raw in
                let slots = raw.bindMemory(to: UInt32.self)
                for scalar in newValue.unicodeScalars {
                    guard count < Self.maxScalars else { break }
                    slots[count] = scalar.value
                    count += 1
                }
            }
            scalars = values
            scalarCount = UInt8(count)
        }
    }

    /// 1 or 2 for a leading cell, 0 for the continuation of a wide character.
    public var width: Int {
        get { Int(storedWidth) }
        set { storedWidth = UInt8(clamping: newValue) }
    }

    /// The scalars of `symbol`, without making a String: what the backend sends.
    public func withScalars<Result>(_ body: (UnsafeBufferPointer<UInt32>) -> Result) -> Result {
        withUnsafeBytes(of: scalars) { raw in
            body(UnsafeBufferPointer(start: raw.bindMemory(to: UInt32.self).baseAddress, count: Int(scalarCount)))
        }
    }

    public var isContinuation: Bool { storedWidth == 0 }

    static func continuation(_ style: Style) -> Cell { Cell("", width: 0, style: style) }

    public static func == (lhs: Cell, rhs: Cell) -> Bool {
        lhs.storedWidth == rhs.storedWidth && lhs.style == rhs.style && lhs.scalarCount == rhs.scalarCount
            && lhs.withScalars { left in rhs.withScalars { right in left.elementsEqual(right) } }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storedWidth)
        hasher.combine(style)
        withScalars { values in values.forEach { hasher.combine($0) } }
    }
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
        guard !clipped.isEmpty else { return }
        if symbol.isASCII, CharacterWidth.of(symbol) == 1 {
            // One cell written over the whole rectangle; only its edges can cut a wide character in two.
            let cell = Cell(String(symbol), width: 1, style: style)
            for y in clipped.y..<clipped.maxY {
                clearWideNeighbours(x: clipped.x, y: y, width: 1)
                clearWideNeighbours(x: clipped.maxX - 1, y: y, width: 1)
                let start = y * size.width
                for x in clipped.x..<clipped.maxX { cells[start + x] = cell }
            }
            return
        }
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
        // (Printable ASCII, the common case, is safe by its value.)
        let isPrintableASCII = character.asciiValue.map(TextSanitizer.isPrintableASCII) ?? false
        let character = isPrintableASCII || !character.unicodeScalars.contains(where: TextSanitizer.isUnsafe)
            ? character : TextSanitizer.replacement
        let width = CharacterWidth.of(character)
        let limit = min(limitX ?? size.width, size.width)
        guard width > 0, x >= 0, x + width <= limit, let index = index(x: x, y: y) else { return 0 }
        clearWideNeighbours(x: x, y: y, width: width)
        cells[index] = Cell(String(character), width: width, style: style)
        if width == 2 { cells[index + 1] = .continuation(style) }
        return width
    }

    /// Writes graphemes already in visual order, left to right, up to `limitX`. Returns the columns used.
    @discardableResult
    mutating func writeVisual(_ text: String, x: Int, y: Int, style: Style, limitX: Int) -> Int {
        write(Glyph.split(text), x: x, y: y, style: style, limitX: limitX)
    }

    /// Writes cells already split and made safe, left to right, up to `limitX`. Returns the columns used.
    mutating func write(_ glyphs: [Glyph], x: Int, y: Int, style: Style, limitX: Int) -> Int {
        let limit = min(limitX, size.width)
        var column = x
        for glyph in glyphs {
            guard column >= 0, column + glyph.width <= limit, let index = index(x: column, y: y) else { break }
            clearWideNeighbours(x: column, y: y, width: glyph.width)
            var cell = glyph.cell
            cell.style = style
            cells[index] = cell
            if glyph.width == 2 { cells[index + 1] = .continuation(style) }
            column += glyph.width
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
