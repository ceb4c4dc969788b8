/// What one transaction has read and may reuse, and the roll-up counts it has yet to write. A write
/// transaction is the only writer while it is open, so the newest event and the catalog cannot
/// change under it except through itself, and it keeps these up to date as it writes. Importing a
/// bundle asked SQLite for each of them once per request before.
final class TransactionMemo {
    struct ServiceTerms {
        var speed: String
        var slaHours: Int
    }

    /// The newest event's id and chain hash, once read or written.
    var auditHead: (event: Int64, hash: [UInt8])?
    /// A service's terms by code; a known absence is kept as nil.
    var serviceTerms: [String: ServiceTerms?] = [:]
    /// Roll-up counts of the events appended so far, written before the commit.
    var rollupCounts = Rollups.PendingCounts()
}
