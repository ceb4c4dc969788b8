import Foundation
import ShubbakCore
import ShubbakTerminal

/// The incoming queue: a page of requests, first due first; Enter claims the selected one and opens it.
public enum QueueScreen {
    public struct State: Sendable {
        public var filter = QueueFilter()
        public var table = TableState(selected: 0)
        public var total = 0
        /// More requests match than `total` (a short name searched): the title says «1000+».
        public var hasMore = false
        /// The rows loaded for the page on screen; the first is the `pageOffset`th of the queue.
        public var page: [QueueRow] = []
        public var pageOffset = 0
        /// False until the first page arrives: the list says it is loading, not that the queue is empty.
        public var hasPage = false
        public var visibleRows = 20
        public var now: Date
        /// The signed-in operator, for "mine" and for telling own claims from a colleague's.
        public var viewer: OperatorID
        /// The services of the catalog: their names for the rows, their order for the service filter.
        public var services: [Service] = []
        /// The search box; it has the keys while it is focused.
        public var search = TextInput("", maximumLength: 40)
        public var isSearching = false
        /// Set by F2 on a search already made: the first character typed replaces it, as in a
        /// selected field, instead of being appended to it.
        public var searchReplacesOnType = false
        public var message: Notice?

        public init(now: Date, viewer: OperatorID) {
            self.now = now
            self.viewer = viewer
        }

        public var selectedRow: QueueRow? {
            guard let selected = table.selected, selected >= pageOffset, selected - pageOffset < page.count else { return nil }
            return page[selected - pageOffset]
        }
    }

    /// Side effects the app carries out and answers with a message.
    public enum Command: Hashable, Sendable {
        case loadPage(QueueFilter, QueuePage, limit: Int)
        /// Claims the request (or renews one's own claim) and opens it at the counter.
        case claim(RequestID)
        case loadServices
    }

    public enum Message: Sendable {
        case key(Key)
        /// The page read for a `loadPage`.
        case page(QueueSlice, of: QueuePage, now: Date)
        case services([Service])
        case refused(Refusal)
        case resized(visibleRows: Int)
    }

    public enum Action: String, Sendable {
        case claim, search, mine, delivery, refresh, toggleSpeed, toggleOverdue, service
    }

    /// The screen's keys: the F-key bar and the help are drawn from this table.
    public static func keys(_ catalog: Catalog) -> KeyTable {
        KeyTable([
            KeyBinding(.enter, action: Action.claim.rawValue, label: catalog[.keyClaim]),
            KeyBinding(.function(2), action: Action.search.rawValue, label: catalog[.keySearch]),
            KeyBinding(.function(3), action: Action.mine.rawValue, label: catalog[.keyMine]),
            KeyBinding(.function(4), action: Action.delivery.rawValue, label: catalog[.keyDelivery]),
            KeyBinding(.function(5), action: Action.refresh.rawValue, label: catalog[.keyRefresh]),
            KeyBinding(.function(6), action: Action.toggleSpeed.rawValue, label: catalog[.keyFilterFast]),
            KeyBinding(.function(7), action: Action.toggleOverdue.rawValue, label: catalog[.keyFilterOverdue]),
            KeyBinding(.function(8), action: Action.service.rawValue, label: catalog[.keyService]),
            // Listed in the help only: moving in the list needs no reminder on the bar.
            KeyBinding(.up, action: "move", label: catalog[.keyMoveChoice], showsInBar: false, keyName: "↑↓"),
            KeyBinding(.pageDown, action: "page", label: catalog[.keyMoveChoice], showsInBar: false, keyName: "PgUp PgDn"),
            KeyBinding(.home, action: "ends", label: catalog[.keyMoveChoice], showsInBar: false, keyName: "Home End"),
        ])
    }

    /// The command that loads the rows the table shows, found from the first row of the page
    /// already loaded (a reload, ↓ past the last row, PgUp, PgDn), or from either end (Home, End).
    public static func pageCommand(_ state: State) -> Command {
        let limit = max(state.visibleRows, 1)
        let offset = state.table.offset
        let page: QueuePage
        if offset == 0 {
            page = .top
        } else if let first = state.page.first, offset <= state.pageOffset + state.page.count || offset + limit < state.total {
            page = .near(first.key, delta: offset - state.pageOffset, position: state.pageOffset)
        } else {
            // A jump past the rows loaded, to the end of the queue.
            page = .bottom
        }
        return .loadPage(state.filter, page, limit: limit)
    }

    /// Pure: the new state and the commands to run.
    public static func update(_ state: State, _ message: Message, catalog: Catalog) -> (State, [Command]) {
        var state = state
        switch message {
        case .page(let slice, let asked, let now):
            let wasAtTheEnd = state.table.selected == state.total - 1
            state.page = slice.rows
            state.hasPage = true
            state.total = slice.total
            state.hasMore = slice.hasMore
            state.pageOffset = slice.offset
            state.now = now
            // The rows before the page were fewer or more than the screen thought (the queue's top was
            // reached, or requests came or went above it): the table follows the rows it shows.
            if let expected = asked.expectedOffset, expected == state.table.offset, slice.offset != expected {
                let shift = slice.offset - expected
                state.table.offset = slice.offset
                state.table.selected = state.table.selected.map { max($0 + shift, 0) }
            } else if asked == .bottom, wasAtTheEnd {
                state.table = TableState(selected: max(slice.total - 1, 0), offset: slice.offset)
            }
            let total = slice.total
            if let selected = state.table.selected, selected >= total { state.table.selected = total > 0 ? total - 1 : nil }
            if state.table.selected == nil && total > 0 { state.table.selected = 0 }
            return (state, [])
        case .services(let services):
            state.services = services
            return (state, [])
        case .refused(let refusal):
            state.message = Notice(catalog) { catalog in catalog.describe(refusal) }
            return (state, [pageCommand(state)])
        case .resized(let visibleRows):
            state.visibleRows = visibleRows
            state.table.moveSelection(by: 0, rowCount: state.total, visibleRows: visibleRows)
            return (state, [pageCommand(state)])
        case .key(let key):
            if case .scan(let text) = key {
                // A request's barcode opens it; anything else scanned is searched for.
                if let id = try? RequestID(text.trimmingCharacters(in: .whitespaces).uppercased()) {
                    state.isSearching = false
                    return (state, [.claim(id)])
                }
                state.search = TextInput(text, maximumLength: 40)
                return applySearch(state)
            }
            if state.isSearching { return updateSearch(state, key, catalog: catalog) }
            if key == .escape, !state.filter.search.isEmpty {
                state.search.clear()
                return applySearch(state)
            }
            let before = state.table.offset
            if state.table.handle(key, rowCount: state.total, visibleRows: state.visibleRows) {
                state.message = nil
                return (state, state.table.offset != before ? [pageCommand(state)] : [])
            }
            guard let action = keys(catalog).action(for: key).flatMap(Action.init(rawValue:)) else {
                return (state, [])
            }
            switch action {
            case .claim:
                guard let row = state.selectedRow else { return (state, []) }
                return (state, [.claim(row.id)])
            case .search:
                state.isSearching = true
                state.searchReplacesOnType = !state.search.text.isEmpty
                state.search.moveToEnd()
                return (state, [])
            case .mine:
                state.filter.heldBy = state.filter.heldBy == nil ? state.viewer : nil
                return refiltered(state)
            case .delivery:
                state.filter.delivery = switch state.filter.delivery {
                case nil: .post
                case .post: .center
                case .center: nil
                }
                return refiltered(state)
            case .refresh:
                return (state, [pageCommand(state)])
            case .toggleSpeed:
                state.filter.speed = switch state.filter.speed {
                case nil: .fast
                case .fast: .slow
                case .slow: nil
                }
                return refiltered(state)
            case .toggleOverdue:
                state.filter.overdueOnly.toggle()
                return refiltered(state)
            case .service:
                // Cycles through the catalog's services, then back to all.
                let services = state.services.map(\.code)
                if let current = state.filter.service, let index = services.firstIndex(of: current) {
                    state.filter.service = index + 1 < services.count ? services[index + 1] : nil
                } else {
                    state.filter.service = services.first
                }
                return refiltered(state)
            }
        }
    }

    private static func updateSearch(_ state: State, _ key: Key, catalog: Catalog) -> (State, [Command]) {
        var state = state
        switch key {
        case .enter:
            // The list already shows what the box holds: Enter leaves the box for the list.
            state.isSearching = false
            return state.filter.search == state.search.text ? (state, []) : applySearch(state)
        case .escape:
            state.isSearching = false
            state.search.clear()
            return applySearch(state)
        default:
            if state.searchReplacesOnType, case .char = key { state.search.clear() }
            state.searchReplacesOnType = false
            let typed = state.search.text
            // Names are searched in Arabic: the box runs in the screen's direction, the cursor with it.
            _ = state.search.handle(key, direction: catalog.language.context.direction)
            // Searched as it is typed: each character narrows the list.
            return state.search.text == typed ? (state, []) : applySearch(state)
        }
    }

    /// While the search box has the keys: the list narrows as they are typed, Enter goes to it, Esc clears.
    public static func typingKeys(_ catalog: Catalog) -> KeyTable {
        KeyTable([
            KeyBinding(.enter, action: "toList", label: catalog[.keyToList]),
            KeyBinding(.escape, action: "clearSearch", label: catalog[.keyClearSearch]),
        ])
    }

    /// Esc clears a search in force: on the bar only while there is one.
    public static func searchKeys(_ state: State, _ catalog: Catalog) -> [KeyBinding] {
        state.filter.search.isEmpty || state.isSearching ? []
            : [KeyBinding(.escape, action: "clearSearch", label: catalog[.keyClearSearch])]
    }

    /// After a visit that ended the request: a search for its id found only it, so it is cleared.
    public static func afterVisit(of id: RequestID, _ state: State) -> State {
        guard state.filter.search.trimmingCharacters(in: .whitespaces).uppercased() == id.rawValue else { return state }
        var state = state
        state.search.clear()
        state.filter.search = ""
        return state
    }

    private static func applySearch(_ state: State) -> (State, [Command]) {
        var state = state
        state.filter.search = state.search.text
        return refiltered(state)
    }

    private static func refiltered(_ state: State) -> (State, [Command]) {
        var state = state
        state.table = TableState(selected: 0)
        state.message = nil
        return (state, [pageCommand(state)])
    }

    /// How many table rows fit a screen of this size (title, search, header, borders, status line and key bar aside).
    public static func visibleRows(for size: Size) -> Int { max(size.height - 7, 1) }

    public static func view(_ state: State, into buffer: inout Buffer, area: Rect, context: RenderContext, catalog: Catalog) {
        let parts = Layout.split(area, .vertical, [.fixed(1), .fixed(1), .fill()])
        StatusLine(leading: "\(catalog[.queueTitle])\(filterText(state.filter, catalog))", trailing: position(state),
                   style: Style(.title)).render(into: &buffer, area: parts[0], context: context)
        TextField(state.search, isFocused: state.isSearching)
            .render(into: &buffer, area: Layout.split(parts[1], .horizontal, [.fixed(CharacterWidth.of(catalog[.searchLabel]) + 1), .fill()],
                                                      direction: context.direction)[1], context: context)
        buffer.drawText(catalog[.searchLabel], in: Layout.split(parts[1], .horizontal,
                                                                 [.fixed(CharacterWidth.of(catalog[.searchLabel]) + 1), .fill()],
                                                                 direction: context.direction)[0],
                        style: Style(state.isSearching ? .title : .hint), context: context)
        // An id is never cut: its column fits the longest id on the page. The other fixed columns fit
        // their longest value; the names share what is left, so an 80-column counter still shows them.
        let idWidth = max(state.page.map { CharacterWidth.of($0.id.rawValue) }.max() ?? 0, CharacterWidth.of(catalog[.columnRequest]))
        let speedWidth = max(CharacterWidth.of(catalog[.fast]), CharacterWidth.of(catalog[.slow]))
        // Below 100 columns the age gives way, so that names keep room (the time left says what matters).
        let showsAge = area.width >= 100
        var columns = [
            TableColumn(catalog[.columnRequest], width: .fixed(idWidth)),
            TableColumn(catalog[.columnService], width: .fill(1)),
            TableColumn("", width: .fixed(speedWidth)),
            TableColumn(catalog[.columnSubject], width: .fill(1)),
            TableColumn(catalog[.columnDelivery], width: .fixed(11)),
            TableColumn(catalog[.columnAge], width: .fixed(7)),
            TableColumn(catalog[.columnDue], width: .fixed(15)),
        ]
        if !showsAge { columns.remove(at: 5) }
        let block = Block(title: nil)
        block.render(into: &buffer, area: parts[2], context: context)
        if !state.hasPage {
            Paragraph(catalog[.loading]).render(into: &buffer, area: block.inner(parts[2]), context: context)
        } else if state.total == 0 {
            // Say what hides the rest: an empty list under a filter is not an empty queue.
            let filters = filterText(state.filter, catalog)
            let text = filters.isEmpty ? catalog[.empty]
                : "\(catalog[.noneMatch])\(filters)" + (state.filter.search.isEmpty ? "" : " · \(catalog[.escClearsSearch])")
            Paragraph(text).render(into: &buffer, area: block.inner(parts[2]), context: context)
        } else {
            let page = state.page
            let pageOffset = state.pageOffset
            let services = Dictionary(state.services.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
            Table(columns: columns, rowCount: state.total, state: state.table) { offset, limit in
                (offset..<(offset + limit)).compactMap { index in
                    let local = index - pageOffset
                    guard local >= 0, local < page.count else { return nil }
                    var row = row(page[local], now: state.now, viewer: state.viewer, services: services, catalog: catalog)
                    if !showsAge { row.cells.remove(at: 5) }
                    return row
                }
            }.render(into: &buffer, area: block.inner(parts[2]), context: context)
        }
    }

    /// Which row of how many is selected («245/20000»): the rows are paged, so the list alone cannot say.
    static func position(_ state: State) -> String {
        guard state.hasPage else { return "" }
        let total = "\(state.total)\(state.hasMore ? "+" : "")"
        guard let selected = state.table.selected, state.total > 0 else { return total }
        return "\(selected + 1)/\(total)"
    }

    static func filterText(_ filter: QueueFilter, _ catalog: Catalog) -> String {
        var parts: [String] = []
        if let speed = filter.speed { parts.append(catalog[speed == .fast ? .fast : .slow]) }
        if let service = filter.service { parts.append(service) }  // the code: short, and the rows show the names
        if let delivery = filter.delivery { parts.append(catalog[delivery == .post ? .post : .center]) }
        if filter.overdueOnly { parts.append(catalog[.overdue]) }
        if filter.heldBy != nil { parts.append(catalog[.mine]) }
        if !filter.search.isEmpty { parts.append("«\(filter.search)»") }
        return parts.map { " — \($0)" }.joined()
    }

    static func row(_ row: QueueRow, now: Date, viewer: OperatorID, services: [String: LocalizedText],
                    catalog: Catalog) -> TableRow {
        let speed = catalog[row.speed == .fast ? .fast : .slow]
        let delivery = row.delivery == .post ? "\(catalog[.post]) \(row.governorate ?? "")" : catalog[.center]
        let left = Int(row.dueAt.timeIntervalSince(now))
        var due = left < 0 ? "\(catalog[.overdue]) \(catalog.duration(-left))" : catalog.duration(left)
        var style: Style? = row.isOverdue(at: now) ? Style(.overdue) : nil
        if row.isTaken(by: viewer, at: now), let holder = row.holder {
            due = "\(catalog[.taken]) \(holder)"
            style = Style(.taken)
        } else if row.holder == viewer, row.state.isAtCounter {
            due = "\(catalog[.mine]) · \(catalog.state(row.state))"
        } else if let colleague = row.handedTo {
            due = "\(catalog[.handedTo]) \(colleague)"
        }
        var subject = row.subjectName
        if row.duplicateOf != nil { subject += " (\(catalog[.duplicate]))" }
        // A flood's and a missing record's marks go first: a long name cut at its end keeps them.
        let marks = [row.isFlood ? catalog[.floodMark] : nil, row.hasNoRecord ? catalog[.noRecordMark] : nil].compactMap { $0 }
        if !marks.isEmpty { subject = "(\(marks.joined(separator: ", "))) " + subject }
        let service = services[row.service].map { TableCell(TextLine(catalog.name($0)), orWhereNoRoom: TextLine(row.service)) }
            ?? TableCell(row.service)
        return TableRow(cells: [.whole(row.id.rawValue), service, TableCell(speed), TableCell(subject), TableCell(delivery),
                                TableCell(catalog.duration(Int(now.timeIntervalSince(row.submittedAt)))), TableCell(due)],
                        style: style)
    }
}
