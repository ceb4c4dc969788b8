import Foundation
import GRDB
import ShubbakCore

/// What the exchange remembers: bundles applied and sent, problems, quarantined files, acks.
extension StoreTransaction {
    public struct AppliedBundle: Hashable, Sendable {
        public var seq: Int64
        public var sha256: String
        public var file: String
        public var records: Int
        public var applied: Int
        public var setAside: Int
        public var appliedAt: Date
    }

    public struct OutboundBundle: Hashable, Sendable {
        public var seq: Int64
        public var recipient: String
        public var file: String
        public var bytes: Data
        public var createdAt: Date
        public var lastEvent: Int64
        public var records: Int
        public var acked: Bool

        public init(seq: Int64, recipient: String, file: String, bytes: Data, createdAt: Date, lastEvent: Int64,
                    records: Int, acked: Bool) {
            self.seq = seq
            self.recipient = recipient
            self.file = file
            self.bytes = bytes
            self.createdAt = createdAt
            self.lastEvent = lastEvent
            self.records = records
            self.acked = acked
        }
    }

    /// A file refused whole, with the reason written beside it.
    public struct QuarantinedFile: Hashable, Sendable {
        public var file: String
        public var reason: String
        public var at: Date
    }

    public struct Problem: Hashable, Sendable {
        public var id: Int64
        public var sender: String
        public var bundle: Int64
        public var line: Int
        public var request: String?
        public var reason: String
        public var at: Date
    }

    // MARK: Inbound

    public func nextInboundSeq(from sender: PartyID) throws -> Int64 {
        (try fetchOne(Int64.self, sql: "SELECT MAX(seq) FROM inbound_bundle WHERE sender = ?", arguments: [sender.rawValue]) ?? 0) + 1
    }

    public func appliedBundle(from sender: PartyID, seq: Int64) throws -> AppliedBundle? {
        try fetchOne(Row.self, sql: "SELECT * FROM inbound_bundle WHERE sender = ? AND seq = ?", arguments: [sender.rawValue, seq])
            .map(AppliedBundle.init(row:))
    }

    public func appliedBundles(limit: Int) throws -> [AppliedBundle] {
        try fetchAll(Row.self, sql: "SELECT * FROM inbound_bundle ORDER BY applied_at DESC, seq DESC LIMIT ?", arguments: [limit])
            .map(AppliedBundle.init(row:))
    }

    public func recordApplied(from sender: PartyID, seq: Int64, sha256: String, file: String, records: Int, applied: Int,
                              setAside: Int, at now: Date) throws {
        try execute(sql: """
            INSERT INTO inbound_bundle (sender, seq, sha256, file, records, applied, set_aside, applied_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [sender.rawValue, seq, sha256, file, records, applied, setAside, Self.seconds(now)])
    }

    public func recordProblem(from sender: PartyID, bundle: Int64, line: Int, request: String?, reason: String, at now: Date) throws {
        try execute(sql: "INSERT INTO problem (sender, bundle, line, request, reason, at) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [sender.rawValue, bundle, line, request, reason, Self.seconds(now)])
    }

    public func problems(limit: Int) throws -> [Problem] {
        try fetchAll(Row.self, sql: "SELECT * FROM problem ORDER BY id DESC LIMIT ?", arguments: [limit]).map(Problem.init(row:))
    }

    public func recordQuarantine(file: String, reason: String, at now: Date) throws {
        try execute(sql: "INSERT INTO quarantine (file, reason, at) VALUES (?, ?, ?)", arguments: [file, reason, Self.seconds(now)])
    }

    public func quarantineCount() throws -> Int {
        try fetchOne(Int.self, sql: "SELECT COUNT(*) FROM quarantine") ?? 0
    }

    // MARK: Outbound

    /// How many problems wait to be sent, counting at most `limit`.
    public func unsentProblemCount(limit: Int) throws -> Int {
        try fetchOne(Int.self, sql: "SELECT COUNT(*) FROM (SELECT 1 FROM problem WHERE sent_in IS NULL LIMIT ?)",
                     arguments: [limit]) ?? 0
    }

    /// Calls `body` with each of the first `limit` problems not sent yet, in id order (the order a
    /// bundle carries them), one at a time: a million of them are never held at once.
    public func forEachUnsentProblem(limit: Int, _ body: (Problem) throws -> Void) throws {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT * FROM problem WHERE sent_in IS NULL ORDER BY id LIMIT ?"),
                                       arguments: [limit])
        while let row = try rows.next() { try body(Problem(row: row)) }
    }

    public func insert(manifest: Manifest) throws {
        try execute(sql: "INSERT INTO manifest (id, payload, at) VALUES (?, ?, ?)",
                    arguments: [manifest.id, try Self.json(manifest), Self.seconds(manifest.handedAt)])
    }

    public func unsentManifests(limit: Int) throws -> [Manifest] {
        try fetchAll(String.self, sql: "SELECT payload FROM manifest WHERE sent_in IS NULL ORDER BY at, id LIMIT ?",
                     arguments: [limit])
            .map { try Self.decode(Manifest.self, $0) }
    }

    /// The last event any bundle carried.
    public func lastEventSent() throws -> Int64 {
        try fetchOne(Int64.self, sql: "SELECT MAX(last_event) FROM outbound_bundle") ?? 0
    }

    public func nextOutboundSeq() throws -> Int64 {
        (try fetchOne(Int64.self, sql: "SELECT MAX(seq) FROM outbound_bundle") ?? 0) + 1
    }

    public func ackSent(to peer: PartyID) throws -> Int64 {
        try fetchOne(Int64.self, sql: "SELECT seq FROM ack_sent WHERE peer = ?", arguments: [peer.rawValue]) ?? 0
    }

    /// Keeps a bundle's exact bytes and marks what it carries as sent, in the caller's transaction:
    /// the problems not sent yet up to `problemsUpTo` (they are sent in id order), and `manifests`.
    public func recordSent(_ bundle: OutboundBundle, problemsUpTo lastProblem: Int64?, manifests: [String], ack: Int64?) throws {
        try execute(sql: """
            INSERT INTO outbound_bundle (seq, recipient, file, bytes, created_at, last_event, records)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [bundle.seq, bundle.recipient, bundle.file, bundle.bytes, Self.seconds(bundle.createdAt),
                             bundle.lastEvent, bundle.records])
        if let lastProblem {
            try execute(sql: "UPDATE problem SET sent_in = ? WHERE sent_in IS NULL AND id <= ?", arguments: [bundle.seq, lastProblem])
        }
        for id in manifests {
            try execute(sql: "UPDATE manifest SET sent_in = ? WHERE id = ?", arguments: [bundle.seq, id])
        }
        if let ack {
            try execute(sql: """
                INSERT INTO ack_sent (peer, seq) VALUES (?, ?) ON CONFLICT(peer) DO UPDATE SET seq = excluded.seq
                """, arguments: [bundle.recipient, ack])
        }
    }

    public func unacknowledgedBundles() throws -> [OutboundBundle] {
        try fetchAll(Row.self, sql: "SELECT * FROM outbound_bundle WHERE acked = 0 ORDER BY seq").map(OutboundBundle.init(row:))
    }

    public func unacknowledgedBundleCount() throws -> Int {
        try fetchOne(Int.self, sql: "SELECT COUNT(*) FROM outbound_bundle WHERE acked = 0") ?? 0
    }

    /// What the outbox should hold, without the bytes: each bundle not acknowledged yet, with its size.
    public func unacknowledgedBundleFiles() throws -> [(seq: Int64, file: String, size: Int)] {
        try fetchAll(Row.self, sql: "SELECT seq, file, length(bytes) AS size FROM outbound_bundle WHERE acked = 0 ORDER BY seq")
            .map { ($0["seq"], $0["file"], $0["size"]) }
    }

    /// The exact bytes recorded for outbound bundle `seq`.
    public func outboundBytes(seq: Int64) throws -> Data? {
        try fetchOne(Data.self, sql: "SELECT bytes FROM outbound_bundle WHERE seq = ?", arguments: [seq])
    }

    public func outboundBundles(limit: Int) throws -> [OutboundBundle] {
        try fetchAll(Row.self, sql: "SELECT * FROM outbound_bundle ORDER BY seq DESC LIMIT ?", arguments: [limit]).map(OutboundBundle.init(row:))
    }

    /// Applies a cumulative ack; false when it names a seq never sent. A center restored from a
    /// backup did send the bundles after it: such an ack tells what the central office holds.
    public func acknowledge(upTo seq: Int64, at now: Date = Date()) throws -> Bool {
        let restored = try settleRestoreHold(centralAcknowledged: seq, at: now)
        guard try restored || seq <= nextOutboundSeq() - 1 else { return false }
        try execute(sql: "UPDATE outbound_bundle SET acked = 1 WHERE seq <= ? AND acked = 0", arguments: [seq])
        return true
    }

}


extension StoreTransaction {
    /// Files refused whole, newest first, with the reason given in their `.reason.txt`.
    public func quarantinedFiles(limit: Int) throws -> [QuarantinedFile] {
        try fetchAll(Row.self, sql: "SELECT file, reason, at FROM quarantine ORDER BY id DESC LIMIT ?", arguments: [limit])
            .map(QuarantinedFile.init(row:))
    }
}
