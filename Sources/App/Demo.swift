import ArgumentParser
import Foundation
import ShubbakCore
import ShubbakExchange
import ShubbakSampleData
import ShubbakScreens
import ShubbakStore
import ShubbakTerminal

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a throwaway demo center with realistic Arabic data and open it.")

    @Option(help: "Where to build it (default: a new temporary folder).")
    var data: String?

    @Option(help: "How many requests.")
    var requests = 400

    @Option(help: "Seed of the generator: the same seed gives the same center.")
    var seed: UInt64 = 2026

    @Flag(help: "Print the queue instead of opening the terminal UI (also when the output is not a terminal).")
    var noUI = false

    @OptionGroup var ui: UIOptions

    func run() throws {
        let url = data.map(URL.init(fileURLWithPath:))
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("shubbak-demo-\(ProcessInfo.processInfo.processIdentifier)-\(Int(Date().timeIntervalSince1970))")
        let party = PartyID.demo
        let directory = try CenterDirectory.create(at: url, center: party)
        try directory.createKeys(centralKey: nil)
        let now = Date()
        var generator = RequestGenerator(seed: seed, center: party, now: now)
        do {
            try directory.store.write { tx in
                for stamp in SampleCatalog.stamps { try tx.upsert(stamp: stamp) }
                for service in SampleCatalog.services { try tx.upsert(service: service) }
                for _ in 0..<requests {
                    let (record, person) = generator.nextRequest()
                    if let person { try tx.upsert(person: person) }
                    try tx.receive(record, at: min(now, record.submittedAt.addingTimeInterval(600)))
                }
            }
        } catch { throw AppError.store(error) }
        try Demo.addStaff(to: directory, at: now)
        try Demo.playCentralOffice(for: directory, with: &generator, requests: max(requests / 10, 5), at: now)
        if !noUI && isatty(STDOUT_FILENO) == 1 && isatty(STDIN_FILENO) == 1 {
            let language = Language(rawValue: ui.lang ?? directory.config.language) ?? .arabic
            let hint = "\(Catalog.of(language)[.demoHint]) \(Demo.staff.map(\.id).joined(separator: ", ")) · \(Demo.password)"
            try TerminalApp(center: directory, options: ui, signInHint: hint).run()
            print("demo center \(party) kept in \(url.path)")
            return
        }
        print("demo center \(party) in \(url.path)")
        try QueuePrinter(store: directory.store, now: now).printQueue(limit: 40, json: false)
    }
}

extension Demo {
    /// The demo's counter staff, all with the same password, shown on its sign-in screen.
    static let staff: [(id: String, name: String, role: Role)] = [
        ("op-01", "سامر الحموي", .operator), ("op-02", "ريم العلي", .operator), ("sup-01", "هالة الأحمد", .supervisor),
    ]
    static let password = "shubbak"

    /// The demo plays the central office once: its key is pinned and its next bundle waits in the inbox, so the sync
    /// screen (Alt+5, then F2) applies something real and sends the center's events back.
    static func playCentralOffice(for directory: CenterDirectory, with generator: inout RequestGenerator, requests: Int,
                                  at now: Date) throws {
        do {
            let central = try SignifyKeyPair.generate(comment: "CENTRAL")
            try central.publicKey.write(to: directory.centralKeyURL)
            var bundle = CentralOfficeBundle(to: directory.partyID, seq: 1, createdAt: now)
            for _ in 0..<requests {
                let (record, person) = generator.nextRequest()
                if let person { try bundle.add(person: person) }
                try bundle.add(request: record)
            }
            let (name, bytes) = try bundle.signed(with: central.secretKey)
            try bytes.write(to: directory.folders.inbox.appendingPathComponent(name), options: .atomic)
        } catch {
            throw AppError.io("the demo's central office could not write its bundle: \(error)")
        }
    }

    static func addStaff(to directory: CenterDirectory, at now: Date) throws {
        let accounts = try staff.map { member in
            (Operator(id: try OperatorID(member.id), name: member.name, role: member.role),
             try PasswordHash(password: password))
        }
        do {
            try directory.store.write { tx in
                for (profile, hash) in accounts { try tx.add(profile, password: hash, at: now) }
            }
        } catch { throw AppError.store(error) }
    }
}

extension PartyID {
    /// The demo is the Hama center, like the central office's sample bundles.
    static var demo: PartyID { (try? PartyID("HMA-01")) ?? .central }
}
