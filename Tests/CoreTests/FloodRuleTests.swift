import Foundation
import Testing
@testable import ShubbakCore

/// Issue 16 item 1: known answers for the flood rule.
@Suite struct FloodRuleTests {
    /// 2026-11-21 21:00 in Damascus (UTC+3) is 18:00Z.
    static let evening = ContractTime.parse("2026-11-21T18:00:00Z") ?? Date(timeIntervalSince1970: 0)

    static func filing(_ serial: Int, subject: Int, at offset: TimeInterval) throws -> FloodRule.Filing {
        FloodRule.Filing(request: try RequestID(String(format: "CSC-2026-%08d", serial)),
                         subject: try NationalNumber(String(format: "0501%07d", subject)), submittedAt: evening.addingTimeInterval(offset))
    }

    @Test func fiveDifferentPeopleMakeAFloodAndFourDoNot() throws {
        let rule = FloodRule(threshold: 5)
        let four = try (1...4).map { try Self.filing($0, subject: $0, at: TimeInterval($0) * 600) }
        #expect(rule.cluster(of: four[3], among: four).isEmpty)
        let fifth = try Self.filing(5, subject: 5, at: 3_600)
        #expect(Set(rule.cluster(of: fifth, among: four).map(\.request)) == Set((four + [fifth]).map(\.request)))
        // Five requests, but two for the same person: four people, no flood.
        let again = try Self.filing(6, subject: 2, at: 3_600)
        #expect(rule.cluster(of: again, among: four).isEmpty)
        // A threshold of 1 would flag every request: the rule keeps at least 2.
        #expect(FloodRule(threshold: 1).threshold == 2)
    }

    @Test func theWindowIsTwentyFourHoursOfTimeAcrossMidnight() throws {
        let rule = FloodRule(threshold: 5)
        // 21:00, 23:30, then 01:00, 09:00 and 20:59 the next local day: 23 h 59 min in all.
        let offsets: [TimeInterval] = [0, 9_000, 14_400, 43_200, 86_340]
        let filings = try offsets.enumerated().map { try Self.filing($0.offset + 1, subject: $0.offset + 1, at: $0.element) }
        let calendar = CenterCalendar.damascus
        #expect(calendar.day(of: filings[0].submittedAt) != calendar.day(of: filings[2].submittedAt), "the filings span two days")
        #expect(rule.cluster(of: filings[4], among: filings).count == 5)
        // The last one a minute later than 24 h after the first: no window holds all five.
        var late = filings
        late[4] = try Self.filing(5, subject: 5, at: 86_460)
        #expect(rule.cluster(of: late[4], among: late).isEmpty)
        #expect(rule.cluster(of: late[0], among: late).isEmpty)
        // Exactly 24 h is still within.
        late[4] = try Self.filing(5, subject: 5, at: 86_400)
        #expect(rule.cluster(of: late[0], among: late).count == 5)
    }

    @Test func aRowCarriesItsFlagsInOrder() throws {
        let row = QueueRow(id: try RequestID("CSC-2026-00000001"), service: "CRIMINAL-RECORD", speed: .fast, subjectName: "x",
                           subjectNo: try NationalNumber("05010000001"), delivery: .post, governorate: nil, submittedAt: Self.evening,
                           dueAt: Self.evening, state: .cancelled, holder: nil, leaseUntil: nil,
                           duplicateOf: try RequestID("CSC-2026-00000000"), isFlood: true, hasNoRecord: true)
        #expect(row.flags == [.duplicate, .flood, .noRecord, .cancelled])
        #expect(row.flags.map(\.rawValue) == ["duplicate", "flood", "no_record", "cancelled"])
    }
}

/// Issue 16 item 2: flagged requests joined into the clusters the supervisor decides on.
extension FloodRuleTests {
    static func member(_ serial: Int, applicant: String, phone: String = "", payment: String? = nil, subject: Int,
                       at offset: TimeInterval, state: RequestState = .received) throws -> FloodMember {
        FloodMember(request: try RequestID(String(format: "CSC-2026-%08d", serial)), service: serial % 2 == 0 ? "CRIMINAL-RECORD" : "CIVIL-EXTRACT",
                    subjectName: "subject \(subject)", subjectNo: try NationalNumber(String(format: "0501%07d", subject)),
                    applicantNo: try NationalNumber(applicant), phone: phone, paymentRef: payment ?? "PAY-\(serial)",
                    submittedAt: evening.addingTimeInterval(offset), state: state)
    }

    @Test func sharedNumbersPhonesAndPaymentsJoinOneCluster() throws {
        let members = [
            // A broker under his own number for three people…
            try Self.member(1, applicant: "10253153211", phone: "0944000001", subject: 1, at: 0),
            try Self.member(2, applicant: "10253153211", phone: "0944000001", subject: 2, at: 60),
            try Self.member(3, applicant: "10253153211", subject: 3, at: 120, state: .rejected),
            // …then under a relative's number but his own phone, and one paid with the same payment as request 1.
            try Self.member(4, applicant: "10253150000", phone: "0944000001", subject: 4, at: 180),
            try Self.member(5, applicant: "10253159999", payment: "PAY-1", subject: 4, at: 240, state: .sealed),
            // A stranger's flood, smaller.
            try Self.member(6, applicant: "05019999999", subject: 6, at: 30),
            try Self.member(7, applicant: "05019999999", subject: 7, at: 90),
        ]
        let clusters = FloodCluster.clusters(of: members.reversed())
        #expect(clusters.count == 2)
        let broker = clusters[0]
        #expect(broker.members.map(\.request.rawValue) == (1...5).map { String(format: "CSC-2026-%08d", $0) }, "oldest first")
        #expect(broker.applicant.digits == "10253153211" && broker.phone == "0944000001")
        #expect(broker.people == 4)
        #expect(broker.services == ["CIVIL-EXTRACT", "CRIMINAL-RECORD"])
        #expect(broker.id.rawValue == "CSC-2026-00000001" && broker.first == Self.evening && broker.last == Self.evening.addingTimeInterval(240))
        // The rejected and the sealed one are past deciding.
        #expect(broker.rejectable.map(\.request.rawValue) == ["CSC-2026-00000001", "CSC-2026-00000002", "CSC-2026-00000004"])
        #expect(clusters[1].members.count == 2 && clusters[1].applicant.digits == "05019999999")
        let figures = FloodFigures(broker)
        #expect(figures.requests == 5 && figures.undecided == 3 && figures.rejectedAsFake == 0)
    }

    @Test func clustersOfOneSizeComeEarliestFirst() throws {
        let late = try [Self.member(1, applicant: "10253153211", subject: 1, at: 600), Self.member(2, applicant: "10253153211", subject: 2, at: 660)]
        let early = try [Self.member(3, applicant: "05019999999", subject: 3, at: 0), Self.member(4, applicant: "05019999999", subject: 4, at: 900)]
        #expect(FloodCluster.clusters(of: late + early).map(\.applicant.digits) == ["05019999999", "10253153211"])
    }
}
