import Foundation
import ShubbakCore
import ShubbakTerminal

/// What waits at the bodies that issue documents (ministries, directorates), the latest overdue first:
/// scanning a transmittal slip when the issuer's document comes back opens the request at the stamps;
/// an issuer's refusal rejects it with the issuer's reason.
public enum IssuersScreen {
    public struct State: Sendable {
        public var rows: [WaitingAtIssuer] = []
        public var table = TableState(selected: 0)
        /// The slip's reference, scanned or typed, taken with Enter.
        public var scanField = TextInput("", maximumLength: 64)
        /// The issuer's reason, asked before a refusal is recorded.
        public var refusal: Form?
        public var message: Notice?
        public var isBusy = false
        public var today = CivilDate(dayNumber: 0)

        public init() {}

        public var selectedRow: WaitingAtIssuer? { table.selected.flatMap { rows.indices.contains($0) ? rows[$0] : nil } }
    }

    public enum Command: Hashable, Sendable {
        case load
        /// The issuer's document came back: record it and open the request at the counter.
        case receive(reference: String)
        case refuse(RequestID, note: String)
    }

    public enum Message: Sendable {
        case key(Key)
        case loaded([WaitingAtIssuer], today: CivilDate)
        case refused(RequestID)
        case failed(Refusal)
    }

    public enum Action: String, Sendable {
        case documentBack, issuerRefused, refresh, back
    }

    public static func keys(_ catalog: Catalog) -> KeyTable {
        KeyTable([
            KeyBinding(.enter, action: Action.documentBack.rawValue, label: catalog[.keyDocumentBack]),
            KeyBinding(.function(3), action: Action.issuerRefused.rawValue, label: catalog[.keyIssuerRefused]),
            KeyBinding(.function(5), action: Action.refresh.rawValue, label: catalog[.keyRefresh]),
            KeyBinding(.function(10), action: Action.back.rawValue, label: catalog[.keyBack]),
            KeyBinding(.up, action: "move", label: catalog[.keyMoveChoice], showsInBar: false, keyName: "↑↓"),
            KeyBinding(.escape, action: "clear", label: "\(catalog[.keyClearSearch]) / \(catalog[.keyBack])", showsInBar: false),
        ])
    }

    /// Pure. Returns `leave` when the operator goes back.
    public static func update(_ state: State, _ message: Message, catalog: Catalog) -> (State, [Command], leave: Bool) {
        var state = state
        switch message {
        case .loaded(let rows, let today):
            let kept = state.selectedRow?.id
            state.rows = rows
            state.today = today
            state.isBusy = false
            state.table.selected = rows.isEmpty ? nil : kept.flatMap { id in rows.firstIndex { $0.id == id } } ?? min(state.table.selected ?? 0, rows.count - 1)
            return (state, [], false)
        case .refused(let id):
            state.isBusy = false
            state.refusal = nil
            state.message = Notice { catalog in "\(catalog[.issuerRefusedDone]) \(id)" }
            return (state, [.load], false)
        case .failed(let refusal):
            state.isBusy = false
            state.message = Notice(catalog) { catalog in catalog.describe(refusal) }
            return (state, [.load], false)
        case .key(let key):
            guard !state.isBusy else { return (state, [], false) }
            if let form = state.refusal {
                switch form.takeNoteKey(key, catalog: catalog) {
                case .cancelled:
                    state.refusal = nil
                case .editing(let form):
                    state.refusal = form
                case .submitted(let note):
                    guard let row = state.selectedRow else { state.refusal = nil; return (state, [], false) }
                    state.isBusy = true
                    return (state, [.refuse(row.id, note: note)], false)
                }
                return (state, [], false)
            }
            if case .scan(let text) = key {
                state.scanField.clear()
                return receive(text, state)
            }
            // Typed characters go to the slip field, as a scanner's would.
            if state.scanField.takeScanFieldKey(key) { return (state, [], false) }
            if state.table.handle(key, rowCount: state.rows.count, visibleRows: 20) { return (state, [], false) }
            guard let action = keys(catalog).action(for: key).flatMap(Action.init(rawValue:)) else {
                return (state, [], key == .escape)
            }
            state.message = nil
            switch action {
            case .documentBack:
                let typed = state.scanField.text.trimmingCharacters(in: .whitespaces)
                state.scanField.clear()
                guard let reference = typed.isEmpty ? state.selectedRow?.forwarding.reference : typed else {
                    state.message = Notice { catalog in catalog[.noneAtIssuers] }
                    return (state, [], false)
                }
                return receive(reference, state)
            case .issuerRefused:
                guard state.selectedRow != nil else {
                    state.message = Notice { catalog in catalog[.noneAtIssuers] }
                    return (state, [], false)
                }
                state.refusal = Form([FormField(.text(.noteRequired), input: TextInput("", maximumLength: 500))])
                return (state, [], false)
            case .refresh:
                return (state, [.load], false)
            case .back:
                return (state, [], true)
            }
        }
    }

    private static func receive(_ reference: String, _ state: State) -> (State, [Command], leave: Bool) {
        var state = state
        let reference = reference.trimmingCharacters(in: .whitespaces).uppercased()
        guard !reference.isEmpty else { return (state, [], false) }
        state.isBusy = true
        return (state, [.receive(reference: reference)], false)
    }

    public static func view(_ state: State, into buffer: inout Buffer, area: Rect, context: RenderContext, catalog: Catalog) {
        let parts = Layout.split(area, .vertical, [.fixed(1), .fixed(1), .fill()])
        let late = state.rows.filter { $0.daysLate(today: state.today) > 0 }.count
        StatusLine(leading: catalog[.issuersTitle], trailing: "\(state.rows.count) · \(catalog[.daysLate]) \(late)",
                   style: Style(.title)).render(into: &buffer, area: parts[0], context: context)
        let label = catalog[.scanSlip]
        let field = Layout.split(parts[1], .horizontal, [.fixed(CharacterWidth.of(label) + 1), .fixed(34), .fill()],
                                 direction: context.direction)
        buffer.drawText(label, in: field[0], style: Style(.hint), context: context)
        TextField(state.scanField, isFocused: state.refusal == nil, direction: .leftToRight)
            .render(into: &buffer, area: field[1], context: context)
        let block = Block()
        block.render(into: &buffer, area: parts[2], context: context)
        if state.rows.isEmpty {
            Paragraph(catalog[.noneAtIssuers]).render(into: &buffer, area: block.inner(parts[2]), context: context)
        } else {
            let rows = state.rows.map { row in
                let daysLate = row.daysLate(today: state.today)
                let expected = daysLate > 0 ? "\(row.forwarding.expectedBy) +\(daysLate)\(catalog[.daysShort])" : row.forwarding.expectedBy.description
                return TableRow(cells: [.whole(row.id.rawValue), TableCell(row.issuerName.map(catalog.name) ?? row.forwarding.issuer),
                                        TableCell(row.subjectName), .whole(row.subjectNo.digits), .whole(expected)],
                                style: daysLate > 0 ? Style(.warn) : nil)
            }
            let idWidth = max(state.rows.map { $0.id.rawValue.count }.max() ?? 0, 17)
            Table(columns: [
                TableColumn(catalog[.columnRequest], width: .fixed(idWidth)),
                TableColumn(catalog[.columnIssuer], width: .fill()),
                TableColumn(catalog[.columnSubject], width: .fill()),
                TableColumn(catalog[.nationalNumber], width: .fixed(11)),
                TableColumn(catalog[.columnExpected], width: .fixed(max(CharacterWidth.of(catalog[.columnExpected]), 15))),
            ], rowCount: rows.count, state: state.table) { offset, limit in Array(rows.dropFirst(offset).prefix(limit)) }
                .render(into: &buffer, area: block.inner(parts[2]), context: context)
        }
        if let form = state.refusal, let row = state.selectedRow {
            let rect = area.centered(width: min(70, area.width), height: 4)
            let dialog = Block(title: "\(catalog[.issuerRefusedTitle]) \(row.id)", borderStyle: Style(.dialog),
                               titleStyle: Style(.dialog, attributes: .bold), fillStyle: Style(.dialog))
            dialog.render(into: &buffer, area: rect, context: context)
            form.render(into: &buffer, area: dialog.inner(rect).inset(left: 1, right: 1), context: context)
        }
    }
}
