import Foundation
import GRDB
import ShubbakCore

/// Floods as the supervisor sees them: flagged requests joined into clusters, and the decision on one.
extension StoreTransaction {
    /// The clusters still to be decided: flagged requests that arrived in the last `days` days or are
    /// still open, joined as `FloodCluster` joins them; those with a member left to reject.
    public func undecidedFloodClusters(at now: Date, days: Int = 7) throws -> [FloodCluster] {
        let members = try floodMembers(where: "submitted_at >= ? OR state IN (\(Self.openStatesSQL))",
                                       arguments: [Self.seconds(now) - Int64(days) * 86_400], now: now)
        return FloodCluster.clusters(of: members).filter { !$0.rejectable.isEmpty }
    }

    /// The clusters of the flagged requests that arrived from `start` until before `end` (a report's
    /// days); with `orUndecided` (days up to today) also those still waiting for the decision.
    public func floodClusters(arrivedFrom start: Date, until end: Date, orUndecided: Bool = false, now: Date) throws -> [FloodCluster] {
        let members = try floodMembers(where: "(submitted_at >= ? AND submitted_at < ?) OR (? AND state IN (\(Self.openStatesSQL)))",
                                       arguments: [Self.seconds(start), Self.seconds(end), orUndecided], now: now)
        return FloodCluster.clusters(of: members)
    }

    /// The queue's open states as an SQL list: the requests still to be worked on.
    static let openStatesSQL = QueueFilter.openStates.map { "'\($0.rawValue)'" }.sorted().joined(separator: ",")

    private func floodMembers(where condition: String, arguments: StatementArguments, now: Date) throws -> [FloodMember] {
        try fetchAll(Row.self, sql: """
            SELECT id, service, subject_name, subject_no, applicant_no, applicant_phone, payment_ref, submitted_at, state,
                CASE WHEN lease_until > ? THEN holder END AS holder,
                (SELECT json_extract(e.line, '$.data.reason') FROM event e WHERE e.request = request.id AND e.kind = 'rejected') AS reason
            FROM request INDEXED BY request_flooded WHERE flood = 1 AND (\(condition))
            """, arguments: [Self.seconds(now)] + arguments).compactMap { row -> FloodMember? in
            guard let id = try? RequestID(row["id"]), let subject = try? NationalNumber(row["subject_no"]),
                  let applicant = try? NationalNumber(row["applicant_no"]),
                  let state = (row["state"] as String?).flatMap(RequestState.init(rawValue:)) else { return nil }
            return FloodMember(request: id, service: row["service"], subjectName: row["subject_name"], subjectNo: subject,
                               applicantNo: applicant, phone: row["applicant_phone"], paymentRef: row["payment_ref"],
                               submittedAt: Self.date(row["submitted_at"]), state: state,
                               holder: (row["holder"] as String?).flatMap { try? OperatorID($0) },
                               rejection: (row["reason"] as String?).flatMap(RejectionReason.init(rawValue:)))
        }
    }

    /// The supervisor's decision on a flood: each of `ids` rejected as SUSPECTED_FAKE with `note`,
    /// one event each. A refusal of any (an operator deciding, a request sealed meanwhile) throws,
    /// and the transaction around this leaves every one as it was.
    @discardableResult
    public func rejectAsSuspectedFake(_ ids: [RequestID], note: String, by actor: OperatorID, at now: Date,
                                      lifecycle: Lifecycle) throws -> [Event] {
        let role = try fetchOne(String.self, sql: "SELECT role FROM operator WHERE id = ?", arguments: [actor.rawValue]).flatMap(Role.init(rawValue:))
        guard let role, role >= .supervisor else { throw StoreError.notPermitted(actor) }
        return try ids.map { id in
            do {
                return try perform(.rejectAsSuspectedFake(note: note), on: id, by: actor, at: now, lifecycle: lifecycle)
            } catch StoreError.lifecycle(let error) {
                throw StoreError.refused(id, error)
            }
        }
    }
}
