import CFriBidi

/// How right-to-left text reaches the terminal.
public enum BidiMode: Hashable, Sendable {
    /// The app shapes Arabic and sends visual order; the backend switches VTE terminals to explicit
    /// mode (ECMA-48 BDSM) so they do not reorder a second time. Right for xterm, tmux, VTE.
    case visual
    /// Logical order, unshaped, for terminals that do their own bidi (Konsole, mlterm).
    case terminal
}

public enum DigitStyle: Hashable, Sendable {
    /// 0123456789
    case latin
    /// ٠١٢٣٤٥٦٧٨٩
    case arabicIndic
}

/// Text settings chosen once per session.
public struct TextOptions: Hashable, Sendable {
    public var bidiMode: BidiMode
    public var digits: DigitStyle

    public init(bidiMode: BidiMode = .visual, digits: DigitStyle = .latin) {
        self.bidiMode = bidiMode
        self.digits = digits
    }
}

/// One line after shaping and reordering, with where each logical character ended up.
public struct VisualLine: Hashable, Sendable {
    /// The line as the terminal should show it, left to right.
    public var text: String
    /// Column (from the line's left edge) of each logical Unicode scalar of the input.
    public var columns: [Int]
    /// Whether each logical scalar was resolved right to left.
    public var isRightToLeft: [Bool]
}

/// Bidi reordering and Arabic shaping through GNU FriBidi, the steps `fribidi_log2vis` takes.
public enum BidiText {
    /// The line as the terminal should show it, left to right. Expects sanitised text.
    public static func visual(_ text: String, direction: LayoutDirection, options: TextOptions = TextOptions()) -> String {
        // Printable ASCII in a left-to-right line has no letter to shape or reorder and no mark to drop.
        if direction == .leftToRight, options.digits == .latin,
           TextSanitizer.isPrintableASCII(text) {
            return text
        }
        return reordered(text, direction: direction, options: options, withColumns: false).text
    }

    /// Shapes and reorders `text` and maps logical positions to columns, for placing a cursor.
    /// In `.terminal` mode the terminal reorders, so positions stay logical.
    public static func layout(_ text: String, direction: LayoutDirection, options: TextOptions = TextOptions()) -> VisualLine {
        reordered(text, direction: direction, options: options, withColumns: true)
    }

    /// `layout`; without `withColumns` only the text is worked out (what drawing needs).
    private static func reordered(_ text: String, direction: LayoutDirection, options: TextOptions,
                                  withColumns: Bool) -> VisualLine {
        var scalars = text.unicodeScalars.map { digitMapped($0.value, options.digits) }
        guard options.bidiMode == .visual, !scalars.isEmpty,
              let count = FriBidiStrIndex(exactly: scalars.count) else {
            return logicalLine(scalars)
        }
        var bidiTypes = [FriBidiCharType](repeating: FriBidiCharType(rawValue: 0), count: scalars.count)
        fribidi_get_bidi_types(scalars, count, &bidiTypes)
        joinNumbersAcrossHyphens(scalars, &bidiTypes)
        var bracketTypes = [FriBidiBracketType](repeating: 0, count: scalars.count)
        fribidi_get_bracket_types(scalars, count, bidiTypes, &bracketTypes)
        var baseDirection = direction == .rightToLeft ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR
        var levels = [FriBidiLevel](repeating: 0, count: scalars.count)
        guard fribidi_get_par_embedding_levels_ex(bidiTypes, bracketTypes, count, &baseDirection, &levels) > 0 else {
            // FriBidi only fails on allocation; logical order is still readable.
            return logicalLine(scalars)
        }
        var arabicProps = [FriBidiArabicProp](repeating: 0, count: scalars.count)
        fribidi_get_joining_types(scalars, count, &arabicProps)
        fribidi_join_arabic(bidiTypes, count, levels, &arabicProps)
        let flags = shubbak_fribidi_flags_default | shubbak_fribidi_flags_arabic
        fribidi_shape(flags, levels, count, &arabicProps, &scalars)
        var map = Array(0..<count)
        guard fribidi_reorder_line(flags, bidiTypes, count, 0, baseDirection, &levels, &scalars, &map) > 0 else {
            return logicalLine(scalars)
        }
        let visible = string(from: scalars.filter { $0 != 0xFEFF && !isDirectionControl($0) })
        guard withColumns else { return VisualLine(text: visible, columns: [], isRightToLeft: []) }
        var columns = [Int](repeating: 0, count: scalars.count)
        var column = 0
        var baseColumn = 0
        for (visualIndex, logicalIndex) in map.enumerated() {
            let scalarWidth = width(of: scalars[visualIndex])
            // Marks and the lam-alef placeholder share the cell of the letter before them.
            if scalarWidth > 0 { baseColumn = column }
            columns[Int(logicalIndex)] = baseColumn
            column += scalarWidth
        }
        // The lam-alef ligature leaves a U+FEFF placeholder (width 0) in one of its two places; the
        // isolates around whole fields (`TextLine`) have done their work and are not shown.
        return VisualLine(text: visible, columns: columns, isRightToLeft: levels.map { $0 & 1 == 1 })
    }

    /// After Arabic letters the algorithm turns digits into Arabic numbers, and a hyphen between two of those
    /// separates them: "2026-11-23" would read "23-11-2026". A hyphen between digits is taken as part of the
    /// number, so dates and ranges keep their order inside an Arabic line (as the printed papers do with isolates).
    static func joinNumbersAcrossHyphens(_ scalars: [UInt32], _ types: inout [FriBidiCharType]) {
        func isDigit(_ value: UInt32) -> Bool { (0x30...0x39).contains(value) || (0x660...0x669).contains(value) }
        guard scalars.count > 2 else { return }
        for index in 1..<(scalars.count - 1) where scalars[index] == 0x2D
            && isDigit(scalars[index - 1]) && isDigit(scalars[index + 1]) {
            types[index] = types[index - 1]
        }
    }

    private static func logicalLine(_ scalars: [UInt32]) -> VisualLine {
        var columns: [Int] = []
        var column = 0
        for value in scalars {
            columns.append(column)
            column += width(of: value)
        }
        // A terminal doing its own bidi may not know the isolates: they are not sent.
        return VisualLine(text: string(from: scalars.filter { !isDirectionControl($0) }), columns: columns,
                          isRightToLeft: Array(repeating: false, count: scalars.count))
    }

    private static func width(of value: UInt32) -> Int {
        if isDirectionControl(value) { return 0 }
        return Unicode.Scalar(value).map(CharacterWidth.of) ?? 1
    }

    /// LRM, RLM and the isolates LRI, RLI, FSI, PDI: only `TextLine` and `TextLayout` put them in,
    /// data cannot (the sanitiser replaces them).
    private static func isDirectionControl(_ value: UInt32) -> Bool {
        value == 0x200E || value == 0x200F || (0x2066...0x2069).contains(value)
    }

    /// The direction of a letter, nil for digits, punctuation and spaces.
    static func strongDirection(of scalar: Unicode.Scalar) -> LayoutDirection? {
        let type = fribidi_get_bidi_type(scalar.value)
        if shubbak_fribidi_is_rtl_letter(type) != 0 { return .rightToLeft }
        if shubbak_fribidi_is_ltr_letter(type) != 0 { return .leftToRight }
        return nil
    }

    private static func digitMapped(_ value: UInt32, _ digits: DigitStyle) -> UInt32 {
        guard digits == .arabicIndic, (0x30...0x39).contains(value) else { return value }
        return value - 0x30 + 0x0660
    }

    private static func string(from scalars: [UInt32]) -> String {
        var view = String.UnicodeScalarView()
        for value in scalars {
            view.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return String(view)
    }
}
