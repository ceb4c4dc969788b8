import ArgumentParser
import Foundation
import ShubbakCore
import ShubbakPrint
import ShubbakSampleData

extension CenterDirectory {
    /// The center as its papers name it.
    var printCenter: PrintCenter {
        PrintCenter(id: partyID, nameAr: config.nameAr, nameEn: config.nameEn, address: config.address ?? "",
                    timeZone: calendar.timeZone)
    }

    /// Sends each kind of paper to its configured printer, or into the spool folder.
    var printSender: PrintSender {
        let printers = config.printers
        var queues: [PrintKind: String] = [:]
        queues[.document] = printers?.document
        queues[.envelope] = printers?.envelope
        queues[.manifest] = printers?.manifest
        queues[.report] = printers?.report
        // The slip for an issuer is an A4 page like the document, unless the center names its own printer.
        queues[.transmittal] = printers?.transmittal ?? printers?.document
        return PrintSender(printers: queues.filter { !$0.value.isEmpty }, spool: folder(printers?.spool ?? "spool"),
                           lp: Self.lp(searching: ProcessInfo.processInfo.environment["PATH"]))
    }

    /// CUPS's `lp` as a shell would find it on PATH (a site may wrap it), else /usr/bin/lp.
    static func lp(searching path: String?) -> URL {
        let folders = (path ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        let found = folders.map { URL(fileURLWithPath: $0).appendingPathComponent("lp") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        return found ?? URL(fileURLWithPath: "/usr/bin/lp")
    }

    /// The templates: configured, else `$SHUBBAK_TEMPLATES`, else `templates` in the data directory, else the
    /// folder installed beside the executable (`share/shubbak/templates`, or a source tree's `templates`).
    /// A paper asked for on the command line: sent as the counter sends its papers, or written to `output`.
    /// Returns what to tell the person: the printer's job or the file written.
    func deliver(_ job: PrintJob, send: Bool, output: String) throws(AppError) -> String {
        if send {
            do { return try printSender.send(job).description } catch { throw .io(error.description) }
        }
        let target = URL(fileURLWithPath: output)
        do { try job.pdf.write(to: target, options: .atomic) } catch {
            throw .io("cannot write \(target.path): \(error.localizedDescription)")
        }
        return target.path
    }

    func printRenderer() throws(AppError) -> PDFRenderer {
        if let configured = config.printers?.templates { return PDFRenderer(templates: folder(configured)) }
        if let variable = ProcessInfo.processInfo.environment["SHUBBAK_TEMPLATES"], !variable.isEmpty {
            return PDFRenderer(templates: URL(fileURLWithPath: variable))
        }
        var candidates = [url.appendingPathComponent("templates")]
        var parent = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while parent.path != "/" {
            candidates += [parent.appendingPathComponent("share/shubbak/templates"), parent.appendingPathComponent("templates")]
            parent.deleteLastPathComponent()
        }
        guard let found = candidates.first(where: {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("document.json").path)
        }) else {
            throw .io("no print templates found: set [printers] templates in \(url.appendingPathComponent(Self.configName).path) or SHUBBAK_TEMPLATES")
        }
        return PDFRenderer(templates: found)
    }

    private func folder(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : url.appendingPathComponent(path)
    }
}

extension PrintKind: ExpressibleByArgument {}

/// `shubbak print-sample`: a paper filled with demo data, to set up and check a center's printers.
struct PrintSample: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print-sample",
        abstract: "Render a sample document, envelope, manifest, report or transmittal slip from demo data.",
        discussion: "Without --send the PDF is written to --output. With --send it goes to the printer of its kind in config.toml's [printers], or into the spool folder.")

    @OptionGroup var options: CenterOptions

    @Option(help: "The paper to render.")
    var kind: PrintKind

    @Flag(help: "Send it as the counter would, instead of writing a file.")
    var send = false

    @Option(help: "Where to write the PDF without --send (default: sample-KIND.pdf in the current folder).")
    var output: String?

    func run() throws {
        let center = try options.center()
        let job: PrintJob
        do {
            job = try Self.render(kind, renderer: try center.printRenderer(), center: center.printCenter)
        } catch let error as PrintError {
            throw AppError.io(error.description)
        }
        print(try center.deliver(job, send: send, output: output ?? "sample-\(kind.rawValue).pdf"))
    }

    /// Demo requests for the sample: the same seed gives the same paper.
    static func render(_ kind: PrintKind, renderer: PDFRenderer, center: PrintCenter) throws -> PrintJob {
        let now = Date()
        var generator = RequestGenerator(seed: 7, center: center.id, now: now)
        var requests: [(record: RequestRecord, person: Person?)] = []
        for _ in 0..<60 { requests.append(generator.nextRequest()) }
        let services = Dictionary(SampleCatalog.services.map { ($0.code, $0) }) { first, _ in first }
        let posted = requests.filter { $0.record.delivery.method == .post }
        switch kind {
        case .document:
            guard let (record, person) = requests.first(where: { $0.person != nil }), let person,
                  let service = services[record.service] else { throw AppError.invalid("the demo data has no request with a record") }
            return try renderer.document(record: record, person: person, service: service, center: center)
        case .transmittal:
            guard let (record, service) = requests.lazy.compactMap({ request in
                services[request.record.service].flatMap { $0.issuer == nil ? nil : (request.record, $0) }
            }).first, let issuer = service.issuer else { throw AppError.invalid("the demo data has no request for an issuer") }
            let today = CenterCalendar(timeZone: center.timeZone).day(of: now)
            let forwarding = Forwarding(issuer: issuer.code, reference: Forwarding.reference(center: center.id.rawValue, issuer: issuer.code,
                                                                                            request: record.id),
                                        expectedBy: today.adding(days: issuer.days))
            return try renderer.transmittal(record: record, service: service, forwarding: forwarding, center: center)
        case .envelope:
            guard let record = posted.first?.record, let service = services[record.service] else {
                throw AppError.invalid("the demo data has no post request")
            }
            return try renderer.envelope(record: record, service: service, center: center,
                                         tracking: try TrackingNumber(service: "RR", serial: 47_312_482), pickupCode: nil)
        case .manifest:
            var items: [Manifest.Item] = []
            var lines: [ManifestLine] = []
            for (index, request) in posted.prefix(8).enumerated() {
                let tracking = try TrackingNumber(service: "RR", serial: 47_312_482 + index)
                items.append(Manifest.Item(request: request.record.id, tracking: tracking))
                lines.append(ManifestLine(record: request.record, tracking: tracking))
            }
            let day = try CivilDate(String(ContractTime.format(now).prefix(10)))
            let manifest = Manifest(id: Manifest.id(center: center.id, day: day, number: 1), handedAt: now,
                                    actor: try OperatorID("op-01"), courier: .init(name: "ماهر القاسم", id: "SP-0001"),
                                    items: items)
            return try renderer.manifest(manifest, lines: lines, center: center, operatorName: "موظف الشباك")
        case .report:
            func counts(_ key: (RequestRecord) -> String) -> [[String]] {
                Dictionary(grouping: requests.map(\.record), by: key).map { [$0.key, String($0.value.count)] }
                    .sorted { $0[0] < $1[0] }
            }
            let sheet = ReportSheet(
                title: "نموذج تقرير", subtitle: "\(requests.count) طلباً من بيانات العرض",
                tables: [ReportTable(title: "الطلبات حسب الخدمة", columns: ["الخدمة", "العدد"],
                                     rows: counts { services[$0.service]?.name.ar ?? $0.service }),
                         ReportTable(title: "طريقة التسليم", columns: ["الطريقة", "العدد"],
                                     rows: counts { $0.delivery.method == .post ? "البريد" : "المركز" })])
            return try renderer.report(sheet, center: center)
        }
    }
}
