import ArgumentParser
import Foundation
import GRDB
import ShubbakCore
import ShubbakSampleData
import ShubbakStore

/// A year of center history (about 2,000,000 events) built through the store's own `receive` and
/// `append`, then the throughput report for a day, a week, a month and the whole year, beside one
/// naive GROUP BY over the same events in the sqlite3 shell. An existing database in --data is
/// reused, so the setup is paid once.
struct ReportBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Throughput reports over a year of history, beside a naive GROUP BY in sqlite3.")

    @Option(help: "Where the year's database is built and reused.")
    var data = FileManager.default.temporaryDirectory.appendingPathComponent("shubbak-report-bench").path

    @Option(help: "Days of history.")
    var days = 365

    @Option(help: "Requests a day.")
    var requestsPerDay = 830

    @Option(help: "Runs of each query; the median is shown.")
    var runs = 5

    func validate() throws {
        guard days > 0, requestsPerDay > 0, runs > 0 else { throw ValidationError("--days, --requests-per-day and --runs take a positive whole number") }
    }

    func run() throws {
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let path = (data as NSString).appendingPathComponent("center.sqlite")
        let opening = ContinuousClock.now
        let store = try CenterStore(path: path)
        print("open (migrations, and the roll-up backfill when the store predates it): \(ContinuousClock.now - opening)")
        let calendar = CenterCalendar.damascus
        let today = calendar.day(of: Date())
        let existing = try store.read { try $0.auditHead().event }
        if existing == 0 {
            let clock = ContinuousClock()
            let started = clock.now
            var random = SeededRandom(seed: 2026)
            var serial = 0
            var total = 0
            try store.write { tx in for service in SampleCatalog.services { try tx.upsert(service: service) } }
            for index in 0..<days {
                let day = today.adding(days: index - days + 1)
                total += try store.write { tx in
                    try Self.buildDay(day, index: index, of: days, perDay: requestsPerDay, tx: tx, random: &random,
                                 serial: &serial)
                }
                if (index + 1) % 30 == 0 { print("  \(index + 1) days, \(total) events, \(clock.now - started)") }
            }
            // The bench appends events without the lifecycle: bring each request row to its last event's state.
            var configuration = Configuration()
            configuration.busyMode = .timeout(30)
            try DatabaseQueue(path: path, configuration: configuration).write { db in
                try db.execute(sql: """
                    UPDATE request SET holder = NULL, lease_until = NULL, state = (
                        SELECT CASE kind WHEN 'released' THEN 'received' ELSE kind END FROM event
                        WHERE event.request = request.id ORDER BY id DESC LIMIT 1)
                    """)
            }
            print("setup: \(total) events, \(serial) requests over \(days) days in \(clock.now - started)")
        } else {
            print("reusing \(path): \(existing) events")
        }
        let events = try store.read { try $0.auditHead().event }
        let clock = ContinuousClock()
        // Two naive queries over every event: what a report without roll-ups would run, and the cheapest GROUP BY there is.
        let naive = [
            "SELECT date(at, 'unixepoch', '+3 hours') AS day, kind, operator, COUNT(*) FROM event GROUP BY day, kind, operator",
            "SELECT kind, COUNT(*) FROM event GROUP BY kind",
        ]
        print("")
        print("events: \(events); runs: \(runs) (median shown)")
        var naiveMs: [Double] = []
        for query in naive {
            var times: [Double] = []
            for _ in 0..<runs { times.append(try Self.sqliteSeconds(path, query) * 1_000) }
            naiveMs.append(Percentiles(times)(50))
            print("naive in sqlite3: \(String(format: "%8.1f", Percentiles(times)(50))) ms  \(query)")
        }
        let ranges: [(String, ReportRange)] = [
            ("day (today)", .day(today)), ("week", .week(endingOn: today)), ("month", .month(of: today)),
            ("year (\(days) days)", ReportRange(from: today.adding(days: 1 - days), to: today)),
        ]
        print("")
        print("report                 time (ms)   × first naive   × cheapest naive")
        for (name, range) in ranges {
            var times: [Double] = []
            for _ in 0..<runs {
                let started = clock.now
                _ = try store.read { try $0.throughputReport(range, now: Date()) }
                times.append((clock.now - started).milliseconds)
            }
            let ms = Percentiles(times)(50)
            print("\(name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(String(format: "%9.1f", ms))   \(String(format: "%13.3f", ms / naiveMs[0]))   \(String(format: "%16.3f", ms / naiveMs[1]))")
        }
    }

    static let operators = (1...12).map { OperatorID(stored: String(format: "op-%02d", $0)) }
    static let reasons = RejectionReason.allCases

    static func record(serial: Int, service: String, submitted: Date) throws -> RequestRecord {
        let name = PersonName(first: "محمد", father: "أحمد", mother: "فاطمة", last: "الحسين")
        let number = try NationalNumber(String(format: "%011d", 10_000_000_000 + serial))
        return RequestRecord(
            id: try RequestID(String(format: "CSC-BENCH-%08d", serial)), service: service, submittedAt: submitted,
            applicant: Applicant(nationalNo: number, name: name, phone: "+963933123456"),
            subject: Subject(nationalNo: number, name: name, birthDate: try CivilDate("1990-04-12"), birthPlace: "حماة"),
            delivery: .center(try PartyID("HMA-01")),
            payment: Payment(amount: 2000, channel: "fawateer", ref: "PAY-BENCH-\(serial)", paidAt: submitted))
    }

    /// One day of requests: most go all the way to delivery, one in ten is rejected, one in twenty is released and
    /// taken again, the newest stay open.
    static func buildDay(_ day: CivilDate, index: Int, of days: Int, perDay: Int, tx: StoreTransaction,
                         random: inout SeededRandom, serial: inout Int) throws -> Int {
        let start = CenterCalendar.damascus.start(of: day)
        var events = 0
        for _ in 0..<perDay {
            serial += 1
            let service = SampleCatalog.services[Int.random(in: 0..<SampleCatalog.services.count, using: &random)]
            let submitted = start.addingTimeInterval(TimeInterval(Int.random(in: 7 * 3_600..<17 * 3_600, using: &random)))
            let request = try Self.record(serial: serial, service: service.code, submitted: submitted)
            try tx.receive(request, at: submitted)
            events += 1
            // The last two days keep part of their requests open: the backlog.
            if index >= days - 2 && Int.random(in: 0..<3, using: &random) == 0 { continue }
            let actor = Self.operators[Int.random(in: 0..<Self.operators.count, using: &random)]
            var at = submitted.addingTimeInterval(TimeInterval(Int.random(in: 600..<6 * 3_600, using: &random)))
            func step(_ kind: EventKind, by who: OperatorID = actor, data: EventData = EventData(), after seconds: Range<Int>) throws {
                at = at.addingTimeInterval(TimeInterval(Int.random(in: seconds, using: &random)))
                try tx.append(PendingEvent(request: request.id, kind: kind, at: at, actor: who, data: data))
                events += 1
            }
            try step(.claimed, after: 0..<1)
            if Int.random(in: 0..<20, using: &random) == 0 {
                try step(.released, after: 60..<600)
                try step(.claimed, after: 60..<1_800)
            }
            if Int.random(in: 0..<10, using: &random) == 0 {
                try step(.rejected, data: EventData(reason: Self.reasons[Int.random(in: 0..<Self.reasons.count, using: &random)]), after: 120..<900)
                continue
            }
            try step(.verified, after: 120..<600)
            try step(.printed, after: 60..<300)
            try step(.stamped, after: 60..<300)
            try step(.sealed, after: 60..<600)
            try step(.readyForPickup, by: .system, after: 60..<3_600)
            try step(.delivered, by: .system, after: 3_600..<3 * 86_400)
        }
        return events
    }

    static func sqliteSeconds(_ database: String, _ query: String) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [database]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(".timer on\n.output /dev/null\n\(query);\n".utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        // "Run Time: real 0.412 user 0.390 sys 0.020"
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Run Time:") }),
              let seconds = line.split(separator: " ").dropFirst(3).first.flatMap({ Double($0) }) else {
            throw BenchError("sqlite3 failed: \(text)")
        }
        return seconds
    }
}
