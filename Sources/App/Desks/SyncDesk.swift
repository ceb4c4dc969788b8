import Foundation
import Logging
import ShubbakCore
import ShubbakExchange
import ShubbakScreens
import ShubbakStore

/// The exchange with the central office: what came in and went out, and a sync on demand with its progress.
struct SyncDesk: Desk {
    typealias Served = SyncScreen

    let center: CenterDirectory
    let now: @Sendable () -> Date
    let logger = Logger(label: "shubbak.sync")

    func takesLong(_ command: SyncScreen.Command) -> Bool { command == .syncNow }

    func execute(_ command: SyncScreen.Command, by session: Operator?,
                 report: @escaping @Sendable (Shell.Message) -> Void) -> [Shell.Message] {
        do {
            switch command {
            case .load:
                return [answer(.loaded(try snapshot(recent: [])))]
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
                return [answer(.synced(imported: reports.count, exported: exported, try snapshot(recent: reports)))]
            }
        } catch {
            return [answer(.refused(Refusal(error, logger: logger)))]
        }
    }

    private func snapshot(recent: [InboundReport]) throws -> SyncScreen.Snapshot {
        let now = now()
        return try center.store.read { tx in
            // This sync's files first (waiting and duplicates are not in the ledger), then the ledger's history.
            var inbound: [SyncScreen.Inbound] = recent.compactMap { report in
                switch report.outcome {
                case .duplicate(let seq): SyncScreen.Inbound(file: report.file, seq: Int(seq), at: now, status: .duplicate)
                case .waiting(let seq, let missing):
                    SyncScreen.Inbound(file: report.file, seq: Int(seq), at: now, status: .waiting(missingSeq: Int(missing)))
                case .applied, .quarantined: nil
                }
            }
            let applied = try tx.appliedBundles(limit: 30)
            inbound += applied.map {
                SyncScreen.Inbound(file: $0.file, seq: Int($0.seq), at: $0.appliedAt, status: .applied(records: $0.records, setAside: $0.setAside))
            }
            inbound += try tx.quarantinedFiles(limit: 30).map {
                SyncScreen.Inbound(file: $0.file, seq: nil, at: $0.at, status: .quarantined(reason: $0.reason))
            }
            let sent = try tx.outboundBundles(limit: 30)
            let outbound = sent.map {
                SyncScreen.Outbound(file: $0.file, seq: Int($0.seq), records: $0.records, createdAt: $0.createdAt, acknowledged: $0.acked)
            }
            return SyncScreen.Snapshot(inbound: inbound, outbound: outbound, lastImport: applied.first?.appliedAt,
                                       lastExport: sent.first?.createdAt)
        }
    }
}
