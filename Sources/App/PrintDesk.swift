import Foundation
import Logging
import ShubbakCore
import ShubbakPrint
import ShubbakScreens
import ShubbakStore

/// The counter's print jobs: the document, the envelope and the postal manifest, rendered from the center's
/// templates and sent to the CUPS printer of their kind, or written whole into the spool folder (docs/printing.md).
/// Each job is recorded; a job that could not be rendered or sent throws, so the step it belongs to is not
/// recorded either and the operator can try again.
struct PrintDesk {
    let center: CenterDirectory
    let logger = Logger(label: "shubbak.print")

    func printDocument(_ snapshot: CounterScreen.Snapshot, copy: Int, by actor: OperatorID) throws(Refusal) -> String {
        guard let person = snapshot.person else {
            throw .printFailed("no civil-affairs record for \(snapshot.record.subject.nationalNo)")
        }
        return try send(request: snapshot.record.id, by: actor) { (renderer, paper) throws(PrintError) in
            try renderer.document(record: snapshot.record, person: person, service: snapshot.service, center: paper, copy: copy)
        }
    }

    func printTransmittal(_ snapshot: CounterScreen.Snapshot, forwarding: Forwarding, by actor: OperatorID) throws(Refusal) -> String {
        try send(request: snapshot.record.id, by: actor) { (renderer, paper) throws(PrintError) in
            try renderer.transmittal(record: snapshot.record, service: snapshot.service, forwarding: forwarding, center: paper)
        }
    }

    func printEnvelope(_ snapshot: CounterScreen.Snapshot, by actor: OperatorID) throws(Refusal) -> String {
        try send(request: snapshot.record.id, by: actor) { (renderer, paper) throws(PrintError) in
            try renderer.envelope(record: snapshot.record, service: snapshot.service, center: paper,
                                  tracking: snapshot.envelopeTracking, pickupCode: snapshot.envelopePickupCode)
        }
    }

    func printManifest(_ manifest: Manifest, lines items: [(Manifest.Item, RequestRecord?)], by actor: OperatorID) throws(Refusal) -> String {
        let lines = items.map { item, record in
            record.map { ManifestLine(record: $0, tracking: item.tracking) }
                ?? ManifestLine(request: item.request, tracking: item.tracking, addressee: "", governorate: "")
        }
        let operatorName: String
        do {
            operatorName = try center.store.read { tx in try tx.account(manifest.actor)?.profile.name } ?? manifest.actor.rawValue
        } catch {
            throw .printFailed("\(error)")
        }
        return try send(request: nil, by: actor) { (renderer, paper) throws(PrintError) in
            try renderer.manifest(manifest, lines: lines, center: paper, operatorName: operatorName)
        }
    }

    /// Renders, sends, then records the job; returns what the operator is shown: the CUPS job id, or the
    /// spool file's path inside the data directory.
    private func send(request: RequestID?, by actor: OperatorID,
                      render: (PDFRenderer, PrintCenter) throws(PrintError) -> PrintJob) throws(Refusal) -> String {
        let now = Date()
        do {
            let job = try render(try center.printRenderer(), center.printCenter)
            let receipt = try center.printSender.send(job)
            let (target, outcome, shown): (String, String, String) = switch receipt {
            case .printer(let name, let jobID): ("\(name) \(jobID)", "sent", jobID)
            case .spooled(let url):
                (url.path, "spooled", url.path.hasPrefix(center.url.path + "/") ? String(url.path.dropFirst(center.url.path.count + 1)) : url.path)
            }
            try center.store.write { tx in
                try tx.recordPrintJob(kind: job.kind.rawValue, request: request, by: actor, at: now, target: target, outcome: outcome)
            }
            return shown
        } catch {
            logger.error("print job failed", metadata: ["request": "\(request?.rawValue ?? "-")", "error": "\(error)"])
            throw .printFailed((error as? PrintError)?.description ?? "\(error)")
        }
    }
}
