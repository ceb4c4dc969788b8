extension Theme {
    /// Used when themes/default.toml is missing or broken; themes/default.toml mirrors it.
    public static let builtInDefault = Theme(name: "default", slots: [
        .normal: SlotStyle(),
        .selected: SlotStyle(foreground: .black, background: .cyan, attributes: .bold),
        .title: SlotStyle(foreground: .indexed(11), attributes: .bold),
        .header: SlotStyle(foreground: .indexed(14), attributes: [.bold, .underline]),
        .border: SlotStyle(foreground: .indexed(244)),
        .hint: SlotStyle(foreground: .indexed(245)),
        .key: SlotStyle(foreground: .black, background: .cyan),
        .ok: SlotStyle(foreground: .green),
        .warn: SlotStyle(foreground: .indexed(214)),
        .error: SlotStyle(foreground: .indexed(9), attributes: .bold),
        .fast: SlotStyle(foreground: .indexed(10)),
        .slow: SlotStyle(foreground: .indexed(214)),
        .overdue: SlotStyle(foreground: .indexed(196), attributes: .bold),
        .taken: SlotStyle(foreground: .indexed(244), attributes: .dim),
        .input: SlotStyle(foreground: .indexed(15), background: .indexed(236), attributes: .underline),
        .dialog: SlotStyle(foreground: .indexed(15), background: .blue),
        .statusbar: SlotStyle(foreground: .black, background: .white),
        .chart: SlotStyle(foreground: .cyan),
    ])

    /// Attributes only; also what NO_COLOR adds to any theme.
    public static let monochrome = Theme(name: "monochrome", slots: [
        .normal: SlotStyle(),
        .selected: SlotStyle(attributes: .reverse),
        .title: SlotStyle(attributes: .bold),
        .header: SlotStyle(attributes: [.bold, .underline]),
        .border: SlotStyle(),
        .hint: SlotStyle(attributes: .dim),
        .key: SlotStyle(attributes: .reverse),
        .ok: SlotStyle(),
        .warn: SlotStyle(attributes: .bold),
        .error: SlotStyle(attributes: [.bold, .underline]),
        .fast: SlotStyle(),
        .slow: SlotStyle(attributes: .underline),
        // Not reverse: that is the selected row's, and an overdue row must not look selected.
        .overdue: SlotStyle(attributes: [.bold, .underline]),
        .taken: SlotStyle(attributes: .dim),
        .input: SlotStyle(attributes: .underline),
        .dialog: SlotStyle(),
        .statusbar: SlotStyle(attributes: .reverse),
        .chart: SlotStyle(),
    ])
}
