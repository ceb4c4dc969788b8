import Foundation
import GRDB
import ShubbakCore

/// Who is at which counter now, what they hold, and their breaks.
extension StoreTransaction {
    /// A counter not heard from for this long (its process ended without signing out) is not shown.
    public static let presenceTimeout: TimeInterval = 45

    /// The operator signed in (or unlocked the counter): at the counter, serving.
    func arrive(_ id: OperatorID, at now: Date) throws {
        let seconds = Self.seconds(now)
        try execute(sql: """
            INSERT INTO operator_presence (operator, status, status_since, signed_in_at, seen_at) VALUES (?, 'serving', ?, ?, ?)
            ON CONFLICT (operator) DO UPDATE SET status = 'serving', status_since = excluded.status_since,
                signed_in_at = excluded.signed_in_at, seen_at = excluded.seen_at
            """, arguments: [id.rawValue, seconds, seconds, seconds])
        try markStatus(.serving, of: id, at: now)
    }

    /// The operator's status changes; `away` takes them from the counters shown. A status the
    /// operator already has changes nothing.
    public func setStatus(_ status: OperatorStatus, of id: OperatorID, at now: Date) throws {
        let current = try fetchOne(String.self, sql: "SELECT status FROM operator_presence WHERE operator = ?", arguments: [id.rawValue])
        if status == .away {
            guard current != nil else { return }
            try execute(sql: "DELETE FROM operator_presence WHERE operator = ?", arguments: [id.rawValue])
        } else {
            guard current != status.rawValue else { return }
            guard current != nil else {
                // A counter whose presence was lost (the database restored, a colleague's sign-out
                // of the same id elsewhere) is back at the counter.
                try arrive(id, at: now)
                if status != .serving { try setStatus(status, of: id, at: now) }
                return
            }
            try execute(sql: "UPDATE operator_presence SET status = ?, status_since = ?, seen_at = ? WHERE operator = ?",
                        arguments: [status.rawValue, Self.seconds(now), Self.seconds(now), id.rawValue])
        }
        try markStatus(status, of: id, at: now)
    }

    private func markStatus(_ status: OperatorStatus, of id: OperatorID, at now: Date) throws {
        try execute(sql: "INSERT INTO operator_status (operator, status, at) VALUES (?, ?, ?)",
                    arguments: [id.rawValue, status.rawValue, Self.seconds(now)])
    }

    /// The counter's heartbeat: the operator is still there. Returns their status (serving for a
    /// counter whose presence was lost, which this puts back).
    @discardableResult
    public func heartbeat(of id: OperatorID, at now: Date) throws -> OperatorStatus {
        try execute(sql: "UPDATE operator_presence SET seen_at = ? WHERE operator = ?", arguments: [Self.seconds(now), id.rawValue])
        if db.changesCount == 0 { try arrive(id, at: now) }
        let status = try fetchOne(String.self, sql: "SELECT status FROM operator_presence WHERE operator = ?", arguments: [id.rawValue])
        return status.flatMap(OperatorStatus.init(rawValue:)) ?? .serving
    }

    /// Every counter heard from within `presenceTimeout`, by operator id: its status, and the request
    /// at it with the step and since when.
    public func liveCounters(at now: Date) throws -> [LiveCounter] {
        let rows = try fetchAll(Row.self, sql: """
            SELECT p.*, COALESCE(o.name, p.operator) AS name FROM operator_presence p LEFT JOIN operator o ON o.id = p.operator
            WHERE p.seen_at >= ? ORDER BY p.operator
            """, arguments: [Self.seconds(now) - Int64(Self.presenceTimeout)])
        return try rows.compactMap { row -> LiveCounter? in
            guard let id = try? OperatorID(row["operator"]), let status = OperatorStatus(rawValue: row["status"]) else { return nil }
            return LiveCounter(operator: id, name: row["name"], status: status, statusSince: Self.date(row["status_since"]),
                               signedInAt: Self.date(row["signed_in_at"]), activeAt: (row["active_at"] as Int64?).map(Self.date),
                               request: try heldRequest(by: id, at: now))
        }
    }

    /// The request `id` holds at the counter now, the one they touched last if more than one.
    private func heldRequest(by id: OperatorID, at now: Date) throws -> HeldRequest? {
        let atCounter = RequestState.allCases.filter(\.isAtCounter).map { "'\($0.rawValue)'" }.joined(separator: ",")
        guard let row = try fetchOne(Row.self, sql: """
            SELECT id, service, state FROM request WHERE holder = ? AND lease_until > ? AND state IN (\(atCounter))
            ORDER BY updated_at DESC LIMIT 1
            """, arguments: [id.rawValue, Self.seconds(now)]),
              let request = try? RequestID(row["id"]), let state = RequestState(rawValue: row["state"]) else { return nil }
        // Since the first claim (a renewal is a claim too) after the request last went back to the queue.
        let since = try fetchOne(Int64.self, sql: """
            SELECT MIN(at) FROM event WHERE request = ? AND operator = ? AND kind IN ('claimed', 'document_received')
                AND id > COALESCE((SELECT MAX(id) FROM event WHERE request = ? AND kind = 'released'), 0)
            """, arguments: [request.rawValue, id.rawValue, request.rawValue])
        return HeldRequest(id: request, service: row["service"], state: state, since: since.map(Self.date) ?? now)
    }
}
