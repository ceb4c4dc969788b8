import Foundation

/// How closely two spellings of a name agree, ordered from best (`identical`) to worst (`different`).
public enum NameVerdict: String, Sendable, Comparable, CaseIterable {
    /// The same text (canonically equivalent Unicode).
    case identical
    /// Equal once diacritics, alef/yeh/teh-marbuta variants, spacing and invisible characters are normalised.
    case normalisedEqual
    /// Equal only after folds that can change a name (hamza carriers, the article, spaces); the operator must confirm.
    case probable
    /// Not the same name.
    case different

    public static func < (lhs: NameVerdict, rhs: NameVerdict) -> Bool {
        lhs.rank < rhs.rank
    }

    // Raw-value enums get no synthesised Comparable, so the order is spelled out.
    private var rank: Int {
        switch self {
        case .identical: 0
        case .normalisedEqual: 1
        case .probable: 2
        case .different: 3
        }
    }
}

/// Comparison of Arabic names as typed at the counter against the civil-affairs record.
public enum ArabicName {
    /// Normalises spelling variants that never distinguish two names.
    ///
    /// Applies NFKC (expanding presentation forms and lam-alef ligatures), removes harakat and tatweel,
    /// folds أ إ آ ٱ to ا, ى to ي and ة to ه, maps Arabic-Indic and Eastern digits to ASCII, strips
    /// bidi controls and zero-width characters, collapses whitespace, and writes `عبد ال…` joined.
    public static func safeNormalised(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        let compatible = isPlainlyNFKC(name) ? name : name.precomposedStringWithCompatibilityMapping
        for scalar in compatible.unicodeScalars {
            if let folded = safelyFolded(scalar) {
                scalars.append(folded)
            }
        }
        let words = String(scalars).split(whereSeparator: \.isWhitespace).map(String.init)
        return joiningAbdCompounds(words).joined(separator: " ")
    }

    /// True for text that NFKC leaves as it is, known without normalising it (a tenth of the import's
    /// time went to normalising search keys): ASCII and the Arabic letters U+0620–U+064A, none of
    /// which has a compatibility mapping or composes with another.
    static func isPlainlyNFKC(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.value < 0x80 || (0x0620...0x064A).contains($0.value) }
    }

    /// Folds further than `safeNormalised`, at the cost of sometimes equating distinct names.
    ///
    /// Maps ؤ to و and ئ to ي, drops ء (except after ا), drops the article ال from words longer
    /// than three letters, then removes all spaces.
    public static func aggressiveFolded(_ name: String) -> String {
        safeNormalised(name)
            .split(separator: " ")
            .map { withoutArticle(withoutHamzaCarriers(String($0))) }
            .joined()
    }

    /// Compares two spellings of a name; see `NameVerdict` for the meaning of each result.
    public static func compare(_ first: String, _ second: String) -> NameVerdict {
        // Swift's String equality is canonical equivalence, so NFC and NFD spellings are identical.
        if first == second { return .identical }
        if safeNormalised(first) == safeNormalised(second) { return .normalisedEqual }
        let foldedFirst = aggressiveFolded(first)
        // A name that folds away entirely (a lone ء) gives no evidence of a match.
        if !foldedFirst.isEmpty, foldedFirst == aggressiveFolded(second) { return .probable }
        return .different
    }

    // MARK: - Safe folding

    private static func safelyFolded(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x064B...0x065F, 0x0670:  // harakat, hamza/madda marks, superscript alef
            return nil
        case 0x0640:  // tatweel: a letter-spacing glyph, not a combining mark
            return nil
        case 0x200C...0x200F, 0x061C, 0x202A...0x202E, 0x2060, 0x2066...0x2069, 0xFEFF:
            return nil  // ZWNJ, ZWJ, bidi marks and embeddings, word joiner, BOM
        case 0x0622, 0x0623, 0x0625, 0x0671:  // آ أ إ ٱ
            return "\u{0627}"
        case 0x0649, 0x06CC:  // ى, and Farsi yeh from Persian keyboard layouts
            return "\u{064A}"
        case 0x0629:  // ة
            return "\u{0647}"
        case 0x06A9:  // Farsi keheh from Persian keyboard layouts
            return "\u{0643}"
        case 0x0660...0x0669:
            return Unicode.Scalar(scalar.value - 0x0660 + 0x30)
        case 0x06F0...0x06F9:
            return Unicode.Scalar(scalar.value - 0x06F0 + 0x30)
        default:
            return scalar
        }
    }

    private static let abd = "عبد"
    private static let article = "ال"

    // `عبد الله` and `عبدالله` are both common in the record; the joined form is canonical.
    private static func joiningAbdCompounds(_ words: [String]) -> [String] {
        var joined: [String] = []
        var index = words.startIndex
        while index < words.endIndex {
            let next = words.index(after: index)
            if words[index] == abd, next < words.endIndex, words[next].hasPrefix(article) {
                joined.append(words[index] + words[next])
                index = words.index(after: next)
            } else {
                joined.append(words[index])
                index = next
            }
        }
        return joined
    }

    // MARK: - Aggressive folding

    private static func withoutHamzaCarriers(_ word: String) -> String {
        var scalars = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in word.unicodeScalars {
            switch scalar {
            case "\u{0624}":  // ؤ
                scalars.append("\u{0648}")
            case "\u{0626}":  // ئ
                scalars.append("\u{064A}")
            // After ا the hamza is what separates علاء from علا and رجاء from رجا, so it stays.
            case "\u{0621}" where previous != "\u{0627}":
                break
            default:
                scalars.append(scalar)
            }
            previous = scalar
        }
        return String(scalars)
    }

    // Words whose ال is not the article: names (إلياس, إلهام, ألفت, ألماس, إليسار) and the second
    // half of compounds (نور الدين, فتح الله) that are also written joined.
    private static let wordsWithIntrinsicAl: Set<String> = ["الله", "الدين", "الياس", "الهام", "الفت", "الماس", "اليسار"]

    private static func withoutArticle(_ word: String) -> String {
        guard word.hasPrefix(article), word.count > article.count + 1, !wordsWithIntrinsicAl.contains(word) else {
            return word
        }
        return String(word.dropFirst(article.count))
    }
}
