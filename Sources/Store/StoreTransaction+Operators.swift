import Foundation
import GRDB
import ShubbakCore

/// Operators, their sign-in counters and the session log.
extension StoreTransaction {
    /// One line of the session log: a sign-in, a sign-out, a lock…
    public struct SessionEntry: Hashable, Sendable {
        public var `operator`: OperatorID
        public var kind: SessionEventKind
        public var at: Date
        public var detail: String
    }

    public func add(_ profile: Operator, password: PasswordHash, at now: Date) throws {
        guard try account(profile.id) == nil else { throw StoreError.operatorExists(profile.id) }
        try execute(sql: """
            INSERT INTO operator (id, name, role, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [profile.id.rawValue, profile.name, profile.role.rawValue, password.encoded, profile.disabled,
                             Self.seconds(now)])
    }

    public func account(_ id: OperatorID) throws -> SignInPolicy.Account? {
        try fetchOne(Row.self, sql: "SELECT * FROM operator WHERE id = ?", arguments: [id.rawValue])
            .map(SignInPolicy.Account.init(row:))
    }

    public func operators() throws -> [Operator] {
        try fetchAll(Row.self, sql: "SELECT * FROM operator ORDER BY id").map { try SignInPolicy.Account(row: $0).profile }
    }

    /// Writes back what a sign-in attempt changed.
    public func update(_ account: SignInPolicy.Account) throws {
        try execute(sql: """
            UPDATE operator SET name = ?, role = ?, password_hash = ?, disabled = ?, failed_attempts = ?, locked_until = ?
            WHERE id = ?
            """, arguments: [account.profile.name, account.profile.role.rawValue, account.password.encoded,
                             account.profile.disabled, account.failedAttempts, account.lockedUntil.map(Self.seconds),
                             account.profile.id.rawValue])
        guard db.changesCount == 1 else { throw StoreError.unknownOperator(account.profile.id) }
    }

    /// Writes a line of the session log; a sign-in or an unlock puts the operator at the counter,
    /// serving, and a sign-out or a lock takes them away from it.
    public func log(_ kind: SessionEventKind, of id: OperatorID, at now: Date, detail: String = "") throws {
        try execute(sql: "INSERT INTO operator_session (operator, kind, at, detail) VALUES (?, ?, ?, ?)",
                    arguments: [id.rawValue, kind.rawValue, Self.seconds(now), detail])
        switch kind {
        case .signedIn, .unlocked: try arrive(id, at: now)
        case .signedOut, .idleLocked: try setStatus(.away, of: id, at: now)
        case .failed, .lockedOut, .refused: break
        }
    }

    /// The session log, newest first.
    public func sessionLog(limit: Int) throws -> [SessionEntry] {
        try fetchAll(Row.self, sql: "SELECT * FROM operator_session ORDER BY id DESC LIMIT ?", arguments: [limit])
            .compactMap(SessionEntry.init(row:))
    }
}
