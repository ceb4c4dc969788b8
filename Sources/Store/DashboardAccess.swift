import Foundation
import GRDB
import ShubbakCore

/// Who may open the dashboard, and the record of those refused.
extension StoreTransaction {
    /// The role of an operator on the center's list; nil for one not on it (or disabled).
    public func role(of actor: OperatorID) throws -> Role? {
        try String.fetchOne(db, sql: "SELECT role FROM operator WHERE id = ? AND disabled = 0", arguments: [actor.rawValue])
            .flatMap(Role.init(rawValue:))
    }

    /// Writes the operator session log's 'refused' row for an operator who tried a screen above their role.
    public func recordRefusal(of actor: OperatorID, at now: Date, detail: String) throws {
        try db.execute(sql: "INSERT INTO operator_session (operator, kind, at, detail) VALUES (?, 'refused', ?, ?)",
                       arguments: [actor.rawValue, Self.seconds(now), detail])
    }
}
