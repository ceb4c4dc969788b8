import ShubbakTerminal

extension Notice {
    /// `compose` words the text with the catalog it is given; it runs once per language.
    public init(_ compose: (Catalog) -> String) {
        self.init(arabic: compose(.of(.arabic)), english: compose(.of(.english)))
    }

    /// Like `init(_:)`, worded with `catalog`'s calendar (a time in the message reads on the center's clock).
    public init(_ catalog: Catalog, _ compose: (Catalog) -> String) {
        self.init(arabic: compose(catalog.in(.arabic)), english: compose(catalog.in(.english)))
    }

    /// One text of the catalog, in both languages.
    public static func text(_ key: Catalog.Text) -> Notice { Notice { catalog in catalog[key] } }
}
