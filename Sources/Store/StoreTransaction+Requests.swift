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
    private func project(_ progress: RequestProgress, of id: RequestID, event: Event, expectedLast: Int64,
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
