import Foundation

/// What the queue, the counter and `queue --json` mark on a request.
public enum RequestFlag: String, Codable, Hashable, Sendable, CaseIterable {
    /// Probably repeats an earlier request (same subject and service within 30 days, or same payment).
    case duplicate
    /// Part of a flood: its applicant filed for many different people within a day, or its payment
    /// reference pays for another request too.
    case flood
    /// Its subject has no civil-affairs record here.
    case noRecord = "no_record"
    case cancelled
}

/// The flood rule: one applicant (one national number, or one phone) filing for `threshold` or more
/// different subjects within 24 hours. Fake or brokered bookings look like this; a family's requests
/// (a few people) do not.
public struct FloodRule: Hashable, Sendable {
    public static let window: TimeInterval = 24 * 3_600
    public var threshold: Int

    public init(threshold: Int = 5) {
        self.threshold = max(threshold, 2)
    }

    /// One earlier or later request of the same applicant (or phone).
    public struct Filing: Hashable, Sendable {
        public var request: RequestID
        public var subject: NationalNumber
        public var submittedAt: Date

        public init(request: RequestID, subject: NationalNumber, submittedAt: Date) {
            self.request = request
            self.subject = subject
            self.submittedAt = submittedAt
        }
    }

    /// The filings of one applicant that form a flood with `filing`: every filing of the first
    /// 24-hour window holding `filing` in which the applicant filed for `threshold` or more
    /// different subjects, `filing` included; empty when there is none. `others` are the applicant's
    /// filings within 24 hours either side (in any order). The window is 24 hours of time, whatever
    /// the calendar day: 23:00 and 01:00 are two hours apart.
    public func cluster(of filing: Filing, among others: [Filing]) -> [Filing] {
        let filings = (others.filter { $0.request != filing.request } + [filing]).sorted { ($0.submittedAt, $0.request) < ($1.submittedAt, $1.request) }
        // Windows start at each filing no later than `filing` and no more than 24 h before it; one pass
        // moves both ends forward, counting the subjects inside.
        var subjects: [NationalNumber: Int] = [:]
        var end = 0
        for (start, first) in filings.enumerated() {
            defer {
                subjects[first.subject, default: 1] -= 1
                if subjects[first.subject] == 0 { subjects[first.subject] = nil }
            }
            guard first.submittedAt <= filing.submittedAt else { break }
            if end < start { end = start }
            while end < filings.count, filings[end].submittedAt.timeIntervalSince(first.submittedAt) <= Self.window {
                subjects[filings[end].subject, default: 0] += 1
                end += 1
            }
            guard filing.submittedAt.timeIntervalSince(first.submittedAt) <= Self.window else { continue }
            if subjects.count >= threshold { return Array(filings[start..<end]) }
        }
        return []
    }
}

/// How many requests one applicant filed within 24 hours, and for how many people.
public struct ApplicantFilings: Hashable, Sendable {
    public var requests: Int
    public var people: Int

    public init(requests: Int, people: Int) {
        self.requests = requests
        self.people = people
    }
}

/// One flagged request, as the supervisor weighs the flood it belongs to.
public struct FloodMember: Hashable, Sendable {
    public var request: RequestID
    public var service: String
    public var subjectName: String
    public var subjectNo: NationalNumber
    public var applicantNo: NationalNumber
    public var phone: String
    public var paymentRef: String
    public var submittedAt: Date
    public var state: RequestState
    /// Who has it at the counter, if anyone.
    public var holder: OperatorID?
    /// Why it was rejected, once it was.
    public var rejection: RejectionReason?

    public init(request: RequestID, service: String, subjectName: String, subjectNo: NationalNumber, applicantNo: NationalNumber,
                phone: String, paymentRef: String, submittedAt: Date, state: RequestState, holder: OperatorID? = nil,
                rejection: RejectionReason? = nil) {
        self.request = request
        self.service = service
        self.subjectName = subjectName
        self.subjectNo = subjectNo
        self.applicantNo = applicantNo
        self.phone = phone
        self.paymentRef = paymentRef
        self.submittedAt = submittedAt
        self.state = state
        self.holder = holder
        self.rejection = rejection
    }

    /// The supervisor can still reject it as a fake: its envelope is not sealed, it is not at an issuer, it has not ended.
    public var isRejectable: Bool { Lifecycle.accepts(state).contains(.rejectAsSuspectedFake) }
}

/// Flagged requests joined by what they share: one applicant's national number, one phone, or one
/// payment reference. What the supervisor sees as one flood and decides on at once.
public struct FloodCluster: Hashable, Sendable, Identifiable {
    /// Oldest first.
    public let members: [FloodMember]
    /// The national number most of its requests were filed under, and the phone most gave.
    public let applicant: NationalNumber
    public let phone: String
    public let services: [String]
    /// How many different people it asks documents for.
    public let people: Int

    /// A cluster is named by its first request: stable while later ones join it.
    public var id: RequestID { members[0].request }
    public var first: Date { members[0].submittedAt }
    public var last: Date { members[members.count - 1].submittedAt }
    public var rejectable: [FloodMember] { members.filter(\.isRejectable) }

    init(members: [FloodMember]) {
        precondition(!members.isEmpty, "a cluster has members")
        self.members = members.sorted { ($0.submittedAt, $0.request) < ($1.submittedAt, $1.request) }
        applicant = Self.mostCommon(members.map(\.applicantNo)) ?? members[0].applicantNo
        phone = Self.mostCommon(members.map(\.phone).filter { !$0.isEmpty }) ?? ""
        services = Set(members.map(\.service)).sorted()
        people = Set(members.map(\.subjectNo)).count
    }

    /// The clusters `members` make, largest first (then the earliest): two requests are in one
    /// cluster when a chain of shared national numbers, phones or payment references joins them.
    public static func clusters(of members: [FloodMember]) -> [FloodCluster] {
        // Union–find over the members, joined through the first member seen with each shared value.
        var parent = Array(members.indices)
        func root(_ index: Int) -> Int {
            var index = index
            while parent[index] != index {
                parent[index] = parent[parent[index]]
                index = parent[index]
            }
            return index
        }
        var firstWith: [String: Int] = [:]
        for (index, member) in members.enumerated() {
            let keys = ["n:" + member.applicantNo.digits, "p:" + member.phone, "r:" + member.paymentRef]
                .filter { !$0.hasSuffix(":") }
            for key in keys {
                if let other = firstWith[key] { parent[root(index)] = root(other) } else { firstWith[key] = index }
            }
        }
        let groups = Dictionary(grouping: members.indices, by: root).values
        return groups.map { FloodCluster(members: $0.map { members[$0] }) }
            .sorted { ($1.members.count, $0.first, $0.id) < ($0.members.count, $1.first, $1.id) }
    }

    private static func mostCommon<Value: Hashable & Comparable>(_ values: [Value]) -> Value? {
        let counts = Dictionary(values.map { ($0, 1) }, uniquingKeysWith: +)
        return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    }
}

/// A flood in a report: who filed it, how big it was, and what became of it.
public struct FloodFigures: Hashable, Sendable, Codable {
    public var applicant: String
    public var phone: String
    public var requests: Int
    public var people: Int
    public var services: [String]
    public var first: Date
    public var last: Date
    /// Rejected as SUSPECTED_FAKE.
    public var rejectedAsFake: Int
    /// Still open to the supervisor's decision.
    public var undecided: Int

    public init(_ cluster: FloodCluster) {
        applicant = cluster.applicant.digits
        phone = cluster.phone
        requests = cluster.members.count
        people = cluster.people
        services = cluster.services
        first = cluster.first
        last = cluster.last
        rejectedAsFake = cluster.members.filter { $0.rejection == .suspectedFake }.count
        undecided = cluster.rejectable.count
    }

    enum CodingKeys: String, CodingKey {
        case applicant, phone, requests, people, services, first, last, undecided
        case rejectedAsFake = "rejected_as_fake"
    }
}
