import Foundation
import Logging
import ShubbakCore
import ShubbakScreens
import ShubbakStore

/// The request at the counter: its verification, print, stamps, envelope and seal. What a step's transaction
/// wrote and read is what the screen gets back; nothing is read a second time.
struct CounterDesk: Desk {
    typealias Served = CounterScreen

    let center: CenterDirectory
    let printer: PrintDesk
    let now: @Sendable () -> Date
    let logger = Logger(label: "shubbak.counter")

    func takesLong(_ command: CounterScreen.Command) -> Bool {
        switch command {
        case .printDocument, .printEnvelope, .forward: true
        case .load, .perform, .seal: false
        }
    }

    func execute(_ command: CounterScreen.Command, by session: Operator?,
                 report: @escaping @Sendable (Shell.Message) -> Void) -> [Shell.Message] {
        guard let actor = session?.id else { return [] }
        do {
            return [answer(try run(command, by: actor))]
        } catch {
            return [answer(.refused(Refusal(error, logger: logger)))]
        }
    }

    private func run(_ command: CounterScreen.Command, by actor: OperatorID) throws -> CounterScreen.Message {
        let now = now()
        let lifecycle = center.lifecycle
        switch command {
        case .load(let id):
            return .loaded(try center.store.read { tx in try snapshot(id, tx) })
        case .perform(let id, let lifecycleCommand):
            // A hand-over names someone who can sign in here, or it would wait for nobody.
            let colleague: OperatorID? = if case .handOver(let colleague, _) = lifecycleCommand { colleague } else { nil }
            let snapshot = try center.store.write { tx -> CounterScreen.Snapshot? in
                if let colleague {
                    guard let account = try tx.account(colleague), !account.disabled else { return nil }
                }
                try tx.perform(lifecycleCommand, on: id, by: actor, at: now, lifecycle: lifecycle)
                return try self.snapshot(id, tx)
            }
            guard let snapshot else { throw Refusal.notFound(colleague?.rawValue ?? id.rawValue) }
            let outcome: CounterScreen.Outcome = switch lifecycleCommand {
            case .verify: .verified
            case .reject: .rejected
            case .release: .released
            case .handOver(let colleague, _): .handedOver(colleague)
            case .stamp: .stamped
            default: .claimed
            }
            return .done(outcome, snapshot)
        case .printDocument(let id, let reason):
            // Nothing is marked printed unless the job went out: decide first, print, then record.
            let (stored, before) = try center.store.read { tx in
                let (stored, _) = try tx.decide(.print(reprintReason: reason), on: id, by: actor, at: now, lifecycle: lifecycle)
                return (stored, try snapshot(id, tx))
            }
            let receipt = try printer.printDocument(before, copy: stored.progress.copies + 1, by: actor)
            let after = try center.store.write { tx in
                try tx.perform(.print(reprintReason: reason), on: id, by: actor, at: now, lifecycle: lifecycle)
                return try snapshot(id, tx)
            }
            return .done(.printed(receipt: receipt), after)
        case .forward(let id):
            // As with the document: nothing is marked forwarded unless the slip went out.
            let (forward, transition, before) = try center.store.read { tx in
                let before = try snapshot(id, tx)
                let forward = try forwardCommand(for: id, service: before.service, at: now)
                let (_, transition) = try tx.decide(forward, on: id, by: actor, at: now, lifecycle: lifecycle)
                return (forward, transition, before)
            }
            guard let forwarding = transition.progress.forwarding, let issuer = before.service.issuer else {
                throw Refusal.lifecycle(.noIssuer(service: before.service.code))
            }
            let receipt = try printer.printTransmittal(before, forwarding: forwarding, by: actor)
            let after = try center.store.write { tx in
                try tx.perform(forward, on: id, by: actor, at: now, lifecycle: lifecycle)
                return try snapshot(id, tx)
            }
            return .done(.forwarded(issuer: issuer.name, expectedBy: forwarding.expectedBy, receipt: receipt), after)
        case .printEnvelope(let id, let given):
            let snapshot = try center.store.write { tx in
                guard let stored = try tx.request(id) else { throw StoreError.requestNotFound(id) }
                switch stored.record.delivery.method {
                case .post: _ = try envelopeTracking(for: id, given: given, tx: tx, at: now)
                case .center: _ = try tx.pickupCode(for: id, at: now)
                }
                return try self.snapshot(id, tx)
            }
            let receipt = try printer.printEnvelope(snapshot, by: actor)
            return .done(.envelopePrinted(receipt: receipt), snapshot)
        case .seal(let id, let given):
            let (outcome, snapshot) = try center.store.write { tx -> (CounterScreen.Outcome, CounterScreen.Snapshot) in
                guard let stored = try tx.request(id) else { throw StoreError.requestNotFound(id) }
                let outcome: CounterScreen.Outcome
                switch stored.record.delivery.method {
                case .post:
                    let tracking = try envelopeTracking(for: id, given: given, tx: tx, at: now)
                    try tx.perform(.seal(tracking: tracking, pickupCode: nil), on: id, by: actor, at: now, lifecycle: lifecycle)
                    outcome = .sealedForPost(tracking)
                case .center:
                    // A pickup envelope goes on the center's shelf at once.
                    let code = try tx.pickupCode(for: id, at: now)
                    try tx.perform(.seal(tracking: nil, pickupCode: code), on: id, by: actor, at: now, lifecycle: lifecycle)
                    try tx.perform(.readyForPickup(pickupCode: code), on: id, by: actor, at: now, lifecycle: lifecycle)
                    outcome = .sealedForPickup(code)
                }
                return (outcome, try self.snapshot(id, tx))
            }
            return .done(outcome, snapshot)
        }
    }

    /// The center's reference for the request at its issuer, and today on the center's calendar.
    private func forwardCommand(for id: RequestID, service: Service, at now: Date) throws(Refusal) -> LifecycleCommand {
        guard let issuer = service.issuer else { throw .lifecycle(.noIssuer(service: service.code)) }
        return .forward(reference: Forwarding.reference(center: center.partyID.rawValue, issuer: issuer.code, request: id),
                        today: center.calendar.day(of: now))
    }

    /// The envelope's S10: the one given (a scanned label), the one it already has, or the next of the range.
    private func envelopeTracking(for id: RequestID, given: TrackingNumber?, tx: StoreTransaction, at now: Date) throws -> TrackingNumber {
        if let given {
            try tx.assign(given, to: id, at: now)
            return given
        }
        if let allocated = try tx.allocatedTracking(for: id) { return allocated }
        let range = center.config.trackingRange
        return try tx.allocateTracking(prefix: range.prefix, serials: range.serials, for: id, at: now)
    }

    /// Everything the counter shows of a request, read in the transaction that changed it.
    private func snapshot(_ id: RequestID, _ tx: StoreTransaction) throws -> CounterScreen.Snapshot {
        guard let stored = try tx.request(id) else { throw StoreError.requestNotFound(id) }
        guard let service = try tx.service(code: stored.record.service) else {
            throw StoreError.unknownService(stored.record.service)
        }
        let isPost = stored.record.delivery.method == .post
        return CounterScreen.Snapshot(record: stored.record, service: service, stamps: try tx.stamps(),
                                      person: try tx.person(stored.record.subject.nationalNo), progress: stored.progress,
                                      envelopeTracking: isPost ? try tx.allocatedTracking(for: id) : nil,
                                      envelopePickupCode: isPost ? nil : try tx.reservedPickupCode(for: id),
                                      duplicateOf: stored.duplicateOf, dueAt: stored.dueAt,
                                      floodFilings: stored.isFlood ? try tx.applicantFilings(around: stored.record) : nil)
    }
}
