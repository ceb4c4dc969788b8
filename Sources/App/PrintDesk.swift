import Foundation
import Logging
import ShubbakCore
import ShubbakScreens
import ShubbakStore

/// The counter's print jobs: the document, the envelope and the postal manifest. Each job is written whole into
/// the center's spool folder (a temporary name, then a rename) and recorded; a job that could not be written
/// throws, so the step it belongs to is not recorded either.
struct PrintDesk {
    let center: CenterDirectory
    let logger = Logger(label: "shubbak.print")

    var spool: URL { center.url.appendingPathComponent("spool") }

    func printDocument(_ snapshot: CounterScreen.Snapshot, copy: Int, by actor: OperatorID) throws(Refusal) -> String {
        let record = snapshot.record
        var lines = [
            "\(center.config.nameAr) — \(center.config.center)",
            "\(snapshot.service.name.ar) / \(snapshot.service.name.en)",
            "رقم الطلب: \(record.id)", "النسخة: \(copy)",
        ]
        if let person = snapshot.person {
            lines += [
                "الاسم: \(person.name.first) \(person.name.father) \(person.name.last)", "الأم: \(person.name.mother)",
                "الرقم الوطني: \(person.nationalNo)", "تاريخ الولادة: \(person.birthDate)", "مكان الولادة: \(person.birthPlace)",
                "القيد: \(person.registry)",
            ]
        }
        return try send(kind: "document", request: record.id, lines: lines, by: actor)
    }

    func printEnvelope(_ snapshot: CounterScreen.Snapshot, by actor: OperatorID) throws(Refusal) -> String {
        let record = snapshot.record
        var lines = ["من: \(center.config.nameAr) — \(center.config.center)", "رقم الطلب: \(record.id)"]
        switch record.delivery {
        case .post(let address):
            lines.append("إلى: \(record.subject.name.display)")
            lines += address.lines
            if let tracking = snapshot.envelopeTracking { lines.append("S10: \(tracking)") }
            lines.append("يُسلّم لصاحب العلاقة أو مقدّم الطلب بعد إبراز البطاقة الشخصية")
        case .center:
            lines += ["الاستلام من المركز: \(center.config.nameAr)", "رمز الاستلام: \(snapshot.envelopePickupCode?.rawValue ?? "")",
                      "يُسلّم لصاحب العلاقة أو مقدّم الطلب مع رمز الاستلام"]
        }
        return try send(kind: "envelope", request: record.id, lines: lines, by: actor)
    }

    func printManifest(_ manifest: Manifest, lines items: [(Manifest.Item, RequestRecord?)], by actor: OperatorID) throws(Refusal) -> String {
        var lines = [
            "بيان تسليم البريد \(manifest.id)", "\(center.config.nameAr) — \(center.config.center)",
            "التاريخ: \(ContractTime.format(manifest.handedAt))", "الساعي: \(manifest.courier.name) (\(manifest.courier.id))", "",
        ]
        for (index, (item, record)) in items.enumerated() {
            let governorate: String = if case .post(let address) = record?.delivery { address.governorate } else { "" }
            lines.append("\(index + 1). \(item.tracking)  \(item.request)  \(record?.subject.name.display ?? "")  \(governorate)")
        }
        lines += ["", "المجموع: \(items.count)", "توقيع الموظف \(manifest.actor): ____________",
                  "توقيع الساعي: ____________"]
        return try send(kind: "manifest", request: nil, lines: lines, by: actor)
    }

    private func send(kind: String, request: RequestID?, lines: [String], by actor: OperatorID) throws(Refusal) -> String {
        let now = Date()
        let name = "\(kind)-\(request?.rawValue ?? "\(Int(now.timeIntervalSince1970))")-\(UUID().uuidString.prefix(8)).txt"
        let url = spool.appendingPathComponent(name)
        do {
            try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
            try Files.writePrivate(Data((lines.joined(separator: "\n") + "\n").utf8), to: url)
            try center.store.write { tx in
                try tx.recordPrintJob(kind: kind, request: request, by: actor, at: now, target: url.path, outcome: "spooled")
            }
        } catch {
            logger.error("print job failed", metadata: ["kind": "\(kind)", "error": "\(error)"])
            throw .printFailed("\(error)")
        }
        return "spool/\(name)"
    }
}
