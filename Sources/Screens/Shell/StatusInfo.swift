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
        // The last message first: it is what the operator needs to read now.
        var parts = (waitingForDatabase ? [catalog[.waitingForDatabase]] : []) + (message.map { [$0] } ?? [])
        // A break or the back office is said first: the operator sees at a glance that the supervisor sees it.
        if operatorName != nil, operatorStatus != .serving { parts.insert(catalog.status(operatorStatus), at: 0) }
        if let operatorName { parts.append(operatorName) }
        parts.append("\(catalog[.open]) \(openRequests)")
        if overdueRequests > 0 { parts.append("\(catalog[.overdue]) \(overdueRequests)") }
        let sync = lastSync.map { "\(catalog[.syncShort]) \(catalog.clock($0))" } ?? "\(catalog[.syncShort]) —"
        parts.append(unacknowledgedBundles > 0 ? "\(sync) (\(unacknowledgedBundles) \(catalog[.unacknowledged]))" : sync)
        if quarantinedFiles > 0 { parts.append("\(catalog[.quarantined]) \(quarantinedFiles)") }
        parts.append([center, centerName.map(catalog.name)].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " "))
        return StatusLine(leading: parts.joined(separator: " · "), trailing: catalog.clock(now))
    }
}
