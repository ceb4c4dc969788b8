import Foundation
import GRDB
import Testing
@testable import ShubbakCore
@testable import ShubbakStore

/// A small center history with a known answer: the test's own model walks the same script with plain UTC+3
/// arithmetic (Damascus has kept UTC+3 all year since 2022) and the report must agree with it figure by figure.
@Suite struct ReportTests {
    static func utc(_ text: String) -> Date { ContractTime.parse(text) ?? Date(timeIntervalSince1970: 0) }

    /// The model's local day: whole days since 1970 after adding three hours.
    static func modelDay(_ date: Date) -> Int { (Int(date.timeIntervalSince1970) + 10_800) / 86_400 }
    static func modelHour(_ date: Date) -> Int { (Int(date.timeIntervalSince1970) + 10_800) % 86_400 / 3_600 }

    let lifecycle = Lifecycle(leaseDuration: 4 * 3_600)
    let day = try? CivilDate("2026-11-20")
    let now = utc("2026-11-20T21:30:00Z")

    enum Step {
        case claim, verify, print, stamp, seal, release
        case reject(RejectionReason)

        var kind: EventKind {
            switch self {
            case .claim: .claimed
            case .verify: .verified
            case .print: .printed
            case .stamp: .stamped
            case .seal: .sealed
            case .release: .released
            case .reject: .rejected
            }
        }

        func command(_ serial: Int) -> LifecycleCommand {
            switch self {
            case .claim: .claim
            case .verify: .verify(confirmProbable: false)
            case .print: .print(reprintReason: nil)
            case .stamp: .stamp(["CENTER", "REVENUE"], revenueCancelled: true, paperSerial: nil)
            case .seal: .seal(tracking: nil, pickupCode: PickupCode(random: UInt64(serial)))
            case .release: .release(note: "")
            case .reject(let reason): .reject(reason, fields: [], note: "")
            }
        }
    }

    struct Script {
        var serial: Int
        var service: String
        var subject: String
        var submitted: Date
        var steps: [(Step, String, Date)]
    }

    static let services = [
        Service(code: "CIVIL-EXTRACT", name: LocalizedText(ar: "إخراج قيد فردي", en: "Extract"), speed: .fast, fee: 2000,
                slaHours: 48, stamps: ["CENTER", "REVENUE"], active: true),
        Service(code: "FAMILY-EXTRACT", name: LocalizedText(ar: "بيان عائلي", en: "Family"), speed: .slow, fee: 3000,
                slaHours: 120, stamps: ["CENTER", "REVENUE"], active: true),
    ]

    static func finish(_ at: String, by op: String, ending last: Step = .seal) -> [(Step, String, Date)] {
        let end = utc(at)
        let base = end.addingTimeInterval(-600)
        return [(.verify, op, base.addingTimeInterval(60)), (.print, op, base.addingTimeInterval(120)),
                (.stamp, op, base.addingTimeInterval(180)), (last, op, end)]
    }

    /// The history: day boundaries at 20:59/21:01 UTC (midnight in Damascus) and 21:59/22:01 UTC (one hour later, the
    /// same local day), a release and re-claim, a duplicate, a breach, an overdue backlog, and a week-earlier day.
    static let scripts: [Script] = [
        Script(serial: 1, service: "CIVIL-EXTRACT", subject: "05010000001", submitted: utc("2026-11-19T20:59:00Z"),
               steps: [(.claim, "op-01", utc("2026-11-19T21:01:00Z")), (.verify, "op-01", utc("2026-11-19T21:10:00Z")),
                       (.print, "op-01", utc("2026-11-19T21:20:00Z")), (.stamp, "op-01", utc("2026-11-19T21:30:00Z")),
                       (.seal, "op-01", utc("2026-11-19T21:59:00Z"))]),
        Script(serial: 2, service: "CIVIL-EXTRACT", subject: "05010000002", submitted: utc("2026-11-19T21:30:00Z"),
               steps: [(.claim, "op-02", utc("2026-11-19T22:00:00Z")), (.reject(.nameMismatch), "op-02", utc("2026-11-19T22:01:00Z"))]),
        Script(serial: 3, service: "FAMILY-EXTRACT", subject: "05010000003", submitted: utc("2026-11-13T06:00:00Z"),
               steps: [(.claim, "op-01", utc("2026-11-20T06:00:00Z"))] + finish("2026-11-20T07:30:00Z", by: "op-01")),
        Script(serial: 4, service: "CIVIL-EXTRACT", subject: "05010000004", submitted: utc("2026-11-20T05:00:00Z"),
               steps: [(.claim, "op-01", utc("2026-11-20T08:00:00Z")), (.reject(.deceased), "op-01", utc("2026-11-20T08:20:00Z"))]),
        Script(serial: 5, service: "CIVIL-EXTRACT", subject: "05010000005", submitted: utc("2026-11-20T06:00:00Z"),
               steps: [(.claim, "op-02", utc("2026-11-20T08:30:00Z")), (.release, "op-02", utc("2026-11-20T08:40:00Z")),
                       (.claim, "op-01", utc("2026-11-20T09:00:00Z"))] + finish("2026-11-20T09:45:00Z", by: "op-01")),
        Script(serial: 6, service: "CIVIL-EXTRACT", subject: "05010000005", submitted: utc("2026-11-20T06:30:00Z"), steps: []),
        Script(serial: 7, service: "CIVIL-EXTRACT", subject: "05010000007", submitted: utc("2026-11-20T21:01:00Z"),
               steps: [(.claim, "op-02", utc("2026-11-20T21:05:00Z"))]),
        Script(serial: 8, service: "FAMILY-EXTRACT", subject: "05010000008", submitted: utc("2026-11-10T08:00:00Z"), steps: []),
        Script(serial: 9, service: "CIVIL-EXTRACT", subject: "05010000009", submitted: utc("2026-11-13T10:00:00Z"),
               steps: [(.claim, "op-01", utc("2026-11-13T10:30:00Z"))] + finish("2026-11-13T11:00:00Z", by: "op-01")),
    ]

    static func requestID(_ serial: Int) throws -> RequestID { try RequestID("CSC-2026-\(String(format: "%08d", serial))") }

    static func record(_ script: Script) throws -> RequestRecord {
        let name = PersonName(first: "محمد", father: "أحمد", mother: "فاطمة", last: "الحسين")
        let number = try NationalNumber(script.subject)
        return RequestRecord(
            id: try requestID(script.serial), service: script.service, submittedAt: script.submitted,
            applicant: Applicant(nationalNo: number, name: name, phone: "+963933123456"),
            subject: Subject(nationalNo: number, name: name, birthDate: try CivilDate("1990-04-12"), birthPlace: "حماة"),
            delivery: .center(try PartyID("HMA-01")),
            payment: Payment(amount: 2000, channel: "fawateer", ref: "PAY-\(script.serial)", paidAt: script.submitted))
    }

    static func makeStore() throws -> (CenterStore, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shubbak-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("center.sqlite").path
        return (try CenterStore(path: path), path)
    }

    /// Plays the scripts in time order, as the counters would have.
    func play(into store: CenterStore) throws {
        try store.write { tx in
            for service in Self.services { try tx.upsert(service: service) }
            for script in Self.scripts {
                let name = PersonName(first: "محمد", father: "احمد", mother: "فاطمه", last: "الحسين")
                try tx.upsert(person: Person(nationalNo: try NationalNumber(script.subject), name: name,
                                             birthDate: try CivilDate("1990-04-12"), birthPlace: "حماة", gender: .male,
                                             registry: "حماة - الحاضر - 1", status: .alive, updatedAt: script.submitted))
            }
        }
        enum Happening { case receive(Script), step(Script, Step, String) }
        var timeline: [(Date, Int, Happening)] = []
        for script in Self.scripts {
            timeline.append((script.submitted, timeline.count, .receive(script)))
            for (step, op, at) in script.steps { timeline.append((at, timeline.count, .step(script, step, op))) }
        }
        for (at, _, happening) in timeline.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) {
            switch happening {
            case .receive(let script):
                try store.write { tx in _ = try tx.receive(try Self.record(script), at: at) }
            case .step(let script, let step, let op):
                try store.perform(step.command(script.serial), on: try Self.requestID(script.serial),
                                  by: OperatorID(stored: op), at: at, lifecycle: lifecycle)
            }
        }
    }

    /// The test's own answer for one local day, from the scripts alone.
    struct Expected {
        var stages: [EventKind: Int] = [:]
        var finished: [String: Int] = [:]
        var rejected: [String: Int] = [:]
        var durations: [String: [Int]] = [:]
        var received: [String: Int] = [:]
        var serviceFinished: [String: Int] = [:]
        var breaches: [String: Int] = [:]
        var byHour = Array(repeating: 0, count: 24)
        var reasons: [RejectionReason: Int] = [:]
    }

    static func expected(day: Int) -> Expected {
        var answer = Expected()
        for script in scripts {
            let sla = services.first { $0.code == script.service }?.slaHours ?? 0
            let due = script.submitted.addingTimeInterval(TimeInterval(sla * 3_600))
            if modelDay(script.submitted) == day {
                answer.stages[.received, default: 0] += 1
                answer.received[script.service, default: 0] += 1
            }
            var lastClaim: Date?
            for (step, op, at) in script.steps {
                if case .claim = step { lastClaim = at }
                guard modelDay(at) == day else { continue }
                answer.stages[step.kind, default: 0] += 1
                let finishing: Bool
                switch step {
                case .seal: finishing = true
                case .reject(let reason):
                    finishing = true
                    answer.rejected[op, default: 0] += 1
                    answer.reasons[reason, default: 0] += 1
                default: finishing = false
                }
                guard finishing else { continue }
                answer.finished[op, default: 0] += 1
                if let lastClaim { answer.durations[op, default: []].append(Int(at.timeIntervalSince(lastClaim))) }
                answer.serviceFinished[script.service, default: 0] += 1
                if at > due { answer.breaches[script.service, default: 0] += 1 }
                answer.byHour[modelHour(at)] += 1
            }
        }
        return answer
    }

    @Test func everyFigureOfADayMatchesTheModel() throws {
        let (store, _) = try Self.makeStore()
        try play(into: store)
        let day = try #require(day)
        let report = try store.read { try $0.throughputReport(.day(day), now: now) }
        let model = Self.expected(day: day.dayNumber)
        // The boundaries: 20:59 UTC is the day before in Damascus, 21:01, 21:59 and 22:01 are this day.
        #expect(Self.modelDay(Self.utc("2026-11-19T20:59:00Z")) == day.dayNumber - 1)
        #expect(Self.modelDay(Self.utc("2026-11-19T22:01:00Z")) == day.dayNumber)
        for kind in EventKind.allCases { #expect(report.count(kind) == model.stages[kind, default: 0], "\(kind)") }
        #expect(report.operators.map(\.operator.rawValue) == ["op-01", "op-02"])
        for figures in report.operators {
            let op = figures.operator.rawValue
            let durations = (model.durations[op] ?? []).sorted()
            #expect(figures.finished == model.finished[op, default: 0], "\(op)")
            #expect(figures.rejected == model.rejected[op, default: 0], "\(op)")
            #expect(figures.medianHandling == (durations.isEmpty ? nil : durations[(durations.count - 1) / 2]), "\(op)")
            #expect(figures.longestHandling == durations.last, "\(op)")
        }
        for service in Self.services {
            let figures = report.services.first { $0.service == service.code }
            #expect(figures?.speed == service.speed)
            #expect(figures?.received ?? 0 == model.received[service.code, default: 0], "\(service.code)")
            #expect(figures?.finished ?? 0 == model.serviceFinished[service.code, default: 0], "\(service.code)")
            #expect(figures?.breaches ?? 0 == model.breaches[service.code, default: 0], "\(service.code)")
        }
        #expect(report.finishedByHour == model.byHour)
        #expect(report.rejections == model.reasons)
        #expect(report.duplicates == [DuplicateFlag(request: try Self.requestID(6), duplicateOf: try Self.requestID(5))])
    }

    @Test func theLast14DaysAndTheSameDayLastWeek() throws {
        let (store, _) = try Self.makeStore()
        try play(into: store)
        let day = try #require(day)
        let comparison = try store.read { tx in try tx.throughputComparison(.day(day), now: now) }
        let (current, previous) = (comparison.current, comparison.previous)
        let expected = (0..<14).map { offset in
            Self.expected(day: day.dayNumber - 13 + offset).finished.values.reduce(0, +)
        }
        #expect(current.finishedLast14Days == expected)
        #expect(previous.range.first == day.adding(days: -7))
        let lastWeek = Self.expected(day: day.dayNumber - 7)
        for kind in EventKind.allCases {
            #expect(comparison.change(kind) == Self.expected(day: day.dayNumber).stages[kind, default: 0] - lastWeek.stages[kind, default: 0])
        }
        // A week is the sum of its days.
        let week = try store.read { try $0.throughputReport(.week(endingOn: day), now: now) }
        for kind in EventKind.allCases {
            let sum = (0..<7).reduce(0) { $0 + Self.expected(day: day.dayNumber - $1).stages[kind, default: 0] }
            #expect(week.count(kind) == sum, "\(kind)")
        }
    }

    @Test func aYearsMediansWalkTheIndexAndAgreeWithTheModel() throws {
        let (store, _) = try Self.makeStore()
        try play(into: store)
        let range = ReportRange(from: try CivilDate("2026-01-01"), to: try CivilDate("2026-12-31"))
        #expect(range.dayCount > StoreTransaction.sortedMedianDays)
        let report = try store.read { try $0.throughputReport(range, now: now) }
        var durations: [String: [Int]] = [:]
        for day in range.first.dayNumber...range.last.dayNumber {
            for (op, values) in Self.expected(day: day).durations { durations[op, default: []] += values }
        }
        for figures in report.operators {
            let sorted = (durations[figures.operator.rawValue] ?? []).sorted()
            #expect(figures.medianHandling == (sorted.isEmpty ? nil : sorted[(sorted.count - 1) / 2]), "\(figures.operator)")
            #expect(figures.longestHandling == sorted.last)
        }
    }

    @Test func theBacklogIsTheOpenRequestsNowByAge() throws {
        let (store, _) = try Self.makeStore()
        try play(into: store)
        let day = try #require(day)
        let report = try store.read { try $0.throughputReport(.day(day), now: now) }
        let dayStart = Self.utc("2026-11-19T21:00:00Z")
        var ages: [AgeBucket: Int] = [:]
        var carried = 0
        var overdue: [Int] = []
        for script in Self.scripts {
            let finishing = script.steps.contains { step in
                if case .seal = step.0 { return true }
                if case .reject = step.0 { return true }
                return false
            }
            guard !finishing else { continue }
            let age = now.timeIntervalSince(script.submitted) / 86_400
            let bucket: AgeBucket = age < 1 ? .underOneDay : age < 2 ? .oneToTwoDays : age <= 7 ? .twoToSevenDays : .overSevenDays
            ages[bucket, default: 0] += 1
            if script.submitted < dayStart { carried += 1 }
            let sla = Self.services.first { $0.code == script.service }?.slaHours ?? 0
            if script.submitted.addingTimeInterval(TimeInterval(sla * 3_600)) < now { overdue.append(script.serial) }
        }
        #expect(report.backlog.byAge == ages)
        #expect(report.backlog.carriedOver == carried)
        #expect(report.backlog.overdueCount == overdue.count)
        #expect(report.backlog.overdue.map(\.id) == (try overdue.map(Self.requestID)))
    }

    @Test func signedInTimeComesFromTheSessionLog() throws {
        let (store, _) = try Self.makeStore()
        try play(into: store)
        let day = try #require(day)
        let op1 = OperatorID(stored: "op-01"), op2 = OperatorID(stored: "op-02")
        // (operator, kind, time): op-01 signed in the evening before, op-02 is still signed in at `now`.
        let log: [(OperatorID, SessionEventKind, String)] = [
            (op1, .signedIn, "2026-11-19T20:30:00Z"), (op1, .signedOut, "2026-11-19T22:30:00Z"),
            (op1, .signedIn, "2026-11-20T05:00:00Z"), (op1, .idleLocked, "2026-11-20T06:00:00Z"),
            (op1, .failed, "2026-11-20T06:01:00Z"), (op1, .unlocked, "2026-11-20T06:10:00Z"),
            (op1, .signedOut, "2026-11-20T10:00:00Z"), (op2, .signedIn, "2026-11-20T20:00:00Z"),
        ]
        try store.write { tx in for (op, kind, at) in log { try tx.log(kind, of: op, at: Self.utc(at)) } }
        let report = try store.read { try $0.throughputReport(.day(day), now: now) }
        // The day runs from 21:00 UTC the evening before; op-02's open session runs to the end of the day.
        let dayStart = Self.utc("2026-11-19T21:00:00Z"), dayEnd = Self.utc("2026-11-20T21:00:00Z")
        let op1Seconds = Self.utc("2026-11-19T22:30:00Z").timeIntervalSince(dayStart) + 3_600
            + Self.utc("2026-11-20T10:00:00Z").timeIntervalSince(Self.utc("2026-11-20T06:10:00Z"))
        #expect(report.operators.first { $0.operator == op1 }?.signedIn == Int(op1Seconds))
        #expect(report.operators.first { $0.operator == op2 }?.signedIn == Int(dayEnd.timeIntervalSince(Self.utc("2026-11-20T20:00:00Z"))))
    }

    @Test func syncHealthFromTheExchangeLedger() throws {
        let (store, _) = try Self.makeStore()
        let imports = ["2026-11-20T05:00:00Z", "2026-11-20T09:00:00Z"].map(Self.utc)
        let exports = ["2026-11-20T06:00:00Z", "2026-11-20T08:00:00Z", "2026-11-20T10:00:00Z"].map(Self.utc)
        try store.write { tx in
            for (index, at) in imports.enumerated() {
                try tx.recordApplied(from: .central, seq: Int64(index + 1), sha256: "h\(index)", file: "in-\(index)", records: 1,
                                     applied: 1, setAside: 0, at: at)
            }
            try tx.recordQuarantine(file: "bad.txt", reason: "signature", at: imports[0])
            for (index, at) in exports.enumerated() {
                try tx.recordSent(StoreTransaction.OutboundBundle(seq: Int64(index + 1), recipient: "CENTRAL", file: "out-\(index)",
                                                                  bytes: Data(), createdAt: at, lastEvent: 0, records: 0, acked: false),
                                  problemsUpTo: nil, manifests: [], ack: nil)
            }
            #expect(try tx.acknowledge(upTo: 1))
        }
        let sync = try store.read { try $0.throughputReport(.day(try #require(day)), now: now).sync }
        #expect(sync.lastImport == imports.max())
        #expect(sync.lastExport == exports.max())
        #expect(sync.waitingSeq == Int64(imports.count + 1))
        #expect(sync.quarantined == 1)
        #expect(sync.unacknowledged == exports.count - 1)
        #expect(sync.oldestUnacknowledged == exports[1])
    }

    /// Counts the roll-ups must equal, recomputed from the raw event log with SQL of the test's own.
    static func recomputed(_ db: Database) throws -> (days: [String: Int], hours: [String: Int]) {
        var days: [String: Int] = [:], hours: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT (e.at + 10800) / 86400 AS day, (e.at + 10800) % 86400 / 3600 AS hour, r.service, e.operator, e.kind,
                COUNT(*) AS n
            FROM event e JOIN request r ON r.id = e.request GROUP BY 1, 2, 3, 4, 5
            """) {
            let dayKey = "\(row["day"] as Int)|\(row["service"] as String)|\(row["operator"] as String)|\(row["kind"] as String)"
            days[dayKey, default: 0] += row["n"] as Int
            hours["\(row["day"] as Int)|\(row["hour"] as Int)|\(row["kind"] as String)", default: 0] += row["n"] as Int
        }
        return (days, hours)
    }

    static func rolledUp(_ db: Database) throws -> (days: [String: Int], hours: [String: Int]) {
        var days: [String: Int] = [:], hours: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT day, service, operator, kind, count FROM rollup_day") {
            days["\(row["day"] as Int)|\(row["service"] as String)|\(row["operator"] as String)|\(row["kind"] as String)", default: 0] += row["count"] as Int
        }
        for row in try Row.fetchAll(db, sql: "SELECT day, hour, kind, count FROM rollup_hour") {
            hours["\(row["day"] as Int)|\(row["hour"] as Int)|\(row["kind"] as String)"] = row["count"]
        }
        return (days, hours)
    }

    @Test func rollUpsEqualARecomputationFromTheEventLog() throws {
        let (store, _) = try Self.makeStore()
        try play(into: store)
        try store.read { tx in
            let (days, hours) = try Self.recomputed(tx.db)
            let rolled = try Self.rolledUp(tx.db)
            #expect(rolled.days == days)
            #expect(rolled.hours == hours)
            let finishing = try Int.fetchOne(tx.db, sql: "SELECT COUNT(*) FROM event WHERE kind IN ('sealed', 'rejected')")
            #expect(try Int.fetchOne(tx.db, sql: "SELECT COUNT(*) FROM rollup_finished") == finishing)
        }
    }

    @Test func anAmendedServiceMovesTheReceivedCount() throws {
        let (store, _) = try Self.makeStore()
        try play(into: store)
        let day = try #require(day)
        let script = try #require(Self.scripts.first { $0.serial == 6 })
        var amended = try Self.record(script)
        amended.service = "FAMILY-EXTRACT"
        #expect(try store.write { tx in try tx.amend(amended, at: now) })
        let report = try store.read { try $0.throughputReport(.day(day), now: now) }
        let model = Self.expected(day: day.dayNumber)
        #expect(report.services.first { $0.service == "CIVIL-EXTRACT" }?.received == model.received["CIVIL-EXTRACT", default: 0] - 1)
        #expect(report.services.first { $0.service == "FAMILY-EXTRACT" }?.received == model.received["FAMILY-EXTRACT", default: 0] + 1)
        try store.read { tx in
            let (days, _) = try Self.recomputed(tx.db)
            #expect(try Self.rolledUp(tx.db).days == days)
        }
    }

    /// A transaction keeps its counts in memory until it commits: an amendment in the same transaction
    /// as the request's arrival moves a count that is not in the table yet.
    @Test func aRequestReceivedAndAmendedInOneTransactionIsCountedUnderItsNewService() throws {
        let (store, _) = try Self.makeStore()
        let script = try #require(Self.scripts.first { $0.serial == 6 })
        var amended = try Self.record(script)
        amended.service = "FAMILY-EXTRACT"
        try store.write { tx in
            for service in Self.services { try tx.upsert(service: service) }
            try tx.receive(try Self.record(script), at: script.submitted)
            #expect(try tx.amend(amended, at: script.submitted))
        }
        try store.read { tx in
            let (days, hours) = try Self.recomputed(tx.db)
            #expect(try Self.rolledUp(tx.db).days == days)
            #expect(try Self.rolledUp(tx.db).hours == hours)
            #expect(days.keys.contains { $0.contains("FAMILY-EXTRACT") })
        }
    }

    @Test func theMigrationBackfillsAStoreMadeBeforeRollUps() throws {
        let (store, path) = try Self.makeStore()
        try play(into: store)
        let day = try #require(day)
        let before = try store.read { try $0.throughputReport(.day(day), now: now) }
        // Turn the file back into one made before the migration: no roll-up tables, the migration not applied.
        try store.write { tx in
            try tx.db.execute(sql: """
                DROP TABLE rollup_day; DROP TABLE rollup_hour; DROP TABLE rollup_finished; DROP TABLE rollup_duplicate;
                DELETE FROM grdb_migrations WHERE identifier = '4-rollups';
                """)
        }
        let reopened = try CenterStore(path: path)
        let after = try reopened.read { try $0.throughputReport(.day(day), now: now) }
        #expect(after == before)
        try reopened.read { tx in
            let rolled = try Self.rolledUp(tx.db)
            let (days, hours) = try Self.recomputed(tx.db)
            #expect(rolled.days == days)
            #expect(rolled.hours == hours)
        }
    }
}
