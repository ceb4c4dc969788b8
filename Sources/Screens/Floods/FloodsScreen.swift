import Foundation
import ShubbakCore
import ShubbakTerminal

/// The supervisor's floods: clusters of flagged requests one applicant (one national number, phone or
/// payment) filed for many people, largest first. Opening one shows its requests, every one still
/// undecided ticked; the ticked ones are rejected as SUSPECTED_FAKE with a note, after a confirmation,
/// in one transaction. Operators are refused, and the refusal is recorded.
public enum FloodsScreen {
    public struct State: Sendable {
        public let isAllowed: Bool
        public var clusters: [FloodCluster] = []
        /// Until the first answer the list is not known to be empty.
        public var hasLoaded = false
        public var table = TableState(selected: 0)
        /// The cluster opened, by its id; its requests and which are ticked.
        public var opened: RequestID?
        public var members = TableState(selected: 0)
        public var ticked: Set<RequestID> = []
        /// The supervisor's note, asked before the confirmation.
        public var note: Form?
        public var confirm: ConfirmDialog?
        public var message: Notice?
        public var isBusy = false

        public init(isAllowed: Bool) {
            self.isAllowed = isAllowed
        }

        public var selectedCluster: FloodCluster? { table.selected.flatMap { clusters.indices.contains($0) ? clusters[$0] : nil } }
        public var openedCluster: FloodCluster? { opened.flatMap { id in clusters.first { $0.id == id } } }
        /// What F4 rejects: the ticked requests of the opened cluster still open to the decision, in its order.
        public var chosen: [FloodMember] { openedCluster?.rejectable.filter { ticked.contains($0.request) } ?? [] }
    }

    public enum Command: Hashable, Sendable {
        case load
        /// Rejects these requests as SUSPECTED_FAKE with the note, all or none.
        case rejectAsFake([RequestID], note: String)
        /// The app writes an operator_session 'refused' row for the signed-in operator.
        case recordRefusal
    }

    public enum Message: Sendable {
        case key(Key)
        case loaded([FloodCluster])
        case rejected(Int)
        case failed(Refusal)
    }

    public enum Action: String, Sendable {
        case open, tick, tickAll, reject, refresh, back
    }

    public static func keys(_ catalog: Catalog, allowed: Bool = true, opened: Bool = false) -> KeyTable {
        guard allowed else { return KeyTable([KeyBinding(.function(10), action: Action.back.rawValue, label: catalog[.keyBack])]) }
        guard opened else {
            return KeyTable([
                KeyBinding(.enter, action: Action.open.rawValue, label: catalog[.keyOpenCluster]),
                KeyBinding(.function(5), action: Action.refresh.rawValue, label: catalog[.keyRefresh]),
                KeyBinding(.function(10), action: Action.back.rawValue, label: catalog[.keyBack]),
                KeyBinding(.up, action: "move", label: catalog[.keyMoveChoice], showsInBar: false, keyName: "↑↓"),
                KeyBinding(.escape, action: Action.back.rawValue, label: catalog[.keyBack], showsInBar: false),
            ])
        }
        return KeyTable([
            KeyBinding(.char(" "), action: Action.tick.rawValue, label: catalog[.keyTick]),
            KeyBinding(.function(2), action: Action.tickAll.rawValue, label: catalog[.keyTickAll]),
            KeyBinding(.function(4), action: Action.reject.rawValue, label: catalog[.keyRejectFake]),
            KeyBinding(.function(10), action: Action.back.rawValue, label: catalog[.keyToClusters]),
            KeyBinding(.up, action: "move", label: catalog[.keyMoveChoice], showsInBar: false, keyName: "↑↓"),
            KeyBinding(.escape, action: Action.back.rawValue, label: catalog[.keyToClusters], showsInBar: false),
        ])
    }

    /// Pure. Returns `leave` when the supervisor goes back to the queue.
    public static func update(_ state: State, _ message: Message, catalog: Catalog) -> (State, [Command], leave: Bool) {
        var state = state
        switch message {
        case .loaded(let clusters):
            let kept = state.selectedCluster?.id
            let before = state.openedCluster
            state.clusters = clusters
            state.hasLoaded = true
            state.isBusy = false
            state.table.selected = clusters.isEmpty ? nil
                : kept.flatMap { id in clusters.firstIndex { $0.id == id } } ?? min(state.table.selected ?? 0, clusters.count - 1)
            if let opened = state.openedCluster {
                // Requests that joined the flood meanwhile come ticked; those decided elsewhere drop out.
                let known = Set(before?.members.map(\.request) ?? [])
                let joined = opened.rejectable.map(\.request).filter { !known.contains($0) }
                state.ticked = state.ticked.union(joined).intersection(opened.rejectable.map(\.request))
            } else if state.opened != nil {
                state.opened = nil
            }
            return (state, [], false)
        case .rejected(let count):
            state.isBusy = false
            state.opened = nil
            state.ticked = []
            state.message = Notice { catalog in "\(catalog[.fakeDone]) \(count)" }
            return (state, [.load], false)
        case .failed(let refusal):
            state.isBusy = false
            state.message = Notice(catalog) { catalog in catalog.describe(refusal) }
            return (state, [.load], false)
        case .key(let key):
            guard !state.isBusy else { return (state, [], false) }
            guard state.isAllowed else { return (state, [], keys(catalog, allowed: false).action(for: key) != nil || key == .escape) }
            if var dialog = state.confirm {
                switch dialog.handle(key, direction: catalog.language.context.direction) {
                case .confirm:
                    state.confirm = nil
                    let note = state.note?.fields[0].input.text.trimmingCharacters(in: .whitespaces) ?? ""
                    state.note = nil
                    state.isBusy = true
                    return (state, [.rejectAsFake(state.chosen.map(\.request), note: note)], false)
                case .cancel: state.confirm = nil
                case nil: state.confirm = dialog
                }
                return (state, [], false)
            }
            if let form = state.note {
                switch form.takeNoteKey(key, catalog: catalog) {
                case .cancelled:
                    state.note = nil
                case .editing(let form):
                    state.note = form
                case .submitted(let note):
                    // The note waits in its form (a scanned burst included) until the confirmation sends it.
                    state.note?.fields[0].input = TextInput(note, maximumLength: 500)
                    state.confirm = confirmation(state.chosen, in: state.openedCluster)
                }
                return (state, [], false)
            }
            if let cluster = state.openedCluster {
                if state.members.handle(key, rowCount: cluster.members.count, visibleRows: 20) { return (state, [], false) }
                switch keys(catalog, opened: true).action(for: key).flatMap(Action.init(rawValue:)) {
                case .tick:
                    guard let index = state.members.selected, cluster.members.indices.contains(index) else { return (state, [], false) }
                    let member = cluster.members[index]
                    guard member.isRejectable else {
                        state.message = Notice { catalog in "\(member.request): \(catalog.state(member.state))" }
                        return (state, [], false)
                    }
                    if state.ticked.contains(member.request) { state.ticked.remove(member.request) } else { state.ticked.insert(member.request) }
                case .tickAll:
                    let all = Set(cluster.rejectable.map(\.request))
                    state.ticked = state.ticked.isSuperset(of: all) ? [] : all
                case .reject:
                    guard !state.chosen.isEmpty else {
                        state.message = Notice { catalog in catalog[.nothingTicked] }
                        return (state, [], false)
                    }
                    state.message = nil
                    state.note = Form([FormField(.text(.fakeNote), input: TextInput("", maximumLength: 500))])
                case .back:
                    state.opened = nil
                    state.ticked = []
                case .open, .refresh, nil:
                    break
                }
                return (state, [], false)
            }
            if state.table.handle(key, rowCount: state.clusters.count, visibleRows: 20) { return (state, [], false) }
            switch keys(catalog).action(for: key).flatMap(Action.init(rawValue:)) {
            case .open:
                guard let cluster = state.selectedCluster else {
                    state.message = Notice { catalog in catalog[.noFloods] }
                    return (state, [], false)
                }
                state.message = nil
                state.opened = cluster.id
                state.members = TableState(selected: 0)
                state.ticked = Set(cluster.rejectable.map(\.request))
            case .refresh:
                return (state, [.load], false)
            case .back:
                return (state, [], true)
            case .tick, .tickAll, .reject, nil:
                break
            }
            return (state, [], false)
        }
    }

    static func confirmation(_ chosen: [FloodMember], in cluster: FloodCluster?) -> ConfirmDialog {
        ConfirmDialog(title: .text(.fakeTitle),
                      message: Notice { [count = chosen.count, applicant = cluster?.applicant.digits ?? ""] catalog in
                          "\(catalog[.fakeQuestion]) \(count) — \(catalog[.applicant]) \(applicant)"
                      },
                      confirmLabel: .text(.keyRejectFake), cancelLabel: .text(.cancel))
    }

    // MARK: View

    public static func view(_ state: State, into buffer: inout Buffer, area: Rect, context: RenderContext, catalog: Catalog) {
        let parts = Layout.split(area, .vertical, [.fixed(1), .fill()])
        guard state.isAllowed else {
            StatusLine(leading: catalog[.floodsTitle], trailing: "", style: Style(.title)).render(into: &buffer, area: parts[0], context: context)
            let box = parts[1].centered(width: min(parts[1].width, 70), height: min(parts[1].height, 6))
            let block = Block(title: catalog[report: .refusalTitle], borderStyle: Style(.error))
            block.render(into: &buffer, area: box, context: context)
            Paragraph(catalog[report: .refusalBody]).render(into: &buffer, area: block.inner(box), context: context)
            return
        }
        if let cluster = state.openedCluster {
            // The number and the phone whole: the phone's + stays in front in an Arabic line.
            let title: TextLine = cluster.phone.isEmpty ? "\(catalog[report: .columnApplicant]) \(whole: cluster.applicant.digits)"
                : "\(catalog[report: .columnApplicant]) \(whole: cluster.applicant.digits) · \(whole: cluster.phone)"
            StatusLine(line: title, trailing: "\(catalog[.chosen]) \(state.chosen.count) / \(cluster.rejectable.count)", style: Style(.title))
                .render(into: &buffer, area: parts[0], context: context)
            memberTable(cluster, state: state, catalog: catalog, into: &buffer, area: parts[1], context: context)
        } else {
            StatusLine(leading: catalog[.floodsTitle], trailing: state.hasLoaded ? "\(state.clusters.count)" : "", style: Style(.title))
                .render(into: &buffer, area: parts[0], context: context)
            clusterTable(state, catalog: catalog, into: &buffer, area: parts[1], context: context)
        }
        if let form = state.note, let cluster = state.openedCluster {
            let rect = area.centered(width: min(70, area.width), height: 4)
            let dialog = Block(title: "\(catalog[.fakeTitle]) (\(state.chosen.count)) — \(cluster.applicant.digits)", borderStyle: Style(.dialog),
                               titleStyle: Style(.dialog, attributes: .bold), fillStyle: Style(.dialog))
            dialog.render(into: &buffer, area: rect, context: context)
            form.render(into: &buffer, area: dialog.inner(rect).inset(left: 1, right: 1), context: context)
        }
        state.confirm?.render(into: &buffer, area: area, context: context)
    }

    static func clusterTable(_ state: State, catalog: Catalog, into buffer: inout Buffer, area: Rect, context: RenderContext) {
        let block = Block()
        block.render(into: &buffer, area: area, context: context)
        guard !state.clusters.isEmpty else {
            Paragraph(catalog[state.hasLoaded ? .noFloods : .loading]).render(into: &buffer, area: block.inner(area), context: context)
            return
        }
        let rows = state.clusters.map { cluster in
            TableRow(cells: [.whole(cluster.applicant.digits), .whole(cluster.phone), .whole("\(cluster.members.count)"),
                             .whole("\(cluster.people)"), TableCell(cluster.services.joined(separator: " ")),
                             .whole(catalog.dayAndTime(cluster.first)), .whole(catalog.clock(cluster.last))],
                     style: Style(.warn))
        }
        Table(columns: [
            TableColumn(catalog[report: .columnApplicant], width: .fixed(11)),
            TableColumn(catalog[report: .columnPhone], width: .fixed(max(state.clusters.map { $0.phone.count }.max() ?? 0, 8))),
            TableColumn(catalog[report: .columnRequests], width: .fixed(max(CharacterWidth.of(catalog[report: .columnRequests]), 5)), alignment: .trailing),
            TableColumn(catalog[report: .columnPeople], width: .fixed(max(CharacterWidth.of(catalog[report: .columnPeople]), 5)), alignment: .trailing),
            TableColumn(catalog[.columnService], width: .fill()),
            TableColumn(catalog[report: .columnFirst], width: .fixed(16)),
            TableColumn(catalog[report: .columnLast], width: .fixed(max(CharacterWidth.of(catalog[report: .columnLast]), 5))),
        ], rowCount: rows.count, state: state.table) { offset, limit in Array(rows.dropFirst(offset).prefix(limit)) }
            .render(into: &buffer, area: block.inner(area), context: context)
    }

    static func memberTable(_ cluster: FloodCluster, state: State, catalog: Catalog, into buffer: inout Buffer, area: Rect,
                            context: RenderContext) {
        let block = Block()
        block.render(into: &buffer, area: area, context: context)
        // Where each request is: at a colleague's counter, or its state.
        let places = cluster.members.map { member in member.holder.map { "\(catalog[.taken]) \($0)" } ?? catalog.state(member.state) }
        let rows = zip(cluster.members, places).map { member, place in
            let mark = member.isRejectable ? (state.ticked.contains(member.request) ? "[x]" : "[ ]") : " – "
            return TableRow(cells: [.whole(mark), .whole(member.request.rawValue), TableCell(member.subjectName), .whole(member.subjectNo.digits),
                                    .whole(member.service), .whole(catalog.clock(member.submittedAt)), TableCell(place)],
                            style: member.isRejectable ? nil : Style(.hint))
        }
        let idWidth = max(cluster.members.map { $0.request.rawValue.count }.max() ?? 0, 17)
        let stateWidth = max(places.map(CharacterWidth.of).max() ?? 0, CharacterWidth.of(catalog[.columnState]))
        var columns = [
            TableColumn("", width: .fixed(3)),
            TableColumn(catalog[.columnRequest], width: .fixed(idWidth)),
            TableColumn(catalog[.columnSubject], width: .fill()),
            TableColumn(catalog[.nationalNumber], width: .fixed(11)),
            TableColumn(catalog[.columnService], width: .fixed(max(cluster.services.map(\.count).max() ?? 0, 7))),
            TableColumn(catalog[.time], width: .fixed(5)),
            TableColumn(catalog[.columnState], width: .fixed(min(stateWidth, 16))),
        ]
        // On a narrow terminal the name keeps its room: the national number and the time give theirs.
        let shown = area.width < 110 ? [0, 1, 2, 4, 6] : Array(columns.indices)
        columns = shown.map { columns[$0] }
        let narrowed = rows.map { row in TableRow(cells: shown.map { row.cells[$0] }, style: row.style) }
        Table(columns: columns, rowCount: narrowed.count, state: state.members) { offset, limit in
            Array(narrowed.dropFirst(offset).prefix(limit))
        }
            .render(into: &buffer, area: block.inner(area), context: context)
    }
}
