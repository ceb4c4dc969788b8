import ArgumentParser
import Foundation
import ShubbakCore
import ShubbakExchange
import ShubbakStore

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a center: configuration, database, exchange folders and a signify key pair.")

    @Option(help: "The center's party id, such as HMA-01.")
    var center: String

    @Option(help: "The central office's signify public key, to pin.")
    var centralKey: String?

    @Option(help: "A Unix group whose accounts share the center, each at its own terminal (files 0660, the signing key 0640).")
    var group: String?

    @OptionGroup var options: CenterOptions

    func run() throws {
        let party: PartyID
        do { party = try PartyID(center) } catch { throw AppError.invalid(error.description) }
        guard party.isCenter else { throw AppError.invalid("CENTRAL is the central office, not a center") }
        let directory = try CenterDirectory.create(at: try options.directory(), center: party, group: group)
        try directory.createKeys(centralKey: centralKey.map(URL.init(fileURLWithPath:)))
        print("created center \(party) in \(directory.url.path)")
        print("its public key, for the central office: \(directory.publicKeyURL.path)")
    }
}

extension CenterDirectory {
    var keysURL: URL { url.appendingPathComponent("keys") }
    var publicKeyURL: URL { keysURL.appendingPathComponent("\(config.center).pub") }
    var secretKeyURL: URL { keysURL.appendingPathComponent("\(config.center).sec") }
    var centralKeyURL: URL { keysURL.appendingPathComponent("CENTRAL.pub") }

    func createKeys(centralKey: URL?) throws(AppError) {
        do {
            let pair = try SignifyKeyPair.generate(comment: config.center)
            try pair.write(publicKeyTo: publicKeyURL, secretKeyTo: secretKeyURL)
            if let centralKey {
                let key = try SignifyPublicKey(contentsOf: centralKey)
                try key.write(to: centralKeyURL)
            }
        } catch {
            throw .io(error.description)
        }
        // Every counter of a group signs what it exports: the group reads the key, nobody else.
        try fileAccess.apply(fileAccess.secretKeyMode, to: secretKeyURL.path)
        // Public keys are public; they belong to the group like the rest.
        for url in [publicKeyURL, centralKeyURL] where FileManager.default.fileExists(atPath: url.path) {
            try fileAccess.apply(0o644, to: url.path)
        }
    }
}

struct Queue: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the open requests, the first due first.")

    @Flag(help: "One JSON object per request, for scripts.")
    var json = false

    @Option(help: "How many requests to list at most.")
    var limit = 100

    @OptionGroup var options: CenterOptions

    func run() throws {
        let center = try options.centerToRead()
        try QueuePrinter(store: center.store, now: Date()).printQueue(limit: limit, json: json)
    }
}

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the event log.", subcommands: [Verify.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the audit chain and replay every request; name the first bad event.")

        @OptionGroup var options: CenterOptions

        func run() throws {
            let center = try options.centerToRead()
            let report: AuditReport
            do { report = try center.store.verifyAudit() } catch { throw AppError.store(error) }
            if let problem = report.firstProblem {
                print("audit FAILED at \(problem)")
                print("\(report.eventsChecked) events before it check out")
                throw ExitCode(2)
            }
            print("audit ok: \(report.eventsChecked) events, \(report.requestsChecked) requests, chain head \(report.head)")
        }
    }
}

/// Prints the queue as a table or as JSON lines.
struct QueuePrinter {
    let store: CenterStore
    let now: Date

    func printQueue(limit: Int, json: Bool) throws {
        let slice: QueueSlice
        do {
            slice = try store.read { tx in try tx.queuePage(QueueFilter(), at: now, .top, limit: limit) }
        } catch { throw AppError.store(error) }
        let (rows, total) = (slice.rows, slice.total)
        if json {
            let encoder = Wire.makeEncoder()
            for row in rows {
                let line = QueueLine(row, now: now)
                print(String(decoding: try encoder.encode(line), as: UTF8.self))
            }
            return
        }
        print("\(total) open requests\(total > rows.count ? ", the first \(rows.count) shown" : "")")
        for row in rows {
            let due = row.isOverdue(at: now) ? "OVERDUE" : "due \(ContractTime.format(row.dueAt))"
            let holder = row.holder.map { " held by \($0)" } ?? ""
            let flag = row.duplicateOf.map { " possible duplicate of \($0)" } ?? ""
            print("\(row.id)  \(row.service) (\(row.speed.rawValue))  \(Sanitised.forMessage(row.subjectName))  \(row.delivery.rawValue)  \(row.state.rawValue)  \(due)\(holder)\(flag)")
        }
    }

    struct QueueLine: Encodable {
        var id: RequestID
        var service: String
        var speed: ServiceSpeed
        var subject: String
        var subjectNo: NationalNumber
        var delivery: Delivery.Method
        var governorate: String?
        var state: RequestState
        var holder: OperatorID?
        var submittedAt: Date
        var dueAt: Date
        var overdue: Bool
        var duplicateOf: RequestID?
        /// duplicate, flood, no_record, cancelled.
        var flags: [RequestFlag]

        enum CodingKeys: String, CodingKey {
            case id, service, speed, subject, delivery, governorate, state, holder, overdue, flags
            case subjectNo = "subject_no", submittedAt = "submitted_at", dueAt = "due_at", duplicateOf = "duplicate_of"
        }

        init(_ row: QueueRow, now: Date) {
            id = row.id
            service = row.service
            speed = row.speed
            subject = row.subjectName
            subjectNo = row.subjectNo
            delivery = row.delivery
            governorate = row.governorate
            state = row.state
            holder = row.holder
            submittedAt = row.submittedAt
            dueAt = row.dueAt
            overdue = row.isOverdue(at: now)
            duplicateOf = row.duplicateOf
            flags = row.flags
        }
    }
}
