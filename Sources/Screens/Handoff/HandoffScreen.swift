import Foundation
import ShubbakCore
import ShubbakTerminal

/// The sealed post envelopes waiting for the courier: scan or select them, name the courier, hand them over
/// against a signed manifest. Envelopes the post brings back are scanned in here too.
public enum HandoffScreen {
    public struct State: Sendable {
        /// Sealed post envelopes, and returned ones that may go out again.
        public var rows: [QueueRow] = []
        public var table = TableState(selected: 0)
        public var chosen: Set<RequestID> = []
        public var modal: Modal?
        public var message: Notice?
        public var isBusy = false
        /// What is typed or scanned: an S10 number or a request id, taken with Enter. A scanner burst
        /// arrives whole, a person's typing a key at a time; both end here.
        public var scanField = TextInput("", maximumLength: 32)
        /// Envelopes out with the post whose latest report is a failed attempt or a return on its way.
        public var reported: [ReportedEnvelope] = []

        public init() {}

        public var selectedRow: QueueRow? { table.selected.flatMap { rows.indices.contains($0) ? rows[$0] : nil } }
        /// What goes into the manifest: the chosen envelopes, in the list's order.
        public var manifestItems: [QueueRow] { rows.filter { chosen.contains($0.id) } }
    }

    public enum Modal: Sendable {
        case courier(Form)
        case confirm(Manifest.Courier, ConfirmDialog)
        /// Tracking number or request id of the returned envelope, and the post's reason.
        case returned(Form)
    }

    public enum Command: Hashable, Sendable {
        case load
        case dispatch([RequestID], courier: Manifest.Courier)
        case markReturned(search: String, reason: String, note: String)
        case keepForPickup(RequestID)
    }

    public enum Message: Sendable {
        case key(Key)
        /// The envelopes to hand over, and those the post said are not delivered yet.
        case loaded([QueueRow], reported: [ReportedEnvelope] = [])
        case dispatched(manifest: String, count: Int, receipt: String)
        case returned(RequestID)
        case keptForPickup(RequestID, PickupCode)
        case refused(Refusal)
    }

    public enum Action: String, Sendable {
        case toggle, handOver, returned, keepForPickup, refresh, back
    }

    public static func keys(_ catalog: Catalog) -> KeyTable {
        KeyTable([
            KeyBinding(.char(" "), action: Action.toggle.rawValue, label: catalog[.keyChoose]),
            KeyBinding(.function(2), action: Action.handOver.rawValue, label: catalog[.keyToCourier]),
            KeyBinding(.function(3), action: Action.returned.rawValue, label: catalog[.keyReturned]),
            KeyBinding(.function(4), action: Action.keepForPickup.rawValue, label: catalog[.keyKeepForPickup]),
            KeyBinding(.function(5), action: Action.refresh.rawValue, label: catalog[.keyRefresh]),
            KeyBinding(.function(10), action: Action.back.rawValue, label: catalog[.keyBack]),
            // In the help only: the scan field's Enter, moving in the list, Esc.
            KeyBinding(.enter, action: "scan", label: catalog[.scanHere], showsInBar: false),
            KeyBinding(.up, action: "move", label: catalog[.keyMoveChoice], showsInBar: false, keyName: "↑↓"),
            KeyBinding(.escape, action: "clear", label: "\(catalog[.cancel]) / \(catalog[.keyBack])", showsInBar: false),
        ])
    }

    /// Pure. Returns `leave` when the operator goes back to the queue.
    public static func update(_ state: State, _ message: Message, catalog: Catalog) -> (State, [Command], leave: Bool) {
        var state = state
        switch message {
        case .loaded(let rows, let reported):
            state.rows = rows
            state.reported = reported
            state.chosen = state.chosen.filter { id in rows.contains { $0.id == id } }
            state.isBusy = false
            if let selected = state.table.selected, selected >= rows.count { state.table.selected = rows.isEmpty ? nil : rows.count - 1 }
            if state.table.selected == nil && !rows.isEmpty { state.table.selected = 0 }
            return (state, [], false)
        case .dispatched(let manifest, let count, let receipt):
            state.chosen = []
            state.modal = nil
            state.message = Notice { catalog in "\(catalog[.manifestDone]) \(manifest) (\(count)) · \(receipt)" }
            return (state, [.load], false)
        case .returned(let id):
            state.modal = nil
            state.message = Notice { catalog in "\(catalog[.returnedDone]) \(id)" }
            return (state, [.load], false)
        case .keptForPickup(let id, let code):
            state.message = Notice { catalog in "\(catalog[.keptForPickup]) \(id) · \(catalog[.pickupCode]) \(code)" }
            return (state, [.load], false)
        case .refused(let refusal):
            state.isBusy = false
            state.message = Notice(catalog) { catalog in catalog.describe(refusal) }
            return (state, [.load], false)
        case .key(let key):
            guard !state.isBusy else { return (state, [], false) }
            if let modal = state.modal { return updateModal(state, modal, key, catalog: catalog) }
            if case .scan(let text) = key {
                state.scanField.clear()
                return (choose(scanned: text, in: state, catalog: catalog), [], false)
            }
            // Typed characters go to the scan field (Space still chooses the selected envelope).
            if state.scanField.takeScanFieldKey(key) { return (state, [], false) }
            switch key {
            case .enter where !state.scanField.text.isEmpty:
                let text = state.scanField.text
                state.scanField.clear()
                return (choose(scanned: text, in: state, catalog: catalog), [], false)
            default:
                break
            }
            if state.table.handle(key, rowCount: state.rows.count, visibleRows: 20) { return (state, [], false) }
            guard let action = keys(catalog).action(for: key).flatMap(Action.init(rawValue:)) else {
                return (state, [], key == .escape)
            }
            state.message = nil
            switch action {
            case .toggle:
                if let row = state.selectedRow {
                    if state.chosen.contains(row.id) { state.chosen.remove(row.id) } else { state.chosen.insert(row.id) }
                    state.table.moveSelection(by: 1, rowCount: state.rows.count, visibleRows: 20)
                }
            case .handOver:
                guard !state.chosen.isEmpty else {
                    state.message = Notice { catalog in catalog[.chooseEnvelopes] }
                    return (state, [], false)
                }
                state.modal = .courier(Form([FormField(.text(.courierName)),
                                             FormField(.text(.courierID), direction: .leftToRight)]))
            case .returned:
                state.modal = .returned(Form([FormField(.text(.trackingOrRequest), direction: .leftToRight),
                                              FormField(.text(.returnReason)), FormField(.text(.noteOptional))]))
            case .keepForPickup:
                guard let row = state.selectedRow, row.state == .returned else {
                    state.message = Notice { catalog in catalog[.onlyReturned] }
                    return (state, [], false)
                }
                state.isBusy = true
                return (state, [.keepForPickup(row.id)], false)
            case .refresh:
                return (state, [.load], false)
            case .back:
                return (state, [], true)
            }
            return (state, [], false)
        }
    }

    /// A scanned or typed S10 label or request id ticks its envelope; a number that is not an S10 (a
    /// wrong check digit, a misread) or not waiting here is refused, saying why.
    static func choose(scanned text: String, in state: State, catalog: Catalog) -> State {
        var state = state
        let code = text.trimmingCharacters(in: .whitespaces).uppercased()
        if (try? RequestID(code)) == nil || code.count == 13 {
            do {
                _ = try TrackingNumber(code)
            } catch {
                state.message = Notice { catalog in catalog.describe(.invalid(error)) }
                return state
            }
        }
        guard let index = state.rows.firstIndex(where: { $0.tracking?.rawValue == code || $0.id.rawValue == code }) else {
            state.message = Notice { catalog in "\(catalog[.notWaitingForPost]) \(code)" }
            return state
        }
        state.chosen.insert(state.rows[index].id)
        state.table.selected = index
        state.message = Notice { catalog in "\(catalog[.chosen]) \(state.rows[index].id) (\(state.chosen.count))" }
        return state
    }

    private static func updateModal(_ state: State, _ modal: Modal, _ key: Key, catalog: Catalog) -> (State, [Command], leave: Bool) {
        var state = state
        if key == .escape {
            state.modal = nil
            return (state, [], false)
        }
        switch modal {
        case .courier(var form):
            let entered = form.takeEnter(key)
            if entered == .moved {
                state.modal = .courier(form)
                return (state, [], false)
            }
            if entered == .submitted {
                guard let values = form.requiredValues(catalog) else {
                    state.modal = .courier(form)
                    return (state, [], false)
                }
                let (name, id) = (values[0], values[1])
                let courier = Manifest.Courier(name: name, id: id)
                state.modal = .confirm(courier, ConfirmDialog(
                    title: .text(.handoffTitle),
                    message: Notice { [count = state.chosen.count] catalog in
                        "\(catalog[.handoffQuestion]) \(count) \(catalog.arrow) \(name) (\(id))"
                    },
                    confirmLabel: .text(.confirm), cancelLabel: .text(.cancel)))
                return (state, [], false)
            }
            _ = form.handle(key, direction: form.focus == 1 ? .leftToRight : catalog.language.context.direction)
            state.modal = .courier(form)
        case .confirm(let courier, var dialog):
            switch dialog.handle(key, direction: catalog.language.context.direction) {
            case .confirm:
                state.isBusy = true
                state.modal = nil
                return (state, [.dispatch(state.manifestItems.map(\.id), courier: courier)], false)
            case .cancel: state.modal = .courier(Form([FormField(.text(.courierName), input: TextInput(courier.name)),
                                                       FormField(.text(.courierID), input: TextInput(courier.id),
                                                                 direction: .leftToRight)]))
            case nil: state.modal = .confirm(courier, dialog)
            }
        case .returned(var form):
            // A scan fills the number and moves on to the reason; Enter does not leave the number
            // or the reason empty (the note may be).
            let leaving = form.focus
            let entered = form.takeEnter(key)
            if entered == .moved {
                if leaving < 2, form.fields[leaving].input.text.trimmingCharacters(in: .whitespaces).isEmpty {
                    form.focus = leaving
                    form.fields[leaving].message = catalog[.required]
                }
                state.modal = .returned(form)
                return (state, [], false)
            }
            if entered == .submitted {
                guard let values = form.requiredValues(catalog, required: 2) else {
                    state.modal = .returned(form)
                    return (state, [], false)
                }
                state.isBusy = true
                state.modal = nil
                return (state, [.markReturned(search: values[0], reason: values[1], note: values[2])], false)
            }
            _ = form.handle(key, direction: form.focus == 0 ? .leftToRight : catalog.language.context.direction)
            state.modal = .returned(form)
        }
        return (state, [], false)
    }

    public static func view(_ state: State, into buffer: inout Buffer, area: Rect, context: RenderContext, catalog: Catalog) {
        let parts = Layout.split(area, .vertical, [.fixed(1), .fixed(1), .fill()])
        StatusLine(leading: catalog[.handoffTitle], trailing: "\(catalog[.chosen]) \(state.chosen.count) / \(state.rows.count)",
                   style: Style(.title)).render(into: &buffer, area: parts[0], context: context)
        // The scan field: always visible, so typed digits are seen going somewhere.
        let label = catalog[.scanHere]
        let field = Layout.split(parts[1], .horizontal, [.fixed(CharacterWidth.of(label) + 1), .fixed(34), .fill()],
                                 direction: context.direction)
        buffer.drawText(label, in: field[0], style: Style(.hint), context: context)
        TextField(state.scanField, isFocused: state.modal == nil, direction: .leftToRight)
            .render(into: &buffer, area: field[1], context: context)
        // What the post reported comes under the list, a line per envelope, so the operator expects it back.
        let reportedHeight = state.reported.isEmpty ? 0 : min(state.reported.count + 2, max(parts[2].height / 3, 3))
        let areas = Layout.split(parts[2], .vertical, [.fill(), .fixed(reportedHeight)])
        if reportedHeight > 0 {
            let news = Block(title: catalog[.postReportsTitle])
            news.render(into: &buffer, area: areas[1], context: context)
            let lines: [TextLine] = state.reported.map { item in
                let what = item.report.event == .returning ? catalog[.postReturning] : catalog[.postAttempted]
                return "\(whole: item.report.tracking.rawValue) \(whole: item.request.rawValue) · \(what) \(catalog.dayAndTime(item.report.at)) · \(item.report.reason)"
            }
            for (index, line) in lines.prefix(news.inner(areas[1]).height).enumerated() {
                buffer.drawLine(line, in: news.inner(areas[1]).row(index), style: Style(.warn), context: context)
            }
        }
        let listArea = areas[0]
        let block = Block()
        block.render(into: &buffer, area: listArea, context: context)
        if state.rows.isEmpty {
            Paragraph(catalog[.noEnvelopes]).render(into: &buffer, area: block.inner(listArea), context: context)
        } else {
            let rows = state.rows.map { row in
                TableRow(cells: [TableCell(state.chosen.contains(row.id) ? "[x]" : "[ ]"), .whole(row.tracking?.rawValue ?? "—"),
                                 .whole(row.id.rawValue), TableCell(row.subjectName), TableCell(row.governorate ?? ""),
                                 TableCell(catalog.state(row.state))],
                         style: row.state == .returned ? Style(.warn) : nil)
            }
            Table(columns: [
                TableColumn("", width: .fixed(3)),
                TableColumn(catalog[.trackingNumber], width: .fixed(13)),
                TableColumn(catalog[.columnRequest], width: .fixed(max(state.rows.map { $0.id.rawValue.count }.max() ?? 0, 17))),
                TableColumn(catalog[.columnAddressee], width: .fill()),
                TableColumn(catalog[.governorate], width: .fixed(12)),
                TableColumn(catalog[.columnState], width: .fixed(12)),
            ], rowCount: rows.count, state: state.table) { offset, limit in Array(rows.dropFirst(offset).prefix(limit)) }
                .render(into: &buffer, area: block.inner(listArea), context: context)
        }
        guard let modal = state.modal else { return }
        switch modal {
        case .confirm(_, let dialog):
            dialog.render(into: &buffer, area: area, context: context)
        case .courier(let form), .returned(let form):
            let rect = area.centered(width: min(70, area.width), height: 5)
            let title = if case .returned = modal { catalog[.returnedTitle] } else { catalog[.courierTitle] }
            let dialog = Block(title: title, borderStyle: Style(.dialog), titleStyle: Style(.dialog, attributes: .bold),
                               fillStyle: Style(.dialog))
            dialog.render(into: &buffer, area: rect, context: context)
            form.render(into: &buffer, area: dialog.inner(rect).inset(left: 1, right: 1), context: context)
        }
    }
}
