import Foundation
import GRDB
import ShubbakCore

/// Postal tracking numbers from the center's range, and the print jobs.
extension StoreTransaction {
    /// The next unused serial of the range, given to `request` for good: a spoilt envelope's number is never reused.
    public func allocateTracking(prefix: String, serials: ClosedRange<Int>, for request: RequestID,
                                 at now: Date) throws -> TrackingNumber {
        let prefix = prefix.uppercased()
        let last = try fetchOne(Int.self, sql: "SELECT MAX(serial) FROM tracking_allocation WHERE prefix = ?",
                                    arguments: [prefix])
        let serial = last.map { $0 + 1 } ?? serials.lowerBound
        guard serials.contains(serial) else { throw StoreError.trackingRangeExhausted(prefix: prefix, last: last ?? 0) }
        let tracking = try TrackingNumber(service: prefix, serial: serial)
        try execute(sql: "INSERT INTO tracking_allocation (tracking, prefix, serial, request, at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [tracking.rawValue, prefix, serial, request.rawValue, Self.seconds(now)])
        return tracking
    }

    /// The tracking number already given to this request and not yet used by a seal, if any.
    public func allocatedTracking(for request: RequestID) throws -> TrackingNumber? {
        try fetchOne(String.self, sql: "SELECT tracking FROM tracking_allocation WHERE request = ? ORDER BY serial DESC LIMIT 1",
                            arguments: [request.rawValue]).flatMap { try? TrackingNumber($0) }
    }

    /// Records a number scanned from a pre-printed label as this request's, so no other envelope gets it.
    public func assign(_ tracking: TrackingNumber, to request: RequestID, at now: Date) throws {
        guard try !trackingInUse(tracking, except: request) else { throw StoreError.trackingInUse(tracking) }
        let text = tracking.rawValue
        let serial = Int(text.dropFirst(2).prefix(8)) ?? 0
        try execute(sql: """
            INSERT INTO tracking_allocation (tracking, prefix, serial, request, at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(tracking) DO NOTHING
            """, arguments: [text, "LABEL-" + text.prefix(2), serial, request.rawValue, Self.seconds(now)])
    }

    /// Whether another request already carries this tracking number (a label scanned twice).
    public func trackingInUse(_ tracking: TrackingNumber, except request: RequestID) throws -> Bool {
        try fetchOne(Bool.self, sql: """
            SELECT EXISTS (SELECT 1 FROM request WHERE tracking = ? AND id <> ?)
                OR EXISTS (SELECT 1 FROM tracking_allocation WHERE tracking = ? AND request <> ?)
            """, arguments: [tracking.rawValue, request.rawValue, tracking.rawValue, request.rawValue]) ?? false
    }

    /// The pickup code for this request's envelope: the one printed on it already, or a new one no open
    /// request holds, kept so the seal uses the same.
    public func pickupCode(for request: RequestID, at now: Date) throws -> PickupCode {
        if let reserved = try fetchOne(String.self, sql: "SELECT code FROM pickup_reservation WHERE request = ?",
                                              arguments: [request.rawValue]).flatMap({ try? PickupCode($0) }) {
            return reserved
        }
        while true {
            let code = PickupCode(random: UInt64.random(in: 0..<1_000_000))
            let taken = try fetchOne(Bool.self, sql: """
                SELECT EXISTS (SELECT 1 FROM request WHERE pickup_code = ? AND state NOT IN ('delivered', 'cancelled', 'rejected'))
                    OR EXISTS (SELECT 1 FROM pickup_reservation r JOIN request q ON q.id = r.request
                               WHERE r.code = ? AND q.state NOT IN ('delivered', 'cancelled', 'rejected'))
                """, arguments: [code.rawValue, code.rawValue]) ?? false
            if !taken {
                try execute(sql: "INSERT INTO pickup_reservation (request, code, at) VALUES (?, ?, ?)",
                               arguments: [request.rawValue, code.rawValue, Self.seconds(now)])
                return code
            }
        }
    }

    /// The pickup code printed on this request's envelope, if one was.
    public func reservedPickupCode(for request: RequestID) throws -> PickupCode? {
        try fetchOne(String.self, sql: "SELECT code FROM pickup_reservation WHERE request = ?", arguments: [request.rawValue])
            .flatMap { try? PickupCode($0) }
    }

    public func recordPrintJob(kind: String, request: RequestID?, by actor: OperatorID, at now: Date, target: String,
                               outcome: String) throws {
        try execute(sql: "INSERT INTO print_job (request, kind, operator, at, target, outcome) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [request?.rawValue, kind, actor.rawValue, Self.seconds(now), target, outcome])
    }

    /// The number of manifests already made on the center's local day starting at `dayStart`.
    public func manifestCount(since dayStart: Date) throws -> Int {
        try fetchOne(Int.self, sql: "SELECT COUNT(*) FROM manifest WHERE at >= ?", arguments: [Self.seconds(dayStart)]) ?? 0
    }
}
