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

    public var description: String {
        switch self {
        case .store(let error): error.description
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

    /// Writes one bundle with everything not sent yet; nil when there is nothing to send.
    public func export(now: Date = Date()) throws(ExportError) -> OutboundReport? {
        // A signing failure comes out of the transaction as a value: thrown, the store would re-type it.
        let made: Result<(OutboundReport, Data)?, ExportError>
        do {
            made = try store.write { tx -> Result<(OutboundReport, Data)?, ExportError> in
                let lastSent = try tx.lastEventSent()
                let maxRecords = BundleLimits.maximumRecords - 2
                let events = try tx.eventLines(after: lastSent, limit: maxRecords)
                let manifests = try tx.unsentManifests().prefix(maxRecords - events.count)
                let problems = try tx.unsentProblems().prefix(maxRecords - events.count - manifests.count)
                let applied = try tx.nextInboundSeq(from: .central) - 1
                let ack: Int64? = applied > (try tx.ackSent(to: .central)) ? applied : nil
                if events.isEmpty && manifests.isEmpty && problems.isEmpty && ack == nil { return .success(nil) }

                let seq = try tx.nextOutboundSeq()
                let lastEvent = events.last?.id ?? lastSent
                let head = try events.last?.hash ?? tx.eventHash(lastSent)
                let encoder = Wire.makeEncoder()
                var records: [Data] = events.map { Data($0.line.utf8) }
                for manifest in manifests {
                    records.append(try encoder.encode(ManifestLine(manifest: manifest)))
                }
                for problem in problems {
                    records.append(try encoder.encode(ProblemLine(bundle: problem.bundle, line: problem.line,
                                                                  request: problem.request, reason: problem.reason)))
                }
                if let ack { records.append(try encoder.encode(AckLine(seq: ack))) }
                let header = BundleHeader(format: BundleHeader.formatName, version: BundleHeader.currentVersion,
                                          from: center.rawValue, to: PartyID.central.rawValue, seq: seq,
                                          createdAt: ContractTime.wholeSeconds(now), records: records.count,
                                          audit: .init(event: lastEvent, sha256: AuditChain.hex(head)))
                var message = try encoder.encode(header)
                message.append(0x0A)
                let name = Self.fileName(from: center, to: .central, seq: seq)
                for (index, record) in records.enumerated() {
                    message.append(record)
                    message.append(0x0A)
                    progress?(ExchangeProgress(file: name, done: index + 1, total: records.count))
                }
                let bytes: Data
                do {
                    bytes = try SignedMessage.sign(message: message, with: secretKey,
                                                   comment: SignifySecretKey.verifyComment(for: center))
                } catch let error as SignifyError {
                    // Nothing was written yet: the transaction ends with no change.
                    return .failure(.signing(error))
                }
                try tx.recordSent(.init(seq: seq, recipient: PartyID.central.rawValue, file: name, bytes: bytes, createdAt: now,
                                        lastEvent: lastEvent, records: records.count, acked: false),
                                  problems: problems.map(\.id), manifests: manifests.map(\.id), ack: ack)
                let report = OutboundReport(file: name, seq: seq, events: events.count, manifests: manifests.count,
                                            problems: problems.count, ack: ack)
                return .success((report, bytes))
            }
        } catch {
            throw .store(StoreError.wrap(error))
        }
        guard let (report, bytes) = try made.get() else { return nil }
        // Kept in the database first: if writing the file fails now, `resend` writes the same bytes.
        try write(bytes, named: report.file)
        logger.info("bundle written", metadata: ["file": "\(report.file)", "events": "\(report.events)"])
        return report
    }

    /// Writes every bundle not acknowledged yet again, byte for byte.
    public func resend() throws(ExportError) -> [String] {
        let bundles: [StoreTransaction.OutboundBundle]
        do { bundles = try store.read { try $0.unacknowledgedBundles() } } catch { throw .store(error) }
        for bundle in bundles {
            try write(bundle.bytes, named: bundle.file)
        }
        return bundles.map(\.file)
    }

    private func write(_ bytes: Data, named name: String) throws(ExportError) {
        let url = folders.outbox.appendingPathComponent(name)
        if let existing = FileManager.default.contents(atPath: url.path), existing == bytes { return }
        unlink(url.path)
        do {
            try SignifyFiles.createAtomically(url, contents: bytes, mode: 0o644)
        } catch {
            throw .write("cannot write \(url.path): \(error.description)")
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

    private struct ProblemLine: Encodable {
        var type = "problem"
        var bundle: Int64
        var line: Int
        var request: String?
        var reason: String
    }

    private struct AckLine: Encodable {
        var type = "ack"
        var seq: Int64
    }
}
