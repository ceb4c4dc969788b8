import Foundation
import Logging
import ShubbakCore
import ShubbakScreens
import ShubbakStore

/// The shell's own commands: the status line's counts and the session log.
struct StatusDesk: Sendable {
    let center: CenterDirectory
    let now: @Sendable () -> Date
    let logger = Logger(label: "shubbak.status")

    func load() -> [Shell.Message] {
        let now = now()
        do {
            return [.status(try center.store.read { tx in
                let sync = try tx.syncHealth()
                var status = StatusInfo(center: "", now: now, openRequests: try tx.queueCount(QueueFilter(), at: now),
                                        overdueRequests: try tx.queueCount(QueueFilter(overdueOnly: true), at: now),
                                        unacknowledgedBundles: sync.unacknowledged, quarantinedFiles: sync.quarantined,
                                        lastSync: [sync.lastImport, sync.lastExport].compactMap { $0 }.max())
                // The alerts every counter shows: deadlines of the next hour, and an outbox the central office has not answered.
                (status.dueWithinHour, status.firstDueSoon) = try tx.dueSoon(at: now, within: 3_600)
                if let oldest = sync.oldestUnacknowledged, now.timeIntervalSince(oldest) >= center.config.syncAlert {
                    status.unansweredSince = oldest
                }
                return status
            })]
        } catch {
            // The counts stay as they were; the next refresh tries again.
            logger.warning("status not read", metadata: ["error": "\(error)"])
            return []
        }
    }

    func setStatus(_ status: OperatorStatus, of id: OperatorID) {
        do { try center.store.write { tx in try tx.setStatus(status, of: id, at: now()) } } catch {
            logger.error("status not written", metadata: ["error": "\(error)"])
        }
    }

    func heartbeat(of id: OperatorID) {
        do { _ = try center.store.write { tx in try tx.heartbeat(of: id, at: now()) } } catch {
            // The next beat tries again; until then the dashboard may show the counter as gone.
            logger.warning("heartbeat not written", metadata: ["error": "\(error)"])
        }
    }

    func log(_ kind: SessionEventKind, of id: OperatorID, detail: String) {
        do { try center.store.write { tx in try tx.log(kind, of: id, at: now(), detail: detail) } } catch {
            logger.error("session log not written", metadata: ["error": "\(error)"])
        }
    }
}
