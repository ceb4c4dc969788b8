import Foundation
import Logging
import ShubbakCore
import ShubbakScreens
import ShubbakStore

/// What waits at the issuers; a document back from one, or its refusal.
struct IssuersDesk: Desk {
    typealias Served = IssuersScreen

    let center: CenterDirectory
    let now: @Sendable () -> Date
    let logger = Logger(label: "shubbak.issuers")

    func execute(_ command: IssuersScreen.Command, by session: Operator?,
                 report: @escaping @Sendable (Shell.Message) -> Void) -> [Shell.Message] {
        guard let actor = session?.id else { return [] }
        let now = now()
        let lifecycle = center.lifecycle
        do {
            switch command {
            case .load:
                let rows = try center.store.read { tx in
                    let issuers = Dictionary(try tx.services().compactMap { $0.issuer.map { ($0.code, $0.name) } }) { first, _ in first }
                    return try tx.waitingAtIssuers(limit: 1_000).compactMap { stored -> WaitingAtIssuer? in
                        guard let forwarding = stored.progress.forwarding else { return nil }
                        return WaitingAtIssuer(id: stored.record.id, service: stored.record.service,
                                               subjectName: stored.record.subject.name.display,
                                               subjectNo: stored.record.subject.nationalNo, forwarding: forwarding,
                                               issuerName: issuers[forwarding.issuer])
                    }
                }
                return [answer(.loaded(rows, today: center.calendar.day(of: now)))]
            case .receive(let reference):
                // The slip names the request: its document is recorded back, and it opens at the counter.
                let id = try center.store.write { tx in try tx.receiveDocument(reference: reference, by: actor, at: now, lifecycle: lifecycle) }
                guard let id else { throw Refusal.notFound(reference) }
                return [.claimed(id)]
            case .refuse(let id, let note):
                try center.store.perform(.reject(.issuerRefused, fields: [], note: note), on: id, by: actor, at: now, lifecycle: lifecycle)
                return [answer(.refused(id))]
            }
        } catch {
            return [answer(.failed(Refusal(error, logger: logger)))]
        }
    }
}
