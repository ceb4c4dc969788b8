import ArgumentParser
import Foundation
import ShubbakCore
import ShubbakExchange
import ShubbakSampleData
import ShubbakStore

private let sqlite3 = "/usr/bin/sqlite3"
private let signify = "/usr/bin/signify-openbsd"

/// Issue #4: records per second applying a signed 100,000-request bundle with its persons, beside
/// sqlite3's `.import` of the same rows into the same tables and indexes.
struct ImportBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Importer records/s on a signed bundle, beside sqlite3 .import of the same rows.")

    @Option(help: "Requests in the bundle (each with its person).")
    var requests = 100_000

    @Flag(help: "Keep the temporary folder.")
    var keep = false

    func run() throws {
        let workspace = try Workspace(name: "import", keep: keep)
        defer { workspace.finish() }
        let center = try PartyID("HMA-01")
        let central = try SignifyKeyPair.generate(comment: "central")
        let folders = ExchangeFolders(root: workspace.url)
        for folder in [folders.inbox, folders.outbox, folders.processed, folders.quarantine] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }

        let ((bundle, records), building) = try Stopwatch.measure { try buildBundle(to: center, key: central.secretKey, in: folders) }
        let bytes = (try FileManager.default.attributesOfItem(atPath: bundle.path)[.size] as? Int) ?? 0
        print("bundle: \(grouped(records)) records (\(grouped(requests)) requests, \(grouped(requests)) persons, catalog), \(grouped(bytes / 1_048_576)) MiB, built and signed in \(format(building.wall.seconds, digits: 1)) s")

        let databasePath = workspace.file("center.sqlite").path
        let store = try CenterStore(path: databasePath)
        let importer = Importer(store: store, center: center, centralKey: central.publicKey, folders: folders)
        let before = ResidentMemory.now()
        ResidentMemory.resetPeak()
        let (report, importTime) = try Stopwatch.measure { try importer.importFile(bundle) }
        let during = ResidentMemory.now()
        guard case .applied(_, let total, let applied, let setAside) = report.outcome, setAside == 0, applied == total else {
            throw BenchError("the bundle did not apply whole: \(report.outcome)")
        }

        let baseline = try sqliteImport(from: databasePath, in: workspace)
        print("")
        var table = FigureTable(header: ["", "records", "wall s", "records/s", "cpu s", "records/cpu s"])
        func add(_ label: String, _ records: Int, _ time: Timing) -> (wall: Double, cpu: Double) {
            let rates = (wall: Double(records) / time.wall.seconds, cpu: Double(records) / time.cpu.seconds)
            table.add(label, grouped(records), format(time.wall.seconds), grouped(Int(rates.wall)), format(time.cpu.seconds),
                      grouped(Int(rates.cpu)))
            return rates
        }
        let shubbak = add("shubbak Importer (verify, decode, validate, apply, events)", applied, importTime)
        let sqlite = add("sqlite3 .import (person, request rows as CSV)", baseline.rows, baseline.time)
        table.add("ratio shubbak / sqlite3 (goal ≥ 0.5)", "", "", format(shubbak.wall / sqlite.wall), "", format(shubbak.cpu / sqlite.cpu))
        table.print()
        let mebibytes = Double(bytes) / 1_048_576
        print("\nresident memory: \(format(before.current, digits: 1)) MiB before the import, peak \(format(during.peak, digits: 1)) MiB "
              + "during it; goal ≤ 1.2 × the bundle (\(format(mebibytes, digits: 1)) MiB) + 64 = \(format(1.2 * mebibytes + 64, digits: 1)) MiB")
    }

    /// The bundle the central office would send: catalog, then each request after its subject's record.
    private func buildBundle(to center: PartyID, key: SignifySecretKey, in folders: ExchangeFolders) throws -> (URL, Int) {
        var generator = RequestGenerator(seed: 2026, center: center, now: Date())
        var bundle = CentralOfficeBundle(to: center, seq: 1, createdAt: Date())
        for stamp in SampleCatalog.stamps { try bundle.add(stamp: stamp) }
        for service in SampleCatalog.services { try bundle.add(service: service) }
        for serial in 1...requests {
            let (record, person) = generator.distinctRequest(serial)
            try bundle.add(person: person)
            try bundle.add(request: record)
        }
        let (name, bytes) = try bundle.signed(with: key)
        let url = folders.inbox.appendingPathComponent(name)
        try bytes.write(to: url)
        return (url, bundle.recordCount)
    }

    /// Writes the person and request rows the import made as CSV, then times sqlite3 loading them
    /// into a fresh database with the migrations' schema, in one transaction as the Importer does.
    private func sqliteImport(from imported: String, in workspace: Workspace) throws -> (rows: Int, time: Timing) {
        let personCSV = workspace.file("person.csv").path, requestCSV = workspace.file("request.csv").path
        try script(workspace, "dump", """
            .mode csv
            .output \(personCSV)
            SELECT * FROM person;
            .output \(requestCSV)
            SELECT * FROM request;
            .output stdout
            """, database: imported)

        // The schema exactly as the migrations create it, from a fresh store.
        let freshPath = workspace.file("fresh.sqlite").path
        _ = try CenterStore(path: freshPath)
        let schema = try runTool(sqlite3, [freshPath, ".schema"]).output
        let target = workspace.file("sqlite3-import.sqlite").path
        try script(workspace, "schema", "PRAGMA journal_mode = WAL;\n" + schema, database: target)

        // CSV has no NULL: rows go through a staging table so the empty fields become NULL again
        // (an empty tracking number would break the unique index). That copy is timed too.
        // Every column that may hold NULL, as the schema says: a later migration's too (reference has a unique index).
        let columns = try runTool(sqlite3, [target, "SELECT group_concat(name || ':' || \"notnull\", ',') FROM pragma_table_info('request')"])
            .output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").map { $0.split(separator: ":").map(String.init) }
        let select = columns.map { column in column[1] == "0" ? "NULLIF(\(column[0]), '')" : column[0] }.joined(separator: ", ")
        let time = try script(workspace, "import", """
            PRAGMA synchronous = FULL;
            BEGIN IMMEDIATE;
            .mode csv
            .import \(personCSV) person
            CREATE TEMP TABLE request_csv AS SELECT * FROM request WHERE 0;
            .import \(requestCSV) request_csv
            INSERT INTO request SELECT \(select) FROM request_csv;
            COMMIT;
            """, database: target)
        let counts = try runTool(sqlite3, [target, "SELECT (SELECT COUNT(*) FROM person) + (SELECT COUNT(*) FROM request)"])
        guard let rows = Int(counts.output.trimmingCharacters(in: .whitespacesAndNewlines)), rows == 2 * requests else {
            throw BenchError("sqlite3 imported \(counts.output) rows, expected \(2 * requests)")
        }
        return (rows, time)
    }

    @discardableResult
    private func script(_ workspace: Workspace, _ name: String, _ text: String, database: String) throws -> Timing {
        let file = workspace.file("\(name).sql")
        try Data((text + "\n").utf8).write(to: file)
        return try runTool(sqlite3, ["-bail", database], input: file).time
    }
}

/// Issue #4: the time to export 100,000 events, beside signify-openbsd signing the same message.
struct ExportBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Exporter writing a bundle of many events, beside signify-openbsd -S -e over the same bytes.")

    @Option(help: "Events to export (one received request each).")
    var events = 100_000

    @Flag(help: "Keep the temporary folder.")
    var keep = false

    func run() throws {
        let workspace = try Workspace(name: "export", keep: keep)
        defer { workspace.finish() }
        let center = try PartyID("HMA-01")
        let keys = try SignifyKeyPair.generate(comment: center.rawValue)
        let publicKey = workspace.file("HMA-01.pub")
        try keys.publicKey.write(to: publicKey)
        let folders = ExchangeFolders(root: workspace.url)
        try FileManager.default.createDirectory(at: folders.outbox, withIntermediateDirectories: true)
        let store = try CenterStore(path: workspace.file("center.sqlite").path)
        let now = Date()
        var generator = RequestGenerator(seed: 2026, center: center, now: now)
        let (_, setup) = try Stopwatch.measure {
            try store.write { tx in
                for stamp in SampleCatalog.stamps { try tx.upsert(stamp: stamp) }
                for service in SampleCatalog.services { try tx.upsert(service: service) }
                for serial in 1...events {
                    let (record, _) = generator.distinctRequest(serial)
                    try tx.receive(record, at: min(now, record.submittedAt.addingTimeInterval(600)))
                }
            }
        }
        print("setup: \(grouped(events)) requests received (one event each) in \(format(setup.wall.seconds, digits: 1)) s")

        let exporter = Exporter(store: store, center: center, secretKey: keys.secretKey, folders: folders)
        let before = ResidentMemory.now()
        ResidentMemory.resetPeak()
        let (report, exportTime) = try Stopwatch.measure { try exporter.export(now: now) }
        let during = ResidentMemory.now()
        guard let report, report.events == events else { throw BenchError("the export did not carry every event") }
        let bundle = folders.outbox.appendingPathComponent(report.file)
        let signed = try SignedMessage(verifying: try Data(contentsOf: bundle), with: keys.publicKey)
        let message = workspace.file("message.jsonl")
        try Data(signed.message).write(to: message)

        let verified = workspace.file("verified.jsonl")
        let verify = try runTool(signify, ["-V", "-e", "-p", publicKey.path, "-x", bundle.path, "-m", verified.path])
        guard try Data(contentsOf: verified) == Data(signed.message) else { throw BenchError("signify -V -e gave other bytes") }

        try runTool(signify, ["-G", "-n", "-c", "bench", "-p", workspace.file("signify.pub").path, "-s", workspace.file("signify.sec").path])
        let signing = try runTool(signify, ["-S", "-e", "-s", workspace.file("signify.sec").path, "-m", message.path,
                                            "-x", workspace.file("signify.jsonl.sig").path])
        print("bundle: \(grouped(report.events)) events, \(grouped(Data(signed.message).count / 1024)) KiB; signify-openbsd -V -e accepts it\n")
        var table = FigureTable(header: ["", "wall s", "events/s", "cpu s"])
        table.add("shubbak Exporter (read, bundle, sign, keep bytes, fsync, rename)", format(exportTime.wall.seconds, digits: 3),
                  grouped(Int(Double(events) / exportTime.wall.seconds)), format(exportTime.cpu.seconds, digits: 3))
        table.add("signify-openbsd -S -e over the same message", format(signing.time.wall.seconds, digits: 3),
                  grouped(Int(Double(events) / signing.time.wall.seconds)), format(signing.time.cpu.seconds, digits: 3))
        table.add("signify-openbsd -V -e of shubbak's bundle", format(verify.time.wall.seconds, digits: 3), "",
                  format(verify.time.cpu.seconds, digits: 3))
        table.add("ratio shubbak / signify -S", format(exportTime.wall.seconds / signing.time.wall.seconds), "",
                  format(exportTime.cpu.seconds / signing.time.cpu.seconds))
        table.print()
        let mebibytes = Double((try FileManager.default.attributesOfItem(atPath: bundle.path)[.size] as? Int) ?? 0) / 1_048_576
        print("\nresident memory: \(format(before.current, digits: 1)) MiB before the export, peak \(format(during.peak, digits: 1)) MiB "
              + "during it; goal ≤ 2 × the bundle (\(format(mebibytes, digits: 1)) MiB) + 64 = \(format(2 * mebibytes + 64, digits: 1)) MiB")
    }
}
