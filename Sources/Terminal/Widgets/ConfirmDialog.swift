/// A centred yes/no question. The confirm button is on the reading side.
public struct ConfirmDialog: Widget, Sendable {
    public enum Choice: Hashable, Sendable {
        case confirm, cancel
    }

    // Worded in both languages, so that F9 turns an open dialog too.
    public var title: Notice
    public var message: Notice
    public var confirmLabel: Notice
    public var cancelLabel: Notice
    public var focus: Choice

    /// The focused button's label: what Enter does now.
    public var focusedLabel: Notice { focus == .confirm ? confirmLabel : cancelLabel }

    /// Defaults to cancel so a stray Enter does not confirm.
    public init(title: Notice, message: Notice, confirmLabel: Notice, cancelLabel: Notice, focus: Choice = .cancel) {
        self.title = title
        self.message = message
        self.confirmLabel = confirmLabel
        self.cancelLabel = cancelLabel
        self.focus = focus
    }

    /// The button on the left: confirm is on the reading side, so in Arabic it is on the right.
    static func leftButton(_ direction: LayoutDirection) -> Choice { direction == .leftToRight ? .confirm : .cancel }

    /// Tab switches buttons; Left and Right go to the button on that side, as seen; Enter decides the
    /// focused one, Esc cancels. Nil while undecided.
    public mutating func handle(_ key: Key, direction: LayoutDirection) -> Choice? {
        let left = Self.leftButton(direction)
        switch key {
        case .tab, .backTab:
            focus = focus == .confirm ? .cancel : .confirm
            return nil
        case .left:
            focus = left
            return nil
        case .right:
            focus = left == .confirm ? .cancel : .confirm
            return nil
        case .enter: return focus
        case .escape: return .cancel
        default: return nil
        }
    }

    public func render(into buffer: inout Buffer, area: Rect, context: RenderContext) {
        let language = context.language
        let (title, message) = (title.text(in: language), message.text(in: language))
        let (confirmLabel, cancelLabel) = (confirmLabel.text(in: language), cancelLabel.text(in: language))
        let width = min(max(CharacterWidth.of(message) + 4, CharacterWidth.of(title) + 8, 30), area.width)
        let innerWidth = max(width - 4, 1)
        let lines = Wrapping.lines(message, width: innerWidth)
        let box = area.centered(width: width, height: lines.count + 5)
        let block = Block(title: title, borderStyle: Style(.dialog), titleStyle: Style(.dialog, attributes: .bold),
                          fillStyle: Style(.dialog))
        block.render(into: &buffer, area: box, context: context)
        let inner = block.inner(box).inset(left: 1, right: 1)
        Paragraph(message, style: Style(.dialog)).render(into: &buffer, area: inner.inset(top: 1), context: context)
        let confirm = "[ \(confirmLabel) ]"
        let cancel = "[ \(cancelLabel) ]"
        let buttons = Layout.split(inner.row(inner.height - 1), .horizontal,
                                   [.fill(), .fixed(CharacterWidth.of(confirm)), .fixed(2),
                                    .fixed(CharacterWidth.of(cancel)), .fill()],
                                   direction: context.direction)
        buffer.drawText(confirm, in: buttons[1], style: Style(focus == .confirm ? .selected : .dialog), context: context)
        buffer.drawText(cancel, in: buttons[3], style: Style(focus == .cancel ? .selected : .dialog), context: context)
    }
}
