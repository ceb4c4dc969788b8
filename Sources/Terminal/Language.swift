/// The two languages of every screen. The render context carries the one shown, so widgets can word
/// their labels at drawing time and F9 turns what is already open.
public enum Language: String, Sendable, CaseIterable {
    case arabic = "ar", english = "en"

    public var context: RenderContext { self == .arabic ? .arabic : .english }
    public var toggled: Language { self == .arabic ? .english : .arabic }
}

/// Text worded in both languages when it is made (a message, a label, a dialog's question), so that F9
/// turns the one already on screen too.
public struct Notice: Hashable, Sendable, ExpressibleByStringLiteral {
    public let arabic: String
    public let english: String

    public init(arabic: String, english: String) {
        self.arabic = arabic
        self.english = english
    }

    /// The same words in both languages: data such as a name or a number.
    public init(stringLiteral text: String) {
        self.init(arabic: text, english: text)
    }

    public static func same(_ text: String) -> Notice { Notice(arabic: text, english: text) }

    public func text(in language: Language) -> String {
        language == .arabic ? arabic : english
    }
}
