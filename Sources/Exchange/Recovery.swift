import Foundation
import ShubbakCore
import ShubbakStore

/// A restored center reading back the bundles it sent after its backup, from a surviving copy of its
/// outbox (the carrier's folder, a USB stick), in seq order from the one after the backup's: each one
/// signed with the center's own key is taken back into the log whole (`StoreTransaction.recover`), so
/// the center numbers its next events after them, as the central office expects. It stops at the
/// first gap, or at the first bundle it cannot take back, saying why.
public struct SentBundleRecovery: Sendable {
    let store: CenterStore
    let center: PartyID
    let publicKey: SignifyPublicKey
    let trackingSerials: (prefix: String, serials: ClosedRange<Int>)

    public init(store: CenterStore, center: PartyID, publicKey: SignifyPublicKey, trackingSerials: (prefix: String, serials: ClosedRange<Int>)) {
        self.store = store
        self.center = center
        self.publicKey = publicKey
        self.trackingSerials = trackingSerials
    }

    public enum Outcome: Sendable {
        case recovered(file: String, seq: Int64, events: [Event])
        /// Recovery stopped here: the file, and why.
        case stopped(file: String, reason: String)
    }

    public func recover(from folder: URL, now: Date = Date()) -> [Outcome] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasPrefix("\(center.rawValue)_CENTRAL_") && $0.hasSuffix(".jsonl.sig") }.sorted()
        var outcomes: [Outcome] = []
        for name in names {
            guard let next = try? store.read({ tx in try tx.restoreHold()?.backupSeq }).map({ $0 + 1 }) else { break }
            guard let bundle = read(folder.appendingPathComponent(name), named: name) else {
                outcomes.append(.stopped(file: name, reason: "not a bundle signed by this center's key"))
                break
            }
            if bundle.seq < next { continue }
            guard bundle.seq == next else {
                outcomes.append(.stopped(file: name, reason: "its seq \(bundle.seq) leaves a gap: bundle \(next) is missing"))
                break
            }
            do {
                let events = try store.write { tx in try tx.recover(bundle, trackingSerials: trackingSerials, at: now) }
                outcomes.append(.recovered(file: name, seq: bundle.seq, events: events))
            } catch {
                outcomes.append(.stopped(file: name, reason: error.description))
                break
            }
        }
        return outcomes
    }

    private func read(_ url: URL, named name: String) -> StoreTransaction.SentBundle? {
        guard let bytes = FileManager.default.contents(atPath: url.path),
              let message = try? SignedMessage(verifying: bytes, with: publicKey).message else { return nil }
        let lines = String(decoding: message, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        guard let first = lines.first, let header = try? Wire.makeDecoder().decode(BundleHeader.self, from: Data(first.utf8)),
              header.from == center.rawValue, header.to == PartyID.central.rawValue, let audit = header.audit else { return nil }
        var bundle = StoreTransaction.SentBundle(seq: header.seq, file: name, bytes: bytes, createdAt: header.createdAt, eventLines: [],
                                                 manifests: [], problems: [], ack: nil, records: header.records,
                                                 auditEvent: audit.event, auditHash: audit.sha256)
        for line in lines.dropFirst() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            switch object["type"] as? String {
            case "event": bundle.eventLines.append(line)
            case "manifest":
                guard let manifest = try? Wire.makeDecoder().decode(Manifest.self, from: Data(line.utf8)) else { return nil }
                bundle.manifests.append(manifest)
            case "problem":
                guard let from = (object["bundle"] as? NSNumber)?.int64Value, let at = (object["line"] as? NSNumber)?.int64Value else { return nil }
                bundle.problems.append((from, at))
            case "ack": bundle.ack = (object["seq"] as? NSNumber)?.int64Value
            default: return nil
            }
        }
        return bundle
    }
}
