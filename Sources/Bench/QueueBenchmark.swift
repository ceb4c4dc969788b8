import ArgumentParser
import Foundation
import GRDB
import ShubbakCore
import ShubbakScreens
import ShubbakStore
import ShubbakTerminal

/// Issue #3: handle a key and redraw a full 200×60 screen over a queue of 1,000,000 requests,
/// beside the bare SQL page query for the same rows.
struct QueueBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue", abstract: "Key + page load + full 200×60 redraw over a large queue, beside the bare page query.")

    @Option(help: "Requests in the store.")
    var requests = 1_000_000

    @Option(help: "Keys to time, spread over the depth of the queue.")
    var keys = 2_000

    @Option(help: "Use (or build and keep) the store in this folder instead of a temporary one.")
    var data: String?

    @Flag(help: "Keep the temporary folder.")
    var keep = false

    static let screen = Size(width: 200, height: 60)
    static let center = "HMA-01"

    func run() throws {
        let workspace = try Workspace(name: "queue", keep: keep, folder: data)
        defer { workspace.finish() }
        let path = workspace.file("center.sqlite").path
        let store = try CenterStore(path: path)
        let now = Date()
        let existing = try store.read { tx in try tx.countsByState().values.reduce(0, +) }
        if existing < requests {
            let (_, setup) = try Stopwatch.measure { try fill(store, from: existing + 1, through: requests, now: now) }
            print("setup: \(grouped(requests - existing)) requests received through the Store in \(format(setup.seconds, digits: 1)) s")
        }
        let total = try store.read { tx in try tx.countsByState().values.reduce(0, +) }
        print("store: \(grouped(total)) requests, \(path)")

        // The same SQL as StoreTransaction.queue for the open-states filter, run straight through GRDB.
        let filter = QueueFilter()
        let states = filter.states.map(\.rawValue).sorted()
        let bareSQL = """
            SELECT id, service, speed, subject_name, subject_no, delivery, governorate, submitted_at, due_at, state,
                holder, lease_until, duplicate_of
            FROM request WHERE state IN (\(states.map { _ in "?" }.joined(separator: ","))) ORDER BY due_at, id LIMIT ? OFFSET ?
            """
        var readOnly = Configuration()
        readOnly.readonly = true
        let bare = try DatabaseQueue(path: path, configuration: readOnly)
        let plan = try bare.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + bareSQL, arguments: StatementArguments(states) + [54, 0])
                .map { $0["detail"] as String }
        }
        print("query plan: \(plan.joined(separator: "; "))")

        let visible = QueueScreen.visibleRows(for: Self.screen)
        let depths = spreadDepths(total: total, visible: visible)
        var keyTimes: [Double] = []
        var queryTimes: [Double] = []
        var countTimes: [Double] = []
        var state = QueueScreen.State(language: .arabic, now: now, center: "\(Self.center) مركز خدمة المواطن في حماة",
                                      operatorName: "op-01")
        state.visibleRows = visible
        (state, _) = QueueScreen.update(state, pageMessage(store, .loadPage(filter, offset: 0, limit: visible), now: now))
        var checksum = 0
        for (index, depth) in depths.enumerated() {
            // Down on the last visible row scrolls by one; PgDn scrolls by a page: both load a page.
            let key: Key = index.isMultiple(of: 2) ? .down : .pageDown
            state.table = key == .down ? TableState(selected: depth + visible - 1, offset: depth) : TableState(selected: depth, offset: depth)
            let (lines, time) = Stopwatch.measure { () -> [String] in
                var (next, pending) = QueueScreen.update(state, .key(key))
                while !pending.isEmpty {
                    (next, pending) = QueueScreen.update(next, pageMessage(store, pending.removeFirst(), now: now))
                }
                state = next
                var buffer = Buffer(size: Self.screen)
                QueueScreen.view(state, into: &buffer)
                return buffer.renderedLines()
            }
            checksum &+= lines.count
            keyTimes.append(time.milliseconds)

            let offset = state.table.offset
            let (rows, queryTime) = try Stopwatch.measure {
                try bare.read { db in
                    try Row.fetchAll(db, sql: bareSQL, arguments: StatementArguments(states) + [visible, offset])
                }
            }
            queryTimes.append(queryTime.milliseconds)
            guard rows.map({ $0["id"] as String }) == state.page.map(\.id.rawValue) else {
                throw BenchError("the bare query and the screen disagree at offset \(offset)")
            }
            let (_, countTime) = try Stopwatch.measure { try store.read { tx in try tx.queueCount(filter, at: now) } }
            countTimes.append(countTime.milliseconds)
        }
        guard checksum == depths.count * Self.screen.height else { throw BenchError("a frame had the wrong height") }

        let app = Percentiles(keyTimes), query = Percentiles(queryTimes), count = Percentiles(countTimes)
        print("\(grouped(depths.count)) keys (↓ and PgDn alternately) at depths spread over 0…\(grouped(total - visible)), screen 200×60, \(visible) rows a page\n")
        var table = FigureTable(header: ["ms", "p50", "p99", "max"])
        table.add("key + page + redraw + render", format(app(50), digits: 3), format(app(99), digits: 3), format(app(100), digits: 3))
        table.add("bare SQL page query", format(query(50), digits: 3), format(query(99), digits: 3), format(query(100), digits: 3))
        table.add("queueCount (inside the key)", format(count(50), digits: 3), format(count(99), digits: 3), format(count(100), digits: 3))
        table.add("ratio key / query (goal ≤ 1.5)", format(app(50) / query(50)), format(app(99) / query(99)), "")
        table.print()
    }

    /// Depths spread evenly over the queue, visited in a scrambled order so no key profits from the one before.
    private func spreadDepths(total: Int, visible: Int) -> [Int] {
        let last = max(total - 2 * visible, 0)
        var depths = (0..<keys).map { keys > 1 ? last * $0 / (keys - 1) : 0 }
        var generator = SystemRandomNumberGenerator()
        depths.shuffle(using: &generator)
        return depths
    }

    /// What TerminalApp.execute does for a page command: the page and the total, on one snapshot.
    private func pageMessage(_ store: CenterStore, _ command: QueueScreen.Command, now: Date) -> QueueScreen.Message {
        guard case .loadPage(let filter, let offset, let limit) = command else { return .refused("not a page command") }
        do {
            let (rows, total) = try store.read { tx in
                (try tx.queue(filter, at: now, offset: offset, limit: limit), try tx.queueCount(filter, at: now))
            }
            return .page(rows: rows, total: total, offset: offset, now: now)
        } catch {
            return .refused("\(error)")
        }
    }

    /// Receives requests through the Store in large transactions: the same rows, events and chain as an import.
    private func fill(_ store: CenterStore, from first: Int, through last: Int, now: Date) throws {
        var generator = BenchData(seed: UInt64(first), now: now, center: try PartyID(Self.center))
        try store.write { tx in
            for stamp in BenchData.stamps { try tx.upsert(stamp: stamp) }
            for service in BenchData.services { try tx.upsert(service: service) }
        }
        let batch = 50_000
        for start in stride(from: first, through: last, by: batch) {
            try store.write { tx in
                for serial in start...min(start + batch - 1, last) {
                    let (record, _) = try generator.request(serial)
                    try tx.receive(record, at: min(now, record.submittedAt.addingTimeInterval(600)))
                }
            }
            FileHandle.standardError.write(Data("\rsetup: \(grouped(min(start + batch - 1, last))) of \(grouped(last))".utf8))
        }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
