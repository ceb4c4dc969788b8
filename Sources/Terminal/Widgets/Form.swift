public struct FormField: Hashable, Sendable {
    /// Worded in both languages: the form shows the one of the screen, and F9 turns it.
    public var label: Notice
    public var input: TextInput
    /// Overrides the layout direction of the value, e.g. left-to-right for numbers on an Arabic form.
    public var direction: LayoutDirection?
    /// Shown in the error style after the value, e.g. "11 digits".
    public var message: String?

    public init(_ label: Notice, input: TextInput = TextInput(), direction: LayoutDirection? = nil, message: String? = nil) {
        self.label = label
        self.input = input
        self.direction = direction
        self.message = message
    }
}

/// Labelled fields, one per row, labels on the reading side. Tab and the vertical arrows move focus.
public struct Form: Widget, Sendable {
    public var fields: [FormField]
    public var focus: Int

    public init(_ fields: [FormField], focus: Int = 0) {
        self.fields = fields
        self.focus = fields.isEmpty ? 0 : min(max(focus, 0), fields.count - 1)
    }

    /// Moves focus or edits the focused field. Returns whether the key was used.
    public mutating func handle(_ key: Key, direction: LayoutDirection) -> Bool {
        guard !fields.isEmpty else { return false }
        switch key {
        case .tab, .down:
            focus = (focus + 1) % fields.count
            return true
        case .backTab, .up:
            focus = (focus + fields.count - 1) % fields.count
            return true
        default:
            return fields[focus].input.handle(key, direction: fields[focus].direction ?? direction)
        }
    }

    public func render(into buffer: inout Buffer, area: Rect, context: RenderContext) {
        let labels = fields.map { $0.label.text(in: context.language) }
        let labelWidth = min(labels.map(CharacterWidth.of).max() ?? 0, area.width / 3)
        for (index, field) in fields.prefix(area.height).enumerated() {
            let parts = Layout.split(area.row(index), .horizontal, [.fixed(labelWidth), .fixed(1), .fill()],
                                     direction: context.direction)
            let isFocused = index == focus
            buffer.drawText(labels[index], in: parts[0], style: Style(isFocused ? .title : .normal), context: context)
            var valueArea = parts[2]
            if let message = field.message {
                let messageWidth = min(CharacterWidth.of(message) + 1, valueArea.width / 2)
                let split = Layout.split(valueArea, .horizontal, [.fill(), .fixed(messageWidth)],
                                         direction: context.direction)
                valueArea = split[0]
                buffer.drawText(message, in: split[1], style: Style(.error), alignment: .trailing, context: context)
            }
            TextField(field.input, isFocused: isFocused, direction: field.direction)
                .render(into: &buffer, area: valueArea, context: context)
        }
    }
}
