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
            for (offset, line) in message.lines.enumerated() {
                let lineNumber = offset + 2
                defer { progress?(ExchangeProgress(file: name, done: offset + 1, total: message.lines.count)) }
                switch try applier.apply(line) {
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

/// Applies one record line inside the bundle's transaction.
struct RecordApplier {
    enum Result {
        case applied
        case setAside(reason: String, request: String?)
    }

    let tx: StoreTransaction
    let lifecycle: Lifecycle
    let now: Date
    /// One for the whole bundle: making a decoder per line showed in the import's profile.
    let decoder = Wire.makeDecoder()

    /// A line parsed once: its `type`, `id` and `request` as plain strings, and the record the type
    /// names, or the error decoding it gave. Decoding the type first and the record again parsed every
    /// line twice, a sixth of the import's time. A line whose `type`, `id` or `request` is not a
    /// string, or that is not an object, fails as a whole.
    private struct Parsed: Decodable {
        enum Body {
            case stamp(Swift.Result<Stamp, any Error>)
            case service(Swift.Result<Service, any Error>)
            case person(Swift.Result<Person, any Error>)
            case request(Swift.Result<RequestRecord, any Error>)
            case cancel(Swift.Result<CancelRecord, any Error>)
            case ack(Swift.Result<AckRecord, any Error>)
            case other
        }

        private enum Keys: String, CodingKey {
            case type, id, request
        }

        var type: String?
        var id: String?
        var request: String?
        var body: Body

        /// A plain person or request line, read by `WireReader`; nil for any other line.
        init?(plain line: Data) {
            guard var members = WireReader.object(line), case .string(let type)? = members.removeValue(forKey: "type") else {
                return nil
            }
            switch type {
            case "person":
                guard let person = Person(wire: .object(members)) else { return nil }
                body = .person(.success(person))
            case "request":
                guard let record = RequestRecord(wire: .object(members)) else { return nil }
                id = record.id.rawValue
                body = .request(.success(record))
            default:
                return nil
            }
            self.type = type
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            type = try container.decodeIfPresent(String.self, forKey: .type)
            id = try container.decodeIfPresent(String.self, forKey: .id)
            request = try container.decodeIfPresent(String.self, forKey: .request)
            func record<T: Decodable>(_: T.Type) -> Swift.Result<T, any Error> { Swift.Result { try T(from: decoder) } }
            switch type {
            case "stamp": body = .stamp(record(Stamp.self))
            case "service": body = .service(record(Service.self))
            case "person": body = .person(record(Person.self))
            case "request": body = .request(record(RequestRecord.self))
            case "cancel": body = .cancel(record(CancelRecord.self))
            case "ack": body = .ack(record(AckRecord.self))
            default: body = .other
            }
        }
    }

    private struct CancelRecord: Decodable {
        var request: RequestID
        var at: Date
        var reason: String
    }

    private struct AckRecord: Decodable {
        var seq: Int64
    }

    func apply(_ line: Data) throws -> Result {
        guard String(validating: line, as: UTF8.self) != nil else { return .setAside(reason: "the line is not valid UTF-8", request: nil) }
        guard let parsed = Parsed(plain: line) ?? (try? decoder.decode(Parsed.self, from: line)) else {
            return .setAside(reason: "the line is not a JSON object", request: nil)
        }
        let request = parsed.id ?? parsed.request
        func decoded<T>(_ result: Swift.Result<T, any Error>) -> (T?, Result?) {
            switch result {
            case .success(let value): (value, nil)
            case .failure(let error): (nil, .setAside(reason: Wire.explain(error), request: request))
            }
        }
        func invalid(_ error: ValidationError) -> Result { .setAside(reason: error.description, request: request) }
        switch parsed.body {
        case .stamp(let result):
            let (stamp, failure) = decoded(result)
            guard let stamp else { return failure ?? .setAside(reason: "unreadable", request: nil) }
            do { try stamp.validate() } catch { return invalid(error) }
            try tx.upsert(stamp: stamp)
        case .service(let result):
            let (service, failure) = decoded(result)
            guard let service else { return failure ?? .setAside(reason: "unreadable", request: nil) }
            do { try service.validate() } catch { return invalid(error) }
            try tx.upsert(service: service)
        case .person(let result):
            let (person, failure) = decoded(result)
            guard let person else { return failure ?? .setAside(reason: "unreadable", request: nil) }
            do { try person.validate() } catch { return invalid(error) }
            try tx.upsert(person: person)
        case .request(let result):
            let (record, failure) = decoded(result)
            guard let record else { return failure ?? .setAside(reason: "unreadable", request: request) }
            do { try record.validate() } catch { return invalid(error) }
            guard try tx.hasService(code: record.service) else {
                return .setAside(reason: "service \(record.service) is not in the catalog", request: request)
            }
            if let stored = try tx.request(record.id) {
                if stored.record == record { return .applied }
                guard try tx.amend(record, at: now) else {
                    return .setAside(reason: "amendment of a request already \(stored.progress.state.rawValue) at the center: not applied",
                                     request: request)
                }
            } else {
                try tx.receive(record, at: now)
            }
        case .cancel(let result):
            let (cancel, failure) = decoded(result)
            guard let cancel else { return failure ?? .setAside(reason: "unreadable", request: request) }
            do { try TextRules.check(cancel.reason, field: "cancel.reason", length: 0...500) } catch { return invalid(error) }
            guard let stored = try tx.request(cancel.request) else {
                return .setAside(reason: "cancel of request \(cancel.request), which this center never received", request: request)
            }
            if stored.progress.state == .cancelled { return .applied }
            guard stored.progress.state.isCancellable else {
                return .setAside(reason: "cancel of a request already \(stored.progress.state.rawValue): not applied", request: request)
            }
            try tx.perform(.cancel(reason: cancel.reason), on: cancel.request, by: .system, at: now, lifecycle: lifecycle)
        case .ack(let result):
            let (ack, failure) = decoded(result)
            guard let ack else { return failure ?? .setAside(reason: "unreadable", request: nil) }
            guard try tx.acknowledge(upTo: ack.seq) else {
                return .setAside(reason: "ack of seq \(ack.seq), which this center never sent", request: nil)
            }
        case .other:
            switch parsed.type {
            case let type?:
                return .setAside(reason: "unknown record type \(Sanitised.forMessage(type))", request: request)
            case nil:
                return .setAside(reason: "the record has no type", request: request)
            }
        }
        return .applied
    }
}
