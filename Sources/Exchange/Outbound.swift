import Foundation
import Logging
import ShubbakCore
import ShubbakStore

public struct OutboundReport: Hashable, Sendable {
    public var file: String
    public var seq: Int64
    public var events: Int
    public var manifests: Int
    public var problems: Int
    public var ack: Int64?
}

public enum ExportError: Error, Sendable, CustomStringConvertible {
    case store(StoreError)
    case signing(SignifyError)
    case write(String)
    /// Restored from a backup, the center waits to learn what the central office holds.
    case restored(RestoreHold)

    public var description: String {
        switch self {
        case .store(let error): error.description
        case .restored(let hold): hold.description
        case .signing(let error): "cannot sign the bundle: \(error.description)"
        case .write(let detail): detail
        }
    }
}

/// Writes the center's bundles for the central office: every event exactly once in id order,
/// manifests, problems and the ack of what was applied, signed, under a final name only when whole.
public struct Exporter: Sendable {
    let store: CenterStore
    let center: PartyID
    let secretKey: SignifySecretKey
    let folders: ExchangeFolders
    let logger = Logger(label: "shubbak.exchange.export")
    /// Called as each record goes into the bundle being written, from the exporting thread.
    public var progress: (@Sendable (ExchangeProgress) -> Void)?

    public init(store: CenterStore, center: PartyID, secretKey: SignifySecretKey, folders: ExchangeFolders) {
        self.store = store
        self.center = center
        self.secretKey = secretKey
        self.folders = folders
    }

    public static func fileName(from: PartyID, to: PartyID, seq: Int64) -> String {
        "\(from)_\(to)_\(ContractTime.pad(Int(seq), 8)).jsonl.sig"
    }

    /// Writes one bundle with everything not sent yet; nil when there is nothing to send. First the
    /// outbox is brought back to what the store recorded (`repairOutbox`), so a bundle whose file a
    /// kill or a full disk lost is written again by the next export or sync without anyone asking.
    public func export(now: Date = Date()) throws(ExportError) -> OutboundReport? {
        try exportAfterRepair(now: now).bundle
    }

    /// `export`, also saying what the outbox repair before it wrote again, for a person to see.
    public func exportAfterRepair(now: Date = Date()) throws(ExportError) -> (repair: OutboxRepair, bundle: OutboundReport?) {
        try OutboxLock.holding(folders.outbox) { () throws(ExportError) -> (repair: OutboxRepair, bundle: OutboundReport?) in
            let repair = try repairLocked()
            let hold: RestoreHold?
            do { hold = try store.read { try $0.restoreHold() } } catch { throw .store(StoreError.wrap(error)) }
            if let hold { throw .restored(hold) }
            guard let (report, bytes) = try recordNextBundle(now: now) else { return (repair, nil) }
            // Kept in the database first: if writing the file fails now, the next export writes the same bytes.
            try write(bytes, named: report.file)
            logger.info("bundle written", metadata: ["file": "\(report.file)", "events": "\(report.events)"])
            return (repair, report)
        }
    }

    /// What `repairOutbox` did: bundles written again and stale temporary files removed.
    public struct OutboxRepair: Hashable, Sendable {
        public var rewritten: [String] = []
        public var removed: [String] = []
    }

    /// Makes the outbox hold every recorded bundle not acknowledged yet, byte for byte, and removes the
    /// temporary files an interrupted write left behind. Run by every export and sync and when the
    /// counter opens; a file the carrier already took away is written again, which the contract
    /// allows (the central office sets a duplicate aside).
    public func repairOutbox() throws(ExportError) -> OutboxRepair {
        try OutboxLock.holding(folders.outbox) { () throws(ExportError) in try repairLocked() }
    }

    private func repairLocked() throws(ExportError) -> OutboxRepair {
        var repair = OutboxRepair()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folders.outbox.path)) ?? []
        // Only this exporter writes here, and it holds the outbox lock: any temporary file is a dead write's.
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            if unlink(folders.outbox.appendingPathComponent(name).path) == 0 { repair.removed.append(name) }
        }
        do {
            for bundle in try store.read({ try $0.unacknowledgedBundleFiles() }) {
                let path = folders.outbox.appendingPathComponent(bundle.file).path
                var status = stat()
                if stat(path, &status) == 0, Int(status.st_size) == bundle.size { continue }
                guard let bytes = try store.read({ try $0.outboundBytes(seq: bundle.seq) }) else { continue }
                try write(bytes, named: bundle.file)
                repair.rewritten.append(bundle.file)
            }
        } catch let error as ExportError {
            throw error
        } catch {
            throw .store(StoreError.wrap(error))
        }
        if !repair.rewritten.isEmpty || !repair.removed.isEmpty {
            logger.notice("outbox repaired", metadata: ["rewritten": "\(repair.rewritten)", "removed": "\(repair.removed.count)"])
        }
        return repair
    }

    /// Builds, signs and records the next bundle in one transaction; nil when there is nothing to send.
    /// The message is built once, in the buffer that becomes the signed file, and event lines are read
    /// one by one, so the bundle is held once by shubbak (SQLite copies it again as it stores the row).
    private func recordNextBundle(now: Date) throws(ExportError) -> (OutboundReport, Data)? {
        // A signing failure comes out of the transaction as a value: thrown, the store would re-type it.
        let made: Result<(OutboundReport, Data)?, ExportError>
        do {
            made = try store.write(pageCacheMiB: 8) { tx -> Result<(OutboundReport, Data)?, ExportError> in
                let lastSent = try tx.lastEventSent()
                let maxRecords = BundleLimits.maximumRecords - 2
                // Event ids have no gap: the count and the last id are known before reading a line.
                let eventCount = Int(min(try tx.lastEventID() - lastSent, Int64(maxRecords)))
                let manifests = try tx.unsentManifests(limit: maxRecords - eventCount)
                let problemCount = try tx.unsentProblemCount(limit: maxRecords - eventCount - manifests.count)
                let applied = try tx.nextInboundSeq(from: .central) - 1
                let ack: Int64? = applied > (try tx.ackSent(to: .central)) ? applied : nil
                if eventCount == 0 && manifests.isEmpty && problemCount == 0 && ack == nil { return .success(nil) }

                let seq = try tx.nextOutboundSeq()
                let lastEvent = lastSent + Int64(eventCount)
                let total = eventCount + manifests.count + problemCount + (ack == nil ? 0 : 1)
                let header = BundleHeader(format: BundleHeader.formatName, version: BundleHeader.currentVersion,
                                          from: center.rawValue, to: PartyID.central.rawValue, seq: seq,
                                          createdAt: ContractTime.wholeSeconds(now), records: total,
                                          audit: .init(event: lastEvent, sha256: AuditChain.hex(try tx.eventHash(lastEvent))))
                let name = Self.fileName(from: center, to: .central, seq: seq)
                var builder: SignedMessage.Builder
                do {
                    builder = try SignedMessage.Builder(comment: SignifySecretKey.verifyComment(for: center))
                } catch let error as SignifyError {
                    return .failure(.signing(error))
                }
                let encoder = Wire.makeEncoder()
                var done = 0
                func add(_ line: some Sequence<UInt8>) {
                    builder.append(line)
                    builder.append(CollectionOfOne(0x0A))
                    done += 1
                    progress?(ExchangeProgress(file: name, done: done, total: total))
                }
                builder.append(try encoder.encode(header))
                builder.append(CollectionOfOne(0x0A))
                try tx.forEachEventLine(after: lastSent, limit: eventCount) { add($0.utf8) }
                for manifest in manifests { add(try encoder.encode(ManifestLine(manifest: manifest))) }
                var lastProblem: Int64?
                try tx.forEachUnsentProblem(limit: problemCount) { problem in
                    add(Self.problemLine(problem))
                    lastProblem = problem.id
                }
                if let ack { add(try encoder.encode(AckLine(seq: ack))) }
                guard done == total else { throw StoreError.corrupt("events \(lastSent + 1)–\(lastEvent) are not all in the log") }
                let bytes: Data
                do {
                    bytes = try builder.sign(with: secretKey)
                } catch let error as SignifyError {
                    // Nothing was written yet: the transaction ends with no change.
                    return .failure(.signing(error))
                }
                try tx.recordSent(.init(seq: seq, recipient: PartyID.central.rawValue, file: name, bytes: bytes, createdAt: now,
                                        lastEvent: lastEvent, records: total, acked: false),
                                  problemsUpTo: lastProblem, manifests: manifests.map(\.id), ack: ack)
                let report = OutboundReport(file: name, seq: seq, events: eventCount, manifests: manifests.count,
                                            problems: problemCount, ack: ack)
                return .success((report, bytes))
            }
        } catch {
            throw .store(StoreError.wrap(error))
        }
        return try made.get()
    }

    /// A problem record, its texts made safe again: a database from before they were sanitised on
    /// the way in may still hold raw ones.
    static func problemLine(_ problem: StoreTransaction.Problem) -> [UInt8] {
        var writer = WireWriter()
        writer.object { writer in
            writer.key("bundle")
            writer.integer(problem.bundle)
            writer.key("line")
            writer.integer(problem.line)
            writer.key("reason")
            writer.string(Sanitised.forContract(problem.reason))
            writer.member("request", problem.request) { $0.string(Sanitised.forContract($1, limit: 64)) }
            writer.key("type")
            writer.string("problem")
        }
        return writer.bytes
    }

    /// Writes every bundle not acknowledged yet again, byte for byte.
    public func resend() throws(ExportError) -> [String] {
        try OutboxLock.holding(folders.outbox) { () throws(ExportError) -> [String] in
            let bundles: [StoreTransaction.OutboundBundle]
            do { bundles = try store.read { try $0.unacknowledgedBundles() } } catch { throw .store(StoreError.wrap(error)) }
            for bundle in bundles {
                try write(bundle.bytes, named: bundle.file)
            }
            return bundles.map(\.file)
        }
    }

    private func write(_ bytes: Data, named name: String) throws(ExportError) {
        let url = folders.outbox.appendingPathComponent(name)
        if let existing = FileManager.default.contents(atPath: url.path), existing == bytes { return }
        unlink(url.path)
        do {
            try SignifyFiles.createAtomically(url, contents: bytes, mode: 0o644)
        } catch {
            throw .write("cannot write \(Sanitised.forPath(url.path)): \(error.description)")
        }
    }

    private struct ManifestLine: Encodable {
        let manifest: Manifest
        func encode(to encoder: any Encoder) throws {
            try manifest.encode(to: encoder)
            var container = encoder.container(keyedBy: TypeKey.self)
            try container.encode("manifest", forKey: .type)
        }
    }

    private enum TypeKey: String, CodingKey { case type }

    private struct AckLine: Encodable {
        var type = "ack"
        var seq: Int64
    }
}

/// Serialises the writers of one outbox across processes (two counters syncing at once): whoever
/// holds it may take any temporary file there for a dead write's. The lock is taken on the outbox
/// folder itself, so nothing but bundles ever stands in it.
enum OutboxLock {
    static func holding<T>(_ outbox: URL, _ body: () throws(ExportError) -> T) throws(ExportError) -> T {
        let descriptor = open(outbox.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .write("cannot open \(Sanitised.forPath(outbox.path)): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw .write("cannot lock \(Sanitised.forPath(outbox.path)): \(String(cString: strerror(errno)))")
            }
        }
        return try body()
    }
}
