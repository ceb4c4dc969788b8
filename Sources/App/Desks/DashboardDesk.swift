import Foundation
import Logging
import ShubbakCore
import ShubbakScreens
import ShubbakStore

/// The supervisor's figures, and the record of an operator who tried to see them.
struct DashboardDesk: Desk {
    typealias Served = DashboardScreen

    let center: CenterDirectory
    let now: @Sendable () -> Date
    let logger = Logger(label: "shubbak.dashboard")

    func execute(_ command: DashboardScreen.Command, by session: Operator?,
                 report: @escaping @Sendable (Shell.Message) -> Void) -> [Shell.Message] {
        guard let actor = session?.id else { return [] }
        let now = now()
        do {
            switch command {
            case .loadReport(let range, let compare):
                return [answer(try center.store.read { tx in
                    guard compare else {
                        return .report(try tx.throughputReport(range, now: now, retentionDays: center.config.retentionDays,
                                                               targets: center.config.centerTargets), previous: nil)
                    }
                    let comparison = try tx.throughputComparison(range, now: now, retentionDays: center.config.retentionDays,
                                                                 targets: center.config.centerTargets)
                    return .report(comparison.current, previous: comparison.previous)
                })]
            case .loadCounters:
                return [answer(.counters(try center.store.read { tx in try tx.liveCounters(at: now) }))]
            case .recordRefusal:
                try center.store.write { tx in try tx.log(.refused, of: actor, at: now, detail: "dashboard") }
                logger.notice("dashboard refused", metadata: ["operator": "\(actor)"])
                return [answer(.tick(now))]
            }
        } catch {
            logger.notice("dashboard command failed", metadata: ["reason": "\(error)"])
            return [answer(.failed("\(error)"))]
        }
    }
}
