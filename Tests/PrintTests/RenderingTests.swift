import Foundation
import ShubbakCore
import ShubbakPrint
import Testing

/// Each template rendered and read back with poppler: page size, the words in logical order, ink on the page.
@Suite("Rendering")
struct RenderingTests {
    static let a4 = (width: 210 * Samples.pointsPerMM, height: 297 * Samples.pointsPerMM)
    /// Committed to docs/printing/ when SHUBBAK_PRINT_PNG names a folder (how the pictures there were made).
    static let pictures = ProcessInfo.processInfo.environment["SHUBBAK_PRINT_PNG"].map(URL.init(fileURLWithPath:))

    /// The date as a person in Damascus reads it, worked out with DateFormatter rather than the renderer's Calendar.
    static func damascus(_ date: Date, format: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Damascus")
        formatter.dateFormat = format
        return formatter.string(from: date)
    }

    @Test func documentIsA4WithTheRecordInLogicalOrder() throws {
        let record = try Samples.record()
        let job = try Samples.renderer.document(record: record, person: try Samples.person(), service: Samples.service,
                                                center: try Samples.center(), printedAt: try Samples.date("2026-11-22T09:00:00Z"))
        #expect(job.kind == .document)
        #expect(job.title == "CSC-2026-00012345")
        #expect(job.pdf.starts(with: Data("%PDF".utf8)))
        let reading = try Samples.read(job.pdf, keepPNG: Self.pictures?.appendingPathComponent("document.png"))
        #expect(abs(reading.pageWidthPoints - Self.a4.width) < 0.5)
        #expect(abs(reading.pageHeightPoints - Self.a4.height) < 0.5)
        #expect(reading.pages == 1)
        // Each field on the line of its label, the label first (it is on the right, where Arabic begins).
        #expect(reading.says("الاسم", "عبد الله"))
        #expect(reading.says("اسم الأب", "محمود"))
        #expect(reading.says("اسم الأم", "فاطمة"))
        #expect(reading.says("النسبة", "الحموي"))
        #expect(reading.says("الرقم الوطني", "05123456789"))
        #expect(reading.says("تاريخ الولادة", "1987-03-14"))
        // (poppler moves the "-" of "حماة - الحاضر - 112" about: the words are checked.)
        #expect(reading.says("القيد", "الحاضر", "112"))
        #expect(reading.says("الوضع", "على قيد الحياة"))
        #expect(reading.says("مركز خدمة المواطن في حماة"))
        #expect(reading.says("إخراج قيد فردي"))
        #expect(reading.says("Individual civil-registry extract"))
        #expect(reading.says("رقم الطلب", "CSC-2026-00012345", "تاريخ الطلب",
                             Self.damascus(record.submittedAt, format: "yyyy-MM-dd HH:mm")))
        #expect(reading.says("PAY-4711007", "2000"))
        #expect(reading.says("صدر في", Self.damascus(try Samples.date("2026-11-22T09:00:00Z"), format: "yyyy-MM-dd")))
        #expect(!reading.says("نسخة معادة"))
        // The template's font is the one embedded: without fonts-hosny-amiri fontconfig would quietly substitute.
        let folder = try Samples.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try job.pdf.write(to: folder.appendingPathComponent("job.pdf"))
        let fonts = String(decoding: try Samples.run("pdffonts", [folder.appendingPathComponent("job.pdf").path]), as: UTF8.self)
        let names = fonts.split(separator: "\n").dropFirst(2).compactMap { $0.split(separator: " ").first }
        #expect(!names.isEmpty && names.allSatisfy { $0.contains("Amiri") }, "\(fonts)")
        #expect(reading.inkShare.allSatisfy { $0 > 0.01 && $0 < 0.5 }, "ink \(reading.inkShare)")
    }

    @Test func reprintSaysSoWithItsCopyNumber() throws {
        let job = try Samples.renderer.document(record: try Samples.record(), person: try Samples.person(),
                                                service: Samples.service, center: try Samples.center(), copy: 3)
        let reading = try Samples.read(job.pdf)
        #expect(reading.says("نسخة معادة", "النسخة رقم", "3"))
        #expect(throws: PrintError.self) {
            try Samples.renderer.document(record: try Samples.record(), person: try Samples.person(),
                                          service: Samples.service, center: try Samples.center(), copy: 0)
        }
    }

    @Test func postEnvelopeIsDLWithAddressAndTrackingNumber() throws {
        // The S10 worked example's serial; its check digit is 9.
        let tracking = try TrackingNumber(service: "RR", serial: 47_312_482)
        let job = try Samples.renderer.envelope(record: try Samples.record(), service: Samples.service,
                                                center: try Samples.center(), tracking: tracking, pickupCode: nil)
        #expect(job.kind == .envelope)
        let reading = try Samples.read(job.pdf, keepPNG: Self.pictures?.appendingPathComponent("envelope-post.png"))
        #expect(abs(reading.pageWidthPoints - 220 * Samples.pointsPerMM) < 0.5)
        #expect(abs(reading.pageHeightPoints - 110 * Samples.pointsPerMM) < 0.5)
        #expect(reading.pages == 1)
        #expect(reading.says("RR473124829SY"))
        #expect(reading.says("إلى", "عبد الله محمود الحموي"))
        #expect(reading.says("شارع العلمين", "17"))
        #expect(reading.says("الحاضر", "حماة"))
        #expect(reading.says("قرب الجامع"))
        #expect(reading.says("هاتف", "+963933123456"))
        #expect(reading.says("المرسل", "مركز خدمة المواطن في حماة"))
        #expect(reading.says("رقم الطلب", "CSC-2026-00012345", "إخراج قيد فردي"))
        #expect(reading.says("شروط التسليم"))
        #expect(!reading.says("رمز الاستلام"))
        #expect(reading.inkShare.allSatisfy { $0 > 0.01 && $0 < 0.5 }, "ink \(reading.inkShare)")
    }

    @Test func pickupEnvelopeNamesTheCenterAndThePickupCode() throws {
        let center = try Samples.center()
        let record = try Samples.record(delivery: .center(center.id))
        let job = try Samples.renderer.envelope(record: record, service: Samples.service, center: center,
                                                tracking: nil, pickupCode: try PickupCode("482913"))
        let reading = try Samples.read(job.pdf, keepPNG: Self.pictures?.appendingPathComponent("envelope-pickup.png"))
        #expect(reading.says("رمز الاستلام", "482913"))
        #expect(reading.says("للاستلام من", "HMA-01", "مركز خدمة المواطن في حماة"))
        #expect(reading.says("باسم", "عبد الله محمود الحموي"))
        #expect(reading.says("CSC-2026-00012345"))
        #expect(!reading.says("شارع العلمين"))
    }

    @Test func envelopeWithoutItsNumberOrCodeIsRefused() throws {
        #expect(throws: PrintError.missingValue("the post envelope of CSC-2026-00012345 needs its S10 tracking number")) {
            try Samples.renderer.envelope(record: try Samples.record(), service: Samples.service,
                                          center: try Samples.center(), tracking: nil, pickupCode: try PickupCode("482913"))
        }
        let center = try Samples.center()
        #expect(throws: PrintError.self) {
            try Samples.renderer.envelope(record: try Samples.record(delivery: .center(center.id)), service: Samples.service,
                                          center: center, tracking: try TrackingNumber(service: "RR", serial: 1), pickupCode: nil)
        }
    }

    static func manifest(items count: Int) throws -> (Manifest, [ManifestLine]) {
        var items: [Manifest.Item] = []
        var lines: [ManifestLine] = []
        let governorates = ["حماة", "حمص", "حلب"]
        for index in 0..<count {
            let request = try RequestID("CSC-2026-\(String(70_000 + index))")
            let tracking = try TrackingNumber(service: "RR", serial: 10_000_000 + index)
            items.append(Manifest.Item(request: request, tracking: tracking))
            lines.append(ManifestLine(request: request, tracking: tracking, addressee: "سلمى يوسف الخطيب \(index + 1)",
                                      governorate: governorates[index % 3]))
        }
        let manifest = Manifest(id: "HMA-01-20261122-01", handedAt: try Samples.date("2026-11-22T11:15:00Z"),
                                actor: try OperatorID("op-07"), courier: .init(name: "ماهر القاسم", id: "SP-3391"),
                                items: items)
        return (manifest, lines.reversed())
    }

    @Test func manifestListsEveryEnvelopeWithTotalsAndSignatures() throws {
        let (manifest, lines) = try Self.manifest(items: 4)
        let job = try Samples.renderer.manifest(manifest, lines: lines, center: try Samples.center(), operatorName: "هبة العلي")
        #expect(job.kind == .manifest)
        #expect(job.title == "HMA-01-20261122-01")
        let reading = try Samples.read(job.pdf, keepPNG: Self.pictures?.appendingPathComponent("manifest.png"))
        #expect(abs(reading.pageWidthPoints - Self.a4.width) < 0.5)
        #expect(reading.pages == 1)
        // One line per envelope, in the manifest's order, its columns from the right: number, S10, request, addressee.
        for (index, item) in manifest.items.enumerated() {
            #expect(reading.says(String(index + 1), item.tracking.rawValue, item.request.rawValue,
                                 "سلمى يوسف الخطيب", String(index + 1)))
        }
        #expect(reading.says("رقم البيان", "HMA-01-20261122-01"))
        #expect(reading.says("التاريخ", Self.damascus(manifest.handedAt, format: "yyyy-MM-dd HH:mm")))
        #expect(reading.says("الناقل", "SYPOST"))
        #expect(reading.says("مندوب البريد", "ماهر القاسم", "SP-3391"))
        #expect(reading.says("عدد المغلفات", "4", "حسب المحافظة", "حلب", "1", "حماة", "2", "حمص", "1"))
        #expect(reading.says("الموظف المسلِّم", "هبة العلي", "op-07", "التوقيع"))
        #expect(reading.says("مندوب البريد المستلِم", "ماهر القاسم", "SP-3391", "التوقيع"))
    }

    @Test func longManifestRunsOverPagesAndKeepsEveryLine() throws {
        let (manifest, lines) = try Self.manifest(items: 70)
        let job = try Samples.renderer.manifest(manifest, lines: lines, center: try Samples.center(), operatorName: "هبة العلي")
        let reading = try Samples.read(job.pdf)
        #expect(reading.pages >= 2)
        for item in manifest.items { #expect(reading.says(item.tracking.rawValue, item.request.rawValue)) }
        #expect(reading.says("عدد المغلفات", "70"))
        #expect(reading.inkShare.allSatisfy { $0 > 0.005 }, "ink \(reading.inkShare)")
    }

    @Test func manifestWithoutALineForAnItemIsRefused() throws {
        let (manifest, lines) = try Self.manifest(items: 3)
        #expect(throws: PrintError.self) {
            try Samples.renderer.manifest(manifest, lines: Array(lines.dropFirst()), center: try Samples.center(), operatorName: "x")
        }
    }

    @Test func reportIsHeadedWithTheCenterAndHoldsItsTables() throws {
        let center = try Samples.center("ALP-01", nameAr: "مركز خدمة المواطن في حلب", nameEn: "Aleppo citizen service center")
        let sheet = ReportSheet(
            title: "تقرير اليوم", subtitle: "2026-11-22",
            tables: [ReportTable(title: "الإنجاز حسب الخدمة", columns: ["الخدمة", "المستلم", "المنجز", "المتأخر"],
                                 rows: [["إخراج قيد فردي", "41", "37", "2"], ["بيان عائلي", "18", "18", "0"]]),
                     ReportTable(title: "أسباب الرفض", columns: ["السبب", "العدد"], rows: [["NAME_MISMATCH", "3"]])])
        let job = try Samples.renderer.report(sheet, center: center)
        #expect(job.kind == .report)
        let reading = try Samples.read(job.pdf, keepPNG: Self.pictures?.appendingPathComponent("report.png"))
        #expect(abs(reading.pageHeightPoints - Self.a4.height) < 0.5)
        #expect(reading.says("ALP-01", "مركز خدمة المواطن في حلب"))
        #expect(reading.says("تقرير اليوم"))
        #expect(reading.says("الإنجاز حسب الخدمة"))
        #expect(reading.says("الخدمة", "المستلم", "المنجز", "المتأخر"))
        #expect(reading.says("إخراج قيد فردي", "41", "37", "2"))
        #expect(reading.says("بيان عائلي", "18", "18", "0"))
        #expect(reading.says("أسباب الرفض"))
        #expect(reading.says("NAME_MISMATCH", "3"))
    }

    @Test func barcodesScanBackAsCode128OfTheirValues() throws {
        let center = try Samples.center()
        let document = try Samples.renderer.document(record: try Samples.record(), person: try Samples.person(),
                                                     service: Samples.service, center: center)
        #expect(try Samples.scan(document.pdf) == ["CODE-128:CSC-2026-00012345"])
        let post = try Samples.renderer.envelope(record: try Samples.record(), service: Samples.service, center: center,
                                                 tracking: try TrackingNumber("RR473124829SY"), pickupCode: nil)
        #expect(try Samples.scan(post.pdf) == ["CODE-128:RR473124829SY"])
        let pickup = try Samples.renderer.envelope(record: try Samples.record(id: "CSC-2026-00000777", delivery: .center(center.id)),
                                                   service: Samples.service, center: center, tracking: nil,
                                                   pickupCode: try PickupCode("482913"))
        #expect(try Samples.scan(pickup.pdf) == ["CODE-128:CSC-2026-00000777"])
        let (manifest, lines) = try Self.manifest(items: 2)
        let list = try Samples.renderer.manifest(manifest, lines: lines, center: center, operatorName: "هبة العلي")
        #expect(try Samples.scan(list.pdf) == ["CODE-128:HMA-01-20261122-01"])
    }
}
