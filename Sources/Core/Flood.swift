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
