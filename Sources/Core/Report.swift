import Foundation

/// Local days and hours of the center. Roll-ups are keyed by the center's calendar day, not UTC's.
public struct CenterCalendar: Hashable, Sendable {
    public let timeZone: TimeZone

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// Syria has kept UTC+3 all year since 2022; older dates follow the tz database's rules.
    public static let damascus = CenterCalendar(timeZone: TimeZone(identifier: "Asia/Damascus") ?? TimeZone(secondsFromGMT: 3 * 3_600) ?? .gmt)

    /// The local day (days since 1970-01-01) and hour (0–23) of a moment.
    public func dayAndHour(of date: Date) -> (day: Int, hour: Int) {
        let seconds = Int(floor(date.timeIntervalSince1970)) + timeZone.secondsFromGMT(for: date)
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return (day, (seconds - day * 86_400) / 3_600)
    }

    public func day(of date: Date) -> CivilDate { CivilDate(dayNumber: dayAndHour(of: date).day) }

    /// Local hour and minute, `12:30`.
    public func clock(of date: Date) -> String {
        let seconds = Int(floor(date.timeIntervalSince1970)) + timeZone.secondsFromGMT(for: date)
        let (day, hour) = dayAndHour(of: date)
        return "\(ContractTime.pad(hour, 2)):\(ContractTime.pad((seconds - day * 86_400) / 60 % 60, 2))"
    }

    /// Local date and time to the minute, `2026-11-20 12:30`, for people (files keep the contract's UTC times).
    public func text(of date: Date) -> String {
        let seconds = Int(floor(date.timeIntervalSince1970)) + timeZone.secondsFromGMT(for: date)
        let (day, hour) = dayAndHour(of: date)
        let minute = (seconds - day * 86_400) / 60 % 60
        return "\(CivilDate(dayNumber: day)) \(ContractTime.pad(hour, 2)):\(ContractTime.pad(minute, 2))"
    }

    /// The first moment of a local day.
    public func start(of day: CivilDate) -> Date {
        let midnightAsUTC = Date(timeIntervalSince1970: TimeInterval(day.dayNumber * 86_400))
        // The offset at local midnight; taking it twice settles days whose offset changes overnight.
        let guess = midnightAsUTC.addingTimeInterval(-TimeInterval(timeZone.secondsFromGMT(for: midnightAsUTC)))
        return midnightAsUTC.addingTimeInterval(-TimeInterval(timeZone.secondsFromGMT(for: guess)))
    }
}

extension CivilDate {
    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        let (year, month, day) = ContractTime.civilFromDays(dayNumber)
        self.init(checkedYear: year, month: month, day: day)
    }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }
}

/// The days a report covers, both ends included.
public struct ReportRange: Hashable, Sendable, CustomStringConvertible {
    public let first: CivilDate
    public let last: CivilDate

    /// Orders the ends, so a range typed backwards still reads.
    public init(from first: CivilDate, to last: CivilDate) {
        self.first = min(first, last)
        self.last = max(first, last)
    }

    public static func day(_ day: CivilDate) -> ReportRange { ReportRange(from: day, to: day) }

    /// The seven days ending on `day`.
    public static func week(endingOn day: CivilDate) -> ReportRange { ReportRange(from: day.adding(days: -6), to: day) }

    /// The calendar month holding `day`.
    public static func month(of day: CivilDate) -> ReportRange {
        let first = CivilDate(dayNumber: day.dayNumber - (day.day - 1))
        let length = ContractTime.daysIn(month: day.month, year: day.year)
        return ReportRange(from: first, to: first.adding(days: length - 1))
    }

    public var dayCount: Int { last.dayNumber - first.dayNumber + 1 }

    /// The same days one week earlier: a day's "same day last week".
    public var weekBefore: ReportRange { ReportRange(from: first.adding(days: -7), to: last.adding(days: -7)) }

    public func shifted(by days: Int) -> ReportRange {
        ReportRange(from: first.adding(days: days), to: last.adding(days: days))
    }

    public var description: String { first == last ? "\(first)" : "\(first) – \(last)" }
}

/// Open requests by how long ago they were submitted.
public enum AgeBucket: String, CaseIterable, Codable, Sendable {
    case underOneDay = "under_1_day"
    case oneToTwoDays = "1_to_2_days"
    case twoToSevenDays = "2_to_7_days"
    case overSevenDays = "over_7_days"

    public static func of(age seconds: Int) -> AgeBucket {
        switch seconds {
        case ..<86_400: .underOneDay
        case ..<(2 * 86_400): .oneToTwoDays
        case ...(7 * 86_400): .twoToSevenDays
        default: .overSevenDays
        }
    }
}

/// Pure figures used by the report.
public enum ReportMath {
    /// Seconds each operator was signed in within `window`: a period opens at `signedIn` (or `unlocked`) and closes at
    /// the operator's next `signedOut` or `idleLocked`; a period still open runs until `window.upperBound`.
    /// `marks` should include each operator's last mark before the window, so a session begun earlier counts.
    public static func signedInSeconds(_ marks: [SessionMark], within window: Range<Date>) -> [OperatorID: Int] {
        var openSince: [OperatorID: Date] = [:]
        var totals: [OperatorID: Int] = [:]
        func close(_ person: OperatorID, at end: Date) {
            guard let start = openSince.removeValue(forKey: person) else { return }
            let from = max(start, window.lowerBound), to = min(end, window.upperBound)
            if to > from { totals[person, default: 0] += Int(to.timeIntervalSince(from)) }
        }
        for mark in marks.sorted(by: { ($0.at, $0.sequence) < ($1.at, $1.sequence) }) {
            switch mark.kind {
            case .signedIn, .unlocked:
                if openSince[mark.operator] == nil { openSince[mark.operator] = mark.at }
            case .signedOut, .idleLocked:
                close(mark.operator, at: mark.at)
            case .failed, .lockedOut, .refused:
                break
            }
            totals[mark.operator, default: 0] += 0
        }
        for person in Array(openSince.keys) { close(person, at: window.upperBound) }
        return totals
    }
}

/// One row of the operator session log, as the sign-in screens write it.
public struct SessionMark: Hashable, Sendable {
    public var sequence: Int64
    public var `operator`: OperatorID
    public var kind: SessionEventKind
    public var at: Date

    public init(sequence: Int64, operator: OperatorID, kind: SessionEventKind, at: Date) {
        self.sequence = sequence
        self.operator = `operator`
        self.kind = kind
        self.at = at
    }
}

/// What one operator did in a report's days.
public struct OperatorFigures: Hashable, Sendable, Codable {
    public var `operator`: OperatorID
    /// Requests sealed or rejected by this operator.
    public var finished: Int
    public var rejected: Int
    /// Claim → sealed or rejected, in seconds, less the operator's breaks meanwhile.
    public var medianHandling: Int?
    public var longestHandling: Int?
    public var signedIn: Int
    /// Seconds on a break (Alt+B) in the days.
    public var onBreak: Int

    public init(operator: OperatorID, finished: Int, rejected: Int, medianHandling: Int?, longestHandling: Int?, signedIn: Int,
                onBreak: Int = 0) {
        self.operator = `operator`
        self.finished = finished
        self.rejected = rejected
        self.medianHandling = medianHandling
        self.longestHandling = longestHandling
        self.signedIn = signedIn
        self.onBreak = onBreak
    }

    enum CodingKeys: String, CodingKey {
        case `operator`, finished, rejected
        case medianHandling = "median_handling_seconds", longestHandling = "longest_handling_seconds"
        case signedIn = "signed_in_seconds", onBreak = "break_seconds"
    }
}

/// One service at one speed in a report's days.
public struct ServiceFigures: Hashable, Sendable, Codable {
    public var service: String
    public var speed: ServiceSpeed
    public var received: Int
    public var finished: Int
    /// Finished after their due time.
    public var breaches: Int

    public init(service: String, speed: ServiceSpeed, received: Int, finished: Int, breaches: Int) {
        self.service = service
        self.speed = speed
        self.received = received
        self.finished = finished
        self.breaches = breaches
    }
}

/// An open request past its due time.
public struct OverdueRequest: Hashable, Sendable, Codable {
    public var id: RequestID
    public var service: String
    public var state: RequestState
    public var dueAt: Date

    public init(id: RequestID, service: String, state: RequestState, dueAt: Date) {
        self.id = id
        self.service = service
        self.state = state
        self.dueAt = dueAt
    }

    enum CodingKeys: String, CodingKey {
        case id, service, state
        case dueAt = "due_at"
    }
}

/// Open requests at the moment the report was made.
public struct Backlog: Hashable, Sendable, Codable {
    public var byAge: [AgeBucket: Int]
    /// Open requests submitted before the report's first day.
    public var carriedOver: Int
    public var overdueCount: Int
    /// The overdue requests, first due first, as many as the report lists.
    public var overdue: [OverdueRequest]

    public init(byAge: [AgeBucket: Int], carriedOver: Int, overdueCount: Int, overdue: [OverdueRequest]) {
        self.byAge = byAge
        self.carriedOver = carriedOver
        self.overdueCount = overdueCount
        self.overdue = overdue
    }

    public var open: Int { byAge.values.reduce(0, +) }

    enum CodingKeys: String, CodingKey {
        case byAge = "by_age", carriedOver = "carried_over", overdueCount = "overdue_count", overdue
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Dictionary(uniqueKeysWithValues: AgeBucket.allCases.map { ($0.rawValue, byAge[$0] ?? 0) }), forKey: .byAge)
        try container.encode(carriedOver, forKey: .carriedOver)
        try container.encode(overdueCount, forKey: .overdueCount)
        try container.encode(overdue, forKey: .overdue)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let ages = try container.decode([String: Int].self, forKey: .byAge)
        byAge = Dictionary(uniqueKeysWithValues: ages.compactMap { key, value in AgeBucket(rawValue: key).map { ($0, value) } })
        carriedOver = try container.decode(Int.self, forKey: .carriedOver)
        overdueCount = try container.decode(Int.self, forKey: .overdueCount)
        overdue = try container.decode([OverdueRequest].self, forKey: .overdue)
    }
}

/// A request flagged on arrival as a possible duplicate of an earlier one.
public struct DuplicateFlag: Hashable, Sendable, Codable {
    public var request: RequestID
    public var duplicateOf: RequestID

    public init(request: RequestID, duplicateOf: RequestID) {
        self.request = request
        self.duplicateOf = duplicateOf
    }

    enum CodingKeys: String, CodingKey {
        case request
        case duplicateOf = "duplicate_of"
    }
}

/// The exchange with the central office, as of the report's making.
public struct SyncHealth: Hashable, Sendable, Codable {
    public var lastImport: Date?
    public var lastExport: Date?
    /// The seq the center expects next from the central office.
    public var waitingSeq: Int64
    public var quarantined: Int
    public var unacknowledged: Int
    public var oldestUnacknowledged: Date?

    public init(lastImport: Date?, lastExport: Date?, waitingSeq: Int64, quarantined: Int, unacknowledged: Int,
                oldestUnacknowledged: Date?) {
        self.lastImport = lastImport
        self.lastExport = lastExport
        self.waitingSeq = waitingSeq
        self.quarantined = quarantined
        self.unacknowledged = unacknowledged
        self.oldestUnacknowledged = oldestUnacknowledged
    }

    enum CodingKeys: String, CodingKey {
        case lastImport = "last_import", lastExport = "last_export", waitingSeq = "waiting_seq", quarantined
        case unacknowledged, oldestUnacknowledged = "oldest_unacknowledged"
    }
}

/// One issuing body: what the center sent it and what came back in the report's days, and what
/// waits there now. Its days are counted apart from the center's own time.
public struct IssuerFigures: Hashable, Sendable, Codable {
    public var issuer: String
    public var forwarded: Int
    /// Documents back from the issuer.
    public var returned: Int
    /// Requests the issuer refused (ISSUER_REFUSED).
    public var refused: Int
    public var waiting: Int
    /// Waiting past the day they were expected back.
    public var late: Int
    /// Forwarding → document back, in days rounded to the nearest, the lower middle of those back in the range.
    public var medianDays: Int?

    public init(issuer: String, forwarded: Int = 0, returned: Int = 0, refused: Int = 0, waiting: Int = 0, late: Int = 0,
                medianDays: Int? = nil) {
        self.issuer = issuer
        self.forwarded = forwarded
        self.returned = returned
        self.refused = refused
        self.waiting = waiting
        self.late = late
        self.medianDays = medianDays
    }

    enum CodingKeys: String, CodingKey {
        case issuer, forwarded, returned, refused, waiting, late
        case medianDays = "median_days"
    }
}

/// How long documents have waited on the pickup shelf, now.
public enum ShelfAge: String, CaseIterable, Codable, Sendable {
    case underOneWeek = "under_1_week"
    case oneToFourWeeks = "1_to_4_weeks"
    case overFourWeeks = "over_4_weeks"
    /// Waited the whole retention period: a supervisor may mark it uncollected.
    case pastRetention = "past_retention"

    public static func of(days: Int, retentionDays: Int) -> ShelfAge {
        if days >= retentionDays { return .pastRetention }
        switch days {
        case ..<7: return .underOneWeek
        case ..<28: return .oneToFourWeeks
        default: return .overFourWeeks
        }
    }
}

/// The pickup shelf now, and what the post reported in the report's days.
public struct DeliveryFigures: Hashable, Sendable, Codable {
    public var shelf: [ShelfAge: Int]
    public var retentionDays: Int
    /// Delivered by the post (a `postal` delivered) in the range.
    public var deliveredByPost: Int
    /// Delivered at the counter in the range.
    public var deliveredAtCounter: Int
    /// The post's failed attempts and returns on their way reported in the range.
    public var postAttempted: Int
    public var postReturning: Int
    /// Envelopes out with the post whose latest report is an attempt or a return: expected back.
    public var expectedBack: Int

    public init(shelf: [ShelfAge: Int] = [:], retentionDays: Int = 90, deliveredByPost: Int = 0, deliveredAtCounter: Int = 0,
                postAttempted: Int = 0, postReturning: Int = 0, expectedBack: Int = 0) {
        self.shelf = shelf
        self.retentionDays = retentionDays
        self.deliveredByPost = deliveredByPost
        self.deliveredAtCounter = deliveredAtCounter
        self.postAttempted = postAttempted
        self.postReturning = postReturning
        self.expectedBack = expectedBack
    }

    public var onShelf: Int { shelf.values.reduce(0, +) }

    enum CodingKeys: String, CodingKey {
        case shelf, retentionDays = "retention_days", deliveredByPost = "delivered_by_post", deliveredAtCounter = "delivered_at_counter"
        case postAttempted = "post_attempted", postReturning = "post_returning", expectedBack = "expected_back"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Dictionary(uniqueKeysWithValues: ShelfAge.allCases.map { ($0.rawValue, shelf[$0] ?? 0) }), forKey: .shelf)
        try c.encode(retentionDays, forKey: .retentionDays)
        try c.encode(deliveredByPost, forKey: .deliveredByPost)
        try c.encode(deliveredAtCounter, forKey: .deliveredAtCounter)
        try c.encode(postAttempted, forKey: .postAttempted)
        try c.encode(postReturning, forKey: .postReturning)
        try c.encode(expectedBack, forKey: .expectedBack)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let ages = try c.decode([String: Int].self, forKey: .shelf)
        shelf = Dictionary(uniqueKeysWithValues: ages.compactMap { key, value in ShelfAge(rawValue: key).map { ($0, value) } })
        retentionDays = try c.decode(Int.self, forKey: .retentionDays)
        deliveredByPost = try c.decode(Int.self, forKey: .deliveredByPost)
        deliveredAtCounter = try c.decode(Int.self, forKey: .deliveredAtCounter)
        postAttempted = try c.decode(Int.self, forKey: .postAttempted)
        postReturning = try c.decode(Int.self, forKey: .postReturning)
        expectedBack = try c.decode(Int.self, forKey: .expectedBack)
    }
}

/// Every figure of the dashboard and of `shubbak report` for a range of days.
public struct ThroughputReport: Hashable, Sendable {
    public var range: ReportRange
    public var madeAt: Date
    /// Events per kind in the range.
    public var stages: [EventKind: Int]
    public var operators: [OperatorFigures]
    public var services: [ServiceFigures]
    /// Finished requests (sealed or rejected) per local hour 0–23.
    public var finishedByHour: [Int]
    /// Finished requests per day for the 14 days ending on the range's last day, oldest first.
    public var finishedLast14Days: [Int]
    public var backlog: Backlog
    public var rejections: [RejectionReason: Int]
    public var duplicates: [DuplicateFlag]
    public var sync: SyncHealth
    public var issuers: [IssuerFigures]
    public var delivery: DeliveryFigures
    /// The floods of requests that arrived in the range, largest first.
    public var floods: [FloodFigures]
    /// Handling (by speed) and waiting times in the range against the center's targets.
    public var targets: [TargetFigures]

    public init(range: ReportRange, madeAt: Date, stages: [EventKind: Int], operators: [OperatorFigures],
                services: [ServiceFigures], finishedByHour: [Int], finishedLast14Days: [Int], backlog: Backlog,
                rejections: [RejectionReason: Int], duplicates: [DuplicateFlag], sync: SyncHealth,
                issuers: [IssuerFigures] = [], delivery: DeliveryFigures = DeliveryFigures(), floods: [FloodFigures] = [],
                targets: [TargetFigures] = []) {
        self.range = range
        self.madeAt = madeAt
        self.stages = stages
        self.operators = operators
        self.services = services
        self.finishedByHour = finishedByHour
        self.finishedLast14Days = finishedLast14Days
        self.backlog = backlog
        self.rejections = rejections
        self.duplicates = duplicates
        self.sync = sync
        self.issuers = issuers
        self.delivery = delivery
        self.floods = floods
        self.targets = targets
    }

    /// The stages in the order a request goes through them.
    public static let stageOrder: [EventKind] = [
        .received, .claimed, .released, .verified, .rejected, .forwarded, .documentReceived, .printed, .stamped, .sealed,
        .dispatched, .returned, .readyForPickup, .delivered, .uncollected, .cancelled,
    ]

    public var finished: Int { operators.reduce(0) { $0 + $1.finished } }
    public func count(_ kind: EventKind) -> Int { stages[kind] ?? 0 }
}

/// A report beside the same days one week earlier.
public struct ReportComparison: Hashable, Sendable {
    public var current: ThroughputReport
    public var previous: ThroughputReport

    public init(current: ThroughputReport, previous: ThroughputReport) {
        self.current = current
        self.previous = previous
    }

    /// Change per stage, current minus previous.
    public func change(_ kind: EventKind) -> Int { current.count(kind) - previous.count(kind) }
}
