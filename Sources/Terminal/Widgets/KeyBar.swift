/// The bottom row of key hints, e.g. `F2 Save  F10 Quit`, generated from the screen's `KeyTable`.
/// Starts from the right in Arabic; hints that do not fit are left out, not cut.
public struct KeyBar: Widget, Sendable {
    public var keys: KeyTable

    public init(_ keys: KeyTable) {
        self.keys = keys
    }

    /// Help (F1) and the way out (F10) are shown whatever the width; the other hints follow in
    /// the table's order while they fit.
    static let essentialKeys: Set<Key> = [.function(1), .function(10)]

    public func render(into buffer: inout Buffer, area: Rect, context: RenderContext) {
        let row = area.row(0)
        buffer.fill(row, style: Style(.statusbar))
        let entries = keys.barBindings.map { binding in
            // The key's name is never cut: fitted to its own width, it is only sanitised and split into cells.
            let name = TextLayout.fitted(.whole(binding.displayName), width: .max, direction: .leftToRight, options: TextOptions())
            let label = TextLayout.fitted(TextLine(binding.label), width: row.width, direction: context.direction, options: context.text)
            return (binding: binding, name: name, label: label, width: name.width + 1 + label.width)
        }
        var shown = Set(entries.indices.filter { Self.essentialKeys.contains(entries[$0].binding.key) })
        var budget = row.width - shown.reduce(0) { $0 + entries[$1].width } - max(shown.count - 1, 0)
        for index in entries.indices where !shown.contains(index) {
            guard budget >= entries[index].width + 1 else { break }
            shown.insert(index)
            budget -= entries[index].width + 1
        }
        var used = 0
        for (index, entry) in entries.enumerated() where shown.contains(index) {
            let gap = used > 0 ? 1 : 0
            guard used + gap + entry.width <= row.width else { break }
            used += gap
            let nameWidth = entry.name.width
            // Key name first in reading order: right of its label in Arabic.
            if context.direction == .rightToLeft {
                let end = row.maxX - used
                buffer.write(entry.name.glyphs, x: end - nameWidth, y: row.y, style: Style(.key), limitX: row.maxX)
                buffer.write(entry.label.glyphs, x: end - entry.width, y: row.y, style: Style(.statusbar), limitX: row.maxX)
            } else {
                let start = row.x + used
                buffer.write(entry.name.glyphs, x: start, y: row.y, style: Style(.key), limitX: row.maxX)
                buffer.write(entry.label.glyphs, x: start + nameWidth + 1, y: row.y, style: Style(.statusbar), limitX: row.maxX)
            }
            used += entry.width
        }
    }
}

/// A centred box listing every key of a `KeyTable`, including those not shown in the bar.
public struct HelpOverlay: Widget, Sendable {
    public var title: String
    public var keys: KeyTable

    public init(title: String, keys: KeyTable) {
        self.title = title
        self.keys = keys
    }

    public func render(into buffer: inout Buffer, area: Rect, context: RenderContext) {
        let nameWidth = keys.bindings.map { CharacterWidth.of($0.displayName) }.max() ?? 0
        let labelWidth = keys.bindings.map { CharacterWidth.of($0.label) }.max() ?? 0
        let box = area.centered(width: max(nameWidth + labelWidth + 7, CharacterWidth.of(title) + 8),
                                height: keys.bindings.count + 2)
        let block = Block(title: title, borderStyle: Style(.dialog), titleStyle: Style(.dialog, attributes: .bold),
                          fillStyle: Style(.dialog))
        block.render(into: &buffer, area: box, context: context)
        let inner = block.inner(box).inset(left: 1, right: 1)
        for (index, binding) in keys.bindings.prefix(inner.height).enumerated() {
            let parts = Layout.split(inner.row(index), .horizontal, [.fixed(nameWidth), .fixed(2), .fill()],
                                     direction: context.direction)
            // Key names are Latin ("F2", "Ctrl+S"): keep them left-to-right in either layout.
            buffer.drawText(binding.displayName, in: parts[0], style: Style(.key),
                            alignment: context.direction == .rightToLeft ? .trailing : .leading,
                            direction: .leftToRight, options: context.text)
            buffer.drawText(binding.label, in: parts[2], style: Style(.dialog), context: context)
        }
    }
}
