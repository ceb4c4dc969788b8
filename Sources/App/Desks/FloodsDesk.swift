import Foundation
import Logging
import ShubbakCore
import ShubbakScreens
import ShubbakStore

/// The floods still to decide, and the supervisor's decision on one.
struct FloodsDesk: Desk {
    typealias Served = FloodsScreen

    let center: CenterDirectory
    let now: @Sendable () -> Date
    let logger = Logger(label: "shubbak.floods")

    func execute(_ command: FloodsScreen.Command, by session: Operator?,
                 report: @escaping @Sendable (Shell.Message) -> Void) -> [Shell.Message] {
        guard let session else { return [] }
        let now = now()
        do {
            switch command {
            case .load:
                guard session.role >= .supervisor else { throw Refusal.notPermitted }
                return [answer(.loaded(try center.store.read { tx in try tx.undecidedFloodClusters(at: now) }))]
            case .rejectAsFake(let ids, let note):
                // The store checks the role again: whoever asks, only a supervisor's decision is written.
                let events = try center.store.write { tx in
                    try tx.rejectAsSuspectedFake(ids, note: note, by: session.id, at: now, lifecycle: center.lifecycle)
                }
                logger.notice("flood rejected as suspected fake", metadata: ["operator": "\(session.id)", "requests": "\(events.count)"])
                return [answer(.rejected(events.count))]
            case .recordRefusal:
                try center.store.write { tx in try tx.log(.refused, of: session.id, at: now, detail: "floods") }
                logger.notice("floods refused", metadata: ["operator": "\(session.id)"])
                return []
            }
        } catch {
            return [answer(.failed(Refusal(error, logger: logger)))]
        }
    }
}
