import Foundation
import ShubbakCore

/// Renders the counter's papers from the templates folder: values in, PDF bytes out.
///
/// Each call reads its template afresh, so a center's change to a template shows on the next print.
/// A service may have its own document template, `document-<SERVICE CODE>.json`; otherwise `document.json`.
public struct PDFRenderer: Sendable {
    public let templates: URL

    public init(templates: URL) {
        self.templates = templates
    }

    /// The service's document, filled from the civil-affairs record and the request. `copy` is 1 for the
    /// first print and counts reprints after it.
    public func document(record: RequestRecord, person: Person, service: Service, center: PrintCenter,
                         copy: Int = 1, printedAt: Date = Date()) throws(PrintError) -> PrintJob {
        guard copy >= 1 else { throw .missingValue("the copy number must be 1 or more, not \(copy)") }
        var values = Self.centerValues(center, printedAt: printedAt)
        values.merge(Self.requestValues(record, service: service, center: center)) { $1 }
        values.merge([
            "person.national_no": person.nationalNo.digits,
            "person.name": "\(person.name.first) \(person.name.father) \(person.name.last)",
            "person.first": person.name.first,
            "person.father": person.name.father,
            "person.mother": person.name.mother,
            "person.last": person.name.last,
            "person.birth_date": person.birthDate.description,
            "person.birth_place": person.birthPlace,
            "person.gender_ar": person.gender == .male ? "ذكر" : "أنثى",
            "person.gender_en": person.gender == .male ? "male" : "female",
            "person.registry": person.registry,
            "person.status_ar": person.status == .alive ? "على قيد الحياة" : "متوفى",
            "person.status_en": person.status == .alive ? "alive" : "deceased",
            "document.copy": String(copy),
        ]) { $1 }
        let specific = templates.appendingPathComponent("document-\(service.code).json")
        let file = FileManager.default.fileExists(atPath: specific.path) ? specific : templates.appendingPathComponent("document.json")
        let job = JobValues(values: values, flags: ["reprint": copy > 1])
        return try render(file, job, kind: .document, title: record.id.rawValue)
    }

    /// The transmittal slip that goes with a request to the body that issues its document: what is
    /// asked for, of whom, the center's reference as a barcode (scanned when the document comes back),
    /// and when it is expected.
    public func transmittal(record: RequestRecord, service: Service, forwarding: Forwarding, center: PrintCenter,
                            printedAt: Date = Date()) throws(PrintError) -> PrintJob {
        guard let issuer = service.issuer else { throw .missingValue("service \(service.code) names no issuer to forward \(record.id) to") }
        var values = Self.centerValues(center, printedAt: printedAt)
        values.merge(Self.requestValues(record, service: service, center: center)) { $1 }
        values.merge([
            "issuer.code": issuer.code, "issuer.name_ar": issuer.name.ar, "issuer.name_en": issuer.name.en,
            "issuer.days": String(issuer.days),
            "forwarding.reference": forwarding.reference, "forwarding.expected_by": forwarding.expectedBy.description,
            "subject.name": record.subject.name.display, "subject.mother": record.subject.name.mother,
            "subject.national_no": record.subject.nationalNo.digits, "subject.birth_date": record.subject.birthDate.description,
            "subject.birth_place": record.subject.birthPlace,
        ]) { $1 }
        let job = JobValues(values: values, flags: [:])
        return try render(templates.appendingPathComponent("transmittal.json"), job, kind: .transmittal, title: forwarding.reference)
    }

    /// The envelope: a post envelope carries its S10 number, a pickup envelope its pickup code.
    public func envelope(record: RequestRecord, service: Service, center: PrintCenter, tracking: TrackingNumber?,
                         pickupCode: PickupCode?, printedAt: Date = Date()) throws(PrintError) -> PrintJob {
        var values = Self.centerValues(center, printedAt: printedAt)
        values.merge(Self.requestValues(record, service: service, center: center)) { $1 }
        values["addressee.name"] = record.applicant.name.display
        values["addressee.phone"] = record.applicant.phone
        switch record.delivery {
        case .post(let address):
            guard let tracking else { throw .missingValue("the post envelope of \(record.id) needs its S10 tracking number") }
            values["envelope.tracking"] = tracking.rawValue
            values["envelope.pickup_code"] = ""
            values["delivery.address"] = address.lines.joined(separator: "\n")
            values["delivery.governorate"] = address.governorate
            values["delivery.center_id"] = ""
            values["delivery.center_name"] = ""
        case .center(let pickupCenter):
            guard let pickupCode else { throw .missingValue("the pickup envelope of \(record.id) needs its pickup code") }
            values["envelope.tracking"] = ""
            values["envelope.pickup_code"] = pickupCode.rawValue
            values["delivery.address"] = ""
            values["delivery.governorate"] = ""
            values["delivery.center_id"] = pickupCenter.rawValue
            // The name of another center is not known here; its id is what the citizen was told.
            values["delivery.center_name"] = pickupCenter == center.id ? center.nameAr : ""
        }
        let job = JobValues(values: values, flags: ["post": record.delivery.method == .post,
                                                    "pickup": record.delivery.method == .center])
        return try render(templates.appendingPathComponent("envelope.json"), job, kind: .envelope, title: record.id.rawValue)
    }

    /// The courier's list: one line per envelope of the manifest, in the manifest's order.
    public func manifest(_ manifest: Manifest, lines: [ManifestLine], center: PrintCenter,
                         operatorName: String) throws(PrintError) -> PrintJob {
        var byRequest: [RequestID: ManifestLine] = [:]
        for line in lines { byRequest[line.request] = line }
        var rows: [[String: String]] = []
        var governorates: [String: Int] = [:]
        for (index, item) in manifest.items.enumerated() {
            guard let line = byRequest[item.request] else {
                throw .missingValue("the manifest \(manifest.id) has \(item.request) but no addressee line for it")
            }
            guard line.tracking == item.tracking else {
                throw .missingValue("\(item.request) is \(item.tracking) in the manifest but \(line.tracking) in its line")
            }
            governorates[line.governorate, default: 0] += 1
            rows.append(["item.number": String(index + 1), "item.tracking": item.tracking.rawValue,
                         "item.request": item.request.rawValue, "item.addressee": line.addressee,
                         "item.governorate": line.governorate])
        }
        var values = Self.centerValues(center, printedAt: manifest.handedAt)
        values.merge([
            "manifest.id": manifest.id,
            "manifest.date": Self.format(manifest.handedAt, in: center.timeZone, time: true),
            "manifest.carrier": manifest.carrier,
            "manifest.count": String(manifest.items.count),
            "manifest.by_governorate": governorates.sorted { $0.key < $1.key }
                .map { "\($0.key.isEmpty ? "—" : $0.key): \($0.value)" }.joined(separator: "، "),
            "courier.name": manifest.courier.name,
            "courier.id": manifest.courier.id,
            "operator.id": manifest.actor.rawValue,
            "operator.name": operatorName,
        ]) { $1 }
        let keys: Set<String> = ["item.number", "item.tracking", "item.request", "item.addressee", "item.governorate"]
        let job = JobValues(values: values, lists: ["items": .init(keys: keys, rows: rows)])
        return try render(templates.appendingPathComponent("manifest.json"), job, kind: .manifest, title: manifest.id)
    }

    /// A report sheet headed with the center, its tables in order.
    public func report(_ sheet: ReportSheet, center: PrintCenter, printedAt: Date = Date()) throws(PrintError) -> PrintJob {
        var values = Self.centerValues(center, printedAt: printedAt)
        values["report.title"] = sheet.title
        values["report.subtitle"] = sheet.subtitle
        let job = JobValues(values: values, report: sheet)
        // The document's metadata title is plain text: no bidi isolates a PDF viewer would show as boxes.
        let plainTitle = String(String.UnicodeScalarView(sheet.title.unicodeScalars.filter { !(0x2066...0x2069).contains($0.value) }))
        return try render(templates.appendingPathComponent("report.json"), job, kind: .report, title: plainTitle)
    }

    private func render(_ file: URL, _ job: JobValues, kind: PrintKind, title: String) throws(PrintError) -> PrintJob {
        let template = try Template.load(file)
        let pdf = try PageComposer(template: template, job: job).render(title: title)
        return PrintJob(kind: kind, title: title, pdf: pdf, media: Self.media(widthMM: template.widthMM, heightMM: template.heightMM))
    }

    /// The PWG name of a page size, either way round (CUPS turns a landscape page to fit the media).
    static func media(widthMM: Double, heightMM: Double) -> String? {
        let sides = [widthMM, heightMM].sorted()
        func near(_ short: Double, _ long: Double) -> Bool { abs(sides[0] - short) < 1 && abs(sides[1] - long) < 1 }
        if near(210, 297) { return "iso_a4_210x297mm" }
        if near(110, 220) { return "iso_dl_110x220mm" }
        if near(148, 210) { return "iso_a5_148x210mm" }
        if near(162, 229) { return "iso_c5_162x229mm" }
        return nil
    }

    private static func centerValues(_ center: PrintCenter, printedAt: Date) -> [String: String] {
        ["center.id": center.id.rawValue, "center.name_ar": center.nameAr, "center.name_en": center.nameEn,
         "center.address": center.address, "printed.date": format(printedAt, in: center.timeZone, time: false),
         "printed.time": format(printedAt, in: center.timeZone, time: true)]
    }

    private static func requestValues(_ record: RequestRecord, service: Service, center: PrintCenter) -> [String: String] {
        ["request.id": record.id.rawValue,
         "request.submitted": format(record.submittedAt, in: center.timeZone, time: true),
         "request.payment_ref": record.payment.ref,
         "request.payment_amount": String(record.payment.amount),
         "applicant.name": record.applicant.name.display,
         "applicant.national_no": record.applicant.nationalNo.digits,
         "service.code": service.code, "service.name_ar": service.name.ar, "service.name_en": service.name.en]
    }

    /// `2026-11-22`, or `2026-11-22 10:15`, in the center's time zone.
    static func format(_ date: Date, in zone: TimeZone, time: Bool) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let day = "\(ContractTime.pad(parts.year ?? 0, 4))-\(ContractTime.pad(parts.month ?? 0, 2))-\(ContractTime.pad(parts.day ?? 0, 2))"
        return time ? "\(day) \(ContractTime.pad(parts.hour ?? 0, 2)):\(ContractTime.pad(parts.minute ?? 0, 2))" : day
    }
}
