import Foundation
import GRDB
import ShubbakCore

/// Requests: taken in, amended, read, and moved through the lifecycle.
extension StoreTransaction {
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
            INSERT INTO request (id, payload, service, speed, subject_no, applicant_no, applicant_phone, subject_name, search_key,
                delivery, governorate, payment_ref, submitted_at, due_at, state, duplicate_of, last_event, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?)
            """, arguments: [
                record.id.rawValue, prepared.payload, record.service, service.speed,
                record.subject.nationalNo.digits, record.applicant.nationalNo.digits, record.applicant.phone,
                record.subject.name.display, prepared.searchKey, record.delivery.method.rawValue, governorate, record.payment.ref,
                submitted, due, duplicate, event.id, Self.seconds(now),
            ])
        try markFlood(record)
        try execute(sql: """
            INSERT INTO request_tally (state, speed, n) VALUES ('received', ?, 1)
            ON CONFLICT (state, speed) DO UPDATE SET n = n + 1
            """, arguments: [service.speed])
        if let duplicate { try Rollups.recordDuplicate(record.id, of: duplicate, receivedAt: event.at, calendar: calendar, in: db) }
        return event
    }

    /// Replaces a request's content with an amendment from the central office, when the lifecycle
    /// accepts one; returns false (nothing changed) otherwise.
    public func amend(_ record: RequestRecord, at now: Date) throws -> Bool {
        guard let service = try serviceTerms(record.service) else { throw StoreError.unknownService(record.service) }
        guard Lifecycle.acceptsAmendment(history: try eventKinds(of: record.id)) else { return false }
        if let before = try Rollups.facts(of: record.id, in: db) {
            try writePendingCounts()
            try Rollups.moveReceived(record.id, from: before, toService: record.service, speed: service.speed, calendar: calendar, in: db)
        }
        var governorate: String?
        if case .post(let address) = record.delivery { governorate = address.governorate }
        try execute(sql: """
            UPDATE request SET payload = ?, service = ?, speed = ?, subject_no = ?, applicant_no = ?, applicant_phone = ?,
                subject_name = ?, search_key = ?, delivery = ?, governorate = ?, payment_ref = ?, submitted_at = ?, due_at = ?,
                updated_at = ?
            WHERE id = ?
            """, arguments: [
                WireWriter.json(record), record.service, service.speed, record.subject.nationalNo.digits,
                record.applicant.nationalNo.digits, record.applicant.phone, record.subject.name.display, Self.searchKey(record.subject.name),
                record.delivery.method.rawValue, governorate, record.payment.ref, Self.seconds(record.submittedAt),
                Self.seconds(record.due(slaHours: service.slaHours)), Self.seconds(now), record.id.rawValue,
            ])
        try markFlood(record)
        return true
    }

    /// Filings read to decide a flood; with no flood flagged near, more than this many filings by one applicant in two days are rare.
    static let floodLookLimit = 2_000

    /// Flags `record` and the requests it makes a flood with: its applicant's (by national number,
    /// then by phone) filings for `floodRule.threshold` different people within 24 hours, and every
    /// request paid with the same payment reference. A filing within 24 hours of its applicant's
    /// flagged flood joins it. A flag once set stays (the supervisor decides).
    func markFlood(_ record: RequestRecord) throws {
        let at = Self.seconds(record.submittedAt)
        let window = Int64(FloodRule.window)
        let filing = FloodRule.Filing(request: record.id, subject: record.subject.nationalNo, submittedAt: record.submittedAt)
        var members: Set<String> = []
        for (column, value) in [("applicant_no", record.applicant.nationalNo.digits), ("applicant_phone", record.applicant.phone)]
        where !value.isEmpty {
            // A flood already flagged within a day of this filing takes it in: one lookup, however big
            // the flood grows (a broker's thousands of bookings must not cost an import their square).
            if try fetchOne(Bool.self, sql: """
                SELECT EXISTS (SELECT 1 FROM request WHERE \(column) = ? AND submitted_at BETWEEN ? AND ? AND flood = 1)
                """, arguments: [value, at - window, at + window]) == true {
                members.insert(record.id.rawValue)
                continue
            }
            let others = try fetchAll(Row.self, sql: """
                SELECT id, subject_no, submitted_at FROM request WHERE \(column) = ? AND submitted_at BETWEEN ? AND ? LIMIT ?
                """, arguments: [value, at - window, at + window, Self.floodLookLimit]).compactMap { row -> FloodRule.Filing? in
                guard let id = try? RequestID(row["id"]), let subject = try? NationalNumber(row["subject_no"]) else { return nil }
                return FloodRule.Filing(request: id, subject: subject, submittedAt: Self.date(row["submitted_at"]))
            }
            members.formUnion(floodRule.cluster(of: filing, among: others).map(\.request.rawValue))
        }
        let paidTogether = try fetchAll(String.self, sql: "SELECT id FROM request WHERE payment_ref = ?", arguments: [record.payment.ref])
        if paidTogether.count > 1 { members.formUnion(paidTogether) }
        guard !members.isEmpty else { return }
        try execute(sql: "UPDATE request SET flood = 1 WHERE flood = 0 AND id IN (\(members.map { _ in "?" }.joined(separator: ",")))",
                    arguments: StatementArguments(Array(members)))
    }

    /// How many requests the applicant of `record` (by national number or phone) filed within 24
    /// hours of it, and for how many people: what the counter tells of a flood.
    public func applicantFilings(around record: RequestRecord) throws -> ApplicantFilings {
        let at = Self.seconds(record.submittedAt)
        let window = Int64(FloodRule.window)
        let row = try fetchOne(Row.self, sql: """
            SELECT COUNT(*) AS requests, COUNT(DISTINCT subject_no) AS people FROM request
            WHERE (applicant_no = ? OR (applicant_phone = ? AND applicant_phone <> '')) AND submitted_at BETWEEN ? AND ?
            """, arguments: [record.applicant.nationalNo.digits, record.applicant.phone, at - window, at + window])
        return ApplicantFilings(requests: row?["requests"] ?? 0, people: row?["people"] ?? 0)
    }


    public func request(_ id: RequestID) throws -> StoredRequest? {
        guard let row = try fetchOne(Row.self, sql: "SELECT * FROM request WHERE id = ?", arguments: [id.rawValue]) else {
            return nil
        }
        return try StoredRequest(row: row)
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
    func project(_ progress: RequestProgress, of id: RequestID, event: Event, expectedLast: Int64,
                         claimBy claimer: OperatorID?, now: Date) throws {
        var sql = """
            UPDATE request SET state = ?, holder = ?, lease_until = ?, stamps = ?, copies = ?, tracking = ?,
                pickup_code = ?, manifest = ?, handed_to = ?, issuer = ?, reference = ?, expected_by = ?, ready_since = ?,
                last_event = ?, updated_at = ?
            WHERE id = ? AND last_event = ?
            """
        var arguments: StatementArguments = [
            progress.state.rawValue, progress.holder?.rawValue, progress.leaseUntil.map(Self.seconds),
            progress.appliedStamps.joined(separator: ","), progress.copies, progress.tracking?.rawValue,
            progress.pickupCode?.rawValue, progress.manifest, progress.handedTo?.rawValue,
            progress.forwarding?.issuer, progress.forwarding?.reference, progress.forwarding?.expectedBy.description,
            progress.readySince.map(Self.seconds), event.id, Self.seconds(now), id.rawValue, expectedLast,
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
}
