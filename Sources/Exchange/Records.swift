import Foundation
import ShubbakCore
import ShubbakStore

/// One record line read, decoded and checked, everything that needs no database: what the writer
/// then applies inside the bundle's transaction.
enum PreparedLine: Sendable {
    case setAside(reason: String, request: String?)
    case stamp(Stamp)
    case service(Service)
    case person(PreparedPerson)
    /// `request` is the line's own `id`, named in a problem if the request is set aside.
    case request(PreparedRequest, request: String?)
    case cancel(CancelRecord, request: String?)
    case postal(PostalReport)
    case ack(seq: Int64)
}

struct CancelRecord: Decodable, Sendable {
    var request: RequestID
    var at: Date
    var reason: String
}

/// Reads, decodes and checks record lines; it never touches the store, so it can run beside the writer.
struct RecordPreparer {
    /// One per preparer: making a decoder per line showed in the import's profile.
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
            case postal(Swift.Result<PostalReport, any Error>)
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
            case "postal": body = .postal(record(PostalReport.self))
            case "ack": body = .ack(record(AckRecord.self))
            default: body = .other
            }
        }
    }

    private struct AckRecord: Decodable {
        var seq: Int64
    }

    func prepare(_ line: Data) -> PreparedLine {
        guard String(validating: line, as: UTF8.self) != nil else { return .setAside(reason: "the line is not valid UTF-8", request: nil) }
        let parsed: Parsed
        if let plain = Parsed(plain: line) {
            parsed = plain
        } else {
            guard let decoded = try? decoder.decode(Parsed.self, from: line) else {
                return .setAside(reason: "the line is not a JSON object", request: nil)
            }
            // A plain line holds whole numbers only (WireReader checks them); any other is checked here.
            do { try Wire.checkIntegers(in: line) } catch {
                return .setAside(reason: error.description, request: decoded.id ?? decoded.request)
            }
            parsed = decoded
        }
        let request = parsed.id ?? parsed.request
        /// The record made into `make`'s line when it decoded and passes `check`; else the line set aside with the reason.
        func prepared<T>(_ result: Swift.Result<T, any Error>, checkedBy check: (T) throws(ValidationError) -> Void,
                         _ make: (T) -> PreparedLine) -> PreparedLine {
            let record: T
            switch result {
            case .success(let decoded): record = decoded
            case .failure(let error): return .setAside(reason: Wire.explain(error), request: request)
            }
            do { try check(record) } catch { return .setAside(reason: error.description, request: request) }
            return make(record)
        }
        switch parsed.body {
        case .stamp(let result):
            return prepared(result, checkedBy: { (stamp: Stamp) throws(ValidationError) in try stamp.validate() }, PreparedLine.stamp)
        case .service(let result):
            return prepared(result, checkedBy: { (service: Service) throws(ValidationError) in try service.validate() },
                            PreparedLine.service)
        case .person(let result):
            return prepared(result, checkedBy: { (person: Person) throws(ValidationError) in try person.validate() }) {
                .person(PreparedPerson($0))
            }
        case .request(let result):
            return prepared(result, checkedBy: { (record: RequestRecord) throws(ValidationError) in try record.validate() }) {
                .request(PreparedRequest($0), request: request)
            }
        case .cancel(let result):
            return prepared(result, checkedBy: { (cancel: CancelRecord) throws(ValidationError) in
                try TextRules.check(cancel.reason, field: "cancel.reason", length: 0...500)
            }) {
                .cancel($0, request: request)
            }
        case .postal(let result):
            return prepared(result, checkedBy: { (report: PostalReport) throws(ValidationError) in try report.validate() },
                            PreparedLine.postal)
        case .ack(let result):
            return prepared(result, checkedBy: { _ in }) { .ack(seq: $0.seq) }
        case .other:
            switch parsed.type {
            case let type?:
                return .setAside(reason: "unknown record type \(Sanitised.forMessage(type))", request: request)
            case nil:
                return .setAside(reason: "the record has no type", request: request)
            }
        }
    }
}

/// A bundle's record lines, prepared one chunk ahead on another thread: the writer applies a chunk
/// while the next is read, decoded and checked, so the import keeps two cores busy instead of one.
struct PreparedLines: Sequence {
    static let chunkSize = 1024
    let lines: [Data]

    init(_ lines: [Data]) {
        self.lines = lines
    }

    func makeIterator() -> Iterator {
        Iterator(lines: lines)
    }

    struct Iterator: IteratorProtocol {
        private let lines: [Data]
        private var chunk: [PreparedLine] = []
        private var index = 0
        private var nextStart = 0
        private var ahead: ChunkInPreparation?

        init(lines: [Data]) {
            self.lines = lines
            ahead = prepareNextChunk()
        }

        mutating func next() -> PreparedLine? {
            if index == chunk.count {
                guard let ready = ahead else { return nil }
                chunk = ready.wait()
                index = 0
                ahead = prepareNextChunk()
            }
            defer { index += 1 }
            return chunk[index]
        }

        private mutating func prepareNextChunk() -> ChunkInPreparation? {
            guard nextStart < lines.count else { return nil }
            let end = Swift.min(nextStart + PreparedLines.chunkSize, lines.count)
            defer { nextStart = end }
            return ChunkInPreparation(Array(lines[nextStart..<end]))
        }
    }
}

/// One chunk being prepared on a global queue.
private final class ChunkInPreparation: @unchecked Sendable {
    // Written once by the preparing thread before `ready` is signalled, read only after waiting on it:
    // the semaphore orders the two.
    private var prepared: [PreparedLine] = []
    private let ready = DispatchSemaphore(value: 0)

    init(_ lines: [Data]) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let preparer = RecordPreparer()
            prepared = lines.map(preparer.prepare)
            ready.signal()
        }
    }

    func wait() -> [PreparedLine] {
        ready.wait()
        return prepared
    }
}

/// Applies prepared records inside the bundle's transaction.
struct RecordApplier {
    enum Result {
        case applied
        case setAside(reason: String, request: String?)
    }

    let tx: StoreTransaction
    let lifecycle: Lifecycle
    let now: Date
    /// The bundle's seq, kept with what the post reported.
    let bundle: Int64

    /// `number`: the line's number in the bundle (the header is line 1).
    func apply(_ line: PreparedLine, number: Int) throws -> Result {
        switch line {
        case .setAside(let reason, let request):
            return .setAside(reason: reason, request: request)
        case .stamp(let stamp):
            try tx.upsert(stamp: stamp)
        case .service(let service):
            try tx.upsert(service: service)
        case .person(let person):
            try tx.upsert(person: person)
        case .request(let prepared, let request):
            let record = prepared.record
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
                try tx.receive(prepared, at: now)
            }
        case .cancel(let cancel, let request):
            guard let stored = try tx.request(cancel.request) else {
                return .setAside(reason: "cancel of request \(cancel.request), which this center never received", request: request)
            }
            switch Lifecycle.centralCancel(in: stored.progress.state) {
            case .alreadyCancelled:
                return .applied
            case .tooLate:
                return .setAside(reason: "cancel of a request already \(stored.progress.state.rawValue): not applied", request: request)
            case .cancel:
                try tx.perform(.cancel(reason: cancel.reason), on: cancel.request, by: .system, at: now, lifecycle: lifecycle)
            }
        case .postal(let report):
            return try apply(report, number: number)
        case .ack(let seq):
            guard try tx.acknowledge(upTo: seq, at: now) else {
                return .setAside(reason: "ack of seq \(seq), which this center never sent", request: nil)
            }
        }
        return .applied
    }

    /// A delivery by the post ends the request; an attempt or a return on its way is kept for the
    /// operators and changes nothing. The contract makes a report on an envelope never dispatched,
    /// or a second delivery, a problem.
    private func apply(_ report: PostalReport, number: Int) throws -> Result {
        let tracking = report.tracking.rawValue
        guard let stored = try tx.dispatchedRequest(tracking: report.tracking) else {
            return .setAside(reason: "postal \(report.event.rawValue) for \(tracking), which this center never dispatched", request: nil)
        }
        let id = stored.record.id
        if report.event == .delivered {
            switch stored.progress.state {
            case .dispatched:
                try tx.perform(.postDelivered(office: report.office), on: id, by: .system, at: now, lifecycle: lifecycle)
            case .delivered:
                return .setAside(reason: "a second postal delivered for \(tracking) (request \(id))", request: id.rawValue)
            default:
                return .setAside(reason: "postal delivered for \(tracking), whose request \(id) is \(stored.progress.state.rawValue) at the center",
                                 request: id.rawValue)
            }
        }
        try tx.recordPostal(report, for: id, bundle: bundle, line: number)
        return .applied
    }
}
