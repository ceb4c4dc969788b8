import Foundation
import Logging
import ShubbakCore
import ShubbakScreens
import ShubbakStore

/// The envelopes waiting for the post: the courier's manifest, returns, and returned envelopes kept for pickup.
struct HandoffDesk: Desk {
    typealias Served = HandoffScreen

    let center: CenterDirectory
    let printer: PrintDesk
    let now: @Sendable () -> Date
    let logger = Logger(label: "shubbak.handoff")

    func takesLong(_ command: HandoffScreen.Command) -> Bool {
        if case .dispatch = command { true } else { false }
    }

    func execute(_ command: HandoffScreen.Command, by session: Operator?,
                 report: @escaping @Sendable (Shell.Message) -> Void) -> [Shell.Message] {
        guard let actor = session?.id else { return [] }
        do {
            return [answer(try run(command, by: actor))]
        } catch {
            return [answer(.refused(Refusal(error, logger: logger)))]
        }
    }

    private func run(_ command: HandoffScreen.Command, by actor: OperatorID) throws -> HandoffScreen.Message {
        let now = now()
        let lifecycle = center.lifecycle
        switch command {
        case .load:
            let filter = QueueFilter(delivery: .post, states: [.sealed, .returned])
            let (rows, reported) = try center.store.read { tx in
                (try tx.queue(filter, at: now, limit: 1_000), try tx.envelopesReportedByPost(limit: 100))
            }
            return .loaded(rows, reported: reported)
        case .dispatch(let ids, let courier):
            let (manifest, lines) = try center.store.write { tx in
                let day = center.calendar.day(of: now)
                let number = try tx.manifestCount(since: center.calendar.start(of: day)) + 1
                let id = Manifest.id(center: center.partyID, day: day, number: number)
                var items: [Manifest.Item] = []
                var lines: [(Manifest.Item, RequestRecord?)] = []
                for request in ids {
                    let event = try tx.perform(.dispatch(manifest: id, tracking: nil), on: request, by: actor, at: now,
                                               lifecycle: lifecycle)
                    guard let tracking = event.data.tracking else { throw StoreError.corrupt("dispatch of \(request) without tracking") }
                    let item = Manifest.Item(request: request, tracking: tracking)
                    items.append(item)
                    lines.append((item, try tx.request(request)?.record))
                }
                let manifest = Manifest(id: id, handedAt: ContractTime.wholeSeconds(now), actor: actor, courier: courier, items: items)
                try tx.insert(manifest: manifest)
                return (manifest, lines)
            }
            let receipt: String
            do { receipt = try printer.printManifest(manifest, lines: lines, by: actor) } catch {
                // The handoff is recorded whatever the printer does; the operator sees why the sheet did not come out.
                logger.error("manifest not printed", metadata: ["manifest": "\(manifest.id)", "error": "\(error)"])
                receipt = "\(error)"
            }
            return .dispatched(manifest: manifest.id, count: manifest.items.count, receipt: receipt)
        case .markReturned(let search, let reason, let note):
            // One dispatched envelope answers to the number, or none is marked.
            let id = try center.store.write { tx -> RequestID? in
                let rows = try tx.queue(QueueFilter(delivery: .post, search: search, states: [.dispatched]), at: now, limit: 2)
                guard rows.count == 1 else { return nil }
                try tx.perform(.markReturned(reason: reason, note: note), on: rows[0].id, by: actor, at: now, lifecycle: lifecycle)
                return rows[0].id
            }
            guard let id else { throw Refusal.notFound(search) }
            return .returned(id)
        case .keepForPickup(let id):
            let code = try center.store.write { tx in
                let code = try tx.pickupCode(for: id, at: now)
                try tx.perform(.readyForPickup(pickupCode: code), on: id, by: actor, at: now, lifecycle: lifecycle)
                return code
            }
            return .keptForPickup(id, code)
        }
    }
}
