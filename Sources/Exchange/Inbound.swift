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
            } catch .notRegularFile(_, let kind) {
                throw BundleRefusal.notAFile(kind)
            } catch .tooLarge {
                throw BundleRefusal.limits("the file is over 256 MiB")
            } catch {
                throw BundleRefusal.signature(error.description)
            }
            message = try BundleMessage(message: signed.message)
            guard message.header.from == PartyID.central.rawValue else { throw BundleRefusal.unknownSender(message.header.from) }
            guard message.header.to == center.rawValue else { throw BundleRefusal.wrongRecipient(message.header.to) }
        } catch let refusal as BundleRefusal {
            return try quarantine(url, reason: refusal.description, now: now)
        } catch {
            return try quarantine(url, reason: "the file cannot be read", now: now)
        }
        let seq = message.header.seq
        let next = try store.read { try $0.nextInboundSeq(from: .central) }
        if seq > next {
            if url.deletingLastPathComponent().standardizedFileURL != folders.inbox.standardizedFileURL {
                try? FileManager.default.copyItem(at: url, to: folders.inbox.appendingPathComponent(name))
            }
            logger.notice("bundle waits for a missing one", metadata: ["file": "\(Sanitised.forPath(name))", "seq": "\(seq)", "missing": "\(next)"])
            return InboundReport(file: name, outcome: .waiting(seq: seq, missing: next))
        }
        if seq < next {
            let earlier = try store.read { try $0.appliedBundle(from: .central, seq: seq) }
            guard earlier?.sha256 == message.sha256 else {
                return try quarantine(url, reason: "conflict: seq \(seq) was applied already with other content (file \(Sanitised.forPath(earlier?.file ?? "?")))", now: now)
            }
            move(url, to: folders.processed)
            return InboundReport(file: name, outcome: .duplicate(seq: seq))
        }
        let outcome: (applied: Int, setAside: Int)?
        do {
            outcome = try store.write { tx in
                // Checked again where it counts: another process may have applied this seq since the read above.
                guard try tx.nextInboundSeq(from: .central) == seq else { return nil }
                var applied = 0
                var problems = ProblemList(bundle: seq)
                let applier = RecordApplier(tx: tx, lifecycle: lifecycle, now: now, bundle: seq)
                func keep(_ problem: ProblemList.Problem) throws {
                    try tx.recordProblem(from: .central, bundle: seq, line: problem.line, request: problem.request,
                                         reason: problem.reason, at: now)
                }
                for (offset, record) in PreparedLines(message.lines).enumerated() {
                    defer { progress?(ExchangeProgress(file: name, done: offset + 1, total: message.lines.count)) }
                    switch try applier.apply(record, number: offset + 2) {
                    case .applied:
                        applied += 1
                    case .setAside(let reason, let request):
                        if let problem = problems.add(line: offset + 2, request: request, reason: reason) { try keep(problem) }
                    }
                }
                try problems.summary().forEach(keep)
                try tx.recordApplied(from: .central, seq: seq, sha256: message.sha256, file: name, records: message.lines.count,
                                     applied: applied, setAside: problems.count, at: now)
                return (applied, problems.count)
            }
        } catch .diskFull {
            throw .diskFull(doing: "applying bundle \(Sanitised.forPath(name))")
        }
        // Applied meanwhile by another process: the file is now a duplicate (or a conflict), and is read as one.
        guard let (applied, setAside) = outcome else { return try importFile(url, now: now) }
        move(url, to: folders.processed)
        logger.info("bundle applied", metadata: ["file": "\(Sanitised.forPath(name))", "seq": "\(seq)", "applied": "\(applied)", "set_aside": "\(setAside)"])
        return InboundReport(file: name, outcome: .applied(seq: seq, records: message.lines.count, applied: applied, setAside: setAside))
    }

    private func quarantine(_ url: URL, reason: String, now: Date) throws(StoreError) -> InboundReport {
        let name = url.lastPathComponent
        let reason = Sanitised.forContract(reason)
        if let target = move(url, to: folders.quarantine) {
            let note = "\(Sanitised.forPath(name)) was refused on \(ContractTime.format(now)):\n\(reason)\nNothing of it was applied.\n"
            if !FileManager.default.createFile(atPath: target.path + ".reason.txt", contents: Data(note.utf8)) {
                // The refusal is still recorded in the database and shown on the sync screen.
                logger.error("reason file not written", metadata: ["file": "\(Sanitised.forPath(target.path)).reason.txt"])
            }
        } else {
            logger.warning("a refused file could not be moved to quarantine; it stays in the inbox",
                           metadata: ["file": "\(Sanitised.forPath(url.path))"])
        }
        try store.write { tx in try tx.recordQuarantine(file: name, reason: reason, at: now) }
        logger.warning("bundle quarantined", metadata: ["file": "\(Sanitised.forPath(name))", "reason": "\(reason)"])
        return InboundReport(file: name, outcome: .quarantined(reason: reason))
    }

    /// Moves a file into `folder` under a name not taken yet; returns where it went, or nil when it
    /// could not be moved.
    @discardableResult
    private func move(_ url: URL, to folder: URL) -> URL? {
        var target = folder.appendingPathComponent(url.lastPathComponent)
        var copy = 1
        while FileManager.default.fileExists(atPath: target.path) {
            copy += 1
            target = folder.appendingPathComponent("\(url.lastPathComponent).\(copy)")
        }
        if rename(url.path, target.path) == 0 { return target }
        // Another filesystem (a USB stick): copy, then remove the original; only a regular file is
        // copied, since copying a FIFO would block on it.
        var status = stat()
        guard lstat(url.path, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
              (try? FileManager.default.copyItem(at: url, to: target)) != nil else { return nil }
        try? FileManager.default.removeItem(at: url)
        return target
    }
}

/// The problems of one bundle: the first `listed` are kept one by one; beyond them, lines set aside
/// are counted per reason and kept as a few summary problems, so one bad file cannot flood the
/// outbox. Every reason and request id is made safe for the contract's field rules first.
struct ProblemList {
    struct Problem: Hashable {
        var line: Int
        var request: String?
        var reason: String
    }

    static let listed = 1_000
    /// Reasons counted beyond `listed`, and how many of the most frequent get a summary of their own.
    static let reasonsCounted = 1_000
    static let reasonsSummarised = 20

    let bundle: Int64
    private(set) var count = 0
    private var unlisted: [String: (count: Int, firstLine: Int)] = [:]
    private var otherCount = 0
    private var otherFirstLine: Int?

    init(bundle: Int64) { self.bundle = bundle }

    /// The problem to record now, or nil when it is only counted for the summary.
    mutating func add(line: Int, request: String?, reason: String) -> Problem? {
        count += 1
        let reason = Sanitised.forContract(reason, limit: 400)
        if count <= Self.listed {
            return Problem(line: line, request: request.map { Sanitised.forContract($0, limit: 64) }, reason: reason)
        }
        if unlisted[reason] != nil {
            unlisted[reason]?.count += 1
        } else if unlisted.count < Self.reasonsCounted {
            unlisted[reason] = (1, line)
        } else {
            otherCount += 1
            otherFirstLine = otherFirstLine ?? line
        }
        return nil
    }

    /// The summary problems, most frequent reason first; empty when every problem was listed.
    func summary() -> [Problem] {
        let ranked = unlisted.sorted { ($0.value.count, $1.value.firstLine) > ($1.value.count, $0.value.firstLine) }
        var problems = ranked.prefix(Self.reasonsSummarised).map { reason, tally in
            Problem(line: tally.firstLine, request: nil,
                    reason: "\(tally.count) more lines of bundle \(bundle) from line \(tally.firstLine) on, not listed one by one: \(reason)")
        }
        let rest = ranked.dropFirst(Self.reasonsSummarised)
        let restCount = rest.reduce(otherCount) { $0 + $1.value.count }
        if restCount > 0, let first = (rest.map(\.value.firstLine) + [otherFirstLine].compactMap { $0 }).min() {
            problems.append(Problem(line: first, request: nil,
                                    reason: "\(restCount) more lines of bundle \(bundle) set aside for other reasons, not listed one by one"))
        }
        return problems
    }
}
