import Foundation
import ShubbakCore
import ShubbakTerminal

/// The incoming queue: a page of requests, first due first; Enter claims the selected one.
public enum QueueScreen {
    public struct State: Sendable {
        public var language: Language
        public var filter = QueueFilter()
        public var table = TableState(selected: 0)
        public var total = 0
        /// The rows loaded for the page on screen, from `pageOffset`.
        public var page: [QueueRow] = []
        public var pageOffset = 0
        public var visibleRows = 20
        public var now: Date
        public var center: String
        public var operatorName: String
        public var message: String?
        public var showsHelp = false
        public var quit = false

        public init(language: Language, now: Date, center: String, operatorName: String) {
            self.language = language
            self.now = now
            self.center = center
            self.operatorName = operatorName
        }

        public var selectedRow: QueueRow? {
            guard let selected = table.selected, selected >= pageOffset, selected - pageOffset < page.count else { return nil }
            return page[selected - pageOffset]
        }
    }

    /// Side effects the app carries out and answers with a message.
    public enum Command: Hashable, Sendable {
        case loadPage(QueueFilter, offset: Int, limit: Int)
        case claim(RequestID)
    }

    public enum Message: Sendable {
        case key(Key)
        case page(rows: [QueueRow], total: Int, offset: Int, now: Date)
        case claimed(RequestID)
        case refused(String)
        case resized(visibleRows: Int)
    }

    public enum Action: String, Sendable {
        case claim, refresh, language, help, quit, toggleSpeed, toggleOverdue
    }

    /// The screen's keys: the F-key bar and the help are drawn from this table.
    public static func keys(_ catalog: Catalog) -> KeyTable {
        KeyTable([
            KeyBinding(.enter, action: Action.claim.rawValue, label: catalog[.keyClaim]),
            KeyBinding(.function(5), action: Action.refresh.rawValue, label: catalog[.keyRefresh]),
            KeyBinding(.function(6), action: Action.toggleSpeed.rawValue, label: catalog[.keyFilterFast]),
            KeyBinding(.function(7), action: Action.toggleOverdue.rawValue, label: catalog[.keyFilterOverdue]),
            KeyBinding(.function(9), action: Action.language.rawValue, label: catalog[.keyLanguage]),
            KeyBinding(.function(1), action: Action.help.rawValue, label: catalog[.keyHelp]),
            KeyBinding(.function(10), action: Action.quit.rawValue, label: catalog[.keyQuit]),
        ])
    }

    /// The command that loads the page around the selection.
    public static func pageCommand(_ state: State) -> Command {
        .loadPage(state.filter, offset: state.table.offset, limit: max(state.visibleRows, 1))
    }

    /// Pure: the new state and the commands to run.
    public static func update(_ state: State, _ message: Message) -> (State, [Command]) {
        var state = state
        switch message {
        case .page(let rows, let total, let offset, let now):
            state.page = rows
            state.total = total
            state.pageOffset = offset
            state.now = now
            if let selected = state.table.selected, selected >= total { state.table.selected = total > 0 ? total - 1 : nil }
            if state.table.selected == nil && total > 0 { state.table.selected = 0 }
            return (state, [])
        case .claimed(let id):
            state.message = "\(Catalog.of(state.language)[.claimed]): \(id)"
            return (state, [pageCommand(state)])
        case .refused(let reason):
            state.message = "\(Catalog.of(state.language)[.refused]): \(reason)"
            return (state, [pageCommand(state)])
        case .resized(let visibleRows):
            state.visibleRows = visibleRows
            state.table.moveSelection(by: 0, rowCount: state.total, visibleRows: visibleRows)
            return (state, [pageCommand(state)])
        case .key(let key):
            if state.showsHelp {
                state.showsHelp = false
                return (state, [])
            }
            let before = state.table.offset
            if state.table.handle(key, rowCount: state.total, visibleRows: state.visibleRows) {
                state.message = nil
                return (state, state.table.offset != before ? [pageCommand(state)] : [])
            }
            guard let action = keys(Catalog.of(state.language)).action(for: key).flatMap(Action.init(rawValue:)) else {
                return (state, [])
            }
            switch action {
            case .claim:
                guard let row = state.selectedRow else { return (state, []) }
                return (state, [.claim(row.id)])
            case .refresh:
                return (state, [pageCommand(state)])
            case .toggleSpeed:
                state.filter.speed = switch state.filter.speed {
                case nil: .fast
                case .fast: .slow
                case .slow: nil
                }
                state.table = TableState(selected: 0)
                return (state, [pageCommand(state)])
            case .toggleOverdue:
                state.filter.overdueOnly.toggle()
                state.table = TableState(selected: 0)
                return (state, [pageCommand(state)])
            case .language:
                state.language = state.language.toggled
                return (state, [])
            case .help:
                state.showsHelp = true
                return (state, [])
            case .quit:
                state.quit = true
                return (state, [])
            }
        }
    }

    /// How many table rows fit a screen of this size (title, header, status line and key bar aside).
    public static func visibleRows(for size: Size) -> Int { max(size.height - 6, 1) }

    public static func view(_ state: State, into buffer: inout Buffer, context: RenderContext? = nil) {
        let catalog = Catalog.of(state.language)
        var context = context ?? state.language.context
        context.direction = state.language.context.direction
        let area = buffer.area
        let parts = Layout.split(area, .vertical, [.fixed(1), .fill(), .fixed(1), .fixed(1)])
        let speed = state.filter.speed.map { " — \(catalog[$0 == .fast ? .fast : .slow])" } ?? ""
        let overdue = state.filter.overdueOnly ? " — \(catalog[.overdue])" : ""
        StatusLine(leading: "\(catalog[.queueTitle])\(speed)\(overdue)", trailing: "\(state.total) \(catalog[.open])",
                   style: Style(.title)).render(into: &buffer, area: parts[0], context: context)
        let columns = [
            TableColumn(catalog[.columnRequest], width: .fixed(20)),
            TableColumn(catalog[.columnService], width: .fixed(24)),
            TableColumn(catalog[.columnSubject], width: .fill()),
            TableColumn(catalog[.columnDelivery], width: .fixed(14)),
            TableColumn(catalog[.columnAge], width: .fixed(9)),
            TableColumn(catalog[.columnDue], width: .fixed(16)),
        ]
        let block = Block(title: nil)
        block.render(into: &buffer, area: parts[1], context: context)
        if state.total == 0 {
            Paragraph(catalog[.empty]).render(into: &buffer, area: block.inner(parts[1]), context: context)
        } else {
            let page = state.page
            let pageOffset = state.pageOffset
            Table(columns: columns, rowCount: state.total, state: state.table) { offset, limit in
                (offset..<(offset + limit)).compactMap { index in
                    let local = index - pageOffset
                    guard local >= 0, local < page.count else { return nil }
                    return row(page[local], now: state.now, catalog: catalog)
                }
            }.render(into: &buffer, area: block.inner(parts[1]), context: context)
        }
        let status = [state.center, state.operatorName, state.message].compactMap { $0 }.joined(separator: "  ·  ")
        StatusLine(leading: status, trailing: clock(state.now)).render(into: &buffer, area: parts[2], context: context)
        KeyBar(keys(catalog)).render(into: &buffer, area: parts[3], context: context)
        if state.showsHelp {
            HelpOverlay(title: catalog[.help], keys: keys(catalog)).render(into: &buffer, area: area, context: context)
        }
    }

    static func row(_ row: QueueRow, now: Date, catalog: Catalog) -> TableRow {
        let speed = catalog[row.speed == .fast ? .fast : .slow]
        let delivery = row.delivery == .post ? "\(catalog[.post]) \(row.governorate ?? "")" : catalog[.center]
        let left = Int(row.dueAt.timeIntervalSince(now))
        var due = left < 0 ? "\(catalog[.overdue]) \(catalog.duration(-left))" : catalog.duration(left)
        if row.isTaken(by: OperatorID.system, at: now), let holder = row.holder { due = "\(catalog[.taken]) \(holder)" }
        let subject = row.duplicateOf == nil ? row.subjectName : "\(row.subjectName) (\(catalog[.duplicate]))"
        let style: Style? = row.isOverdue(at: now) ? Style(.overdue) : row.holder != nil ? Style(.taken) : nil
        return TableRow([row.id.rawValue, "\(row.service) (\(speed))", subject, delivery,
                         catalog.duration(Int(now.timeIntervalSince(row.submittedAt))), due], style: style)
    }

    static func clock(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Damascus") ?? .gmt
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }
}
