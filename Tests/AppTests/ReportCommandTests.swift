import Foundation
import Testing
@testable import ShubbakCore
@testable import ShubbakStore

/// `shubbak report` on a center whose one day the test wrote itself, in text, CSV and JSON.
@Suite(.serialized) struct ReportCommandTests {
    static func utc(_ text: String) -> Date { ContractTime.parse(text) ?? Date(timeIntervalSince1970: 0) }

    /// (serial, submitted, steps by operator at time); the day is 2026-11-20 in Damascus (from 21:00 UTC the day before).
    static let script: [(serial: Int, submitted: String, steps: [(LifecycleCommand, String, String)])] = [
        (1, "2026-11-20T06:00:00Z", [(.claim, "op-01", "2026-11-20T07:00:00Z"),
                                      (.reject(.nameMismatch, fields: ["name"], note: ""), "op-01", "2026-11-20T07:10:00Z")]),
        (2, "2026-11-20T06:30:00Z", [(.claim, "op-02", "2026-11-20T08:00:00Z"),
                                      (.verify(confirmProbable: false), "op-02", "2026-11-20T08:05:00Z"),
                                      (.print(reprintReason: nil), "op-02", "2026-11-20T08:06:00Z"),
                                      (.stamp(["CENTER", "REVENUE"], revenueCancelled: true, paperSerial: nil), "op-02", "2026-11-20T08:07:00Z"),
                                      (.seal(tracking: nil, pickupCode: PickupCode(random: 7)), "op-02", "2026-11-20T08:20:00Z")]),
        (3, "2026-11-20T07:00:00Z", []),
    ]

    static func kind(_ command: LifecycleCommand) -> String {
        switch command {
        case .claim: "claimed"
        case .reject: "rejected"
        case .verify: "verified"
        case .print: "printed"
        case .stamp: "stamped"
        case .seal: "sealed"
        default: "other"
        }
    }

    func makeCenter() throws -> String {
        let data = Shubbak.temporaryFolder()
        let created = try Shubbak.run(["init", "--center", "HMA-01", "--data", data])
        #expect(created.status == 0, "\(created.stderr)")
        let store = try CenterStore(path: "\(data)/center.sqlite")
        let name = PersonName(first: "محمد", father: "أحمد", mother: "فاطمة", last: "الحسين")
        try store.write { tx in
            try tx.upsert(service: Service(code: "CIVIL-EXTRACT", name: LocalizedText(ar: "إخراج قيد فردي", en: "Extract"),
                                           speed: .fast, fee: 2000, slaHours: 48, stamps: ["CENTER", "REVENUE"], active: true))
            for entry in Self.script {
                let number = try NationalNumber("0501000000\(entry.serial)")
                try tx.upsert(person: Person(nationalNo: number, name: name, birthDate: try CivilDate("1990-04-12"),
                                             birthPlace: "حماة", gender: .male, registry: "حماة", status: .alive,
                                             updatedAt: Self.utc(entry.submitted)))
                try tx.receive(RequestRecord(
                    id: try RequestID("CSC-2026-0000000\(entry.serial)"), service: "CIVIL-EXTRACT", submittedAt: Self.utc(entry.submitted),
                    applicant: Applicant(nationalNo: number, name: name, phone: "+963933123456"),
                    subject: Subject(nationalNo: number, name: name, birthDate: try CivilDate("1990-04-12"), birthPlace: "حماة"),
                    delivery: .center(try PartyID("HMA-01")),
                    payment: Payment(amount: 2000, channel: "fawateer", ref: "PAY-\(entry.serial)", paidAt: Self.utc(entry.submitted))),
                    at: Self.utc(entry.submitted))
            }
        }
        for entry in Self.script {
            for (command, op, at) in entry.steps {
                try store.perform(command, on: try RequestID("CSC-2026-0000000\(entry.serial)"), by: OperatorID(stored: op),
                                  at: Self.utc(at))
            }
        }
        return data
    }

    /// The test's answer: stage counts, and per operator the finished count and claim → finish seconds.
    static func expected() -> (stages: [String: Int], handling: [String: Int], rejected: [String: Int], hours: [Int: Int]) {
        var stages: [String: Int] = ["received": script.count]
        var handling: [String: Int] = [:], rejected: [String: Int] = [:], hours: [Int: Int] = [:]
        for entry in script {
            var claimedAt: Date?
            for (command, op, at) in entry.steps {
                stages[kind(command), default: 0] += 1
                if case .claim = command { claimedAt = utc(at) }
                if case .reject = command { rejected[op, default: 0] += 1 }
                if ["sealed", "rejected"].contains(kind(command)), let claimedAt {
                    handling[op] = Int(utc(at).timeIntervalSince(claimedAt))
                    hours[(Int(utc(at).timeIntervalSince1970) + 10_800) % 86_400 / 3_600, default: 0] += 1
                }
            }
        }
        return (stages, handling, rejected, hours)
    }

    @Test func jsonCarriesEveryFigure() throws {
        let data = try makeCenter()
        let result = try Shubbak.run(["report", "--from", "2026-11-20", "--format", "json", "--data", data])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let expected = Self.expected()
        let stages = try #require(json["stages"] as? [String: Int])
        for kind in EventKind.allCases { #expect(stages[kind.rawValue] == expected.stages[kind.rawValue, default: 0], "\(kind)") }
        let operators = try #require(json["operators"] as? [[String: Any]])
        #expect(operators.compactMap { $0["operator"] as? String } == expected.handling.keys.sorted())
        for row in operators {
            let op = try #require(row["operator"] as? String)
            #expect(row["finished"] as? Int == 1)
            #expect(row["rejected"] as? Int == expected.rejected[op, default: 0])
            #expect(row["median_handling_seconds"] as? Int == expected.handling[op])
            #expect(row["longest_handling_seconds"] as? Int == expected.handling[op])
        }
        let hours = try #require(json["finished_by_hour"] as? [Int])
        #expect(hours == (0..<24).map { expected.hours[$0, default: 0] })
        let backlog = try #require(json["backlog"] as? [String: Any])
        #expect((backlog["by_age"] as? [String: Int])?.values.reduce(0, +) == Self.script.filter { $0.steps.isEmpty }.count)
        let rejections = try #require(json["rejections"] as? [String: Int])
        #expect(rejections["NAME_MISMATCH"] == 1)
        #expect((json["range"] as? [String: String])?["from"] == "2026-11-20")
    }

    @Test func csvByOperatorAndTheLongTable() throws {
        let data = try makeCenter()
        let byOperator = try Shubbak.run(["report", "--from", "2026-11-20", "--format", "csv", "--by", "operator", "--lang", "en",
                                          "--data", data])
        #expect(byOperator.status == 0, "\(byOperator.stderr)")
        let lines = byOperator.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == "Operator,Finished,Rejected,Median,Longest,Signed in,Break")
        let expected = Self.expected()
        for (op, seconds) in expected.handling {
            let clock = "\(seconds / 3_600):\(String(format: "%02d", seconds / 60 % 60))"
            #expect(lines.contains("\(op),1,\(expected.rejected[op, default: 0]),\(clock),\(clock),0:00,0:00"), "\(lines)")
        }
        let long = try Shubbak.run(["report", "--from", "2026-11-20", "--format", "csv", "--data", data])
        let rows = long.stdout.components(separatedBy: "\r\n")
        #expect(rows.first == "section,name,detail,value")
        #expect(rows.contains("stage,received,,\(expected.stages["received"] ?? 0)"))
        #expect(rows.contains("rejection,NAME_MISMATCH,,1"))
    }

    @Test func textInEnglishAndArabic() throws {
        let data = try makeCenter()
        let english = try Shubbak.run(["report", "--from", "2026-11-20", "--to", "2026-11-20", "--lang", "en", "--data", data])
        #expect(english.status == 0, "\(english.stderr)")
        #expect(english.stdout.hasPrefix("Throughput report HMA-01 — 2026-11-20\n"))
        let received = try #require(english.stdout.split(separator: "\n").first { $0.hasPrefix("  received ") })
        #expect(received.hasSuffix(" \(Self.expected().stages["received"] ?? 0)"))
        #expect(english.stdout.contains("name mismatch: 1"))
        let arabic = try Shubbak.run(["report", "--from", "2026-11-20", "--by", "hour", "--data", data])
        #expect(arabic.stdout.hasPrefix("تقرير الإنجاز HMA-01"))
        #expect(arabic.stdout.contains("الساعة"))
        let bad = try Shubbak.run(["report", "--from", "2026-13-01", "--data", data])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("YYYY-MM-DD"))
    }

    /// Issue 16 item 5: the floods, the operators' break time and the targets met, in text (both
    /// languages), CSV and JSON. op-03 takes a 10-minute break holding request 4: its 30 minutes at
    /// the counter count 20. Requests 4 and 5, one applicant for two people, are a flood at a threshold of 2.
    @Test func floodsBreaksAndTargetsInEveryFormat() throws {
        let data = try makeCenter()
        let store = try CenterStore(path: "\(data)/center.sqlite", floodRule: FloodRule(threshold: 2))
        let name = PersonName(first: "محمد", father: "أحمد", mother: "فاطمة", last: "الحسين")
        let broker = try NationalNumber("05019999999")
        let op3 = OperatorID(stored: "op-03")
        try store.write { tx in
            for (serial, at) in [(4, "2026-11-20T08:30:00Z"), (5, "2026-11-20T08:45:00Z")] {
                let subject = try NationalNumber("0501000000\(serial)")
                try tx.receive(RequestRecord(
                    id: try RequestID("CSC-2026-0000000\(serial)"), service: "CIVIL-EXTRACT", submittedAt: Self.utc(at),
                    applicant: Applicant(nationalNo: broker, name: name, phone: "+963944000000"),
                    subject: Subject(nationalNo: subject, name: name, birthDate: try CivilDate("1990-04-12"), birthPlace: "حماة"),
                    delivery: .center(try PartyID("HMA-01")),
                    payment: Payment(amount: 2000, channel: "fawateer", ref: "PAY-\(serial)", paidAt: Self.utc(at))), at: Self.utc(at))
            }
            try tx.log(.signedIn, of: op3, at: Self.utc("2026-11-20T08:55:00Z"))
            let lifecycle = Lifecycle(leaseDuration: 3_600)
            let four = try RequestID("CSC-2026-00000004")
            try tx.perform(.claim, on: four, by: op3, at: Self.utc("2026-11-20T09:00:00Z"), lifecycle: lifecycle)
            try tx.setStatus(.onBreak, of: op3, at: Self.utc("2026-11-20T09:05:00Z"))
            try tx.setStatus(.serving, of: op3, at: Self.utc("2026-11-20T09:15:00Z"))
            try tx.perform(.reject(.other, fields: [], note: "torn"), on: four, by: op3, at: Self.utc("2026-11-20T09:30:00Z"),
                           lifecycle: lifecycle)
            try tx.log(.signedOut, of: op3, at: Self.utc("2026-11-20T10:00:00Z"))
        }
        let json = try Shubbak.run(["report", "--from", "2026-11-20", "--format", "json", "--data", data])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let operators = try #require(object["operators"] as? [[String: Any]])
        let three = try #require(operators.first { $0["operator"] as? String == "op-03" })
        #expect(three["break_seconds"] as? Int == 600 && three["median_handling_seconds"] as? Int == 1_200)
        let targets = try #require(object["targets"] as? [[String: Any]])
        func buckets(_ measure: String) -> [String: Int]? {
            targets.first { $0["measure"] as? String == measure }?["buckets"] as? [String: Int]
        }
        // Fast handling against 15 min: 10 min, 20 min (op-02), 20 min (op-03). Waiting against 60 min: 60, 90, 30.
        #expect(buckets("handling_fast") == ["within_half": 0, "within_target": 1, "within_double": 2, "beyond_double": 0])
        #expect(buckets("waiting") == ["within_half": 1, "within_target": 1, "within_double": 1, "beyond_double": 0])
        let floods = try #require(object["floods"] as? [[String: Any]])
        #expect(floods.count == 1 && floods.first?["applicant"] as? String == "05019999999" && floods.first?["requests"] as? Int == 2)
        #expect(floods.first?["undecided"] as? Int == 1, "request 4 was rejected, not as a fake")

        let csv = try Shubbak.run(["report", "--from", "2026-11-20", "--format", "csv", "--data", data]).stdout.components(separatedBy: "\r\n")
        for row in ["operator,op-03,break_seconds,600", "target,handling_fast,met_percent,33", "target,waiting,met_percent,67",
                    "target,waiting,target_seconds,3600", "flood,05019999999,requests,2"] {
            #expect(csv.contains(row), "\(row)")
        }
        let english = try Shubbak.run(["report", "--from", "2026-11-20", "--lang", "en", "--data", data]).stdout
        let fast = try #require(english.split(separator: "\n").first { $0.hasPrefix("  Handling, fast services") })
        #expect(fast.split(separator: " ", omittingEmptySubsequences: true).suffix(6) == ["0:15", "0", "1", "2", "0", "33%"], "\(fast)")
        #expect(english.contains("Floods\n") && english.contains("05019999999"))
        let arabic = try Shubbak.run(["report", "--from", "2026-11-20", "--data", data]).stdout
        #expect(arabic.contains("الأهداف\n") && arabic.contains("مدة المعالجة، الخدمات السريعة") && arabic.contains("33%"))
        #expect(arabic.contains("طلبات بالجملة\n") && arabic.contains("استراحة"))
    }
}
