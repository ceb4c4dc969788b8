import Foundation
import Logging
import ShubbakCore
import ShubbakScreens
import ShubbakStore

/// The queue's pages, the service catalog for its names, and claims.
struct QueueDesk: Desk {
    typealias Served = QueueScreen

    let center: CenterDirectory
    let now: @Sendable () -> Date
    let logger = Logger(label: "shubbak.queue")

    func execute(_ command: QueueScreen.Command, by session: Operator?,
                 report: @escaping @Sendable (Shell.Message) -> Void) -> [Shell.Message] {
        guard let actor = session?.id else { return [] }
        let now = now()
        do {
            switch command {
            case .loadPage(let filter, let offset, let limit):
                let (rows, total) = try center.store.read { tx in
                    (try tx.queue(filter, at: now, offset: offset, limit: limit), try tx.queueCount(filter, at: now))
                }
                return [answer(.page(rows: rows, total: total, offset: offset, now: now))]
            case .loadServices:
                return [answer(.services(try center.store.read { tx in try tx.services() }))]
            case .claim(let id):
                try center.store.perform(.claim, on: id, by: actor, at: now, lifecycle: center.lifecycle)
                return [.claimed(id)]
            }
        } catch {
            return [answer(.refused(Refusal(error, logger: logger)))]
        }
    }
}
