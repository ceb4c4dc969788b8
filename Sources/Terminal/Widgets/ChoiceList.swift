/// A list of options with one highlighted; scrolls to keep the selection visible.
public struct ChoiceList: Widget, Sendable {
    /// Worded in both languages: F9 turns an open list too.
    public var items: [Notice]
    public var selected: Int
    public var offset: Int

    public init(_ items: [Notice], selected: Int = 0, offset: Int = 0) {
        self.items = items
        self.selected = items.isEmpty ? 0 : min(max(selected, 0), items.count - 1)
        self.offset = offset
    }

    public var selectedItem: Notice? { items.indices.contains(selected) ? items[selected] : nil }

    /// Up/Down/Home/End move the selection. Returns whether the key was used.
    public mutating func handle(_ key: Key, visibleRows: Int) -> Bool {
        guard !items.isEmpty else { return false }
        switch key {
        case .up: selected = max(selected - 1, 0)
        case .down: selected = min(selected + 1, items.count - 1)
        case .home: selected = 0
        case .end: selected = items.count - 1
        default: return false
        }
        offset = Scrolling.offset(keeping: selected, from: offset, visible: visibleRows, count: items.count)
        return true
    }

    public func render(into buffer: inout Buffer, area: Rect, context: RenderContext) {
        let first = Scrolling.offset(keeping: selected, from: offset, visible: area.height, count: items.count)
        let marker = context.direction == .rightToLeft ? "◂" : "▸"
        for (row, index) in (first..<min(first + area.height, items.count)).enumerated() {
            let isSelected = index == selected
            let style = Style(isSelected ? .selected : .normal)
            let parts = Layout.split(area.row(row), .horizontal, [.fixed(2), .fill()], direction: context.direction)
            buffer.fill(area.row(row), style: style)
            if isSelected {
                buffer.drawText(marker, in: parts[0], style: style, context: context)
            }
            buffer.drawText(items[index].text(in: context.language), in: parts[1], style: style, context: context)
        }
    }
}
