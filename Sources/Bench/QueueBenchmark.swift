import ArgumentParser
import Foundation
import GRDB
import ShubbakCore
import ShubbakSampleData
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

    func run() throws {
        let workspace = try Workspace(name: "queue", keep: keep, folder: data)
        defer { workspace.finish() }
        let path = workspace.file("center.sqlite").path
        let now = Date()
        let store = try BenchQueue.store(workspace, requests: requests, now: now)
        let total = try store.read { tx in try tx.countsByState().values.reduce(0, +) }
        print("store: \(grouped(total)) requests, \(path)")

        // The very SQL StoreTransaction.queuePage runs, straight through GRDB on its own connection.
        let filter = QueueFilter()
        var readOnly = Configuration()
        readOnly.readonly = true
        let bare = try DatabaseQueue(path: path, configuration: readOnly)
        let visible = QueueScreen.visibleRows(for: Self.screen)
        let depths = spreadDepths(total: total, visible: visible)
        let keysAtDepths = try keys(at: depths, bare, filter: filter, now: now)
        let plan = try bare.read { db in
            let (sql, arguments) = StoreTransaction.queueQuery(filter, at: now, .forward(from: keysAtDepths.values.first, skip: 1),
                                                               limit: visible)
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
        print("query plan: \(plan.joined(separator: "; "))")

        var keyTimes: [Timing] = []
        var keyTimesBy: [Key: [Timing]] = [:]
        var queryTimes: [Timing] = []
        var countTimes: [Timing] = []
        // The whole application as a signed-in operator sees it: the queue, the status line and the key bar.
        let status = StatusInfo(center: "\(BenchQueue.center) مركز خدمة المواطن في حماة", now: now)
        var state = Shell.State(language: .arabic, status: status, idleLimit: nil)
        state = Shell.update(state, .resized(Self.screen)).0
        state = Shell.update(state, .signedIn(Operator(id: OperatorID(stored: "op-01"), name: "سامر الحموي", role: .operator))).0
        var checksum = 0
        for (index, depth) in depths.enumerated() {
            // The screen as it stands at this depth (read outside the timing): its page loaded, the
            // selection on its last row for ↓ (which scrolls by one) or its first for PgDn (a page on).
            guard let anchor = keysAtDepths[depth] else { throw BenchError("no row at depth \(depth)") }
            let here = QueuePage.near(anchor, delta: 0, position: depth)
            state = Shell.update(state, .queue(BenchQueue.pageMessage(store, .loadPage(filter, here, limit: visible), now: now))).0
            let key: Key = index.isMultiple(of: 2) ? .down : .pageDown
            state.queue.table = key == .down ? TableState(selected: depth + visible - 1, offset: depth) : TableState(selected: depth, offset: depth)
            // The operator saw this page before pressing the key: after ↓ one row is new, after PgDn all are.
            var seen = Buffer(size: Self.screen)
            Shell.view(state, into: &seen)
            var asked: QueuePage?
            let (buffer, time) = Stopwatch.measure { () -> Buffer in
                var (next, pending) = Shell.update(state, .key(key))
                while !pending.isEmpty {
                    guard case .screen(let routed) = pending.removeFirst(), let command = routed.command(of: QueueScreen.self) else { continue }
                    if case .loadPage(_, let page, _) = command { asked = page }
                    let more: [Shell.Command]
                    (next, more) = Shell.update(next, .queue(BenchQueue.pageMessage(store, command, now: now)))
                    pending += more
                }
                state = next
                var buffer = Buffer(size: Self.screen)
                Shell.view(state, into: &buffer)
                return buffer
            }
            // Read back outside the timing: the backend sends cells, it never makes lines of text.
            checksum &+= buffer.renderedLines().count
            keyTimes.append(time)
            keyTimesBy[key, default: []].append(time)

            guard case .near(let from, let delta, _) = asked, delta > 0 else { throw BenchError("the key at depth \(depth) read no page on") }
            let (rows, queryTime) = try Stopwatch.measure {
                try bare.read { db in
                    let (sql, arguments) = StoreTransaction.queueQuery(filter, at: now, .forward(from: from, skip: delta), limit: visible)
                    return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
                }
            }
            queryTimes.append(queryTime)
            guard rows.map({ $0["id"] as String }) == state.queue.page.map(\.id.rawValue),
                  state.queue.pageOffset == depth + delta else {
                throw BenchError("the bare query and the screen disagree at depth \(depth)")
            }
            let (_, countTime) = try Stopwatch.measure { try store.read { tx in try tx.queueCount(filter, at: now) } }
            countTimes.append(countTime)
        }
        guard checksum == depths.count * Self.screen.height else { throw BenchError("a frame had the wrong height") }

        print("\(grouped(depths.count)) keys (↓ and PgDn alternately) at depths spread over 0…\(grouped(total - visible)), screen 200×60, \(visible) rows a page\n")
        var table = FigureTable(header: ["ms", "wall p50", "wall p99", "cpu p50", "cpu p99"])
        func add(_ label: String, _ times: [Timing]) -> (wall: Percentiles, cpu: Percentiles) {
            let wall = Percentiles(times.map(\.wall.milliseconds)), cpu = Percentiles(times.map(\.cpu.milliseconds))
            table.add(label, format(wall(50), digits: 3), format(wall(99), digits: 3), format(cpu(50), digits: 3), format(cpu(99), digits: 3))
            return (wall, cpu)
        }
        let app = add("key + page + redraw", keyTimes)
        _ = add("  ↓ on the last row (one row new)", keyTimesBy[.down] ?? [])
        _ = add("  PgDn (every row new)", keyTimesBy[.pageDown] ?? [])
        let query = add("bare SQL page query", queryTimes)
        _ = add("queueCount (inside the key)", countTimes)
        table.add("ratio key / query (goal ≤ 1.5)", format(app.wall(50) / query.wall(50)), format(app.wall(99) / query.wall(99)),
                  format(app.cpu(50) / query.cpu(50)), format(app.cpu(99) / query.cpu(99)))
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

    /// The queue's key at each depth, found in one pass over the queue in order.
    private func keys(at depths: [Int], _ database: DatabaseQueue, filter: QueueFilter, now: Date) throws -> [Int: QueueKey] {
        let wanted = Set(depths)
        return try database.read { db in
            let (sql, arguments) = StoreTransaction.queueQuery(filter, at: now, .forward(from: nil, skip: 0), limit: Int.max)
            var found: [Int: QueueKey] = [:]
            var depth = 0
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next(), found.count < wanted.count {
                if wanted.contains(depth), let id = try? RequestID(row["id"] as String) {
                    found[depth] = QueueKey(dueAt: Date(timeIntervalSince1970: TimeInterval(row["due_at"] as Int64)), id: id)
                }
                depth += 1
            }
            return found
        }
    }
}

/// The store the queue and search benchmarks work on, and the page reads the queue's desk makes.
enum BenchQueue {
    static let center = "HMA-01"

    /// The store in `folder` (or a temporary one) holding at least `requests` requests.
    static func store(_ workspace: Workspace, requests: Int, now: Date) throws -> CenterStore {
        let store = try CenterStore(path: workspace.file("center.sqlite").path)
        let existing = try store.read { tx in try tx.countsByState().values.reduce(0, +) }
        if existing < requests {
            let (_, setup) = try Stopwatch.measure { try fill(store, from: existing + 1, through: requests, now: now) }
            print("setup: \(grouped(requests - existing)) requests received through the Store in \(format(setup.wall.seconds, digits: 1)) s")
        }
        return store
    }

    /// What the queue's desk does for a page command: the store's change mark, then the page and the total on one snapshot.
    static func pageMessage(_ store: CenterStore, _ command: QueueScreen.Command, now: Date) -> QueueScreen.Message {
        guard case .loadPage(let filter, let page, let limit) = command else { return .refused(.failed("not a page command")) }
        do {
            let slice = try store.read { tx in
                _ = try tx.queueChangeMark()
                return try tx.queuePage(filter, at: now, page, limit: limit)
            }
            return .page(slice, of: page, now: now)
        } catch {
            return .refused(.failed("\(error)"))
        }
    }

    /// Receives requests through the Store in large transactions: the same rows, events and chain as an import.
    static func fill(_ store: CenterStore, from first: Int, through last: Int, now: Date) throws {
        var generator = RequestGenerator(seed: UInt64(first), center: try PartyID(center), now: now)
        try store.write { tx in
            for stamp in SampleCatalog.stamps { try tx.upsert(stamp: stamp) }
            for service in SampleCatalog.services { try tx.upsert(service: service) }
        }
        let batch = 50_000
        for start in stride(from: first, through: last, by: batch) {
            try store.write { tx in
                for serial in start...min(start + batch - 1, last) {
                    let (record, _) = generator.distinctRequest(serial)
                    try tx.receive(record, at: min(now, record.submittedAt.addingTimeInterval(600)))
                }
            }
            FileHandle.standardError.write(Data("\rsetup: \(grouped(min(start + batch - 1, last))) of \(grouped(last))".utf8))
        }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
