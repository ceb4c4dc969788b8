import Foundation
import ShubbakCore
import ShubbakPrint
import ShubbakSampleData
import Testing

/// Values as the counter would pass them, and the tools that read the PDFs back (poppler-utils).
enum Samples {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let templates = repository.appendingPathComponent("templates")
    static let renderer = PDFRenderer(templates: templates)

    static func center(_ id: String = "HMA-01", nameAr: String = "مركز خدمة المواطن في حماة",
                       nameEn: String = "Hama citizen service center") throws -> PrintCenter {
        PrintCenter(id: try PartyID(id), nameAr: nameAr, nameEn: nameEn,
                    address: "حماة - ساحة العاصي")
    }

    static func date(_ text: String) throws -> Date {
        guard let date = ContractTime.parse(text) else { throw SampleError.badDate(text) }
        return date
    }

    static let name = PersonName(first: "عبد الله", father: "محمود", mother: "فاطمة", last: "الحموي")

    static func person() throws -> Person {
        Person(nationalNo: try NationalNumber("05123456789"), name: name, birthDate: try CivilDate("1987-03-14"),
               birthPlace: "حماة", gender: .male, registry: "حماة - الحاضر - 112", status: .alive,
               updatedAt: try date("2026-11-20T08:00:00Z"))
    }

    static let address = PostalAddress(governorate: "حماة", city: "حماة", area: "الحاضر", street: "شارع العلمين",
                                       building: "17", notes: "قرب الجامع")

    static func record(id: String = "CSC-2026-00012345", delivery: Delivery = .post(address)) throws -> RequestRecord {
        let number = try NationalNumber("05123456789")
        return RequestRecord(
            id: try RequestID(id), service: "CIVIL-EXTRACT", submittedAt: try date("2026-11-22T07:30:00Z"),
            applicant: Applicant(nationalNo: number, name: name, phone: "+963933123456"),
            subject: Subject(nationalNo: number, name: name, birthDate: try CivilDate("1987-03-14"), birthPlace: "حماة"),
            delivery: delivery,
            payment: Payment(amount: 2000, channel: "syriatel-cash", ref: "PAY-4711007", paidAt: try date("2026-11-22T07:31:00Z")))
    }

    static let service = SampleCatalog.service("CIVIL-EXTRACT")

    enum SampleError: Error { case badDate(String), tool(String, Int32, String) }

    /// Runs a poppler tool and returns its standard output.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/\(tool)")
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SampleError.tool(tool, process.terminationStatus, String(decoding: complaint, as: UTF8.self))
        }
        return data
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("shubbak-print-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// What a PDF says about itself and holds, as poppler reads it.
    struct Reading: CustomTestStringConvertible {
        var pageWidthPoints: Double
        var pageHeightPoints: Double
        var pages: Int
        var text: String
        /// Share of non-white pixels on each page rendered at 50 dpi.
        var inkShare: [Double]

        /// A failed expectation shows this rather than the whole text.
        var testDescription: String { "a PDF of \(pages) page(s), \(Int(pageWidthPoints))×\(Int(pageHeightPoints)) pt" }

        /// Whether one line holds the pieces in this order, read from the right as Arabic is.
        ///
        /// `pdftotext -layout` writes each line's columns (runs apart by two spaces or more) from left to right
        /// and the text inside each in logical order, marking the direction of runs with embedding controls;
        /// the columns are taken from the right here. Spaces, those controls and harakat are then ignored:
        /// poppler rebuilds words from glyph gaps and now and then splits one (Amiri kerns ر before ي) or
        /// reorders stacked marks. The letters, digits and their order must be exact.
        func says(_ pieces: String...) -> Bool {
            let wanted = pieces.map(Self.bare)
            return text.split(separator: "\n").contains { line in
                let columns = line.split(separator: "  ", omittingEmptySubsequences: true)
                var rest = Substring(Self.bare(columns.reversed().joined()))
                for piece in wanted {
                    guard let found = rest.range(of: piece) else { return false }
                    rest = rest[found.upperBound...]
                }
                return true
            }
        }

        static func bare(_ text: String) -> String {
            String(String.UnicodeScalarView(text.unicodeScalars.filter { scalar in
                !scalar.properties.isWhitespace && !(0x064B...0x0652).contains(scalar.value)
                    && !(0x200E...0x200F).contains(scalar.value) && !(0x202A...0x202E).contains(scalar.value)
                    && !(0x2066...0x2069).contains(scalar.value)
            }))
        }
    }

    static func read(_ pdf: Data, keepPNG: URL? = nil) throws -> Reading {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("job.pdf")
        try pdf.write(to: file)
        let info = String(decoding: try run("pdfinfo", [file.path]), as: UTF8.self)
        var width = 0.0, height = 0.0, pages = 0
        for line in info.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            if parts[0] == "Pages" { pages = Int(parts[1]) ?? 0 }
            if parts[0] == "Page size" {
                // "595.276 x 841.89 pts (A4)"
                let numbers = parts[1].split(separator: " ").compactMap { Double($0) }
                if numbers.count >= 2 { width = numbers[0]; height = numbers[1] }
            }
        }
        let text = String(decoding: try run("pdftotext", ["-layout", file.path, "-"]), as: UTF8.self)
        try run("pdftoppm", ["-r", "50", file.path, folder.appendingPathComponent("page").path])
        var ink: [Double] = []
        let pageFiles = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".ppm") }.sorted()
        for name in pageFiles {
            ink.append(try inkShare(ppm: Data(contentsOf: folder.appendingPathComponent(name))))
        }
        if let keepPNG {
            try run("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", file.path,
                                 keepPNG.deletingPathExtension().path])
        }
        return Reading(pageWidthPoints: width, pageHeightPoints: height, pages: pages, text: text, inkShare: ink)
    }

    /// The barcodes a scanner reads off the first page printed at 200 dpi (zbarimg), as `CODE-128:value`.
    static func scan(_ pdf: Data) throws -> [String] {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("job.pdf")
        try pdf.write(to: file)
        try run("pdftoppm", ["-png", "-r", "200", "-f", "1", "-l", "1", "-singlefile", file.path, folder.appendingPathComponent("page").path])
        let output = try run("zbarimg", ["-q", folder.appendingPathComponent("page.png").path])
        return String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Reads a binary PPM (P6, 8-bit) and counts the pixels that are not white.
    static func inkShare(ppm: Data) throws -> Double {
        let bytes = [UInt8](ppm)
        var fields: [String] = []
        var index = 0
        while fields.count < 4, index < bytes.count {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A { index += 1 }
            var field = ""
            while index < bytes.count, bytes[index] != 0x20, bytes[index] != 0x0A {
                field.append(Character(UnicodeScalar(bytes[index])))
                index += 1
            }
            fields.append(field)
        }
        index += 1
        guard fields.count == 4, fields[0] == "P6", let width = Int(fields[1]), let height = Int(fields[2]),
              bytes.count - index == width * height * 3 else { throw SampleError.tool("ppm", 0, "not a P6 file") }
        var dark = 0
        for pixel in 0..<(width * height) {
            let base = index + pixel * 3
            if bytes[base] < 200 || bytes[base + 1] < 200 || bytes[base + 2] < 200 { dark += 1 }
        }
        return Double(dark) / Double(width * height)
    }

    static let pointsPerMM = 72.0 / 25.4
}
