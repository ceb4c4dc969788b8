import Foundation
import Logging
import ShubbakCore
import ShubbakScreens
import ShubbakStore

/// The pickup shelf, and handing an envelope to the citizen who collects it.
struct PickupDesk: Desk {
    typealias Served = PickupScreen

    let center: CenterDirectory
    let now: @Sendable () -> Date
    let logger = Logger(label: "shubbak.pickup")

    func execute(_ command: PickupScreen.Command, by session: Operator?,
                 report: @escaping @Sendable (Shell.Message) -> Void) -> [Shell.Message] {
        guard let actor = session?.id else { return [] }
        let now = now()
        do {
            switch command {
            case .find(let text):
                let shelf = try center.store.read { tx in try tx.pickupShelf(search: text, at: now, limit: 500) }
                return [answer(.found(shelf, now: now, retentionDays: center.config.retentionDays))]
            case .deliver(let id, let collector):
                try center.store.perform(.deliver(collector: collector), on: id, by: actor, at: now, lifecycle: center.lifecycle)
                return [answer(.delivered(id))]
            case .markUncollected(let ids):
                guard let session, session.role >= .supervisor else { throw Refusal.notPermitted }
                let retention = center.config.retentionDays
                try center.store.write { tx in
                    for id in ids {
                        try tx.perform(.markUncollected(retentionDays: retention), on: id, by: actor, at: now, lifecycle: center.lifecycle)
                    }
                }
                return [answer(.markedUncollected(ids.count))]
            }
        } catch {
            return [answer(.refused(Refusal(error, logger: logger)))]
        }
    }
}
