import Foundation
import Logging
import ShubbakCore
import ShubbakExchange
import ShubbakScreens
import ShubbakStore

/// Carries out the shell's commands against the store, the exchange and the printers, and answers each with
/// the message the screens expect. Every change goes through the core's lifecycle inside one transaction.
struct CounterDesk: Sendable {
    let center: CenterDirectory
    let printer: PrintDesk
    let logger = Logger(label: "shubbak.counter")
    var now: @Sendable () -> Date = { Date() }

    /// Runs `command` and returns its answers; `report` carries progress while it runs (a sync's records).
    func execute(_ command: Shell.Command, session: Operator?,
                 report: @escaping @Sendable (Shell.Message) -> Void = { _ in }) -> [Shell.Message] {
        if case .signIn(.signIn(let id, let password)) = command { return [signIn(id, password)] }
        if case .loadStatus = command { return (try? status()).map { [.status($0)] } ?? [] }
        if case .log(let kind, let id, let detail) = command {
            do { try center.store.write { tx in try tx.log(kind, of: id, at: now(), detail: detail) } } catch {
                logger.error("session log not written", metadata: ["error": "\(error)"])
            }
            return []
        }
        // Everything else acts for the signed-in operator.
        guard let actor = session?.id else { return [] }
        switch command {
        case .queue(let command): return [queue(command, by: actor)]
        case .counter(let command): return [.counter(counter(command, by: actor))]
        case .handoff(let command): return [.handoff(handoff(command, by: actor))]
        case .pickup(let command): return [.pickup(pickup(command, by: actor))]
        case .sync(let command): return [.sync(sync(command, report: report))]
        case .dashboard(let command): return [.dashboard(dashboard(command, by: actor))]
        case .signIn, .loadStatus, .log, .nextTheme: return []
        }
    }

    // MARK: Sign-in

    private func signIn(_ id: OperatorID, _ password: String) -> Shell.Message {
        let policy = SignInPolicy()
        do {
            guard let account = try center.store.read({ tx in try tx.account(id) }) else {
                try center.store.write { tx in try tx.log(.failed, of: id, at: now(), detail: "unknown operator") }
                return .signIn(.refused(.unknownOperator))
            }
            // The hash is checked outside the write transaction: it takes a quarter of a second on purpose.
            let matches = account.password.matches(password)
            let outcome: SignInPolicy.Outcome = try center.store.write { tx in
                let current = try tx.account(id) ?? account
                let (updated, outcome) = policy.attempt(current, passwordMatches: { matches }, at: now())
                try tx.update(updated)
                switch outcome {
                case .wrongPassword: try tx.log(.failed, of: id, at: now(), detail: "wrong password")
                case .lockedOut(let until): try tx.log(.lockedOut, of: id, at: now(), detail: "until \(ContractTime.format(until))")
                case .locked: try tx.log(.failed, of: id, at: now(), detail: "account locked")
                case .disabled: try tx.log(.failed, of: id, at: now(), detail: "account disabled")
                case .signedIn: break
                }
                return outcome
            }
            switch outcome {
            case .signedIn: return .signedIn(account.profile)
            case .wrongPassword(let remaining): return .signIn(.refused(.wrongPassword(remaining: remaining)))
            case .lockedOut(let until), .locked(let until): return .signIn(.refused(.locked(until: until)))
            case .disabled: return .signIn(.refused(.disabled))
            }
        } catch {
            logger.error("sign-in failed", metadata: ["error": "\(error)"])
            return .signIn(.refused(.failed("\(error)")))
        }
    }

    // MARK: Queue

    private func queue(_ command: QueueScreen.Command, by actor: OperatorID) -> Shell.Message {
        let now = now()
        do {
            switch command {
            case .loadPage(let filter, let offset, let limit):
                let (rows, total) = try center.store.read { tx in
                    (try tx.queue(filter, at: now, offset: offset, limit: limit), try tx.queueCount(filter, at: now))
                }
                return .queue(.page(rows: rows, total: total, offset: offset, now: now))
            case .loadServices:
                return .queue(.services(try center.store.read { tx in try tx.services() }))
            case .claim(let id):
                try center.store.perform(.claim, on: id, by: actor, at: now, lifecycle: center.lifecycle)
                return .claimed(id)
            }
        } catch {
            return .queue(.refused(refusal(error)))
        }
    }

    // MARK: Counter

    private func counter(_ command: CounterScreen.Command, by actor: OperatorID) -> CounterScreen.Message {
        let now = now()
        let lifecycle = center.lifecycle
        do {
            switch command {
            case .load(let id):
                return .loaded(try snapshot(id))
            case .perform(let id, let lifecycleCommand):
                // A hand-over names someone who can sign in here, or it would wait for nobody.
                if case .handOver(let colleague, _) = lifecycleCommand {
                    let account = try center.store.read { tx in try tx.account(colleague) }
                    guard let account, !account.disabled else { throw Refusal.notFound(colleague.rawValue) }
                }
                try center.store.perform(lifecycleCommand, on: id, by: actor, at: now, lifecycle: lifecycle)
                let outcome: CounterScreen.Outcome = switch lifecycleCommand {
                case .verify: .verified
                case .reject: .rejected
                case .release: .released
                case .handOver(let colleague, _): .handedOver(colleague)
                case .stamp: .stamped
                default: .claimed
                }
                return .done(outcome, try snapshot(id))
            case .printDocument(let id, let reason):
                // Nothing is marked printed unless the job went out: decide first, print, then record.
                let (stored, _) = try center.store.read { tx in
                    try tx.decide(.print(reprintReason: reason), on: id, by: actor, at: now, lifecycle: lifecycle)
                }
                let snapshot = try snapshot(id)
                let receipt = try printer.printDocument(snapshot, copy: stored.progress.copies + 1, by: actor)
                try center.store.perform(.print(reprintReason: reason), on: id, by: actor, at: now, lifecycle: lifecycle)
                return .done(.printed(receipt: receipt), try self.snapshot(id))
            case .printEnvelope(let id, let given):
                try center.store.write { tx in
                    guard let stored = try tx.request(id) else { throw StoreError.requestNotFound(id) }
                    switch stored.record.delivery.method {
                    case .post: _ = try envelopeTracking(for: id, given: given, tx: tx, at: now)
                    case .center: _ = try tx.pickupCode(for: id, at: now)
                    }
                }
                let snapshot = try snapshot(id)
                let receipt = try printer.printEnvelope(snapshot, by: actor)
                return .done(.envelopePrinted(receipt: receipt), snapshot)
            case .seal(let id, let given):
                let outcome: CounterScreen.Outcome = try center.store.write { tx in
                    guard let stored = try tx.request(id) else { throw StoreError.requestNotFound(id) }
                    switch stored.record.delivery.method {
                    case .post:
                        let tracking = try envelopeTracking(for: id, given: given, tx: tx, at: now)
                        try tx.perform(.seal(tracking: tracking, pickupCode: nil), on: id, by: actor, at: now, lifecycle: lifecycle)
                        return .sealedForPost(tracking)
                    case .center:
                        // A pickup envelope goes on the center's shelf at once.
                        let code = try tx.pickupCode(for: id, at: now)
                        try tx.perform(.seal(tracking: nil, pickupCode: code), on: id, by: actor, at: now, lifecycle: lifecycle)
                        try tx.perform(.readyForPickup(pickupCode: code), on: id, by: actor, at: now, lifecycle: lifecycle)
                        return .sealedForPickup(code)
                    }
                }
                return .done(outcome, try snapshot(id))
            }
        } catch {
            return .refused(refusal(error))
        }
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

    private func snapshot(_ id: RequestID) throws -> CounterScreen.Snapshot {
        try center.store.read { tx in
            guard let stored = try tx.request(id) else { throw StoreError.requestNotFound(id) }
            guard let service = try tx.service(code: stored.record.service) else {
                throw StoreError.unknownService(stored.record.service)
            }
            let isPost = stored.record.delivery.method == .post
            return CounterScreen.Snapshot(record: stored.record, service: service, stamps: try tx.stamps(),
                                          person: try tx.person(stored.record.subject.nationalNo), progress: stored.progress,
                                          envelopeTracking: isPost ? try tx.allocatedTracking(for: id) : nil,
                                          envelopePickupCode: isPost ? nil : try tx.reservedPickupCode(for: id),
                                          duplicateOf: stored.duplicateOf, dueAt: stored.dueAt)
        }
    }

    // MARK: Postal handoff

    private func handoff(_ command: HandoffScreen.Command, by actor: OperatorID) -> HandoffScreen.Message {
        let now = now()
        let lifecycle = center.lifecycle
        do {
            switch command {
            case .load:
                let filter = QueueFilter(delivery: .post, states: [.sealed, .returned])
                return .loaded(try center.store.read { tx in try tx.queue(filter, at: now, offset: 0, limit: 1_000) })
            case .dispatch(let ids, let courier):
                let manifest: Manifest = try center.store.write { tx in
                    let number = try tx.manifestCount(since: Self.startOfDay(now)) + 1
                    let id = Manifest.id(center: center.partyID, day: try Self.civilDay(now), number: number)
                    var items: [Manifest.Item] = []
                    for request in ids {
                        let event = try tx.perform(.dispatch(manifest: id, tracking: nil), on: request, by: actor, at: now,
                                                   lifecycle: lifecycle)
                        guard let tracking = event.data.tracking else { throw StoreError.corrupt("dispatch of \(request) without tracking") }
                        items.append(Manifest.Item(request: request, tracking: tracking))
                    }
                    let manifest = Manifest(id: id, handedAt: ContractTime.wholeSeconds(now), actor: actor, courier: courier, items: items)
                    try tx.insert(manifest: manifest)
                    return manifest
                }
                let lines = try center.store.read { tx in
                    try manifest.items.map { item in (item, try tx.request(item.request)?.record) }
                }
                let receipt: String
                do { receipt = try printer.printManifest(manifest, lines: lines, by: actor) } catch {
                    // The handoff is recorded whatever the printer does; the operator sees why the sheet did not come out.
                    logger.error("manifest not printed", metadata: ["manifest": "\(manifest.id)", "error": "\(error)"])
                    receipt = "\(error)"
                }
                return .dispatched(manifest: manifest.id, count: manifest.items.count, receipt: receipt)
            case .markReturned(let search, let reason):
                let id = try center.store.read { tx -> RequestID in
                    let rows = try tx.queue(QueueFilter(delivery: .post, search: search, states: [.dispatched]), at: now, offset: 0, limit: 2)
                    guard rows.count == 1 else { throw Refusal.notFound(search) }
                    return rows[0].id
                }
                try center.store.perform(.markReturned(reason: reason), on: id, by: actor, at: now, lifecycle: lifecycle)
                return .returned(id)
            case .keepForPickup(let id):
                let code = try center.store.write { tx in
                    let code = try tx.pickupCode(for: id, at: now)
                    try tx.perform(.readyForPickup(pickupCode: code), on: id, by: actor, at: now, lifecycle: lifecycle)
                    return code
                }
                return .keptForPickup(id, code)
            }
        } catch {
            return .refused(refusal(error))
        }
    }

    // MARK: Pickup

    private func pickup(_ command: PickupScreen.Command, by actor: OperatorID) -> PickupScreen.Message {
        let now = now()
        do {
            switch command {
            case .find(let text):
                return .found(try center.store.read { tx in try tx.pickupShelf(search: text, at: now, limit: 500) }, now: now)
            case .deliver(let id, let collector):
                try center.store.perform(.deliver(collector: collector), on: id, by: actor, at: now, lifecycle: center.lifecycle)
                return .delivered(id)
            }
        } catch {
            return .refused(refusal(error))
        }
    }

    // MARK: Sync

    private func sync(_ command: SyncScreen.Command, report: @escaping @Sendable (Shell.Message) -> Void) -> SyncScreen.Message {
        do {
            switch command {
            case .load:
                return .loaded(try syncSnapshot(recent: []))
            case .syncNow:
                // About a hundred reports a bundle, whatever its size: enough for a bar, few enough to draw.
                let progress: @Sendable (ExchangeProgress) -> Void = { step in
                    let every = max(step.total / 100, 1)
                    guard step.done % every == 0 || step.done == step.total else { return }
                    report(.sync(.progress(SyncScreen.Progress(file: step.file, done: step.done, total: step.total))))
                }
                var importer = try center.importer()
                importer.progress = progress
                let reports = try importer.importInbox()
                var exporter = try center.exporter()
                exporter.progress = progress
                let sent = try exporter.export()
                let exported = sent.map { $0.events + $0.manifests + $0.problems } ?? 0
                return .synced(imported: reports.count, exported: exported, try syncSnapshot(recent: reports))
            }
        } catch {
            return .refused(refusal(error))
        }
    }

    private func syncSnapshot(recent: [InboundReport]) throws -> SyncScreen.Snapshot {
        try center.store.read { tx in
            // This sync's files first (waiting and duplicates are not in the ledger), then the ledger's history.
            var inbound: [SyncScreen.Inbound] = recent.compactMap { report in
                switch report.outcome {
                case .duplicate(let seq): SyncScreen.Inbound(file: report.file, seq: Int(seq), at: now(), status: .duplicate)
                case .waiting(let seq, let missing):
                    SyncScreen.Inbound(file: report.file, seq: Int(seq), at: now(), status: .waiting(missingSeq: Int(missing)))
                case .applied, .quarantined: nil
                }
            }
            inbound += try tx.appliedBundles(limit: 30).map {
                SyncScreen.Inbound(file: $0.file, seq: Int($0.seq), at: $0.appliedAt,
                                   status: .applied(records: $0.records, setAside: $0.setAside))
            }
            inbound += try tx.quarantinedFiles(limit: 30).map {
                SyncScreen.Inbound(file: $0.file, seq: nil, at: $0.at, status: .quarantined(reason: $0.reason))
            }
            let outbound = try tx.outboundBundles(limit: 30).map {
                SyncScreen.Outbound(file: $0.file, seq: Int($0.seq), records: $0.records, createdAt: $0.createdAt, acknowledged: $0.acked)
            }
            return SyncScreen.Snapshot(inbound: inbound, outbound: outbound,
                                       lastImport: try tx.appliedBundles(limit: 1).first?.appliedAt,
                                       lastExport: try tx.outboundBundles(limit: 1).first?.createdAt)
        }
    }

    // MARK: Dashboard

    private func dashboard(_ command: DashboardScreen.Command, by actor: OperatorID) -> DashboardScreen.Message {
        let now = now()
        do {
            switch command {
            case .loadReport(let range, let compare):
                return try center.store.read { tx in
                    guard compare else { return .report(try tx.throughputReport(range, now: now), previous: nil) }
                    let comparison = try tx.throughputComparison(range, now: now)
                    return .report(comparison.current, previous: comparison.previous)
                }
            case .recordRefusal:
                try center.store.write { tx in try tx.log(.refused, of: actor, at: now, detail: "dashboard") }
                logger.notice("dashboard refused", metadata: ["operator": "\(actor)"])
                return .tick(now)
            }
        } catch {
            logger.notice("dashboard command failed", metadata: ["reason": "\(error)"])
            return .failed("\(error)")
        }
    }

    // MARK: Status line

    private func status() throws -> StatusInfo {
        let now = now()
        return try center.store.read { tx in
            let overdue = QueueFilter(overdueOnly: true)
            let lastImport = try tx.appliedBundles(limit: 1).first?.appliedAt
            let lastExport = try tx.outboundBundles(limit: 1).first?.createdAt
            return StatusInfo(center: "", now: now, openRequests: try tx.queueCount(QueueFilter(), at: now),
                              overdueRequests: try tx.queueCount(overdue, at: now),
                              unacknowledgedBundles: try tx.unacknowledgedBundleCount(),
                              quarantinedFiles: try tx.quarantineCount(),
                              lastSync: [lastImport, lastExport].compactMap { $0 }.max())
        }
    }

    // MARK: Helpers

    func refusal(_ error: any Error) -> Refusal {
        switch error {
        case let error as Refusal: return error
        case let error as StoreError:
            switch error {
            case .lifecycle(let lifecycle): return .lifecycle(lifecycle)
            case .requestNotFound(let id): return .notFound(id.rawValue)
            case .trackingInUse(let tracking): return .trackingInUse(tracking)
            case .trackingRangeExhausted: return .trackingRangeExhausted
            default:
                logger.error("store refused", metadata: ["error": "\(error)"])
                return .failed(error.description)
            }
        case let error as AppError: return .failed(error.description)
        case let error as ValidationError: return .invalid(error)
        default:
            logger.error("command failed", metadata: ["error": "\(error)"])
            return .failed("\(error)")
        }
    }

    static func startOfDay(_ date: Date) -> Date { Clock.calendar.startOfDay(for: date) }

    static func civilDay(_ date: Date) throws -> CivilDate {
        let parts = Clock.calendar.dateComponents([.year, .month, .day], from: date)
        return try CivilDate("\(ContractTime.pad(parts.year ?? 1970, 4))-\(ContractTime.pad(parts.month ?? 1, 2))-\(ContractTime.pad(parts.day ?? 1, 2))")
    }
}
