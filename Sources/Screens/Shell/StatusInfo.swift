import Foundation
import ShubbakCore
import ShubbakTerminal

/// What the status line shows on every screen: who and where, the time, the queue, the exchange.
public struct StatusInfo: Hashable, Sendable {
    public var center: String
    /// The center's name from config.toml, shown in the screen's language after its id.
    public var centerName: LocalizedText?
    public var operatorName: String?
    public var now: Date
    public var openRequests: Int
    public var overdueRequests: Int
    /// Bundles sent and not yet acknowledged, and files refused whole.
    public var unacknowledgedBundles: Int
    public var quarantinedFiles: Int
    public var lastSync: Date?
    /// A step of this counter waits for another process's write (an import): said first, so no one thinks it froze.
    public var waitingForDatabase = false
    /// What the operator said they are doing (Alt+B); said on the line unless serving.
    public var operatorStatus: OperatorStatus = .serving
    /// Open requests that will be overdue within the hour, and the one due first.
    public var dueWithinHour = 0
    public var firstDueSoon: RequestID?
    /// The oldest bundle the central office has not acknowledged, once it waited past `sync_alert_hours`.
    public var unansweredSince: Date?

    /// Something on the line every counter must see: the line is drawn as a warning.
    public var hasAlert: Bool { dueWithinHour > 0 || unansweredSince != nil }

    public init(center: String, centerName: LocalizedText? = nil, operatorName: String? = nil, now: Date, openRequests: Int = 0, overdueRequests: Int = 0,
                unacknowledgedBundles: Int = 0, quarantinedFiles: Int = 0, lastSync: Date? = nil) {
        self.center = center
        self.centerName = centerName
        self.operatorName = operatorName
        self.now = now
        self.openRequests = openRequests
        self.overdueRequests = overdueRequests
        self.unacknowledgedBundles = unacknowledgedBundles
        self.quarantinedFiles = quarantinedFiles
        self.lastSync = lastSync
    }

    /// The counts refreshed from the store, keeping who is signed in.
    public func refreshed(with counts: StatusInfo) -> StatusInfo {
        var next = counts
        next.operatorName = operatorName
        next.center = center
        next.centerName = centerName
        next.waitingForDatabase = waitingForDatabase
        next.operatorStatus = operatorStatus
        return next
    }

    func line(_ catalog: Catalog, message: String?) -> StatusLine {
        // A break or the back office first, so the operator sees what the supervisor sees; then a wait
        // for the database and the last message, which is what to read now; then the alerts.
        var parts = operatorName != nil && operatorStatus != .serving ? [catalog.status(operatorStatus)] : []
        if waitingForDatabase { parts.append(catalog[.waitingForDatabase]) }
        if let message { parts.append(message) }
        if dueWithinHour > 0 {
            parts.append("⚠ \(dueWithinHour) \(catalog[.dueWithinHour])" + (firstDueSoon.map { ", \(catalog[.first]) \($0)" } ?? ""))
        }
        if let unansweredSince {
            parts.append("⚠ \(catalog[.outboxUnanswered]) \(catalog.duration(Int(now.timeIntervalSince(unansweredSince))))")
        }
        if let operatorName { parts.append(operatorName) }
        parts.append("\(catalog[.open]) \(openRequests)")
        if overdueRequests > 0 { parts.append("\(catalog[.overdue]) \(overdueRequests)") }
        let sync = lastSync.map { "\(catalog[.syncShort]) \(catalog.clock($0))" } ?? "\(catalog[.syncShort]) —"
        parts.append(unacknowledgedBundles > 0 ? "\(sync) (\(unacknowledgedBundles) \(catalog[.unacknowledged]))" : sync)
        if quarantinedFiles > 0 { parts.append("\(catalog[.quarantined]) \(quarantinedFiles)") }
        parts.append([center, centerName.map(catalog.name)].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " "))
        return StatusLine(leading: parts.joined(separator: " · "), trailing: catalog.clock(now),
                          style: hasAlert ? Style(.warn, attributes: .reverse) : Style(.statusbar))
    }
}
