import Foundation
import GRDB
import ShubbakCore

/// The queue's pages, counts and the pickup shelf.
extension StoreTransaction {
    /// The next waiting request by due time.
    public func firstWaitingRequest() throws -> RequestID? {
        try fetchOne(String.self, sql: "SELECT id FROM request WHERE state = 'received' ORDER BY due_at, id LIMIT 1")
            .flatMap { try? RequestID($0) }
    }

    /// What changes whenever a queue page may: every change of a request appends an event, and an
    /// applied bundle (amendments and the catalog come only in bundles) records itself. Two index
    /// lookups: a counter asks it every second instead of reading its page again.
    public func queueChangeMark() throws -> [Int64] {
        [try fetchOne(Int64.self, sql: "SELECT COALESCE(MAX(id), 0) FROM event") ?? 0,
         try fetchOne(Int64.self, sql: "SELECT COALESCE(MAX(rowid), 0) FROM inbound_bundle") ?? 0]
    }

    /// The first `limit` rows of the queue under `filter`.
    public func queue(_ filter: QueueFilter, at now: Date, limit: Int) throws -> [QueueRow] {
        try queueRows(filter, at: now, .forward(from: nil, skip: 0), limit: limit)
    }

    /// A page of the queue and the filter's total, on one snapshot. The page's position follows
    /// from the page asked for; `exactPosition` counts the rows before it instead, for when the
    /// store changed since (requests arrived or left above the page).
    public func queuePage(_ filter: QueueFilter, at now: Date, _ page: QueuePage, limit: Int,
                          exactPosition: Bool = false) throws -> QueueSlice {
        // Each character typed into the search asks for this: one read of the names, most often.
        if page == .top, filter.searchesNames { return try firstPageOfName(filter, at: now, limit: limit) }
        let (total, hasMore) = try pageTotal(filter, at: now)
        var rows: [QueueRow]
        var offset: Int
        switch page {
        case .top:
            return QueueSlice(rows: try queueRows(filter, at: now, .forward(from: nil, skip: 0), limit: limit), offset: 0,
                              total: total, hasMore: hasMore)
        case .bottom:
            rows = try queueRows(filter, at: now, .backward(before: nil), limit: limit).reversed()
            return QueueSlice(rows: rows, offset: max(total - rows.count, 0), total: total, hasMore: hasMore)
        case .near(let key, let delta, let position) where delta >= 0:
            rows = try queueRows(filter, at: now, .forward(from: key, skip: delta), limit: limit)
            offset = min(position + delta, total)
        case .near(let key, let delta, let position):
            let before = try queueRows(filter, at: now, .backward(before: key), limit: -delta)
            rows = Array(before.reversed().prefix(limit))
            if rows.count < limit { rows += try queueRows(filter, at: now, .forward(from: key, skip: 0), limit: limit - rows.count) }
            // Fewer rows before the key than asked for: the page starts the queue.
            offset = before.count < -delta ? 0 : min(max(position + delta, 0), total)
        }
        if exactPosition, let first = rows.first {
            offset = try queueRowsBefore(first.key, filter, at: now)
        }
        return QueueSlice(rows: rows, offset: offset, total: total, hasMore: hasMore)
    }

    /// A page's total: a name is counted up to `QueueSlice.countedNames` (a name of a letter or two
    /// matches most of the queue, and counting every match cost as much as finding the page).
    private func pageTotal(_ filter: QueueFilter, at now: Date) throws -> (total: Int, hasMore: Bool) {
        guard filter.searchesNames else { return (try queueCount(filter, at: now), false) }
        let (whereClause, arguments) = Self.whereClause(filter, now: now)
        let counted = try fetchOne(Int.self, sql: "SELECT COUNT(*) FROM (SELECT 1 FROM request INDEXED BY request_search \(whereClause) LIMIT ?)",
                                   arguments: arguments + [QueueSlice.countedNames + 1]) ?? 0
        return (min(counted, QueueSlice.countedNames), counted > QueueSlice.countedNames)
    }

    /// Where a read of queue rows starts and which way it goes.
    public enum QueueRead: Sendable {
        /// In queue order from the row with the key (or the first row), `skip` rows after it.
        case forward(from: QueueKey?, skip: Int)
        /// Backwards from the row before the key (or from the last row).
        case backward(before: QueueKey?)
    }

    func queueRows(_ filter: QueueFilter, at now: Date, _ read: QueueRead, limit: Int) throws -> [QueueRow] {
        guard limit > 0 else { return [] }
        let (sql, arguments) = Self.queueQuery(filter, at: now, read, limit: limit)
        return try fetchAll(Row.self, sql: sql, arguments: arguments).compactMap(QueueRow.init(row:))
    }

    /// How many rows under `filter` come before `key` in queue order.
    func queueRowsBefore(_ key: QueueKey, _ filter: QueueFilter, at now: Date) throws -> Int {
        let (whereClause, arguments) = Self.whereClause(filter, now: now, key: "(due_at, id) < (?, ?)", [Self.seconds(key.dueAt), key.id.rawValue])
        // A name is counted on its index; the planner's own choice serves the other filters (the
        // overdue count on request_by_state_due skips finished requests, which are overdue by then).
        let index = filter.searchesNames ? " INDEXED BY request_search" : ""
        return try fetchOne(Int.self, sql: "SELECT COUNT(*) FROM request\(index) \(whereClause)", arguments: arguments) ?? 0
    }

    /// The SQL of a read of queue rows, public so that a benchmark can time the bare query. A
    /// filter on the indexed columns only reads `request_queue_order` in order from the key (the
    /// planner, left alone without statistics, would sort every open request for each page).
    public static func queueQuery(_ filter: QueueFilter, at now: Date, _ read: QueueRead, limit: Int)
        -> (sql: String, arguments: StatementArguments) {
        let columns = queueColumns
        let (whereClause, arguments): (String, StatementArguments)
        let order: String
        var limits: StatementArguments = [limit]
        var limitClause = "LIMIT ?"
        switch read {
        case .forward(let key, let skip):
            (whereClause, arguments) = Self.whereClause(filter, now: now, key: key.map { _ in "(due_at, id) >= (?, ?)" },
                                                        key.map { [seconds($0.dueAt), $0.id.rawValue] } ?? [])
            order = "ORDER BY due_at, id"
            limitClause += " OFFSET ?"
            limits += [skip]
        case .backward(let key):
            (whereClause, arguments) = Self.whereClause(filter, now: now, key: key.map { _ in "(due_at, id) < (?, ?)" },
                                                        key.map { [seconds($0.dueAt), $0.id.rawValue] } ?? [])
            order = "ORDER BY due_at DESC, id DESC"
        }
        if filter.searchesNames {
            // The page's candidates found on request_search, then only the page's rows read whole.
            return ("""
                SELECT \(columns) FROM request WHERE rowid IN
                    (SELECT rowid FROM request INDEXED BY request_search \(whereClause) \(order) \(limitClause)) \(order)
                """, arguments + limits)
        }
        return ("SELECT \(columns) FROM request\(index(for: filter)) \(whereClause) \(order) \(limitClause)", arguments + limits)
    }

    /// The columns of a queue row.
    static let queueColumns = """
        id, service, speed, subject_name, subject_no, delivery, governorate, submitted_at, due_at, state,
            holder, lease_until, duplicate_of, handed_to, tracking, pickup_code, flood,
            NOT EXISTS (SELECT 1 FROM person WHERE person.national_no = request.subject_no) AS no_record
        """

    /// The first page of a name searched as it is typed, and its total, in about one read of the
    /// names whatever the name: its matches are looked for on `request_search` (names only) up to
    /// `QueueSlice.countedNames`. As few as that, they are sorted here and the page read by rowid; more
    /// (a name of a letter or two matches most of the queue), the queue is read in its order until a
    /// page of them is found, which takes a few rows more than the page.
    private func firstPageOfName(_ filter: QueueFilter, at now: Date, limit: Int) throws -> QueueSlice {
        let (whereClause, arguments) = Self.whereClause(filter, now: now)
        let matches = try fetchAll(Row.self, sql: "SELECT rowid, due_at, id FROM request INDEXED BY request_search \(whereClause) LIMIT ?",
                                   arguments: arguments + [QueueSlice.countedNames + 1])
        guard matches.count <= QueueSlice.countedNames else {
            let rows = try fetchAll(Row.self, sql: """
                SELECT \(Self.queueColumns) FROM request INDEXED BY request_queue_order \(whereClause) ORDER BY due_at, id LIMIT ?
                """, arguments: arguments + [limit]).compactMap(QueueRow.init(row:))
            return QueueSlice(rows: rows, offset: 0, total: QueueSlice.countedNames, hasMore: true)
        }
        let page = matches.map { (rowid: $0["rowid"] as Int64, dueAt: $0["due_at"] as Int64, id: $0["id"] as String) }
            .sorted { ($0.dueAt, $0.id) < ($1.dueAt, $1.id) }.prefix(limit).map(\.rowid)
        guard !page.isEmpty else { return QueueSlice(rows: [], offset: 0, total: 0) }
        let rows = try fetchAll(Row.self, sql: """
            SELECT \(Self.queueColumns) FROM request WHERE rowid IN (\(page.map { _ in "?" }.joined(separator: ","))) ORDER BY due_at, id
            """, arguments: StatementArguments(page)).compactMap(QueueRow.init(row:))
        return QueueSlice(rows: rows, offset: 0, total: matches.count)
    }

    /// The index named for a filter it answers alone: the queue's order, or the names for a name searched.
    private static func index(for filter: QueueFilter) -> String {
        filter.testsOnlyQueueOrderColumns ? " INDEXED BY request_queue_order" : filter.searchesNames ? " INDEXED BY request_search" : ""
    }

    /// The filter's WHERE with one more condition on the queue's key.
    private static func whereClause(_ filter: QueueFilter, now: Date, key condition: String?,
                                    _ keyArguments: StatementArguments) -> (String, StatementArguments) {
        let (whereClause, arguments) = whereClause(filter, now: now)
        guard let condition else { return (whereClause, arguments) }
        return (whereClause.isEmpty ? "WHERE \(condition)" : "\(whereClause) AND \(condition)", arguments + keyArguments)
    }

    /// How many requests `filter` lets through. Runs on every page the screen loads: a filter of
    /// states and speed only reads the tally the triggers keep; any other filter counts the rows.
    public func queueCount(_ filter: QueueFilter, at now: Date) throws -> Int {
        if filter.isTallied {
            let (whereClause, arguments) = Self.whereClause(filter, now: now)
            return try fetchOne(Int.self, sql: "SELECT COALESCE(SUM(n), 0) FROM request_tally \(whereClause)", arguments: arguments) ?? 0
        }
        return try countedQueue(filter, at: now)
    }

    /// The pickup shelf: envelopes ready for pickup, oldest on the shelf first, with the time each
    /// became ready (its last sealed or ready-for-pickup event); `search` narrows it as the queue's does.
    public func pickupShelf(search: String, at now: Date, limit: Int) throws -> [ShelfRow] {
        let (whereClause, arguments) = Self.whereClause(QueueFilter(search: search, states: [.readyForPickup]), now: now)
        let rows = try fetchAll(Row.self, sql: """
            SELECT r.id, r.service, r.speed, r.subject_name, r.subject_no, r.delivery, r.governorate, r.submitted_at, r.due_at,
                r.state, r.holder, r.lease_until, r.duplicate_of, r.handed_to, r.tracking, r.pickup_code, r.ready_since, r.flood
            FROM (SELECT * FROM request \(whereClause)) r
            ORDER BY r.ready_since, r.id LIMIT ?
            """, arguments: arguments + [limit])
        return rows.compactMap { row in
            QueueRow(row: row).map { ShelfRow(request: $0, readySince: Self.date(row["ready_since"] ?? row["submitted_at"])) }
        }
    }

    /// The count made by scanning the requests, whatever the filter.
    func countedQueue(_ filter: QueueFilter, at now: Date) throws -> Int {
        let (whereClause, arguments) = Self.whereClause(filter, now: now)
        // A name is counted on its index; the planner's own choice serves the other filters (the
        // overdue count on request_by_state_due skips finished requests, which are overdue by then).
        let index = filter.searchesNames ? " INDEXED BY request_search" : ""
        return try fetchOne(Int.self, sql: "SELECT COUNT(*) FROM request\(index) \(whereClause)", arguments: arguments) ?? 0
    }

    /// Requests per state, for the status line.
    public func countsByState() throws -> [RequestState: Int] {
        var counts: [RequestState: Int] = [:]
        for row in try fetchAll(Row.self, sql: "SELECT state, COUNT(*) AS n FROM request GROUP BY state") {
            if let state = RequestState(rawValue: row["state"]) { counts[state] = row["n"] }
        }
        return counts
    }

    /// The queue's WHERE. The filters narrow the list, but an exact search (a pickup code, an S10
    /// number, a national number, a whole request id) finds its request whatever they are: the
    /// operator holding the citizen's paper must not be told "no request" because of F4.
    static func whereClause(_ filter: QueueFilter, now: Date) -> (String, StatementArguments) {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if !filter.states.isEmpty {
            clauses.append("state IN (\(filter.states.map { _ in "?" }.joined(separator: ",")))")
            arguments += StatementArguments(filter.states.map(\.rawValue).sorted())
        }
        var narrowing: [String] = []
        var narrowingArguments: StatementArguments = []
        if let speed = filter.speed {
            narrowing.append("speed = ?")
            narrowingArguments += [speed.rawValue]
        }
        if let service = filter.service {
            narrowing.append("service = ?")
            narrowingArguments += [service]
        }
        if let delivery = filter.delivery {
            narrowing.append("delivery = ?")
            narrowingArguments += [delivery.rawValue]
        }
        if filter.overdueOnly {
            narrowing.append("due_at < ?")
            narrowingArguments += [seconds(now)]
        }
        if let holder = filter.heldBy {
            narrowing.append("(holder = ? OR handed_to = ?)")
            narrowingArguments += [holder.rawValue, holder.rawValue]
        }
        let narrowed = narrowing.joined(separator: " AND ")
        switch filter.searched {
        case .nothing:
            clauses += narrowing
            arguments += narrowingArguments
        case .pickupCode(let code):
            clauses.append("pickup_code = ?")
            arguments += [code.rawValue]
        case .tracking(let tracking):
            clauses.append("tracking = ?")
            arguments += [tracking.rawValue]
        case .nationalNumber(let number):
            clauses.append("(subject_no = ? OR applicant_no = ?)")
            arguments += [number.digits, number.digits]
        case .id(let text):
            // The whole id whatever the filters; the start of one within them.
            let prefix = "id LIKE ? ESCAPE '\\'"
            clauses.append(narrowing.isEmpty ? prefix : "(id = ? OR (\(prefix) AND \(narrowed)))")
            if !narrowing.isEmpty { arguments += [text] }
            arguments += [escapeLike(text) + "%"]
            if !narrowing.isEmpty { arguments += narrowingArguments }
        case .name(let normalised):
            clauses += narrowing
            arguments += narrowingArguments
            // instr, not LIKE: both sides are normalised alike, and LIKE's folding of Latin case
            // (which Arabic names do not need) made it twice as slow on every name tested.
            clauses.append("instr(search_key, ?) > 0")
            arguments += [normalised]
        }
        return (clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "), arguments)
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}

extension QueueFilter {
    /// What the search box holds, as the store looks for it.
    enum Searched {
        case nothing
        case pickupCode(PickupCode)
        case tracking(TrackingNumber)
        case nationalNumber(NationalNumber)
        /// A request id or the start of one, in capitals.
        case id(String)
        /// A part of a name, normalised as `search_key` is.
        case name(String)
    }

    /// An exact code (a pickup code, an S10 number, a national number) first, then an id, then a name.
    var searched: Searched {
        let text = search.trimmingCharacters(in: .whitespaces)
        let digits = ArabicName.safeNormalised(text)
        if text.isEmpty { return .nothing }
        if let code = try? PickupCode(digits) { return .pickupCode(code) }
        if let tracking = try? TrackingNumber(text.uppercased()) { return .tracking(tracking) }
        if let number = try? NationalNumber(digits) { return .nationalNumber(number) }
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return .id(text.uppercased()) }
        return .name(digits)
    }

    /// A search by name: its candidates are read from `request_search` (names and order only)
    /// instead of from the whole rows, and only the rows of the page are read whole.
    var searchesNames: Bool {
        if case .name = searched { true } else { false }
    }

    /// States, speed and due time only: every column the filter tests is in `request_queue_order`.
    var testsOnlyQueueOrderColumns: Bool {
        service == nil && delivery == nil && heldBy == nil && search.trimmingCharacters(in: .whitespaces).isEmpty
    }

    /// States and speed only: the columns `request_tally` is kept by.
    var isTallied: Bool { !overdueOnly && testsOnlyQueueOrderColumns }
}

extension StoreTransaction {
    /// Open requests not yet overdue that will be within `window`: how many, and the one due first.
    public func dueSoon(at now: Date, within window: TimeInterval) throws -> (count: Int, first: RequestID?) {
        let states = Self.openStatesSQL
        let start = Self.seconds(now), end = Self.seconds(now.addingTimeInterval(window))
        // One range of request_by_state_due per open state.
        let count = try fetchOne(Int.self, sql: "SELECT COUNT(*) FROM request WHERE state IN (\(states)) AND due_at > ? AND due_at <= ?",
                                 arguments: [start, end]) ?? 0
        guard count > 0 else { return (0, nil) }
        let first = try fetchOne(String.self, sql: """
            SELECT id FROM request WHERE state IN (\(states)) AND due_at > ? AND due_at <= ? ORDER BY due_at, id LIMIT 1
            """, arguments: [start, end])
        return (count, first.flatMap { try? RequestID($0) })
    }
}
