import Foundation
import GRDB
import ShubbakCore

/// A request as stored: the central office's record and the fold of its events.
public struct StoredRequest: Hashable, Sendable {
    public var record: RequestRecord
    public var progress: RequestProgress
    public var speed: ServiceSpeed
    public var dueAt: Date
    public var duplicateOf: RequestID?
    public var lastEvent: Int64
}

/// The store's operations inside one transaction. Exchange applies a whole bundle through one of these.
public struct StoreTransaction {
    let db: Database
    /// The center's days, for the roll-ups and the reports.
    var calendar: CenterCalendar = .damascus
    /// What this transaction has already read and may reuse: it alone writes while it is open.
    let memo = TransactionMemo()

    // MARK: Catalog and civil-affairs records

    public func upsert(stamp: Stamp) throws {
        try execute(sql: """
            INSERT INTO stamp (code, name_ar, name_en) VALUES (?, ?, ?)
            ON CONFLICT(code) DO UPDATE SET name_ar = excluded.name_ar, name_en = excluded.name_en
            """, arguments: [stamp.code, stamp.name.ar, stamp.name.en])
    }

    public func stamps() throws -> [Stamp] {
        try fetchAll(Row.self, sql: "SELECT code, name_ar, name_en FROM stamp ORDER BY code").map { row in
            Stamp(code: row["code"], name: LocalizedText(ar: row["name_ar"], en: row["name_en"]))
        }
    }

    public func upsert(service: Service) throws {
        try execute(sql: """
            INSERT INTO service (code, payload, speed, sla_hours, active) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(code) DO UPDATE SET payload = excluded.payload, speed = excluded.speed,
                sla_hours = excluded.sla_hours, active = excluded.active
            """, arguments: [service.code, try Self.json(service), service.speed.rawValue, service.slaHours, service.active])
        memo.serviceTerms[service.code] = nil
    }

    public func service(code: String) throws -> Service? {
        guard let payload = try fetchOne(String.self, sql: "SELECT payload FROM service WHERE code = ?", arguments: [code]) else {
            return nil
        }
        return try Self.decode(Service.self, payload)
    }

    /// True when the catalog holds the service.
    public func hasService(code: String) throws -> Bool {
        try serviceTerms(code) != nil
    }

    /// What a request row takes from its service, read once per transaction without decoding the whole record.
    private func serviceTerms(_ code: String) throws -> TransactionMemo.ServiceTerms? {
        if let known = memo.serviceTerms[code] { return known }
        let terms = try fetchOne(Row.self, sql: "SELECT speed, sla_hours FROM service WHERE code = ?", arguments: [code])
            .map { TransactionMemo.ServiceTerms(speed: $0["speed"], slaHours: $0["sla_hours"]) }
        memo.serviceTerms[code] = .some(terms)
        return terms
    }

    public func services() throws -> [Service] {
        try fetchAll(String.self, sql: "SELECT payload FROM service ORDER BY code").map { try Self.decode(Service.self, $0) }
    }

    public func upsert(person: Person) throws {
        try upsert(person: PreparedPerson(person))
    }

    public func upsert(person prepared: PreparedPerson) throws {
        try execute(sql: """
            INSERT INTO person (national_no, payload, updated_at) VALUES (?, ?, ?)
            ON CONFLICT(national_no) DO UPDATE SET payload = excluded.payload, updated_at = excluded.updated_at
            """, arguments: [prepared.person.nationalNo.digits, prepared.payload, Self.seconds(prepared.person.updatedAt)])
    }

    public func person(_ number: NationalNumber) throws -> Person? {
        guard let payload = try fetchOne(String.self, sql: "SELECT payload FROM person WHERE national_no = ?",
                                                arguments: [number.digits]) else { return nil }
        return try Self.decode(Person.self, payload)
    }

    // MARK: Requests

    /// Takes a new request into the queue and appends its `received` event.
    @discardableResult
    public func receive(_ record: RequestRecord, at now: Date) throws -> Event {
        try receive(PreparedRequest(record), at: now)
    }

    @discardableResult
    public func receive(_ prepared: PreparedRequest, at now: Date) throws -> Event {
        let record = prepared.record
        guard let service = try serviceTerms(record.service) else { throw StoreError.unknownService(record.service) }
        let transition = Lifecycle.receive(record.id, at: now)
        let submitted = Self.seconds(record.submittedAt)
        let due = Self.seconds(record.due(slaHours: service.slaHours))
        let event = try append(transition.event, facts: Rollups.RequestFacts(service: record.service,
                                                                               speed: service.speed, dueAt: due))
        let duplicate = try fetchOne(String.self, sql: """
            SELECT id FROM request
            WHERE (subject_no = ? AND service = ? AND submitted_at BETWEEN ? AND ?) OR payment_ref = ?
            ORDER BY submitted_at LIMIT 1
            """, arguments: [record.subject.nationalNo.digits, record.service,
                             submitted - Int64(duplicateWindow), submitted + Int64(duplicateWindow), record.payment.ref])
        var governorate: String?
        if case .post(let address) = record.delivery { governorate = address.governorate }
        try execute(sql: """
            INSERT INTO request (id, payload, service, speed, subject_no, applicant_no, subject_name, search_key,
                delivery, governorate, payment_ref, submitted_at, due_at, state, duplicate_of, last_event, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?)
            """, arguments: [
                record.id.rawValue, prepared.payload, record.service, service.speed,
                record.subject.nationalNo.digits, record.applicant.nationalNo.digits, record.subject.name.display,
                prepared.searchKey, record.delivery.method.rawValue, governorate, record.payment.ref,
                submitted, due, duplicate, event.id, Self.seconds(now),
            ])
        try execute(sql: """
            INSERT INTO request_tally (state, speed, n) VALUES ('received', ?, 1)
            ON CONFLICT (state, speed) DO UPDATE SET n = n + 1
            """, arguments: [service.speed])
        if let duplicate { try Rollups.recordDuplicate(record.id, of: duplicate, receivedAt: event.at, calendar: calendar, in: db) }
        return event
    }

    /// Replaces a request's content with an amendment from the central office. Only while nobody
    /// has started on it; returns false (nothing changed) otherwise.
    public func amend(_ record: RequestRecord, at now: Date) throws -> Bool {
        guard let service = try serviceTerms(record.service) else { throw StoreError.unknownService(record.service) }
        guard try isUntouched(record.id) else { return false }
        if let before = try Rollups.facts(of: record.id, in: db) {
            try writePendingCounts()
            try Rollups.moveReceived(record.id, from: before, toService: record.service, speed: service.speed, calendar: calendar, in: db)
        }
        var governorate: String?
        if case .post(let address) = record.delivery { governorate = address.governorate }
        try execute(sql: """
            UPDATE request SET payload = ?, service = ?, speed = ?, subject_no = ?, applicant_no = ?, subject_name = ?,
                search_key = ?, delivery = ?, governorate = ?, payment_ref = ?, submitted_at = ?, due_at = ?, updated_at = ?
            WHERE id = ?
            """, arguments: [
                WireWriter.json(record), record.service, service.speed, record.subject.nationalNo.digits,
                record.applicant.nationalNo.digits, record.subject.name.display, Self.searchKey(record.subject.name),
                record.delivery.method.rawValue, governorate, record.payment.ref, Self.seconds(record.submittedAt),
                Self.seconds(record.due(slaHours: service.slaHours)), Self.seconds(now), record.id.rawValue,
            ])
        return true
    }

    /// True while the request has only its `received` event.
    public func isUntouched(_ id: RequestID) throws -> Bool {
        try fetchOne(Int.self, sql: "SELECT COUNT(*) FROM event WHERE request = ?", arguments: [id.rawValue]) == 1
    }

    public func request(_ id: RequestID) throws -> StoredRequest? {
        guard let row = try fetchOne(Row.self, sql: "SELECT * FROM request WHERE id = ?", arguments: [id.rawValue]) else {
            return nil
        }
        return try Self.storedRequest(row)
    }

    /// Decides a command with the core's lifecycle, appends its event and updates the projection.
    @discardableResult
    public func perform(_ command: LifecycleCommand, on id: RequestID, by actor: OperatorID, at now: Date,
                        lifecycle: Lifecycle) throws -> Event {
        let (stored, transition) = try decide(command, on: id, by: actor, at: now, lifecycle: lifecycle)
        let event = try append(transition.event)
        try project(transition.progress, of: id, event: event, expectedLast: stored.lastEvent,
                    claimBy: command == .claim ? actor : nil, now: now)
        return event
    }

    /// What `perform` would do, without doing it: lets a print go out only when its event will be accepted.
    public func decide(_ command: LifecycleCommand, on id: RequestID, by actor: OperatorID, at now: Date,
                       lifecycle: Lifecycle) throws -> (StoredRequest, Transition) {
        guard let stored = try request(id) else { throw StoreError.requestNotFound(id) }
        guard let service = try service(code: stored.record.service) else {
            throw StoreError.unknownService(stored.record.service)
        }
        let context = LifecycleContext(request: stored.record, service: service, progress: stored.progress,
                                       record: try person(stored.record.subject.nationalNo))
        do {
            return (stored, try lifecycle.decide(command, in: context, by: actor, at: now))
        } catch {
            throw StoreError.lifecycle(error)
        }
    }

    /// Writes the request's new progress, guarded by the last event seen, so a change that slipped
    /// in between is never overwritten. A claim also checks the lease in the same statement.
    private func project(_ progress: RequestProgress, of id: RequestID, event: Event, expectedLast: Int64,
                         claimBy claimer: OperatorID?, now: Date) throws {
        var sql = """
            UPDATE request SET state = ?, holder = ?, lease_until = ?, stamps = ?, copies = ?, tracking = ?,
                pickup_code = ?, manifest = ?, handed_to = ?, last_event = ?, updated_at = ?
            WHERE id = ? AND last_event = ?
            """
        var arguments: StatementArguments = [
            progress.state.rawValue, progress.holder?.rawValue, progress.leaseUntil.map(Self.seconds),
            progress.appliedStamps.joined(separator: ","), progress.copies, progress.tracking?.rawValue,
            progress.pickupCode?.rawValue, progress.manifest, progress.handedTo?.rawValue, event.id, Self.seconds(now), id.rawValue, expectedLast,
        ]
        if let claimer {
            sql += " AND (state = 'received' OR holder IS NULL OR holder = ? OR lease_until <= ?)"
            arguments += [claimer.rawValue, Self.seconds(now)]
        }
        sql += " RETURNING id"
        guard try fetchOne(String.self, sql: sql, arguments: arguments) != nil else {
            throw StoreError.corrupt("request \(id) changed while event \(event.id) was being decided")
        }
    }

    /// The next waiting request by due time.
    public func firstWaitingRequest() throws -> RequestID? {
        try fetchOne(String.self, sql: "SELECT id FROM request WHERE state = 'received' ORDER BY due_at, id LIMIT 1")
            .flatMap { try? RequestID($0) }
    }

    // MARK: Event log

    /// Appends an event with the next id and its audit-chain hash, and counts it into the roll-ups.
    @discardableResult
    public func append(_ pending: PendingEvent) throws -> Event {
        try append(pending, facts: nil)
    }

    /// `facts` stands in for the request row when the event comes before it (a request being received).
    private func append(_ pending: PendingEvent, facts: Rollups.RequestFacts?) throws -> Event {
        let head = try memo.auditHead ?? auditHead()
        let event = pending.numbered(head.event + 1)
        let line = event.line()
        let hash = AuditChain.next(after: head.hash, line: line)
        try execute(sql: "INSERT INTO event (id, request, kind, at, operator, line, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [event.id, event.request.rawValue, event.kind.rawValue, Self.seconds(event.at),
                                event.actor.rawValue, line, Data(hash)])
        memo.auditHead = (event.id, hash)
        try Rollups.record(id: event.id, request: event.request.rawValue, kind: event.kind, at: Self.seconds(event.at),
                           operator: event.actor.rawValue, reason: event.data.reason?.rawValue,
                           facts: try facts ?? Rollups.facts(of: event.request, in: db) ?? .unknown,
                           calendar: calendar, into: &memo.rollupCounts, in: db)
        return event
    }

    /// Writes the roll-up counts this transaction has kept in memory. `CenterStore.write` does it
    /// before committing; whatever reads or moves roll-up counts inside a transaction does it first.
    func writePendingCounts() throws {
        try memo.rollupCounts.write(to: db)
    }

    /// The newest event's id and chain hash: the audit head a bundle header carries.
    public func auditHead() throws -> (event: Int64, hash: [UInt8]) {
        guard let row = try fetchOne(Row.self, sql: "SELECT id, hash FROM event ORDER BY id DESC LIMIT 1") else {
            return (0, AuditChain.genesis)
        }
        return (row["id"], [UInt8](row["hash"] as Data))
    }

    /// Event lines in id order after `id`, as they are sent.
    public func eventLines(after id: Int64, limit: Int) throws -> [(id: Int64, line: String, hash: [UInt8])] {
        try fetchAll(Row.self, sql: "SELECT id, line, hash FROM event WHERE id > ? ORDER BY id LIMIT ?",
                         arguments: [id, limit]).map { ($0["id"], $0["line"], [UInt8]($0["hash"] as Data)) }
    }

    public func events(of request: RequestID) throws -> [Event] {
        try fetchAll(String.self, sql: "SELECT line FROM event WHERE request = ? ORDER BY id", arguments: [request.rawValue])
            .map { try Event(line: $0) }
    }

    // MARK: Queue

    public func queue(_ filter: QueueFilter, at now: Date, offset: Int, limit: Int) throws -> [QueueRow] {
        let (sql, arguments) = Self.queueQuery(filter, at: now, offset: offset, limit: limit)
        return try fetchAll(Row.self, sql: sql, arguments: arguments).compactMap(Self.queueRow)
    }

    /// The SQL of a queue page, public so that a benchmark can time the bare query. A filter on the
    /// indexed columns only reads `request_queue_order` in order; the planner, left alone without
    /// statistics, would sort every open request for each page.
    public static func queueQuery(_ filter: QueueFilter, at now: Date, offset: Int, limit: Int)
        -> (sql: String, arguments: StatementArguments) {
        let (whereClause, arguments) = whereClause(filter, now: now)
        let index = filter.testsOnlyQueueOrderColumns ? " INDEXED BY request_queue_order" : ""
        return ("""
            SELECT id, service, speed, subject_name, subject_no, delivery, governorate, submitted_at, due_at, state,
                holder, lease_until, duplicate_of, handed_to, tracking, pickup_code
            FROM request\(index) \(whereClause) ORDER BY due_at, id LIMIT ? OFFSET ?
            """, arguments + [limit, offset])
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
                r.state, r.holder, r.lease_until, r.duplicate_of, r.handed_to, r.tracking, r.pickup_code,
                (SELECT MAX(e.at) FROM event e WHERE e.request = r.id AND e.kind IN ('sealed', 'ready_for_pickup')) AS ready_since
            FROM (SELECT * FROM request \(whereClause)) r
            ORDER BY ready_since, r.id LIMIT ?
            """, arguments: arguments + [limit])
        return rows.compactMap { row in
            Self.queueRow(row).map { ShelfRow(request: $0, readySince: Self.date(row["ready_since"] ?? row["submitted_at"])) }
        }
    }

    /// The count made by scanning the requests, whatever the filter.
    func countedQueue(_ filter: QueueFilter, at now: Date) throws -> Int {
        let (whereClause, arguments) = Self.whereClause(filter, now: now)
        return try fetchOne(Int.self, sql: "SELECT COUNT(*) FROM request \(whereClause)", arguments: arguments) ?? 0
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
        let search = filter.search.trimmingCharacters(in: .whitespaces)
        let digits = ArabicName.safeNormalised(search)
        if search.isEmpty {
            clauses += narrowing
            arguments += narrowingArguments
        } else if let code = try? PickupCode(digits) {
            clauses.append("pickup_code = ?")
            arguments += [code.rawValue]
        } else if let tracking = try? TrackingNumber(search.uppercased()) {
            clauses.append("tracking = ?")
            arguments += [tracking.rawValue]
        } else if let number = try? NationalNumber(digits) {
            clauses.append("(subject_no = ? OR applicant_no = ?)")
            arguments += [number.digits, number.digits]
        } else if search.utf8.allSatisfy({ $0 < 0x80 }) {
            // The whole id whatever the filters; the start of one within them.
            let prefix = "id LIKE ? ESCAPE '\\'"
            clauses.append(narrowing.isEmpty ? prefix : "(id = ? OR (\(prefix) AND \(narrowed)))")
            if !narrowing.isEmpty { arguments += [search.uppercased()] }
            arguments += [escapeLike(search.uppercased()) + "%"]
            if !narrowing.isEmpty { arguments += narrowingArguments }
        } else {
            clauses += narrowing
            arguments += narrowingArguments
            clauses.append("search_key LIKE ? ESCAPE '\\'")
            arguments += ["%" + escapeLike(ArabicName.safeNormalised(search)) + "%"]
        }
        return (clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "), arguments)
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    // MARK: Rows and values

    static func searchKey(_ name: PersonName) -> String {
        ArabicName.safeNormalised("\(name.first) \(name.father) \(name.mother) \(name.last)")
    }

    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }
    static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try Wire.makeEncoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try Wire.makeDecoder().decode(type, from: Data(text.utf8))
    }

    static func queueRow(_ row: Row) -> QueueRow? {
        guard let id = try? RequestID(row["id"]), let number = try? NationalNumber(row["subject_no"]),
              let speed = ServiceSpeed(rawValue: row["speed"]), let delivery = Delivery.Method(rawValue: row["delivery"]),
              let state = RequestState(rawValue: row["state"]) else { return nil }
        return QueueRow(
            id: id, service: row["service"], speed: speed, subjectName: row["subject_name"], subjectNo: number,
            delivery: delivery, governorate: row["governorate"], submittedAt: date(row["submitted_at"]),
            dueAt: date(row["due_at"]), state: state, holder: (row["holder"] as String?).map(OperatorID.init(stored:)),
            leaseUntil: (row["lease_until"] as Int64?).map(date),
            duplicateOf: (row["duplicate_of"] as String?).flatMap { try? RequestID($0) },
            handedTo: (row["handed_to"] as String?).map(OperatorID.init(stored:)),
            tracking: (row["tracking"] as String?).flatMap { try? TrackingNumber($0) },
            pickupCode: (row["pickup_code"] as String?).flatMap { try? PickupCode($0) })
    }

    static func storedRequest(_ row: Row) throws -> StoredRequest {
        let record = try decode(RequestRecord.self, row["payload"])
        guard let state = RequestState(rawValue: row["state"]), let speed = ServiceSpeed(rawValue: row["speed"]) else {
            throw StoreError.corrupt("request \(record.id) has an unknown state or speed")
        }
        let stamps: String = row["stamps"]
        let progress = RequestProgress(
            state: state, holder: (row["holder"] as String?).map(OperatorID.init(stored:)),
            leaseUntil: (row["lease_until"] as Int64?).map(date),
            appliedStamps: stamps.isEmpty ? [] : stamps.split(separator: ",").map(String.init),
            copies: row["copies"], tracking: (row["tracking"] as String?).flatMap { try? TrackingNumber($0) },
            pickupCode: (row["pickup_code"] as String?).flatMap { try? PickupCode($0) }, manifest: row["manifest"],
            handedTo: (row["handed_to"] as String?).map(OperatorID.init(stored:)))
        return StoredRequest(record: record, progress: progress, speed: speed, dueAt: date(row["due_at"]),
                             duplicateOf: (row["duplicate_of"] as String?).flatMap { try? RequestID($0) },
                             lastEvent: row["last_event"])
    }
}

extension QueueFilter {
    /// States, speed and due time only: every column the filter tests is in `request_queue_order`.
    var testsOnlyQueueOrderColumns: Bool {
        service == nil && delivery == nil && heldBy == nil && search.trimmingCharacters(in: .whitespaces).isEmpty
    }

    /// States and speed only: the columns `request_tally` is kept by.
    var isTallied: Bool { !overdueOnly && testsOnlyQueueOrderColumns }
}
