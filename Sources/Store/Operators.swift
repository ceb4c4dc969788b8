import Foundation
import GRDB
import ShubbakCore

/// Operators, their sign-in counters and the session log.
extension StoreTransaction {
    public func add(_ profile: Operator, password: PasswordHash, at now: Date) throws {
        guard try account(profile.id) == nil else { throw StoreError.operatorExists(profile.id) }
        try db.execute(sql: """
            INSERT INTO operator (id, name, role, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [profile.id.rawValue, profile.name, profile.role.rawValue, password.encoded, profile.disabled,
                             Self.seconds(now)])
    }

    public func account(_ id: OperatorID) throws -> SignInPolicy.Account? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM operator WHERE id = ?", arguments: [id.rawValue]) else {
            return nil
        }
        return try Self.account(row)
    }

    public func operators() throws -> [Operator] {
        try Row.fetchAll(db, sql: "SELECT * FROM operator ORDER BY id").map { try Self.account($0).profile }
    }

    /// Writes back what a sign-in attempt changed.
    public func update(_ account: SignInPolicy.Account) throws {
        try db.execute(sql: """
            UPDATE operator SET name = ?, role = ?, password_hash = ?, disabled = ?, failed_attempts = ?, locked_until = ?
            WHERE id = ?
            """, arguments: [account.profile.name, account.profile.role.rawValue, account.password.encoded,
                             account.profile.disabled, account.failedAttempts, account.lockedUntil.map(Self.seconds),
                             account.profile.id.rawValue])
        guard db.changesCount == 1 else { throw StoreError.unknownOperator(account.profile.id) }
    }

    public func log(_ kind: SessionEventKind, of id: OperatorID, at now: Date, detail: String = "") throws {
        try db.execute(sql: "INSERT INTO operator_session (operator, kind, at, detail) VALUES (?, ?, ?, ?)",
                       arguments: [id.rawValue, kind.rawValue, Self.seconds(now), detail])
    }

    /// The session log, newest first.
    public func sessionLog(limit: Int) throws -> [(operator: OperatorID, kind: SessionEventKind, at: Date, detail: String)] {
        try Row.fetchAll(db, sql: "SELECT * FROM operator_session ORDER BY id DESC LIMIT ?", arguments: [limit]).compactMap { row in
            guard let kind = SessionEventKind(rawValue: row["kind"]) else { return nil }
            return (OperatorID(stored: row["operator"]), kind, Self.date(row["at"]), row["detail"])
        }
    }

    static func account(_ row: Row) throws -> SignInPolicy.Account {
        guard let role = Role(rawValue: row["role"]) else { throw StoreError.corrupt("operator \(row["id"] ?? "") has an unknown role") }
        let password: PasswordHash
        do { password = try PasswordHash(stored: row["password_hash"]) } catch {
            throw StoreError.corrupt("operator \(row["id"] ?? "") has an unreadable password hash")
        }
        let profile = Operator(id: OperatorID(stored: row["id"]), name: row["name"], role: role, disabled: row["disabled"])
        return SignInPolicy.Account(profile: profile, password: password, failedAttempts: row["failed_attempts"],
                                    lockedUntil: (row["locked_until"] as Int64?).map(Self.date))
    }
}

/// Postal tracking numbers from the center's range, and the print jobs.
extension StoreTransaction {
    /// The next unused serial of the range, given to `request` for good: a spoilt envelope's number is never reused.
    public func allocateTracking(prefix: String, serials: ClosedRange<Int>, for request: RequestID,
                                 at now: Date) throws -> TrackingNumber {
        let prefix = prefix.uppercased()
        let last = try Int.fetchOne(db, sql: "SELECT MAX(serial) FROM tracking_allocation WHERE prefix = ?",
                                    arguments: [prefix])
        let serial = last.map { $0 + 1 } ?? serials.lowerBound
        guard serials.contains(serial) else { throw StoreError.trackingRangeExhausted(prefix: prefix, last: last ?? 0) }
        let tracking = try TrackingNumber(service: prefix, serial: serial)
        try db.execute(sql: "INSERT INTO tracking_allocation (tracking, prefix, serial, request, at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [tracking.rawValue, prefix, serial, request.rawValue, Self.seconds(now)])
        return tracking
    }

    /// The tracking number already given to this request and not yet used by a seal, if any.
    public func allocatedTracking(for request: RequestID) throws -> TrackingNumber? {
        try String.fetchOne(db, sql: "SELECT tracking FROM tracking_allocation WHERE request = ? ORDER BY serial DESC LIMIT 1",
                            arguments: [request.rawValue]).flatMap { try? TrackingNumber($0) }
    }

    /// Records a number scanned from a pre-printed label as this request's, so no other envelope gets it.
    public func assign(_ tracking: TrackingNumber, to request: RequestID, at now: Date) throws {
        guard try !trackingInUse(tracking, except: request) else { throw StoreError.trackingInUse(tracking) }
        let text = tracking.rawValue
        let serial = Int(text.dropFirst(2).prefix(8)) ?? 0
        try db.execute(sql: """
            INSERT INTO tracking_allocation (tracking, prefix, serial, request, at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(tracking) DO NOTHING
            """, arguments: [text, "LABEL-" + text.prefix(2), serial, request.rawValue, Self.seconds(now)])
    }

    /// Whether another request already carries this tracking number (a label scanned twice).
    public func trackingInUse(_ tracking: TrackingNumber, except request: RequestID) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM request WHERE tracking = ? AND id <> ?)
                OR EXISTS (SELECT 1 FROM tracking_allocation WHERE tracking = ? AND request <> ?)
            """, arguments: [tracking.rawValue, request.rawValue, tracking.rawValue, request.rawValue]) ?? false
    }

    /// The pickup code for this request's envelope: the one printed on it already, or a new one no open
    /// request holds, kept so the seal uses the same.
    public func pickupCode(for request: RequestID, at now: Date) throws -> PickupCode {
        if let reserved = try String.fetchOne(db, sql: "SELECT code FROM pickup_reservation WHERE request = ?",
                                              arguments: [request.rawValue]).flatMap({ try? PickupCode($0) }) {
            return reserved
        }
        while true {
            let code = PickupCode(random: UInt64.random(in: 0..<1_000_000))
            let taken = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM request WHERE pickup_code = ? AND state NOT IN ('delivered', 'cancelled', 'rejected'))
                    OR EXISTS (SELECT 1 FROM pickup_reservation r JOIN request q ON q.id = r.request
                               WHERE r.code = ? AND q.state NOT IN ('delivered', 'cancelled', 'rejected'))
                """, arguments: [code.rawValue, code.rawValue]) ?? false
            if !taken {
                try db.execute(sql: "INSERT INTO pickup_reservation (request, code, at) VALUES (?, ?, ?)",
                               arguments: [request.rawValue, code.rawValue, Self.seconds(now)])
                return code
            }
        }
    }

    /// The pickup code printed on this request's envelope, if one was.
    public func reservedPickupCode(for request: RequestID) throws -> PickupCode? {
        try String.fetchOne(db, sql: "SELECT code FROM pickup_reservation WHERE request = ?", arguments: [request.rawValue])
            .flatMap { try? PickupCode($0) }
    }

    public func recordPrintJob(kind: String, request: RequestID?, by actor: OperatorID, at now: Date, target: String,
                               outcome: String) throws {
        try db.execute(sql: "INSERT INTO print_job (request, kind, operator, at, target, outcome) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [request?.rawValue, kind, actor.rawValue, Self.seconds(now), target, outcome])
    }

    /// The number of manifests already made on the center's local day starting at `dayStart`.
    public func manifestCount(since dayStart: Date) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM manifest WHERE at >= ?", arguments: [Self.seconds(dayStart)]) ?? 0
    }
}
