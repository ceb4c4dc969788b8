/// A message for the operator, worded in both languages when it is made, so that F9 turns the one
/// already on screen too.
public struct Notice: Hashable, Sendable {
    public let arabic: String
    public let english: String

    /// `compose` words the message with the catalog it is given; it runs once per language.
    public init(_ compose: (Catalog) -> String) {
        arabic = compose(.of(.arabic))
        english = compose(.of(.english))
    }

    public func text(in language: Language) -> String {
        language == .arabic ? arabic : english
    }
}
