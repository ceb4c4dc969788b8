public struct TableColumn: Hashable, Sendable {
    public var title: String
    public var width: Constraint
    public var alignment: TextAlignment

    public init(_ title: String, width: Constraint = .fill(), alignment: TextAlignment = .leading) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }
}

/// What a cell shows: the first of its texts that fits the column whole, else the last one cut
/// to fit (a whole field in it goes whole). A service shows its name, or its code where the
/// name has no room.
public struct TableCell: Hashable, Sendable, ExpressibleByStringLiteral {
    public var choices: [TextLine]

    public init(_ text: TextLine, orWhereNoRoom shorter: TextLine...) { choices = [text] + shorter }
    public init(_ text: String) { choices = [TextLine(text)] }
    public init(stringLiteral value: String) { self.init(value) }
    /// A cell holding one field that is never cut: an id, a national number, a tracking number.
    public static func whole(_ field: String) -> TableCell { TableCell(.whole(field)) }

    func line(fitting width: Int) -> TextLine {
        for choice in choices.dropLast() where CharacterWidth.of(choice.plain) <= width { return choice }
        return choices.last ?? ""
    }
}

public struct TableRow: Hashable, Sendable {
    public var cells: [TableCell]
    /// Overrides the normal style, e.g. `.overdue`; the selection highlight still wins.
    public var style: Style?

    public init(_ cells: [String], style: Style? = nil) {
        self.cells = cells.map { TableCell($0) }
        self.style = style
    }

    public init(cells: [TableCell], style: Style? = nil) {
        self.cells = cells
        self.style = style
    }
}

/// Which row is selected and where the visible window starts. Screens keep it between frames.
public struct TableState: Hashable, Sendable {
    public var selected: Int?
    public var offset: Int

    public init(selected: Int? = nil, offset: Int = 0) {
        self.selected = selected
        self.offset = offset
    }

    /// Moves the selection by `delta` rows, clamped, and scrolls so it stays within `visibleRows`.
    public mutating func moveSelection(by delta: Int, rowCount: Int, visibleRows: Int) {
        guard rowCount > 0 else {
            selected = nil
            offset = 0
            return
        }
        selected = min(max((selected ?? (delta > 0 ? -1 : rowCount)) + delta, 0), rowCount - 1)
        offset = Scrolling.offset(keeping: selected, from: offset, visible: visibleRows, count: rowCount)
    }

    /// Arrows move one row, PgUp/PgDn a page, Home/End to the ends. Returns whether the key was used.
    public mutating func handle(_ key: Key, rowCount: Int, visibleRows: Int) -> Bool {
        let page = max(visibleRows, 1)
        switch key {
        case .up: moveSelection(by: -1, rowCount: rowCount, visibleRows: visibleRows)
        case .down: moveSelection(by: 1, rowCount: rowCount, visibleRows: visibleRows)
        case .pageUp: moveSelection(by: -page, rowCount: rowCount, visibleRows: visibleRows)
        case .pageDown: moveSelection(by: page, rowCount: rowCount, visibleRows: visibleRows)
        case .home: moveSelection(by: -rowCount, rowCount: rowCount, visibleRows: visibleRows)
        case .end: moveSelection(by: rowCount, rowCount: rowCount, visibleRows: visibleRows)
        default: return false
        }
        return true
    }
}

/// A table that asks for only the rows it shows, so a screen can page through a large store.
/// Columns read in the layout direction: the first column is the rightmost in Arabic.
public struct Table: Widget {
    public var columns: [TableColumn]
    public var rowCount: Int
    /// Returns the rows from `offset`, at most `limit` of them.
    public var rows: (_ offset: Int, _ limit: Int) -> [TableRow]
    public var state: TableState
    public var showsHeader: Bool

    public init(columns: [TableColumn], rowCount: Int, state: TableState = TableState(), showsHeader: Bool = true,
                rows: @escaping (_ offset: Int, _ limit: Int) -> [TableRow]) {
        self.columns = columns
        self.rowCount = rowCount
        self.state = state
        self.showsHeader = showsHeader
        self.rows = rows
    }

    /// How many data rows fit in `area`; pass it to `TableState` as `visibleRows`.
    public func visibleRows(in area: Rect) -> Int {
        max(area.height - (showsHeader ? 1 : 0), 0)
    }

    public func render(into buffer: inout Buffer, area: Rect, context: RenderContext) {
        guard !area.isEmpty, !columns.isEmpty else { return }
        let widths = columnRects(area, direction: context.direction)
        var y = area.y
        if showsHeader {
            buffer.fill(area.row(0), style: Style(.header))
            for (column, rect) in zip(columns, widths) {
                buffer.drawText(column.title, in: Rect(x: rect.x, y: y, width: rect.width, height: 1),
                                style: Style(.header), alignment: column.alignment, context: context)
            }
            y += 1
        }
        let visible = visibleRows(in: area)
        let offset = Scrolling.offset(keeping: state.selected, from: state.offset, visible: visible, count: rowCount)
        let limit = min(visible, max(rowCount - offset, 0))
        guard limit > 0 else { return }
        for (index, row) in rows(offset, limit).prefix(limit).enumerated() {
            let rowRect = Rect(x: area.x, y: y + index, width: area.width, height: 1)
            let isSelected = state.selected == offset + index
            let style = isSelected ? Style(.selected) : (row.style ?? .normal)
            buffer.fill(rowRect, style: style)
            for (column, (rect, cell)) in zip(columns, zip(widths, row.cells)) {
                buffer.drawLine(cell.line(fitting: rect.width),
                                in: Rect(x: rect.x, y: rowRect.y, width: rect.width, height: 1),
                                style: style, alignment: column.alignment, context: context)
            }
        }
    }

    /// Column rectangles with one blank cell between columns, first column on the reading side.
    private func columnRects(_ area: Rect, direction: LayoutDirection) -> [Rect] {
        var constraints: [Constraint] = []
        for (index, column) in columns.enumerated() {
            if index > 0 { constraints.append(.fixed(1)) }
            constraints.append(column.width)
        }
        let parts = Layout.split(area, .horizontal, constraints, direction: direction)
        return stride(from: 0, to: parts.count, by: 2).map { parts[$0] }
    }
}
