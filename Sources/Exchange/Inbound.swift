import Foundation
import Logging
import ShubbakCore
import ShubbakStore

/// Where bundles come in and where they go once read.
public struct ExchangeFolders: Sendable {
    public var inbox: URL
    public var outbox: URL
    public var processed: URL
    public var quarantine: URL

    public init(inbox: URL, outbox: URL, processed: URL, quarantine: URL) {
        self.inbox = inbox
        self.outbox = outbox
        self.processed = processed
        self.quarantine = quarantine
    }

    public init(root: URL) {
        self.init(inbox: root.appendingPathComponent("inbox"), outbox: root.appendingPathComponent("outbox"),
                  processed: root.appendingPathComponent("processed"), quarantine: root.appendingPathComponent("quarantine"))
    }
}

/// What became of one inbound file.
public enum InboundOutcome: Hashable, Sendable {
    case applied(seq: Int64, records: Int, applied: Int, setAside: Int)
    case duplicate(seq: Int64)
    case waiting(seq: Int64, missing: Int64)
    case quarantined(reason: String)
}

public struct InboundReport: Hashable, Sendable {
    public var file: String
    public var outcome: InboundOutcome
}

/// How far a bundle has got: records done out of the bundle's total, for a progress bar.
public struct ExchangeProgress: Hashable, Sendable {
    public var file: String
    public var done: Int
    public var total: Int
}

/// Reads bundles from the central office and applies them exactly as the contract says.
public struct Importer: Sendable {
    let store: CenterStore
    let center: PartyID
    let centralKey: SignifyPublicKey
    let folders: ExchangeFolders
    let lifecycle: Lifecycle
    let logger = Logger(label: "shubbak.exchange.import")
    /// Called after each record of a bundle being applied, from the importing thread.
    public var progress: (@Sendable (ExchangeProgress) -> Void)?

    public init(store: CenterStore, center: PartyID, centralKey: SignifyPublicKey, folders: ExchangeFolders,
                lifecycle: Lifecycle = Lifecycle()) {
        self.store = store
        self.center = center
        self.centralKey = centralKey
        self.folders = folders
        self.lifecycle = lifecycle
    }

    /// Names that begin with `.` or end in `.tmp` are being written and never read.
    public static func isBundleName(_ name: String) -> Bool {
        !name.hasPrefix(".") && !name.hasSuffix(".tmp") && name.hasSuffix(".jsonl.sig")
    }

    /// Applies every bundle of the inbox that can be applied, in seq order, until none is left that can.
    public func importInbox(now: @autoclosure () -> Date = Date()) throws(StoreError) -> [InboundReport] {
        var reports: [String: InboundReport] = [:]
        var progressed = true
        while progressed {
            progressed = false
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folders.inbox.path)) ?? [])
                .filter(Self.isBundleName).sorted()
            for name in names {
                let report = try importFile(folders.inbox.appendingPathComponent(name), now: now())
                if case .waiting = report.outcome {} else { progressed = true }
                reports[name] = report
            }
        }
        return reports.values.sorted { $0.file < $1.file }
    }

    /// Reads one file: applies it, sets it aside as a duplicate, leaves it waiting, or quarantines it.
    public func importFile(_ url: URL, now: Date = Date()) throws(StoreError) -> InboundReport {
        let name = url.lastPathComponent
        let message: BundleMessage
        do {
            let signed: SignedMessage
            do {
                signed = try SignedMessage(verifyingContentsOf: url, with: centralKey)
            } catch {
                throw BundleRefusal.signature(error.description)
            }
            message = try BundleMessage(message: signed.message)
            guard message.header.from == PartyID.central.rawValue else { throw BundleRefusal.unknownSender(message.header.from) }
            guard message.header.to == center.rawValue else { throw BundleRefusal.wrongRecipient(message.header.to) }
        } catch let refusal as BundleRefusal {
            return try quarantine(url, reason: refusal.description, now: now)
        } catch {
            return try quarantine(url, reason: String(describing: error), now: now)
        }
        let seq = message.header.seq
        let next = try store.read { try $0.nextInboundSeq(from: .central) }
        if seq > next {
            if url.deletingLastPathComponent().standardizedFileURL != folders.inbox.standardizedFileURL {
                try? FileManager.default.copyItem(at: url, to: folders.inbox.appendingPathComponent(name))
            }
            logger.notice("bundle waits for a missing one", metadata: ["file": "\(name)", "seq": "\(seq)", "missing": "\(next)"])
            return InboundReport(file: name, outcome: .waiting(seq: seq, missing: next))
        }
        if seq < next {
            let earlier = try store.read { try $0.appliedBundle(from: .central, seq: seq) }
            guard earlier?.sha256 == message.sha256 else {
                return try quarantine(url, reason: "conflict: seq \(seq) was applied already with other content (file \(earlier?.file ?? "?"))", now: now)
            }
            move(url, to: folders.processed)
            return InboundReport(file: name, outcome: .duplicate(seq: seq))
        }
        let (applied, setAside) = try store.write { tx in
            var applied = 0
            var setAside = 0
            let applier = RecordApplier(tx: tx, lifecycle: lifecycle, now: now)
            for (offset, record) in PreparedLines(message.lines).enumerated() {
                let lineNumber = offset + 2
                defer { progress?(ExchangeProgress(file: name, done: offset + 1, total: message.lines.count)) }
                switch try applier.apply(record) {
                case .applied:
                    applied += 1
                case .setAside(let reason, let request):
                    setAside += 1
                    try tx.recordProblem(from: .central, bundle: seq, line: lineNumber, request: request, reason: reason, at: now)
                }
            }
            try tx.recordApplied(from: .central, seq: seq, sha256: message.sha256, file: name, records: message.lines.count,
                                 applied: applied, setAside: setAside, at: now)
            return (applied, setAside)
        }
        move(url, to: folders.processed)
        logger.info("bundle applied", metadata: ["file": "\(name)", "seq": "\(seq)", "applied": "\(applied)", "set_aside": "\(setAside)"])
        return InboundReport(file: name, outcome: .applied(seq: seq, records: message.lines.count, applied: applied, setAside: setAside))
    }

    private func quarantine(_ url: URL, reason: String, now: Date) throws(StoreError) -> InboundReport {
        let name = url.lastPathComponent
        let target = move(url, to: folders.quarantine)
        let note = "\(name) was refused on \(ContractTime.format(now)):\n\(reason)\nNothing of it was applied.\n"
        if !FileManager.default.createFile(atPath: target.path + ".reason.txt", contents: Data(note.utf8)) {
            // The refusal is still recorded in the database and shown on the sync screen.
            logger.error("reason file not written", metadata: ["file": "\(target.path).reason.txt"])
        }
        try store.write { tx in try tx.recordQuarantine(file: name, reason: reason, at: now) }
        logger.warning("bundle quarantined", metadata: ["file": "\(name)", "reason": "\(reason)"])
        return InboundReport(file: name, outcome: .quarantined(reason: reason))
    }

    /// Moves a file into `folder` under a name not taken yet; returns where it went.
    @discardableResult
    private func move(_ url: URL, to folder: URL) -> URL {
        var target = folder.appendingPathComponent(url.lastPathComponent)
        var copy = 1
        while FileManager.default.fileExists(atPath: target.path) {
            copy += 1
            target = folder.appendingPathComponent("\(url.lastPathComponent).\(copy)")
        }
        if rename(url.path, target.path) != 0 {
            // Another filesystem (a USB stick): copy, then remove the original.
            try? FileManager.default.copyItem(at: url, to: target)
            try? FileManager.default.removeItem(at: url)
        }
        return target
    }
}
