import Foundation
import GRDB
import ShubbakCore

/// The first place where the stored history does not hold together.
public struct AuditFinding: Hashable, Sendable, CustomStringConvertible {
    public var event: Int64?
    public var request: String?
    public var problem: String

    public var description: String {
        if let event { return "event \(event): \(problem)" }
        if let request { return "request \(request): \(problem)" }
        return problem
    }
}

public struct AuditReport: Hashable, Sendable {
    public var eventsChecked: Int64
    public var requestsChecked: Int
    public var head: String
    /// Nil when the chain and every projection check out.
    public var firstProblem: AuditFinding?
}

extension CenterStore {
    /// Recomputes the audit chain over every stored line and replays every request's events
    /// against its row. Streams the log, so a year of events needs little memory.
    public func verifyAudit() throws(StoreError) -> AuditReport {
        try read { tx in try tx.verifyAudit() }
    }
}

extension StoreTransaction {
    func verifyAudit() throws -> AuditReport {
        var previous = AuditChain.genesis
        var expectedID: Int64 = 1
        var progress: [String: (RequestProgress, Int64)] = [:]
        let cursor = try Row.fetchCursor(db, sql: "SELECT id, request, kind, at, operator, line, hash FROM event ORDER BY id")
        while let row = try cursor.next() {
            let id: Int64 = row["id"]
            func finding(_ problem: String) -> AuditReport {
                AuditReport(eventsChecked: id - 1, requestsChecked: 0, head: AuditChain.hex(previous),
                            firstProblem: AuditFinding(event: id, problem: problem))
            }
            guard id == expectedID else { return finding("expected event \(expectedID) here: the ids have a gap") }
            let line: String = row["line"]
            let hash = AuditChain.next(after: previous, line: line)
            guard hash == [UInt8](row["hash"] as Data) else {
                return finding("its line or hash was changed: the chain does not match")
            }
            guard let event = try? Event(line: line), event.id == id, event.request.rawValue == row["request"] as String,
                  event.kind.rawValue == row["kind"] as String, event.actor.rawValue == row["operator"] as String,
                  Self.seconds(event.at) == row["at"] as Int64 else {
                return finding("its columns do not match its line")
            }
            let key = event.request.rawValue
            if event.kind == .received {
                progress[key] = (RequestProgress(), id)
            } else if let (current, _) = progress[key] {
                progress[key] = (current.applying(event.pending), id)
            } else {
                return finding("\(event.kind.rawValue) before the request was received")
            }
            previous = hash
            expectedID += 1
        }
        var report = AuditReport(eventsChecked: expectedID - 1, requestsChecked: 0, head: AuditChain.hex(previous),
                                 firstProblem: nil)
        let requests = try Row.fetchCursor(db, sql: "SELECT * FROM request ORDER BY id")
        var seen = 0
        while let row = try requests.next() {
            let id: String = row["id"]
            seen += 1
            guard let (replayed, lastEvent) = progress[id] else {
                report.firstProblem = AuditFinding(request: id, problem: "has no received event")
                return report
            }
            let stored = try StoredRequest(row: row)
            guard stored.progress == replayed, stored.lastEvent == lastEvent else {
                report.firstProblem = AuditFinding(
                    request: id,
                    problem: "its row (\(stored.progress.state.rawValue)) differs from the replay of its events (\(replayed.state.rawValue))")
                return report
            }
        }
        report.requestsChecked = seen
        if seen != progress.count {
            report.firstProblem = AuditFinding(problem: "\(progress.count - seen) requests have events but no row")
            return report
        }
        if let drift = try tallyDrift() {
            report.firstProblem = AuditFinding(problem: "the queue tally says \(drift.tallied) \(drift.state) \(drift.speed) requests, the rows \(drift.counted)")
        }
        return report
    }

    /// The first (state, speed) whose kept tally differs from a count of the rows, if any.
    func tallyDrift() throws -> (state: String, speed: String, tallied: Int, counted: Int)? {
        try Row.fetchOne(db, sql: """
            SELECT state, speed, SUM(tallied) AS tallied, SUM(counted) AS counted FROM (
                SELECT state, speed, n AS tallied, 0 AS counted FROM request_tally
                UNION ALL
                SELECT state, speed, 0, COUNT(*) FROM request GROUP BY state, speed)
            GROUP BY state, speed HAVING SUM(tallied) <> SUM(counted) ORDER BY state, speed LIMIT 1
            """).map { ($0["state"], $0["speed"], $0["tallied"], $0["counted"]) }
    }
}
