import Synchronization

/// One cell's worth of a line in visual order: a letter with its marks, already made safe, and the
/// cell it makes (in the normal style; the writer gives it its own).
struct Glyph: Hashable, Sendable {
    var cell: Cell

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
    /// Splits text in visual order into cells, scalar by scalar as wcwidth counts them: a scalar of
    /// no width (a mark) joins the cell before it; a control character that slipped through becomes
    /// the replacement character, or is dropped when it has no width (a stray direction mark).
    static func split(_ visual: String) -> [Glyph] {
        var glyphs: [Glyph] = []
        glyphs.reserveCapacity(visual.utf8.count)
        for scalar in visual.unicodeScalars {
            let width = CharacterWidth.of(scalar)
            let isUnsafe = TextSanitizer.isUnsafe(scalar)
            guard width > 0 else {
                if !isUnsafe, !glyphs.isEmpty { glyphs[glyphs.count - 1].cell.append(scalar) }
                continue
            }
            glyphs.append(Glyph(cell: isUnsafe ? Cell(scalar: TextSanitizer.replacementScalar, width: 1)
                                               : Cell(scalar: scalar, width: width)))
        }
        return glyphs
    }
}

/// The lines fitted lately. A frame redraws every cell, but from one frame to the next almost every
/// text is the one drawn before: looking it up costs far less than shaping and reordering it again
/// and splitting it into cells. Bounded (see `Cache`), so a day of different names never grows it.
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

    /// Full, it forgets the line it learnt first, one for each new one: emptying it all at once
    /// freed 8,192 lines in one frame, a 9 ms pause every 22 frames of new rows (the p99 of a key).
    struct Cache: ~Copyable {
        private var lines: [Key: FittedLine] = [:]
        /// The keys in the order they came, as a ring: `oldest` is the next to go.
        private var order: [Key] = []
        private var oldest = 0

        subscript(key: Key) -> FittedLine? {
            get { lines[key] }
            set {
                guard let newValue else { return }
                guard lines.updateValue(newValue, forKey: key) == nil else { return }
                if order.count < FittedLines.capacity {
                    order.append(key)
                } else {
                    lines.removeValue(forKey: order[oldest])
                    order[oldest] = key
                    oldest = (oldest + 1) % order.count
                }
            }
        }

        var count: Int { lines.count }

        mutating func removeAll() {
            lines.removeAll()
            order.removeAll()
            oldest = 0
        }
    }
}
