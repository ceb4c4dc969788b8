import Foundation
import ShubbakCore
import ShubbakTerminal

/// The exchange with the central office as the supervisor and the operators see it: what came in, what waits,
/// what was refused and why, what went out and is not acknowledged yet; and a key to sync now.
public enum SyncScreen {
    public struct Inbound: Hashable, Sendable {
        public enum Status: Hashable, Sendable {
            case applied(records: Int, setAside: Int)
            case duplicate
            case waiting(missingSeq: Int)
            case quarantined(reason: String)
        }

        public var file: String
        public var seq: Int?
        public var at: Date?
        public var status: Status

        public init(file: String, seq: Int?, at: Date?, status: Status) {
            self.file = file
            self.seq = seq
            self.at = at
            self.status = status
        }
    }

    public struct Outbound: Hashable, Sendable {
        public var file: String
        public var seq: Int
        public var records: Int
        public var createdAt: Date
        public var acknowledged: Bool

        public init(file: String, seq: Int, records: Int, createdAt: Date, acknowledged: Bool) {
            self.file = file
            self.seq = seq
            self.records = records
            self.createdAt = createdAt
            self.acknowledged = acknowledged
        }
    }

    public struct Snapshot: Hashable, Sendable {
        public var inbound: [Inbound]
        public var outbound: [Outbound]
        public var lastImport: Date?
        public var lastExport: Date?

        public init(inbound: [Inbound], outbound: [Outbound], lastImport: Date?, lastExport: Date?) {
            self.inbound = inbound
            self.outbound = outbound
            self.lastImport = lastImport
            self.lastExport = lastExport
        }
    }

    public struct State: Sendable {
        public var snapshot: Snapshot?
        public var message: Notice?
        public var isBusy = false
        /// How far the sync running now has got, for its progress bar.
        public var progress: Progress?

        public init() {}
    }

    /// Records applied (or written) of the bundle being worked on.
    public struct Progress: Hashable, Sendable {
        public var file: String
        public var done: Int
        public var total: Int

        public init(file: String, done: Int, total: Int) {
            self.file = file
            self.done = done
            self.total = total
        }
    }

    public enum Command: Hashable, Sendable {
        case load
        case syncNow
    }

    public enum Message: Sendable {
        case key(Key)
        case loaded(Snapshot)
        case synced(imported: Int, exported: Int, Snapshot)
        case progress(Progress)
        case refused(Refusal)
    }

    public enum Action: String, Sendable {
        case sync, refresh, back
    }

    public static func keys(_ catalog: Catalog) -> KeyTable {
        KeyTable([
            KeyBinding(.function(2), action: Action.sync.rawValue, label: catalog[.keySyncNow]),
            KeyBinding(.function(5), action: Action.refresh.rawValue, label: catalog[.keyRefresh]),
            KeyBinding(.function(10), action: Action.back.rawValue, label: catalog[.keyBack]),
            KeyBinding(.escape, action: Action.back.rawValue, label: catalog[.keyBack], showsInBar: false),
        ])
    }

    public static func update(_ state: State, _ message: Message, catalog: Catalog) -> (State, [Command], leave: Bool) {
        var state = state
        switch message {
        case .loaded(let snapshot):
            state.snapshot = snapshot
            return (state, [], false)
        case .progress(let progress):
            // A late report after the answer is not news.
            if state.isBusy { state.progress = progress }
            return (state, [], false)
        case .synced(let imported, let exported, let snapshot):
            state.snapshot = snapshot
            state.isBusy = false
            state.progress = nil
            state.message = Notice { catalog in "\(catalog[.syncDone]): \(catalog[.filesIn]) \(imported) · \(catalog[.recordsOut]) \(exported)" }
            return (state, [], false)
        case .refused(let refusal):
            state.isBusy = false
            state.progress = nil
            state.message = Notice(catalog) { catalog in catalog.describe(refusal) }
            return (state, [], false)
        case .key(let key):
            // While a sync runs, F2 cannot start a second one; leaving the screen still works.
            if state.isBusy {
                let action = keys(catalog).action(for: key).flatMap(Action.init(rawValue:))
                return (state, [], action == .back || key == .escape)
            }
            switch keys(catalog).action(for: key).flatMap(Action.init(rawValue:)) {
            case .sync:
                state.isBusy = true
                state.message = Notice { catalog in catalog[.syncing] }
                return (state, [.syncNow], false)
            case .refresh: return (state, [.load], false)
            case .back: return (state, [], true)
            case nil: return (state, [], key == .escape)
            }
        }
    }

    public static func view(_ state: State, into buffer: inout Buffer, area: Rect, context: RenderContext, catalog: Catalog) {
        let parts = Layout.split(area, .vertical, [.fixed(1), .percentage(55), .fill()])
        let snapshot = state.snapshot
        let last = [
            "\(catalog[.lastImport]) \(snapshot?.lastImport.map(catalog.dayAndTime) ?? "—")",
            "\(catalog[.lastExport]) \(snapshot?.lastExport.map(catalog.dayAndTime) ?? "—")",
        ].joined(separator: " · ")
        if state.isBusy {
            // The title row becomes the sync's progress: which file, how many records of how many.
            let progress = state.progress
            let label = progress.map { "\($0.file) \($0.done)/\($0.total)" } ?? catalog[.syncing]
            let fraction = progress.map { $0.total > 0 ? Double($0.done) / Double($0.total) : 0 } ?? 0
            let row = Layout.split(parts[0], .horizontal, [.fixed(CharacterWidth.of(catalog[.syncing]) + 1), .fill()],
                                   direction: context.direction)
            buffer.drawText(catalog[.syncing], in: row[0], style: Style(.title), context: context)
            ProgressBar(fraction: fraction, label: label).render(into: &buffer, area: row[1], context: context)
        } else {
            StatusLine(leading: catalog[.syncTitle], trailing: last, style: Style(.title)).render(into: &buffer, area: parts[0], context: context)
        }
        let inbox = Block(title: catalog[.inbox])
        inbox.render(into: &buffer, area: parts[1], context: context)
        let inboundRows = (snapshot?.inbound ?? []).map { item -> TableRow in
            let (status, style): (String, Style) = switch item.status {
            case .applied(let records, let setAside):
                ("\(catalog[.applied]) \(records)" + (setAside > 0 ? " · \(catalog[.setAside]) \(setAside)" : ""),
                 Style(setAside > 0 ? .warn : .ok))
            case .duplicate: (catalog[.duplicateFile], Style(.hint))
            case .waiting(let missing): ("\(catalog[.waitingFor]) \(missing)", Style(.warn))
            case .quarantined(let reason): ("\(catalog[.quarantined]): \(reason)", Style(.error))
            }
            return TableRow([item.file, item.seq.map(String.init) ?? "—", item.at.map(catalog.dayAndTime) ?? "", status], style: style)
        }
        Table(columns: [
            TableColumn(catalog[.file], width: .fixed(36)), TableColumn(catalog[.sequence], width: .fixed(6)),
            TableColumn(catalog[.time], width: .fixed(16)), TableColumn(catalog[.columnState], width: .fill()),
        ], rowCount: inboundRows.count) { offset, limit in Array(inboundRows.dropFirst(offset).prefix(limit)) }
            .render(into: &buffer, area: inbox.inner(parts[1]), context: context)
        let outbox = Block(title: catalog[.outbox])
        outbox.render(into: &buffer, area: parts[2], context: context)
        let outboundRows = (snapshot?.outbound ?? []).map { item in
            TableRow([item.file, String(item.seq), catalog.dayAndTime(item.createdAt), String(item.records),
                      item.acknowledged ? catalog[.acknowledged] : catalog[.unacknowledged]],
                     style: Style(item.acknowledged ? .ok : .warn))
        }
        Table(columns: [
            TableColumn(catalog[.file], width: .fixed(36)), TableColumn(catalog[.sequence], width: .fixed(6)),
            TableColumn(catalog[.time], width: .fixed(16)), TableColumn(catalog[.records], width: .fixed(8)),
            TableColumn(catalog[.columnState], width: .fill()),
        ], rowCount: outboundRows.count) { offset, limit in Array(outboundRows.dropFirst(offset).prefix(limit)) }
            .render(into: &buffer, area: outbox.inner(parts[2]), context: context)
    }
}
