import Foundation
import GRDB
import ShubbakCore

/// What the post reported about the envelopes the center dispatched (revision 2's `postal` records).
extension StoreTransaction {
    /// The request dispatched under `tracking`, if the center ever dispatched one under it (only a
    /// `dispatched` event gives a request its manifest, and nothing takes it away).
    public func dispatchedRequest(tracking: TrackingNumber) throws -> StoredRequest? {
        guard let row = try fetchOne(Row.self, sql: "SELECT * FROM request WHERE tracking = ? AND manifest IS NOT NULL",
                                     arguments: [tracking.rawValue]) else { return nil }
        return try StoredRequest(row: row)
    }

    public func recordPostal(_ report: PostalReport, for request: RequestID, bundle: Int64, line: Int) throws {
        try execute(sql: """
            INSERT INTO postal_report (tracking, request, event, at, office, reason, bundle, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [report.tracking.rawValue, request.rawValue, report.event.rawValue, Self.seconds(report.at),
                             report.office, report.reason, bundle, line])
    }

    /// The post's reports on one request, oldest first.
    public func postalReports(for request: RequestID) throws -> [PostalReport] {
        try fetchAll(Row.self, sql: "SELECT * FROM postal_report WHERE request = ? ORDER BY at, id", arguments: [request.rawValue])
            .compactMap(PostalReport.init(row:))
    }

    /// Envelopes still out with the post whose latest report is a failed attempt or a return on
    /// its way: what the handoff screen shows as «expected back», the latest first.
    public func envelopesReportedByPost(limit: Int) throws -> [ReportedEnvelope] {
        try fetchAll(Row.self, sql: """
            SELECT p.* FROM postal_report p JOIN request r ON r.id = p.request
            WHERE r.state = 'dispatched' AND p.event IN ('attempted', 'returning')
              AND p.id = (SELECT MAX(id) FROM postal_report WHERE request = p.request)
            ORDER BY p.at DESC, p.id DESC LIMIT ?
            """, arguments: [limit]).compactMap { row in
            guard let report = PostalReport(row: row), let id = try? RequestID(row["request"]) else { return nil }
            return ReportedEnvelope(request: id, report: report)
        }
    }
}

/// Requests waiting at the body that issues their document.
extension StoreTransaction {
    /// The request forwarded under the center's `reference` (what the transmittal slip's barcode holds).
    public func request(reference: String) throws -> StoredRequest? {
        guard let row = try fetchOne(Row.self, sql: "SELECT * FROM request WHERE reference = ?", arguments: [reference]) else {
            return nil
        }
        return try StoredRequest(row: row)
    }

    /// The issuer's document came back with the slip whose `reference` was scanned: records it for
    /// `actor`, who then holds the request. Nil when no request was forwarded under that reference.
    public func receiveDocument(reference: String, by actor: OperatorID, at now: Date, lifecycle: Lifecycle) throws -> RequestID? {
        guard let stored = try request(reference: reference) else { return nil }
        try perform(.receiveDocument(reference: reference), on: stored.record.id, by: actor, at: now, lifecycle: lifecycle)
        return stored.record.id
    }

    /// What waits at each issuer, the longest overdue first (expected back earliest).
    public func waitingAtIssuers(limit: Int) throws -> [StoredRequest] {
        try fetchAll(Row.self, sql: """
            SELECT * FROM request WHERE state = 'forwarded' ORDER BY expected_by, id LIMIT ?
            """, arguments: [limit]).map(StoredRequest.init(row:))
    }
}
