import Foundation
@testable import ShubbakCore
import Testing

struct NamePair: Sendable, CustomTestStringConvertible {
    let first: String
    let second: String
    let expected: NameVerdict
    let why: String

    init(_ first: String, _ second: String, _ expected: NameVerdict, _ why: String) {
        self.first = first
        self.second = second
        self.expected = expected
        self.why = why
    }

    var testDescription: String { "\(why): \(expected)" }
}

// Names as they appear on Syrian requests and in the civil-affairs record.
let namePairs: [NamePair] = [
    // identical
    NamePair("محمد", "محمد", .identical, "same given name"),
    NamePair("خالد", "خالد", .identical, "same given name"),
    NamePair("الحلبي", "الحلبي", .identical, "same family name"),
    NamePair("\u{0622}منة", "\u{0627}\u{0653}منة", .identical, "آمنة NFC vs NFD"),
    NamePair("\u{0623}حمد", "\u{0627}\u{0654}حمد", .identical, "أحمد NFC vs NFD"),
    NamePair("\u{0625}براهيم", "\u{0627}\u{0655}براهيم", .identical, "إبراهيم NFC vs NFD"),
    NamePair("لؤي", "ل\u{0648}\u{0654}ي", .identical, "لؤي NFC vs NFD"),

    // normalisedEqual
    NamePair("أحمد", "احمد", .normalisedEqual, "hamza on alef"),
    NamePair("فاطمة", "فاطمه", .normalisedEqual, "teh marbuta"),
    NamePair("مصطفى", "مصطفي", .normalisedEqual, "alef maksura"),
    NamePair("يحيى", "يحيي", .normalisedEqual, "alef maksura"),
    NamePair("ليلى", "ليلي", .normalisedEqual, "alef maksura"),
    NamePair("عبدالله", "عبد الله", .normalisedEqual, "عبد ال spacing"),
    NamePair("عبد الرحمن", "عبدالرحمن", .normalisedEqual, "عبد ال spacing"),
    NamePair("عبد   القادر", "عبدالقادر", .normalisedEqual, "عبد ال with a run of spaces"),
    NamePair("مُحَمَّد", "محمد", .normalisedEqual, "harakat"),
    NamePair("سُعَاد", "سعاد", .normalisedEqual, "harakat"),
    NamePair("عبد الرحمٰن", "عبدالرحمن", .normalisedEqual, "superscript alef"),
    NamePair("محمـــد", "محمد", .normalisedEqual, "tatweel"),
    NamePair("إبراهيم", "ابراهيم", .normalisedEqual, "hamza below alef"),
    NamePair("آمنة", "امنه", .normalisedEqual, "madda and teh marbuta"),
    NamePair("أسامة", "اسامه", .normalisedEqual, "hamza and teh marbuta"),
    NamePair("ٱلحسن", "الحسن", .normalisedEqual, "alef wasla"),
    NamePair("  خديجة \t", "خديجه", .normalisedEqual, "surrounding whitespace"),
    NamePair("محمد\u{00A0}\u{00A0}علي", "محمد علي", .normalisedEqual, "no-break spaces"),
    NamePair("محم\u{200F}د", "محمد", .normalisedEqual, "RLM inside the name"),
    NamePair("\u{2067}زينب\u{2069}", "زينب", .normalisedEqual, "RLI/PDI isolate"),
    NamePair("نور\u{200C}", "نور", .normalisedEqual, "trailing ZWNJ"),
    NamePair("\u{FEFB}نا", "لانا", .normalisedEqual, "isolated lam-alef ligature"),
    NamePair("ع\u{FEFC}ء", "علاء", .normalisedEqual, "final lam-alef ligature"),
    NamePair("ﻣﺤﻤﺪ", "محمد", .normalisedEqual, "presentation forms"),
    NamePair("عبد\u{FDF2}", "عبد الله", .normalisedEqual, "Allah ligature"),
    NamePair("علی", "علي", .normalisedEqual, "Farsi yeh"),
    NamePair("٤٥", "45", .normalisedEqual, "Arabic-Indic digits"),
    NamePair("۴۵", "45", .normalisedEqual, "Eastern Arabic-Indic digits"),
    NamePair("هبة الله", "هبه الله", .normalisedEqual, "teh marbuta before a space"),

    // probable: only the operator can confirm
    NamePair("رؤى", "روى", .probable, "waw hamza"),
    NamePair("لؤي", "لوي", .probable, "waw hamza"),
    NamePair("مؤمن", "مومن", .probable, "waw hamza"),
    NamePair("هيئة", "هيية", .probable, "yeh hamza"),
    NamePair("عائشة", "عايشة", .probable, "yeh hamza"),
    NamePair("فائز", "فايز", .probable, "yeh hamza"),
    NamePair("رائد", "رايد", .probable, "yeh hamza"),
    NamePair("هانئ", "هاني", .probable, "yeh hamza at the end"),
    NamePair("الحسين", "حسين", .probable, "article"),
    NamePair("العلي", "علي", .probable, "article"),
    NamePair("محمد الحلبي", "محمد حلبي", .probable, "article in a family name"),
    NamePair("نور الدين", "نورالدين", .probable, "compound written joined"),
    NamePair("عز الدين", "عزالدين", .probable, "compound written joined"),
    NamePair("فتح الله", "فتحالله", .probable, "compound written joined"),
    NamePair("علاء الدين", "علاءالدين", .probable, "compound with a kept hamza"),

    // different: real, distinct names
    NamePair("سمر", "سمير", .different, "Samar and Samir"),
    NamePair("أحمد", "محمود", .different, "Ahmad and Mahmoud"),
    NamePair("سعاد", "سعيد", .different, "Suad and Said"),
    NamePair("حسن", "حسين", .different, "Hasan and Husayn"),
    NamePair("رنا", "رنة", .different, "Rana and Ranna"),
    NamePair("علاء", "علا", .different, "Alaa and Ula"),
    NamePair("رجاء", "رجا", .different, "Rajaa and Raja"),
    NamePair("سناء", "سنا", .different, "Sanaa and Sana"),
    NamePair("علياء", "عليا", .different, "Alyaa and Ulya"),
    NamePair("إلياس", "ياس", .different, "Elias and Yas"),
    NamePair("إليسار", "يسار", .different, "Elissar and Yasar"),
    NamePair("أمل", "آمال", .different, "Amal and Amaal"),
    NamePair("نور", "نورا", .different, "Nour and Noura"),
    NamePair("جميل", "جميلة", .different, "Jamil and Jamila"),
    NamePair("زين", "زينة", .different, "Zein and Zeina"),
    NamePair("عمر", "عمار", .different, "Omar and Ammar"),
    NamePair("سامي", "سامر", .different, "Sami and Samer"),
    NamePair("ء", "", .different, "a name that folds away"),
]

@Test(arguments: namePairs)
func comparesNamePair(_ pair: NamePair) {
    #expect(ArabicName.compare(pair.first, pair.second) == pair.expected)
    #expect(ArabicName.compare(pair.second, pair.first) == pair.expected, "comparison must be symmetric")
}

@Test func verdictsAreOrderedFromBestToWorst() {
    #expect(NameVerdict.allCases.shuffled().sorted() == [.identical, .normalisedEqual, .probable, .different])
    #expect(NameVerdict.identical < .normalisedEqual)
    #expect(!(NameVerdict.different < .probable))
    #expect([NameVerdict.probable, .identical, .different].min() == .identical)
}

// MARK: - safeNormalised, step by step

@Test(arguments: Array(0x064B...0x065F) + [0x0670])
func removesHaraka(_ value: UInt32) throws {
    let mark = try #require(Unicode.Scalar(value))
    #expect(ArabicName.safeNormalised("م\(Character(mark))ريم") == "مريم")
}

@Test func removesTatweel() {
    #expect(ArabicName.safeNormalised("ســـامـر") == "سامر")
}

@Test(arguments: ["أ", "إ", "آ", "ٱ", "\u{0627}\u{0653}"])
func foldsAlefVariant(_ alef: String) {
    #expect(ArabicName.safeNormalised("\(alef)نس") == "انس")
}

@Test func foldsAlefMaksuraToYeh() {
    #expect(ArabicName.safeNormalised("هدى") == "هدي")
}

@Test func foldsTehMarbutaToHeh() {
    #expect(ArabicName.safeNormalised("حمزة") == "حمزه")
    #expect(ArabicName.safeNormalised("أسامة يوسف") == "اسامه يوسف")
}

@Test(arguments: Array(0xFEF5...0xFEFC))
func expandsLamAlefLigature(_ value: UInt32) throws {
    let ligature = try #require(Unicode.Scalar(value))
    #expect(ArabicName.safeNormalised(String(Character(ligature))) == "لا")
}

@Test func mapsArabicIndicAndEasternDigitsToASCII() {
    #expect(ArabicName.safeNormalised("٠١٢٣٤٥٦٧٨٩") == "0123456789")
    #expect(ArabicName.safeNormalised("۰۱۲۳۴۵۶۷۸۹") == "0123456789")
}

@Test(arguments: [0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                  0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF] as [UInt32])
func stripsInvisibleControl(_ value: UInt32) throws {
    let control = try #require(Unicode.Scalar(value))
    let hidden = "\(Character(control))سع\(Character(control))اد\(Character(control))"
    #expect(ArabicName.safeNormalised(hidden) == "سعاد")
}

@Test func collapsesAndTrimsWhitespace() {
    #expect(ArabicName.safeNormalised("  محمد \t  علي\n") == "محمد علي")
    #expect(ArabicName.safeNormalised(" \u{200F} ") == "")
}

@Test func joinsAbdOnlyBeforeTheArticle() {
    #expect(ArabicName.safeNormalised("عبد الله") == "عبدالله")
    #expect(ArabicName.safeNormalised("عبد الكريم الحلبي") == "عبدالكريم الحلبي")
    #expect(ArabicName.safeNormalised("عبد ربه") == "عبد ربه")
    #expect(ArabicName.safeNormalised("محمد عبد") == "محمد عبد")
}

@Test func keepsHamzaCarriersAndTheArticle() {
    #expect(ArabicName.safeNormalised("لؤي") == "لؤي")
    #expect(ArabicName.safeNormalised("هيئة") == "هيئه")
    #expect(ArabicName.safeNormalised("علاء") == "علاء")
    #expect(ArabicName.safeNormalised("الحسين") == "الحسين")
}

@Test(arguments: ["مُحَمَّد", "عبد الله", "آمنة", "ﻣﺤﻤﺪ", "  فاطمة  الزهراء ", "٤٥"])
func safeNormalisationIsIdempotent(_ name: String) {
    let once = ArabicName.safeNormalised(name)
    #expect(ArabicName.safeNormalised(once) == once)
}

// MARK: - aggressiveFolded, step by step

@Test func foldsHamzaCarriers() {
    #expect(ArabicName.aggressiveFolded("لؤي") == "لوي")
    #expect(ArabicName.aggressiveFolded("وائل") == "وايل")
}

@Test func dropsHamzaExceptAfterAlef() {
    #expect(ArabicName.aggressiveFolded("رءوف") == "روف")
    #expect(ArabicName.aggressiveFolded("ضوء") == "ضو")
    #expect(ArabicName.aggressiveFolded("علاء") == "علاء")
}

@Test func dropsArticleOnlyFromLongEnoughWords() {
    #expect(ArabicName.aggressiveFolded("العلي") == "علي")
    #expect(ArabicName.aggressiveFolded("الشب") == "شب")
    #expect(ArabicName.aggressiveFolded("الب") == "الب")
    #expect(ArabicName.aggressiveFolded("ال") == "ال")
}

@Test(arguments: ["الله", "الدين", "إلياس", "إلهام", "ألفت", "ألماس", "إليسار"])
func keepsIntrinsicAl(_ word: String) {
    #expect(ArabicName.aggressiveFolded(word) == ArabicName.safeNormalised(word))
}

@Test func removesAllSpaces() {
    #expect(ArabicName.aggressiveFolded("محمد  الحسن علي") == "محمدحسنعلي")
}

/// The shortcut that skips NFKC must only ever pass text NFKC leaves unchanged: every scalar it lets
/// through, alone and beside every other (normalisation only joins neighbours), is checked.
@Test func theNFKCShortcutAgreesWithNormalisation() throws {
    let passed = (0..<0x80).map(UInt32.init) + (0x0620...0x064A).map(UInt32.init)
    let scalars = try passed.map { try #require(Unicode.Scalar($0)) }
    for first in scalars {
        #expect(ArabicName.isPlainlyNFKC(String(first)))
        for second in scalars {
            let text = String(String.UnicodeScalarView([first, second]))
            #expect(text.precomposedStringWithCompatibilityMapping.unicodeScalars.elementsEqual(text.unicodeScalars),
                    "U+\(String(first.value, radix: 16)) U+\(String(second.value, radix: 16))")
        }
    }
    for outside in ["\u{00A0}", "\u{FEFB}", "\u{0654}", "\u{0660}", "²", "é"] {
        #expect(!ArabicName.isPlainlyNFKC("محمد" + outside))
    }
}
