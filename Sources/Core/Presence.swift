import Foundation

/// What an operator says they are doing, with one key: at the counter, on a break, in the back office.
/// `away` is written by the app when the operator signs out or the counter locks.
public enum OperatorStatus: String, Codable, CaseIterable, Hashable, Sendable {
    case serving
    case onBreak = "break"
    case backOffice = "back_office"
    case away

    /// The one key's next status: serving → break → back office → serving.
    public var next: OperatorStatus {
        switch self {
        case .serving: .onBreak
        case .onBreak: .backOffice
        case .backOffice, .away: .serving
        }
    }
}

/// One change of an operator's status, as the store keeps them.
public struct StatusMark: Hashable, Sendable {
    public var sequence: Int64
    public var `operator`: OperatorID
    public var status: OperatorStatus
    public var at: Date

    public init(sequence: Int64, operator: OperatorID, status: OperatorStatus, at: Date) {
        self.sequence = sequence
        self.operator = `operator`
        self.status = status
        self.at = at
    }
}

extension ReportMath {
    /// Seconds each operator spent on a break within `window`: from a `break` mark to the operator's
    /// next mark (any status, `away` included), clipped to the window; a break still going counts to
    /// the window's end. Marks from before the window say who was already on a break when it began.
    public static func breakSeconds(_ marks: [StatusMark], within window: Range<Date>) -> [OperatorID: Int] {
        var since: [OperatorID: Date] = [:]
        var totals: [OperatorID: Int] = [:]
        func close(_ person: OperatorID, at end: Date) {
            guard let start = since.removeValue(forKey: person) else { return }
            let from = max(start, window.lowerBound), to = min(end, window.upperBound)
            if to > from { totals[person, default: 0] += Int(to.timeIntervalSince(from)) }
        }
        for mark in marks.sorted(by: { ($0.at, $0.sequence) < ($1.at, $1.sequence) }) {
            close(mark.operator, at: mark.at)
            if mark.status == .onBreak { since[mark.operator] = mark.at }
        }
        for person in Array(since.keys) { close(person, at: window.upperBound) }
        return totals
    }
}

/// A request at an operator's counter now.
public struct HeldRequest: Hashable, Sendable {
    public var id: RequestID
    public var service: String
    /// The step it is at.
    public var state: RequestState
    /// Since the operator took it (claimed it, or scanned its document back from the issuer).
    public var since: Date

    public init(id: RequestID, service: String, state: RequestState, since: Date) {
        self.id = id
        self.service = service
        self.state = state
        self.since = since
    }
}

/// One signed-in counter as the supervisor watches it.
public struct LiveCounter: Hashable, Sendable {
    public var `operator`: OperatorID
    public var name: String
    public var status: OperatorStatus
    public var statusSince: Date
    public var signedInAt: Date
    /// The operator's last step on a request, if any since signing in.
    public var activeAt: Date?
    public var request: HeldRequest?

    public init(operator: OperatorID, name: String, status: OperatorStatus, statusSince: Date, signedInAt: Date, activeAt: Date?,
                request: HeldRequest?) {
        self.operator = `operator`
        self.name = name
        self.status = status
        self.statusSince = statusSince
        self.signedInAt = signedInAt
        self.activeAt = activeAt
        self.request = request
    }

    /// Seconds a serving operator has had nothing at the counter: since their last step, their
    /// return from a break, or signing in, whichever is latest. Nil while a request is at the counter,
    /// or while on a break or in the back office (that time is said by the status).
    public func idleSeconds(at now: Date) -> Int? {
        guard status == .serving, request == nil else { return nil }
        let since = [activeAt, statusSince, signedInAt].compactMap { $0 }.max() ?? signedInAt
        return max(Int(now.timeIntervalSince(since)), 0)
    }
}
