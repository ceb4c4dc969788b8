import Foundation
import ShubbakCore
import ShubbakTerminal

/// Handing an envelope kept at the center to the citizen: find it, check who collects it, deliver.
public enum PickupScreen {
    public struct State: Sendable {
        public var search = TextInput("", maximumLength: 32)
        /// The shelf, oldest first, or what the search found on it.
        public var shelf: [ShelfRow] = []
        public var now = Date(timeIntervalSince1970: 0)
        public var table = TableState()
        /// The collector's national number, asked once an envelope is chosen.
        public var collector: Form?
        public var message: Notice?
        public var isBusy = false
        /// Days on the shelf after which a supervisor may mark a document uncollected.
        public var retentionDays = 90
        /// A supervisor's counter: the documents past the retention can be marked uncollected.
        public var canMarkUncollected = false
        /// The confirmation before they are.
        public var confirmUncollected: ConfirmDialog?

        public init(canMarkUncollected: Bool = false) {
            self.canMarkUncollected = canMarkUncollected
        }

        /// The documents on the shelf that waited the whole retention period.
        public var pastRetention: [ShelfRow] { shelf.filter { $0.daysWaiting(at: now) >= retentionDays } }

        public var rows: [QueueRow] { shelf.map(\.request) }
        public var selectedRow: QueueRow? { table.selected.flatMap { shelf.indices.contains($0) ? shelf[$0].request : nil } }
    }

    public enum Command: Hashable, Sendable {
        /// The shelf; with a text, the envelopes on it matching a request id, pickup code or national number.
        case find(String)
        case deliver(RequestID, collector: NationalNumber)
        /// Ends these documents as uncollected, one event each, in one transaction.
        case markUncollected([RequestID])
    }

    public enum Message: Sendable {
        case key(Key)
        case found([ShelfRow], now: Date, retentionDays: Int = 90)
        case delivered(RequestID)
        case markedUncollected(Int)
        case refused(Refusal)
    }

    public enum Action: String, Sendable {
        case find, deliver, uncollected, back
    }

    public static func keys(_ catalog: Catalog, offersUncollected: Bool = false) -> KeyTable {
        KeyTable([
            KeyBinding(.enter, action: Action.find.rawValue, label: catalog[.keyFind]),
            KeyBinding(.function(2), action: Action.deliver.rawValue, label: catalog[.keyDeliver]),
            // A supervisor's, and only while something waited past the retention.
            KeyBinding(.function(4), action: Action.uncollected.rawValue, label: catalog[.keyUncollected], showsInBar: offersUncollected),
            KeyBinding(.function(10), action: Action.back.rawValue, label: catalog[.keyBack]),
            // In the help only: moving on the shelf, Esc.
            KeyBinding(.up, action: "move", label: catalog[.keyMoveChoice], showsInBar: false, keyName: "↑↓"),
            KeyBinding(.escape, action: "clear", label: "\(catalog[.keyClearSearch]) / \(catalog[.keyBack])", showsInBar: false),
        ])
    }

    public static func update(_ state: State, _ message: Message, catalog: Catalog) -> (State, [Command], leave: Bool) {
        var state = state
        switch message {
        case .found(let shelf, let now, let retentionDays):
            state.retentionDays = retentionDays
            let searched = !state.search.text.trimmingCharacters(in: .whitespaces).isEmpty
            let kept = state.selectedRow?.id
            state.shelf = shelf
            state.now = now
            state.isBusy = false
            // A reload of the shelf keeps the row the operator is on; a search starts at its first answer.
            let index = kept.flatMap { id in shelf.firstIndex { $0.request.id == id } }
            state.table = TableState(selected: shelf.isEmpty ? nil : (searched ? 0 : index ?? 0))
            if searched {
                state.message = shelf.isEmpty ? Notice { catalog in catalog[.nothingToCollect] } : nil
                if shelf.count == 1 && state.collector == nil { state.collector = collectorForm(catalog) }
            }
            return (state, [], false)
        case .delivered(let id):
            state.isBusy = false
            state.collector = nil
            state.shelf.removeAll { $0.request.id == id }
            state.search.clear()
            state.message = Notice { catalog in "\(catalog[.deliveredDone]) \(id)" }
            return (state, [], false)
        case .markedUncollected(let count):
            state.isBusy = false
            state.confirmUncollected = nil
            state.message = Notice { catalog in "\(catalog[.uncollectedDone]): \(count)" }
            return (state, [.find(state.search.text)], false)
        case .refused(let refusal):
            state.isBusy = false
            state.confirmUncollected = nil
            state.message = Notice(catalog) { catalog in catalog.describe(refusal) }
            if state.collector != nil { state.collector?.fields[0].input.clear() }
            return (state, [], false)
        case .key(let key):
            guard !state.isBusy else { return (state, [], false) }
            if var dialog = state.confirmUncollected {
                switch dialog.handle(key, direction: catalog.language.context.direction) {
                case .confirm:
                    state.confirmUncollected = nil
                    state.isBusy = true
                    return (state, [.markUncollected(state.pastRetention.map(\.request.id))], false)
                case .cancel: state.confirmUncollected = nil
                case nil: state.confirmUncollected = dialog
                }
                return (state, [], false)
            }
            if var form = state.collector {
                var submits = key == .enter
                if case .scan(let text) = key { form.fields[0].input.insert(text); submits = true }
                if key == .escape { state.collector = nil; return (state, [], false) }
                if submits, let row = state.selectedRow {
                    do {
                        let number = try NationalNumber(form.fields[0].input.text.trimmingCharacters(in: .whitespaces))
                        state.isBusy = true
                        state.collector = form
                        return (state, [.deliver(row.id, collector: number)], false)
                    } catch {
                        form.fields[0].input.clear()
                        state.collector = form
                        state.message = Notice { catalog in catalog.describe(.invalid(error)) }
                        return (state, [], false)
                    }
                }
                _ = form.handle(key, direction: .leftToRight)
                state.collector = form
                return (state, [], false)
            }
            if case .scan(let text) = key {
                state.search = TextInput(text, maximumLength: 32)
                state.isBusy = true
                return (state, [.find(text.trimmingCharacters(in: .whitespaces))], false)
            }
            if state.table.handle(key, rowCount: state.rows.count, visibleRows: 20) { return (state, [], false) }
            switch keys(catalog, offersUncollected: state.canMarkUncollected && !state.pastRetention.isEmpty)
                .action(for: key).flatMap(Action.init(rawValue:)) {
            case .find:
                // Enter on the shelf with nothing typed: hand over the envelope the operator is on.
                let text = state.search.text.trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else {
                    if state.selectedRow != nil { state.collector = collectorForm(catalog) }
                    return (state, [], false)
                }
                state.isBusy = true
                return (state, [.find(text)], false)
            case .deliver:
                guard state.selectedRow != nil else {
                    state.message = Notice { catalog in catalog[.nothingToCollect] }
                    return (state, [], false)
                }
                state.collector = collectorForm(catalog)
                return (state, [], false)
            case .uncollected:
                // Only a supervisor ends documents as uncollected, and only those past the retention.
                let past = state.pastRetention
                guard state.canMarkUncollected, !past.isEmpty else {
                    state.message = Notice { catalog in state.canMarkUncollected ? catalog[.nothingPastRetention] : catalog[.notPermitted] }
                    return (state, [], false)
                }
                state.confirmUncollected = ConfirmDialog(
                    title: .text(.uncollectedTitle),
                    message: Notice { [days = state.retentionDays] catalog in
                        "\(catalog[.uncollectedQuestion]) \(past.count) (\(days) \(catalog[.daysShort]))"
                    },
                    confirmLabel: .text(.confirm), cancelLabel: .text(.cancel))
                return (state, [], false)
            case .back:
                return (state, [], true)
            case nil:
                if key == .escape {
                    // Esc clears a search first, showing the whole shelf again; then it leaves.
                    guard !state.search.text.isEmpty else { return (state, [], true) }
                    state.search.clear()
                    return (state, [.find("")], false)
                }
                _ = state.search.handle(key, direction: .leftToRight)
                return (state, [], false)
            }
        }
    }

    static func collectorForm(_ catalog: Catalog) -> Form {
        Form([FormField(.text(.collectorNumber), input: TextInput("", maximumLength: 11), direction: .leftToRight)])
    }

    public static func view(_ state: State, into buffer: inout Buffer, area: Rect, context: RenderContext, catalog: Catalog) {
        let parts = Layout.split(area, .vertical, [.fixed(1), .fixed(1), .fill()])
        StatusLine(leading: catalog[.pickupTitle], trailing: "", style: Style(.title)).render(into: &buffer, area: parts[0], context: context)
        Form([FormField(.text(.pickupSearch), input: state.search, direction: .leftToRight)])
            .render(into: &buffer, area: parts[1], context: context)
        let block = Block()
        block.render(into: &buffer, area: parts[2], context: context)
        if state.shelf.isEmpty {
            Paragraph(catalog[.nothingToCollect]).render(into: &buffer, area: block.inner(parts[2]), context: context)
        }
        let rows = state.shelf.map { item in
            let row = item.request
            let days = item.daysWaiting(at: state.now)
            return TableRow(cells: [.whole(row.id.rawValue), .whole(row.pickupCode?.rawValue ?? ""), TableCell(row.subjectName),
                                    .whole(row.subjectNo.digits), TableCell("\(days) \(catalog[.daysShort])")],
                            style: days >= state.retentionDays ? Style(.warn) : nil)
        }
        let idWidth = max(state.shelf.map { $0.request.id.rawValue.count }.max() ?? 0, 17)
        Table(columns: [
            TableColumn(catalog[.columnRequest], width: .fixed(idWidth)),
            TableColumn(catalog[.pickupCode], width: .fixed(max(CharacterWidth.of(catalog[.pickupCode]), 6))),
            TableColumn(catalog[.columnSubject], width: .fill()),
            TableColumn(catalog[.nationalNumber], width: .fixed(11)),
            TableColumn(catalog[.onShelf], width: .fixed(max(CharacterWidth.of(catalog[.onShelf]), 6))),
        ], rowCount: rows.count, state: state.table) { offset, limit in Array(rows.dropFirst(offset).prefix(limit)) }
            .render(into: &buffer, area: block.inner(parts[2]), context: context)
        if let form = state.collector, let row = state.selectedRow {
            let rect = area.centered(width: min(70, area.width), height: 5)
            let dialog = Block(title: "\(catalog[.deliverTitle]) \(row.id)", borderStyle: Style(.dialog),
                               titleStyle: Style(.dialog, attributes: .bold), fillStyle: Style(.dialog))
            dialog.render(into: &buffer, area: rect, context: context)
            let inner = dialog.inner(rect).inset(left: 1, right: 1)
            form.render(into: &buffer, area: inner, context: context)
            buffer.drawText(catalog[.collectorHint], in: inner.row(1), style: Style(.hint), context: context)
        }
        state.confirmUncollected?.render(into: &buffer, area: area, context: context)
    }
}
