import Foundation
import GRDB
import ShubbakCore

/// Roll-ups of the event log for the supervisor's dashboard and reports, kept in the transaction that appends each
/// event, so a report over any days reads rows per day rather than the whole history.
///
/// - `rollup_day`: events per local day × service × speed × operator × kind.
/// - `rollup_hour`: events per local day × hour × kind.
/// - `rollup_finished`: one row per sealed or rejected event, with its handling time (claim → finish) and whether it
///   was past due — a day's worth of durations, for medians.
/// - `rollup_duplicate`: requests flagged as possible duplicates, by the day they arrived.
enum Rollups {
    static let finishingKinds: [EventKind] = [.sealed, .rejected]

    static let createTables = """
        CREATE TABLE rollup_day (
            day INTEGER NOT NULL,
            service TEXT NOT NULL,
            speed TEXT NOT NULL,
            operator TEXT NOT NULL,
            kind TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (day, service, speed, operator, kind)
        ) WITHOUT ROWID;
        CREATE TABLE rollup_hour (
            day INTEGER NOT NULL,
            hour INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
            kind TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (day, hour, kind)
        ) WITHOUT ROWID;
        CREATE TABLE rollup_finished (
            day INTEGER NOT NULL,
            event INTEGER NOT NULL,
            request TEXT NOT NULL,
            service TEXT NOT NULL,
            speed TEXT NOT NULL,
            operator TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('sealed', 'rejected')),
            reason TEXT,
            handling INTEGER,
            breached INTEGER NOT NULL,
            PRIMARY KEY (day, event)
        ) WITHOUT ROWID;
        -- Each operator's handling times in order, to walk to a long range's median without sorting it.
        CREATE INDEX rollup_finished_by_handling ON rollup_finished(operator, handling, day);
        CREATE TABLE rollup_duplicate (
            request TEXT PRIMARY KEY,
            day INTEGER NOT NULL,
            duplicate_of TEXT NOT NULL
        );
        CREATE INDEX rollup_duplicate_by_day ON rollup_duplicate(day);
        """

    /// What the roll-ups need to know of an event's request.
    struct RequestFacts {
        var service: String
        var speed: String
        var dueAt: Int64

        /// An event whose request row is missing still counts, under no service.
        static let unknown = RequestFacts(service: "", speed: "", dueAt: .max)
    }

    static func facts(of request: RequestID, in db: Database) throws -> RequestFacts? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT service, speed, due_at FROM request WHERE id = ?"),
                         arguments: [request.rawValue])
            .map { RequestFacts(service: $0["service"], speed: $0["speed"], dueAt: $0["due_at"]) }
    }

    /// Counts of events for `rollup_day` and `rollup_hour` that are not written yet. A transaction adds
    /// them up and writes each key once before it commits: a bundle of 100,000 requests upserted the
    /// same two rows 200,000 times before (0.65 s of its import).
    struct PendingCounts {
        private struct DayKey: Hashable {
            var day: Int, service: String, speed: String, actor: String, kind: String
        }

        private struct HourKey: Hashable {
            var day: Int, hour: Int, kind: String
        }

        private var days: [DayKey: Int] = [:]
        private var hours: [HourKey: Int] = [:]

        mutating func count(_ kind: EventKind, day: Int, hour: Int, facts: RequestFacts, actor: String) {
            days[DayKey(day: day, service: facts.service, speed: facts.speed, actor: actor, kind: kind.rawValue), default: 0] += 1
            hours[HourKey(day: day, hour: hour, kind: kind.rawValue), default: 0] += 1
        }

        /// Adds the counts to the tables and forgets them; nothing to write, no statement run.
        mutating func write(to db: Database) throws {
            for (key, count) in days {
                try db.cachedStatement(sql: """
                    INSERT INTO rollup_day (day, service, speed, operator, kind, count) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT DO UPDATE SET count = count + excluded.count
                    """).execute(arguments: [key.day, key.service, key.speed, key.actor, key.kind, count])
            }
            for (key, count) in hours {
                try db.cachedStatement(sql: """
                    INSERT INTO rollup_hour (day, hour, kind, count) VALUES (?, ?, ?, ?)
                    ON CONFLICT DO UPDATE SET count = count + excluded.count
                    """).execute(arguments: [key.day, key.hour, key.kind, count])
            }
            self = PendingCounts()
        }
    }

    /// Counts one event into the roll-ups: its day and hour into `pending`, a finishing event's row
    /// into `rollup_finished` at once. `reason` is a rejection's reason code.
    static func record(id: Int64, request: String, kind: EventKind, at: Int64, operator actor: String, reason: String?,
                       facts: RequestFacts, calendar: CenterCalendar, into pending: inout PendingCounts, in db: Database) throws {
        let (day, hour) = calendar.dayAndHour(of: Date(timeIntervalSince1970: TimeInterval(at)))
        pending.count(kind, day: day, hour: hour, facts: facts, actor: actor)
        if kind == .claimed { try recordWait(of: request, claimedAt: at, day: day, speed: facts.speed, in: db) }
        guard finishingKinds.contains(kind) else { return }
        // The center's handling starts at the claim, or at the issuer's document coming back: the
        // issuer's days are not the counter's.
        let claimedAt = try Int64.fetchOne(try db.cachedStatement(sql: """
            SELECT at FROM event WHERE request = ? AND id < ? AND kind IN ('claimed', 'document_received') ORDER BY id DESC LIMIT 1
            """), arguments: [request, id])
        // A break the operator took while holding the request is not handling.
        let onBreak = try claimedAt.map { start -> Int64 in
            let window = Date(timeIntervalSince1970: TimeInterval(start))..<Date(timeIntervalSince1970: TimeInterval(at))
            // Migration 4 backfills events older than the status log (migration 11).
            guard let person = try? OperatorID(actor), !window.isEmpty, try db.tableExists("operator_status") else { return 0 }
            return Int64(ReportMath.breakSeconds(try statusMarks(within: window, of: person, in: db), within: window)[person] ?? 0)
        } ?? 0
        // And the deadline moves by the days the request spent at its issuer.
        let atIssuer = try issuerSeconds(of: request, before: id, endingAt: at, in: db)
        try db.cachedStatement(sql: """
            INSERT INTO rollup_finished (event, day, request, service, speed, operator, outcome, reason, handling, breached)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, day, request, facts.service, facts.speed, actor, kind.rawValue,
                             kind == .rejected ? reason : nil, claimedAt.map { at - $0 - onBreak }, at > facts.dueAt + atIssuer])
    }

    /// How long a request waited at the center before its first claim, counted on that claim's day;
    /// a later claim (a renewal, another operator's) changes nothing.
    static func recordWait(of request: String, claimedAt at: Int64, day: Int, speed: String, in db: Database) throws {
        // Migration 4 backfills claims older than this table (migration 12).
        guard try db.tableExists("rollup_wait") else { return }
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO rollup_wait (request, day, speed, wait)
            SELECT ?, ?, ?, MAX(? - at, 0) FROM event WHERE request = ? AND kind = 'received'
            """).execute(arguments: [request, day, speed, at, request])
    }

    /// The status changes that tell each operator's breaks within `window` (of `person` only, when
    /// given), with each one's last change before it.
    static func statusMarks(within window: Range<Date>, of person: OperatorID? = nil, in db: Database) throws -> [StatusMark] {
        let start = Int64(window.lowerBound.timeIntervalSince1970.rounded(.down)), end = Int64(window.upperBound.timeIntervalSince1970.rounded(.down))
        let only = person.map { _ in "AND operator = ?" } ?? ""
        let arguments: StatementArguments = person.map { [start, end, $0.rawValue, start, $0.rawValue] } ?? [start, end, start]
        return try Row.fetchAll(db, sql: """
            SELECT id, operator, status, at FROM operator_status
            WHERE (at >= ? AND at < ? \(only))
               OR id IN (SELECT MAX(id) FROM operator_status WHERE at < ? \(only) GROUP BY operator)
            """, arguments: arguments).compactMap { row -> StatusMark? in
            guard let id = try? OperatorID(row["operator"]), let status = OperatorStatus(rawValue: row["status"]) else { return nil }
            return StatusMark(sequence: row["id"], operator: id, status: status,
                              at: Date(timeIntervalSince1970: TimeInterval(row["at"] as Int64)))
        }
    }

    /// Seconds from the request's forwarding to its issuer until the document came back (or, for a
    /// request still at the issuer, until `end`); 0 for one never forwarded.
    static func issuerSeconds(of request: String, before id: Int64, endingAt end: Int64, in db: Database) throws -> Int64 {
        guard let forwardedAt = try Int64.fetchOne(try db.cachedStatement(sql: """
            SELECT at FROM event WHERE request = ? AND id < ? AND kind = 'forwarded' ORDER BY id DESC LIMIT 1
            """), arguments: [request, id]) else { return 0 }
        let backAt = try Int64.fetchOne(try db.cachedStatement(sql: """
            SELECT at FROM event WHERE request = ? AND id < ? AND kind = 'document_received' ORDER BY id DESC LIMIT 1
            """), arguments: [request, id])
        return max((backAt ?? end) - forwardedAt, 0)
    }

    /// An amendment that changes an untouched request's service moves its `received` count to the new service.
    static func moveReceived(_ request: RequestID, from before: RequestFacts, toService service: String, speed: String,
                             calendar: CenterCalendar, in db: Database) throws {
        guard before.service != service || before.speed != speed,
              let received = try Row.fetchOne(db, sql: "SELECT at, operator FROM event WHERE request = ? AND kind = 'received'",
                                              arguments: [request.rawValue]) else { return }
        let day = calendar.dayAndHour(of: Date(timeIntervalSince1970: TimeInterval(received["at"] as Int64))).day
        let actor: String = received["operator"]
        try db.execute(sql: """
            UPDATE rollup_day SET count = count - 1
            WHERE day = ? AND service = ? AND speed = ? AND operator = ? AND kind = 'received';
            DELETE FROM rollup_day WHERE count = 0 AND day = ? AND service = ? AND speed = ? AND operator = ? AND kind = 'received';
            INSERT INTO rollup_day (day, service, speed, operator, kind, count) VALUES (?, ?, ?, ?, 'received', 1)
            ON CONFLICT DO UPDATE SET count = count + 1;
            """, arguments: [day, before.service, before.speed, actor, day, before.service, before.speed, actor,
                             day, service, speed, actor])
    }

    static func recordDuplicate(_ request: RequestID, of original: String, receivedAt: Date, calendar: CenterCalendar,
                                in db: Database) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO rollup_duplicate (request, day, duplicate_of) VALUES (?, ?, ?)",
                       arguments: [request.rawValue, calendar.dayAndHour(of: receivedAt).day, original])
    }

    /// Builds the roll-ups of a store made before they existed, with the same code that keeps them.
    static func backfill(_ db: Database, calendar: CenterCalendar) throws {
        let events = try Row.fetchCursor(db, sql: """
            SELECT e.id, e.request, e.kind, e.at, e.operator, r.service, r.speed, r.due_at,
                CASE WHEN e.kind = 'rejected' THEN json_extract(e.line, '$.data.reason') END AS reason
            FROM event e LEFT JOIN request r ON r.id = e.request ORDER BY e.id
            """)
        var pending = PendingCounts()
        while let row = try events.next() {
            guard let kind = EventKind(rawValue: row["kind"]) else { continue }
            let service: String? = row["service"]
            let facts = service.map { RequestFacts(service: $0, speed: row["speed"], dueAt: row["due_at"]) } ?? .unknown
            try record(id: row["id"], request: row["request"], kind: kind, at: row["at"], operator: row["operator"],
                       reason: row["reason"], facts: facts, calendar: calendar, into: &pending, in: db)
        }
        try pending.write(to: db)
        let flagged = try Row.fetchAll(db, sql: """
            SELECT r.id, r.duplicate_of, MIN(e.at) AS at FROM request r JOIN event e ON e.request = r.id AND e.kind = 'received'
            WHERE r.duplicate_of IS NOT NULL GROUP BY r.id
            """)
        for row in flagged {
            guard let request = try? RequestID(row["id"]) else { continue }
            try recordDuplicate(request, of: row["duplicate_of"], receivedAt: Date(timeIntervalSince1970: TimeInterval(row["at"] as Int64)),
                                calendar: calendar, in: db)
        }
    }
}

extension StoreTransaction {
    /// Up to this many days a median sorts the range's rows; beyond, it walks the handling-time index, which reads
    /// about half of each operator's rows in the range but never sorts them.
    static let sortedMedianDays = 31

    /// The states of a request the counter still has to finish.
    /// The queue's open states, in a fixed order for the SQL.
    static let openStates: [RequestState] = RequestState.allCases.filter(QueueFilter.openStates.contains)

    /// Every figure of the dashboard for `range`, read from the roll-ups; the backlog and sync health are as of `now`.
    public func throughputReport(_ range: ReportRange, now: Date, overdueListed: Int = 50,
                                 retentionDays: Int = 90, targets: Targets = Targets()) throws -> ThroughputReport {
        try writePendingCounts()
        let first = range.first.dayNumber, last = range.last.dayNumber
        var stages: [EventKind: Int] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT kind, SUM(count) AS n FROM rollup_day WHERE day BETWEEN ? AND ? GROUP BY kind
            """, arguments: [first, last]) {
            if let kind = EventKind(rawValue: row["kind"]) { stages[kind] = row["n"] }
        }

        struct ServiceKey: Hashable { var service: String, speed: ServiceSpeed }
        var services: [ServiceKey: ServiceFigures] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT service, speed, SUM(count) AS n FROM rollup_day WHERE day BETWEEN ? AND ? AND kind = 'received'
            GROUP BY service, speed
            """, arguments: [first, last]) {
            guard let speed = ServiceSpeed(rawValue: row["speed"]) else { continue }
            let key = ServiceKey(service: row["service"], speed: speed)
            services[key] = ServiceFigures(service: key.service, speed: speed, received: row["n"], finished: 0, breaches: 0)
        }

        // Finished work, counted by SQLite over the range's rows of rollup_finished.
        var finished: [String: (count: Int, rejected: Int, timed: Int, median: Int?, longest: Int?)] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT operator, COUNT(*) AS n, SUM(outcome = 'rejected') AS rejected, COUNT(handling) AS timed,
                MAX(handling) AS longest
            FROM rollup_finished WHERE day BETWEEN ? AND ? GROUP BY operator
            """, arguments: [first, last]) {
            finished[row["operator"]] = (row["n"], row["rejected"], row["timed"], nil, row["longest"])
        }
        // The median is the lower middle of each operator's sorted handling times, so it is a real duration.
        if range.dayCount <= Self.sortedMedianDays {
            // A few days: sort the range's own rows.
            for row in try Row.fetchAll(db, sql: """
                SELECT operator, handling FROM (
                    SELECT operator, handling, ROW_NUMBER() OVER (PARTITION BY operator ORDER BY handling) AS position,
                        COUNT(*) OVER (PARTITION BY operator) AS count
                    FROM rollup_finished WHERE day BETWEEN ? AND ? AND handling IS NOT NULL)
                WHERE position = (count + 1) / 2
                """, arguments: [first, last]) {
                finished[row["operator"]]?.median = row["handling"]
            }
        } else {
            // Many days: walk each operator's handling times, already in order in the index, to the middle one.
            for (name, tally) in finished where tally.timed > 0 {
                finished[name]?.median = try Int.fetchOne(db, sql: """
                    SELECT handling FROM rollup_finished INDEXED BY rollup_finished_by_handling
                    WHERE operator = ? AND handling IS NOT NULL AND day BETWEEN ? AND ?
                    ORDER BY handling LIMIT 1 OFFSET ?
                    """, arguments: [name, first, last, (tally.timed - 1) / 2])
            }
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT service, speed, COUNT(*) AS n, SUM(breached) AS breaches FROM rollup_finished
            WHERE day BETWEEN ? AND ? GROUP BY service, speed
            """, arguments: [first, last]) {
            guard let speed = ServiceSpeed(rawValue: row["speed"]) else { continue }
            let key = ServiceKey(service: row["service"], speed: speed)
            var service = services[key] ?? ServiceFigures(service: key.service, speed: speed, received: 0, finished: 0, breaches: 0)
            service.finished = row["n"]
            service.breaches = row["breaches"]
            services[key] = service
        }
        var rejections: [RejectionReason: Int] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT reason, COUNT(*) AS n FROM rollup_finished WHERE day BETWEEN ? AND ? AND outcome = 'rejected' GROUP BY reason
            """, arguments: [first, last]) {
            rejections[RejectionReason(rawValue: row["reason"] ?? "") ?? .other, default: 0] += row["n"] as Int
        }

        // Signed-in time counts up to now for today, to the end of the last day otherwise.
        let rangeStart = calendar.start(of: range.first)
        let window = rangeStart..<min(calendar.start(of: range.last.adding(days: 1)), max(now, rangeStart))
        let signedIn = ReportMath.signedInSeconds(try sessionMarks(within: window), within: window)
        let breaks = ReportMath.breakSeconds(try Rollups.statusMarks(within: window, in: db), within: window)
        let active = try String.fetchAll(db, sql: """
            SELECT DISTINCT operator FROM rollup_day WHERE day BETWEEN ? AND ? AND operator <> ?
            """, arguments: [first, last, OperatorID.system.rawValue])
        let everyone = Set(active).union(finished.keys).union(signedIn.keys.map(\.rawValue)).union(breaks.keys.map(\.rawValue))
            .subtracting([OperatorID.system.rawValue])
        let operators = everyone.sorted().map { name in
            let figures = finished[name] ?? (0, 0, 0, nil, nil)
            let id = OperatorID(stored: name)
            return OperatorFigures(operator: id, finished: figures.count, rejected: figures.rejected,
                                   medianHandling: figures.median, longestHandling: figures.longest, signedIn: signedIn[id] ?? 0,
                                   onBreak: breaks[id] ?? 0)
        }

        var byHour = Array(repeating: 0, count: 24)
        for row in try Row.fetchAll(db, sql: """
            SELECT hour, SUM(count) AS n FROM rollup_hour WHERE day BETWEEN ? AND ? AND kind IN ('sealed', 'rejected')
            GROUP BY hour
            """, arguments: [first, last]) {
            byHour[row["hour"] as Int] = row["n"]
        }
        var last14 = Array(repeating: 0, count: 14)
        for row in try Row.fetchAll(db, sql: """
            SELECT day, SUM(count) AS n FROM rollup_hour WHERE day BETWEEN ? AND ? AND kind IN ('sealed', 'rejected')
            GROUP BY day
            """, arguments: [last - 13, last]) {
            last14[(row["day"] as Int) - (last - 13)] = row["n"]
        }

        let duplicates = try Row.fetchAll(db, sql: """
            SELECT request, duplicate_of FROM rollup_duplicate WHERE day BETWEEN ? AND ? ORDER BY request
            """, arguments: [first, last]).compactMap { row -> DuplicateFlag? in
            guard let request = try? RequestID(row["request"]), let original = try? RequestID(row["duplicate_of"]) else { return nil }
            return DuplicateFlag(request: request, duplicateOf: original)
        }

        return ThroughputReport(
            range: range, madeAt: now, stages: stages, operators: operators,
            services: services.values.sorted { ($0.service, $0.speed.rawValue) < ($1.service, $1.speed.rawValue) },
            finishedByHour: byHour, finishedLast14Days: last14,
            backlog: try backlog(carriedOverBefore: calendar.start(of: range.first), now: now, listed: overdueListed),
            rejections: rejections, duplicates: duplicates, sync: try syncHealth(),
            issuers: try issuerFigures(from: calendar.start(of: range.first), to: calendar.start(of: range.last.adding(days: 1)), now: now),
            delivery: try deliveryFigures(from: calendar.start(of: range.first), to: calendar.start(of: range.last.adding(days: 1)),
                                          now: now, retentionDays: retentionDays),
            floods: try floodClusters(arrivedFrom: calendar.start(of: range.first), until: calendar.start(of: range.last.adding(days: 1)),
                                      orUndecided: range.last >= calendar.day(of: now), now: now).map(FloodFigures.init),
            targets: try targetFigures(from: first, through: last, targets: targets))
    }

    /// The report for `range` beside the same days one week earlier.
    public func throughputComparison(_ range: ReportRange, now: Date, retentionDays: Int = 90,
                                     targets: Targets = Targets()) throws -> ReportComparison {
        ReportComparison(current: try throughputReport(range, now: now, retentionDays: retentionDays, targets: targets),
                         previous: try throughputReport(range.weekBefore, now: now, retentionDays: retentionDays, targets: targets))
    }

    /// Handling times of the days' finished requests by speed, and the waits before their first
    /// claim of the requests claimed in the days, each against its target. Read as distinct
    /// durations with their counts, so a month costs its distinct seconds, not its rows.
    func targetFigures(from first: Int, through last: Int, targets: Targets) throws -> [TargetFigures] {
        func figures(_ measure: TargetMeasure, _ sql: String, _ arguments: StatementArguments) throws -> TargetFigures {
            var figures = TargetFigures(measure: measure, target: targets.seconds(for: measure))
            for row in try Row.fetchAll(db, sql: sql, arguments: arguments) { figures.add(row["seconds"], times: row["n"]) }
            return figures
        }
        let handling = """
            SELECT handling AS seconds, COUNT(*) AS n FROM rollup_finished
            WHERE day BETWEEN ? AND ? AND speed = ? AND handling IS NOT NULL GROUP BY handling
            """
        return [
            try figures(.handlingFast, handling, [first, last, ServiceSpeed.fast.rawValue]),
            try figures(.handlingSlow, handling, [first, last, ServiceSpeed.slow.rawValue]),
            try figures(.waiting, "SELECT wait AS seconds, COUNT(*) AS n FROM rollup_wait WHERE day BETWEEN ? AND ? GROUP BY wait", [first, last]),
        ]
    }

    /// Open requests now, by age; overdue ones listed first due first.
    func backlog(carriedOverBefore start: Date, now: Date, listed: Int) throws -> Backlog {
        let states = Self.openStates.map { "'\($0.rawValue)'" }.joined(separator: ",")
        let nowSeconds = Self.seconds(now), startSeconds = Self.seconds(start)
        var byAge: [AgeBucket: Int] = [:]
        var carriedOver = 0
        let submitted = try Int64.fetchCursor(db, sql: "SELECT submitted_at FROM request WHERE state IN (\(states))")
        while let at = try submitted.next() {
            byAge[AgeBucket.of(age: Int(nowSeconds - at)), default: 0] += 1
            if at < startSeconds { carriedOver += 1 }
        }
        let overdueCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM request WHERE state IN (\(states)) AND due_at < ?",
                                            arguments: [nowSeconds]) ?? 0
        let overdue = try Row.fetchAll(db, sql: """
            SELECT id, service, state, due_at FROM request WHERE state IN (\(states)) AND due_at < ? ORDER BY due_at, id LIMIT ?
            """, arguments: [nowSeconds, listed]).compactMap { row -> OverdueRequest? in
            guard let id = try? RequestID(row["id"]), let state = RequestState(rawValue: row["state"]) else { return nil }
            return OverdueRequest(id: id, service: row["service"], state: state, dueAt: Self.date(row["due_at"]))
        }
        return Backlog(byAge: byAge, carriedOver: carriedOver, overdueCount: overdueCount, overdue: overdue)
    }

    /// What went to each issuer and came back in [start, end), and what waits there now.
    func issuerFigures(from start: Date, to end: Date, now: Date) throws -> [IssuerFigures] {
        var figures: [String: IssuerFigures] = [:]
        func bump(_ issuer: String, _ change: (inout IssuerFigures) -> Void) {
            change(&figures[issuer, default: IssuerFigures(issuer: issuer)])
        }
        var days: [String: [Int]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT e.kind, json_extract(e.line, '$.data.issuer') AS issuer, json_extract(e.line, '$.data.reason') AS reason,
                (SELECT f.at FROM event f WHERE f.request = e.request AND f.id < e.id AND f.kind = 'forwarded'
                 ORDER BY f.id DESC LIMIT 1) AS forwarded_at, e.at
            FROM event e WHERE e.at >= ? AND e.at < ? AND e.kind IN ('forwarded', 'document_received', 'rejected')
            """, arguments: [Self.seconds(start), Self.seconds(end)]) {
            guard let issuer: String = row["issuer"] else { continue }
            switch row["kind"] as String {
            case "forwarded": bump(issuer) { $0.forwarded += 1 }
            case "document_received":
                bump(issuer) { $0.returned += 1 }
                if let sent: Int64 = row["forwarded_at"] {
                    days[issuer, default: []].append(Int((Double((row["at"] as Int64) - sent) / 86_400).rounded()))
                }
            default:
                if row["reason"] as String? == RejectionReason.issuerRefused.rawValue { bump(issuer) { $0.refused += 1 } }
            }
        }
        let today = calendar.day(of: now).description
        for row in try Row.fetchAll(db, sql: """
            SELECT issuer, COUNT(*) AS n, SUM(expected_by < ?) AS late FROM request WHERE state = 'forwarded' GROUP BY issuer
            """, arguments: [today]) {
            guard let issuer: String = row["issuer"] else { continue }
            bump(issuer) { $0.waiting = row["n"]; $0.late = row["late"] }
        }
        for (issuer, spent) in days where !spent.isEmpty {
            figures[issuer]?.medianDays = spent.sorted()[(spent.count - 1) / 2]
        }
        return figures.values.sorted { $0.issuer < $1.issuer }
    }

    /// The pickup shelf now, and the deliveries and the post's reports in [start, end).
    func deliveryFigures(from start: Date, to end: Date, now: Date, retentionDays: Int) throws -> DeliveryFigures {
        var figures = DeliveryFigures(retentionDays: retentionDays)
        let nowSeconds = Self.seconds(now)
        let since = try Int64.fetchCursor(db, sql: "SELECT COALESCE(ready_since, updated_at) FROM request WHERE state = 'ready_for_pickup'")
        while let at = try since.next() {
            figures.shelf[ShelfAge.of(days: Int((nowSeconds - at) / 86_400), retentionDays: retentionDays), default: 0] += 1
        }
        let range: StatementArguments = [Self.seconds(start), Self.seconds(end)]
        for row in try Row.fetchAll(db, sql: """
            SELECT json_extract(line, '$.data.by') AS by, COUNT(*) AS n FROM event
            WHERE at >= ? AND at < ? AND kind = 'delivered' GROUP BY by
            """, arguments: range) {
            if row["by"] as String? == DeliveryChannel.post.rawValue { figures.deliveredByPost += row["n"] as Int } else {
                figures.deliveredAtCounter += row["n"] as Int
            }
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT event, COUNT(*) AS n FROM postal_report WHERE at >= ? AND at < ? AND event <> 'delivered' GROUP BY event
            """, arguments: range) {
            if row["event"] as String == PostalReport.Kind.attempted.rawValue { figures.postAttempted = row["n"] } else {
                figures.postReturning = row["n"]
            }
        }
        figures.expectedBack = try envelopesReportedByPost(limit: 100_000).count
        return figures
    }

    public func syncHealth() throws -> SyncHealth {
        let imported = try Int64.fetchOne(db, sql: "SELECT MAX(applied_at) FROM inbound_bundle")
        let exported = try Int64.fetchOne(db, sql: "SELECT MAX(created_at) FROM outbound_bundle")
        let unacked = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outbound_bundle WHERE acked = 0")
        return SyncHealth(lastImport: imported.map(Self.date), lastExport: exported.map(Self.date),
                          waitingSeq: try nextInboundSeq(from: .central), quarantined: try quarantineCount(),
                          unacknowledged: unacked?["n"] ?? 0, oldestUnacknowledged: (unacked?["oldest"] as Int64?).map(Self.date))
    }

    /// The session log within `window` and the day before it, so a session begun the evening before counts; the
    /// idle lock ends any session long before a day has passed, and the look-back keeps the cost a day's.
    func sessionMarks(within window: Range<Date>) throws -> [SessionMark] {
        let start = Self.seconds(window.lowerBound) - 86_400, end = Self.seconds(window.upperBound)
        return try Row.fetchAll(db, sql: """
            SELECT id, operator, kind, at FROM operator_session WHERE at >= ? AND at < ?
            """, arguments: [start, end]).compactMap { row -> SessionMark? in
            guard let kind = SessionEventKind(rawValue: row["kind"]) else { return nil }
            return SessionMark(sequence: row["id"], operator: OperatorID(stored: row["operator"]), kind: kind,
                               at: Self.date(row["at"]))
        }
    }
}
