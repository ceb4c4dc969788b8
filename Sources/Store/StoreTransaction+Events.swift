import Foundation
import GRDB
import ShubbakCore

/// The append-only event log with its audit chain.
extension StoreTransaction {
    /// Appends an event with the next id and its audit-chain hash, and counts it into the roll-ups.
    @discardableResult
    public func append(_ pending: PendingEvent) throws -> Event {
        try append(pending, facts: nil)
    }

    /// `facts` stands in for the request row when the event comes before it (a request being received).
    func append(_ pending: PendingEvent, facts: Rollups.RequestFacts?) throws -> Event {
        let head = try memo.auditHead ?? auditHead()
        let event = pending.numbered(head.event + 1)
        let line = event.line()
        let hash = AuditChain.next(after: head.hash, line: line)
        try execute(sql: "INSERT INTO event (id, request, kind, at, operator, line, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [event.id, event.request.rawValue, event.kind.rawValue, Self.seconds(event.at),
                                event.actor.rawValue, line, Data(hash)])
        memo.auditHead = (event.id, hash)
        // An operator's step ends their idle time; the central office's and the center's own events are no one's.
        if event.actor != .system {
            try execute(sql: "UPDATE operator_presence SET active_at = ? WHERE operator = ?",
                        arguments: [Self.seconds(event.at), event.actor.rawValue])
        }
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

    /// The kinds of a request's events, oldest first.
    public func eventKinds(of request: RequestID) throws -> [EventKind] {
        try fetchAll(String.self, sql: "SELECT kind FROM event WHERE request = ? ORDER BY id", arguments: [request.rawValue])
            .map { kind in
                guard let known = EventKind(rawValue: kind) else { throw StoreError.corrupt("an event of \(request) has kind \(kind)") }
                return known
            }
    }

    public func events(of request: RequestID) throws -> [Event] {
        try fetchAll(String.self, sql: "SELECT line FROM event WHERE request = ? ORDER BY id", arguments: [request.rawValue])
            .map { try Event(line: $0) }
    }

    /// The id of the newest event (event ids have no gap), 0 before the first.
    public func lastEventID() throws -> Int64 {
        try fetchOne(Int64.self, sql: "SELECT MAX(id) FROM event") ?? 0
    }

    /// Calls `body` with the exact line of each event after `id`, in id order, at most `limit` of them,
    /// reading them one by one: an export of a million events never holds them all.
    public func forEachEventLine(after id: Int64, limit: Int, _ body: (String) throws -> Void) throws {
        let lines = try String.fetchCursor(db, sql: "SELECT line FROM event WHERE id > ? ORDER BY id LIMIT ?", arguments: [id, limit])
        while let line = try lines.next() { try body(line) }
    }

    /// The audit-chain hash after event `id` (the genesis hash for 0).
    public func eventHash(_ id: Int64) throws -> [UInt8] {
        guard id > 0 else { return AuditChain.genesis }
        guard let hash = try fetchOne(Data.self, sql: "SELECT hash FROM event WHERE id = ?", arguments: [id]) else {
            throw StoreError.corrupt("event \(id) is missing")
        }
        return [UInt8](hash)
    }
}
