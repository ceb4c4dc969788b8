import Synchronization

/// One cell's worth of a line in visual order: a grapheme with its marks, already made safe, and
/// the cell it makes (in the normal style; the writer gives it its own).
struct Glyph: Hashable, Sendable {
    let cell: Cell

    init(symbol: String, width: Int) {
        cell = Cell(symbol, width: width)
    }

    var symbol: String { cell.symbol }
    /// 1, or 2 for an East Asian wide character.
    var width: Int { cell.width }
}

/// A line as `TextLayout.fit` leaves it (shaped, reordered, cut to its width), and the cells it takes.
struct FittedLine: Sendable {
    let text: String
    let glyphs: [Glyph]
    let width: Int

    init(_ visual: String) {
        text = visual
        glyphs = Glyph.split(visual)
        width = glyphs.reduce(0) { $0 + $1.width }
    }
}

extension Glyph {
    /// Splits text in visual order into cells: a zero-width cluster (a stray mark) joins the cell
    /// before it, and a control character that slipped through becomes the replacement character.
    static func split(_ visual: String) -> [Glyph] {
        var glyphs: [Glyph] = []
        glyphs.reserveCapacity(visual.utf8.count)
        for character in visual {
            let width = CharacterWidth.of(character)
            guard width > 0 else {
                if let last = glyphs.popLast() { glyphs.append(Glyph(symbol: last.symbol + String(character), width: last.width)) }
                continue
            }
            let isPrintableASCII = character.asciiValue.map { $0 >= 0x20 && $0 < 0x7F } ?? false
            let safe = isPrintableASCII || !character.unicodeScalars.contains(where: TextSanitizer.isUnsafe)
                ? character : TextSanitizer.replacement
            glyphs.append(Glyph(symbol: String(safe), width: safe == character ? width : CharacterWidth.of(safe)))
        }
        return glyphs
    }
}

/// The lines fitted lately. A frame redraws every cell, but from one frame to the next almost every
/// text is the one drawn before: looking it up costs far less than shaping and reordering it again
/// and splitting it into cells. Bounded: emptied when full, so a day of different names never grows it.
enum FittedLines {
    /// Compared and hashed by their bytes: String's own hashing normalises every Arabic text first,
    /// which cost more than the lookup saved. Two spellings of one text are two entries, no more.
    struct Key: Hashable {
        let line: TextLine
        let width: Int
        let direction: LayoutDirection
        let options: TextOptions

        static func == (lhs: Key, rhs: Key) -> Bool {
            lhs.width == rhs.width && lhs.direction == rhs.direction && lhs.options == rhs.options
                && lhs.line.spans.count == rhs.line.spans.count
                && zip(lhs.line.spans, rhs.line.spans).allSatisfy { left, right in
                    switch (left, right) {
                    case (.text(let a), .text(let b)), (.whole(let a), .whole(let b)): a.utf8.elementsEqual(b.utf8)
                    default: false
                    }
                }
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(width)
            hasher.combine(direction)
            hasher.combine(options)
            for span in line.spans {
                switch span {
                case .text(let text): hasher.combine(0 as UInt8); Self.combine(text, into: &hasher)
                case .whole(let field): hasher.combine(1 as UInt8); Self.combine(field, into: &hasher)
                }
            }
        }

        private static func combine(_ text: String, into hasher: inout Hasher) {
            hasher.combine(text.utf8.count)
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    static let capacity = 8_192
    static let shared = Mutex(Cache())

    struct Cache: ~Copyable {
        private var lines: [Key: FittedLine] = [:]

        subscript(key: Key) -> FittedLine? {
            get { lines[key] }
            set {
                if lines.count >= FittedLines.capacity { lines.removeAll(keepingCapacity: true) }
                lines[key] = newValue
            }
        }

        mutating func removeAll() { lines.removeAll() }
    }
}
