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
            + "with a copy of those bundles in a folder, run `shubbak recover FOLDER`"
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

/// Why a bundle of this center's could not be taken back into a restored log.
public enum RecoveryError: Error, Sendable, CustomStringConvertible {
    case notNext(expected: Int64, got: Int64)
    case notCanonical(event: Int64)
    case requestAfterBackup(event: Int64, request: RequestID)
    case ackAfterBackup(acknowledged: Int64, applied: Int64)
    case auditDiffers(event: Int64)

    public var description: String {
        switch self {
        case .notNext(let expected, let got): "its event \(got) does not follow the log (which waits for \(expected))"
        case .notCanonical(let event): "its event \(event) does not read back as this version writes it"
        case .requestAfterBackup(let event, let request):
            "its event \(event) is of \(request), which came from the central office after the backup: its bundle must be applied again first, which recovery cannot do yet"
        case .ackAfterBackup(let acknowledged, let applied):
            "it acknowledged the central office's bundle \(acknowledged), applied after the backup (which holds up to \(applied)): its work must come back first, which recovery cannot do yet"
        case .auditDiffers(let event): "the audit chain after event \(event) is not the one its header names"
        }
    }
}

extension StoreTransaction {
    /// One of this center's own bundles, sent after the backup and read back from a surviving copy.
    public struct SentBundle: Sendable {
        public var seq: Int64
        public var file: String
        public var bytes: Data
        public var createdAt: Date
        /// The event lines exactly as sent, in order.
        public var eventLines: [String]
        public var manifests: [Manifest]
        /// The central office's bundle and line of each problem it reported.
        public var problems: [(bundle: Int64, line: Int64)]
        public var ack: Int64?
        public var records: Int
        /// The header's audit head: the last event and the chain's hash after it.
        public var auditEvent: Int64
        public var auditHash: String

        public init(seq: Int64, file: String, bytes: Data, createdAt: Date, eventLines: [String], manifests: [Manifest],
                    problems: [(bundle: Int64, line: Int64)], ack: Int64?, records: Int, auditEvent: Int64, auditHash: String) {
            self.seq = seq
            self.file = file
            self.bytes = bytes
            self.createdAt = createdAt
            self.eventLines = eventLines
            self.manifests = manifests
            self.problems = problems
            self.ack = ack
            self.records = records
            self.auditEvent = auditEvent
            self.auditHash = auditHash
        }
    }

    /// Takes a bundle this center sent after its backup back into the log, in the caller's
    /// transaction: its events appended as they were (same ids, same bytes, the audit chain checked
    /// against the header), the requests moved on by them, its tracking numbers kept from reuse, its
    /// manifests and problems marked sent, its bytes kept for a resend; the restore point moves past it.
    /// Refused whole when any of it cannot be (`RecoveryError`).
    public func recover(_ bundle: SentBundle, trackingSerials: (prefix: String, serials: ClosedRange<Int>), at now: Date) throws -> [Event] {
        let applied = try nextInboundSeq(from: .central) - 1
        if let ack = bundle.ack, ack > applied { throw RecoveryError.ackAfterBackup(acknowledged: ack, applied: applied) }
        var recovered: [Event] = []
        for line in bundle.eventLines {
            let sent = try Event(line: line)
            let expected = try lastEventID() + 1
            guard sent.id == expected else { throw RecoveryError.notNext(expected: expected, got: sent.id) }
            guard sent.line() == line else { throw RecoveryError.notCanonical(event: sent.id) }
            guard let stored = try request(sent.request) else { throw RecoveryError.requestAfterBackup(event: sent.id, request: sent.request) }
            let event = try append(sent.pending)
            try project(stored.progress.applying(sent.pending), of: sent.request, event: event, expectedLast: stored.lastEvent,
                        claimBy: nil, now: now)
            if let tracking = sent.data.tracking {
                // A number of the range stays given; a scanned label's stays its envelope's.
                let serial = Int(tracking.rawValue.dropFirst(2).prefix(8)) ?? 0
                let fromRange = tracking.rawValue.hasPrefix(trackingSerials.prefix) && trackingSerials.serials.contains(serial)
                try execute(sql: """
                    INSERT INTO tracking_allocation (tracking, prefix, serial, request, at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(tracking) DO NOTHING
                    """, arguments: [tracking.rawValue, fromRange ? trackingSerials.prefix : "LABEL-" + tracking.rawValue.prefix(2),
                                     serial, sent.request.rawValue, Self.seconds(sent.at)])
            }
            recovered.append(event)
        }
        let head = try auditHead()
        guard head.event == bundle.auditEvent, head.hash.map({ String(format: "%02x", $0) }).joined() == bundle.auditHash else {
            throw RecoveryError.auditDiffers(event: head.event)
        }
        for manifest in bundle.manifests {
            try execute(sql: "INSERT INTO manifest (id, payload, at, sent_in) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET sent_in = excluded.sent_in",
                        arguments: [manifest.id, try Self.json(manifest), Self.seconds(manifest.handedAt), bundle.seq])
        }
        for problem in bundle.problems {
            try execute(sql: "UPDATE problem SET sent_in = ? WHERE sent_in IS NULL AND bundle = ? AND line = ?",
                        arguments: [bundle.seq, problem.bundle, problem.line])
        }
        try recordSent(OutboundBundle(seq: bundle.seq, recipient: PartyID.central.rawValue, file: bundle.file, bytes: bundle.bytes,
                                      createdAt: bundle.createdAt, lastEvent: head.event, records: bundle.records, acked: false),
                       problemsUpTo: nil, manifests: [], ack: bundle.ack)
        try execute(sql: "UPDATE restore_point SET backup_seq = ?, backup_event = ? WHERE id = 1 AND cleared_at IS NULL",
                    arguments: [bundle.seq, head.event])
        return recovered
    }
}
