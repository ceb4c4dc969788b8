import Foundation
import GRDB
import ShubbakCore

/// Why a center restored from a backup sends nothing yet.
public struct RestoreHold: Hashable, Sendable, CustomStringConvertible {
    public var backupMadeAt: Date
    /// The last event and the last bundle the backup held.
    public var backupEvent: Int64
    public var backupSeq: Int64
    /// The highest of this center's bundles the central office acknowledged, once one is above `backupSeq`.
    public var centralHolds: Int64?

    public var description: String {
        let backup = "this center was restored from its backup of \(ContractTime.format(backupMadeAt)) (events up to \(backupEvent), bundles up to seq \(backupSeq))"
        guard let centralHolds else {
            return "\(backup): it sends nothing until the central office's next bundle says what it holds "
                + "(sync to import it), so that no seq or event id the central office has seen is used again"
        }
        return "\(backup), but the central office holds its bundles \(backupSeq + 1) to \(centralHolds) with events "
            + "made after the backup: this center sends nothing, or it would number other events as those; "
            + "put those bundles back in the outbox and run `shubbak restore --recover`"
    }
}

extension StoreTransaction {
    /// Notes that this database was restored from a backup made at `madeAt`: until the central office
    /// says what it holds, the center exports nothing.
    public func markRestored(backupMadeAt madeAt: Date, at now: Date) throws {
        try execute(sql: """
            INSERT OR REPLACE INTO restore_point (id, restored_at, backup_made_at, backup_event, backup_seq)
            VALUES (1, ?, ?, ?, ?)
            """, arguments: [Self.seconds(now), Self.seconds(madeAt), try lastEventID(), try nextOutboundSeq() - 1])
    }

    /// Why the center may not export now, nil when it may.
    public func restoreHold() throws -> RestoreHold? {
        guard let row = try fetchOne(Row.self, sql: "SELECT * FROM restore_point WHERE cleared_at IS NULL") else { return nil }
        return RestoreHold(backupMadeAt: Self.date(row["backup_made_at"]), backupEvent: row["backup_event"], backupSeq: row["backup_seq"],
                           centralHolds: row["central_holds"])
    }

    /// What the central office's ack of `seq` tells a restored center: no bundle beyond the backup's
    /// (the hold ends), or bundles the restore lacks (the hold stays, naming them). False when there
    /// is no hold to decide on.
    func settleRestoreHold(centralAcknowledged seq: Int64, at now: Date) throws -> Bool {
        guard let hold = try restoreHold() else { return false }
        if seq <= hold.backupSeq {
            try execute(sql: "UPDATE restore_point SET cleared_at = ? WHERE id = 1", arguments: [Self.seconds(now)])
        } else {
            try execute(sql: "UPDATE restore_point SET central_holds = MAX(COALESCE(central_holds, 0), ?) WHERE id = 1", arguments: [seq])
        }
        return true
    }
}
