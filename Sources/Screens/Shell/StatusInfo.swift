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
        return next
    }

    func line(_ catalog: Catalog, message: String?) -> StatusLine {
        // The last message first: it is what the operator needs to read now.
        var parts = message.map { [$0] } ?? []
        if let operatorName { parts.append(operatorName) }
        parts.append("\(catalog[.open]) \(openRequests)")
        if overdueRequests > 0 { parts.append("\(catalog[.overdue]) \(overdueRequests)") }
        let sync = lastSync.map { "\(catalog[.syncShort]) \(Clock.hourMinute($0))" } ?? "\(catalog[.syncShort]) —"
        parts.append(unacknowledgedBundles > 0 ? "\(sync) (\(unacknowledgedBundles) \(catalog[.unacknowledged]))" : sync)
        if quarantinedFiles > 0 { parts.append("\(catalog[.quarantined]) \(quarantinedFiles)") }
        parts.append([center, centerName.map(catalog.name)].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " "))
        return StatusLine(leading: parts.joined(separator: " · "), trailing: Clock.hourMinute(now))
    }
}

/// Times as the center reads them: Asia/Damascus.
public enum Clock {
    public static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = LifecycleError.centerTimeZone
        return calendar
    }

    public static func hourMinute(_ date: Date) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return "\(ContractTime.pad(parts.hour ?? 0, 2)):\(ContractTime.pad(parts.minute ?? 0, 2))"
    }

    public static func dayAndTime(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return "\(ContractTime.pad(parts.year ?? 0, 4))-\(ContractTime.pad(parts.month ?? 0, 2))-\(ContractTime.pad(parts.day ?? 0, 2)) "
            + "\(ContractTime.pad(parts.hour ?? 0, 2)):\(ContractTime.pad(parts.minute ?? 0, 2))"
    }
}
