import Foundation
import ShubbakCore
import ShubbakPrint
import Testing

/// A center edits its templates: every mistake is a typed error that names the file, and nothing renders.
@Suite("Templates")
struct TemplateTests {
    /// A copy of the repository's templates whose `name` is replaced by `text`.
    static func templates(with name: String, _ text: String) throws -> URL {
        let folder = try Samples.temporaryFolder()
        for file in try FileManager.default.contentsOfDirectory(atPath: Samples.templates.path) {
            try FileManager.default.copyItem(at: Samples.templates.appendingPathComponent(file),
                                             to: folder.appendingPathComponent(file))
        }
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        return folder
    }

    static func envelopeError(_ template: String) throws -> PrintError? {
        let folder = try templates(with: "envelope.json", template)
        defer { try? FileManager.default.removeItem(at: folder) }
        let record = try Samples.record()
        let center = try Samples.center()
        let tracking = try TrackingNumber(service: "RR", serial: 47_312_482)
        do {
            _ = try PDFRenderer(templates: folder).envelope(record: record, service: Samples.service, center: center,
                                                            tracking: tracking, pickupCode: nil)
            return nil
        } catch {
            // The error names the edited file, at its full path.
            if case .template(let file, _) = error { #expect(file == folder.appendingPathComponent("envelope.json").path) }
            return error
        }
    }

    static func reason(_ error: PrintError?) -> String {
        if case .template(_, let reason) = error { return reason }
        return "not a template error: \(String(describing: error))"
    }

    @Test func unknownPlaceholderIsNamed() throws {
        let error = try Self.envelopeError(#"{"page": {}, "blocks": [{"text": "إلى {addressee.nickname}"}]}"#)
        #expect(Self.reason(error).hasPrefix("unknown placeholder {addressee.nickname}"))
        #expect(String(describing: error!).contains("envelope.json"))
    }

    @Test func placeholderInABlockLeftOutByItsFlagIsStillChecked() throws {
        // A post envelope skips `when: pickup` blocks; a typo there must show on the first print all the same.
        let error = try Self.envelopeError(#"{"page": {}, "blocks": [{"when": "pickup", "text": "{envelope.pickup_cod}"}]}"#)
        #expect(Self.reason(error).hasPrefix("unknown placeholder {envelope.pickup_cod}"))
    }

    @Test func brokenJSONIsRefused() throws {
        let error = try Self.envelopeError(#"{"page": {}, "blocks": [{"text": "x"}"#)
        #expect(Self.reason(error).hasPrefix("is not valid JSON"))
    }

    @Test func misspeltKeyIsRefusedRatherThanIgnored() throws {
        let error = try Self.envelopeError(#"{"page": {}, "blocks": [{"text": "x", "widht_mm": 40}]}"#)
        #expect(Self.reason(error).contains("block 1: unknown key \"widht_mm\""))
    }

    @Test func badMarkupIsRefused() throws {
        let error = try Self.envelopeError(#"{"page": {}, "blocks": [{"text": "<b>المرسل"}]}"#)
        #expect(Self.reason(error).hasPrefix("bad Pango markup"))
        // Also in a block this job leaves out, and in a table's heading.
        let skipped = try Self.envelopeError(#"{"page": {}, "blocks": [{"when": "pickup", "text": "<i>رمز"}]}"#)
        #expect(Self.reason(skipped).hasPrefix("bad Pango markup"))
        let fields = try Self.envelopeError(#"{"page": {}, "blocks": [{"type": "fields", "rows": [["<x>", "{request.id}"]]}]}"#)
        #expect(Self.reason(fields).hasPrefix("bad Pango markup"))
    }

    @Test func unknownFlagTypeAndAlignAreRefused() throws {
        #expect(Self.reason(try Self.envelopeError(#"{"page": {}, "blocks": [{"when": "express", "text": "x"}]}"#))
                    .hasPrefix("unknown flag \"express\""))
        #expect(Self.reason(try Self.envelopeError(#"{"page": {}, "blocks": [{"type": "qrcode", "value": "x"}]}"#))
                    .contains("unknown block type \"qrcode\""))
        #expect(Self.reason(try Self.envelopeError(#"{"page": {}, "blocks": [{"text": "x", "align": "left"}]}"#))
                    .contains("align must be start, center or end"))
        #expect(Self.reason(try Self.envelopeError(#"{"page": {"margin_mm": true}, "blocks": []}"#))
                    .contains("margin_mm must be a number"))
        #expect(Self.reason(try Self.envelopeError(#"{"page": {"width_mm": 20, "margin_mm": 10}, "blocks": []}"#))
                    .contains("no room"))
    }

    @Test func missingTemplateNamesTheFile() throws {
        let folder = try Samples.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sheet = ReportSheet(title: "t", subtitle: "s", tables: [])
        #expect(throws: PrintError.self) { try PDFRenderer(templates: folder).report(sheet, center: try Samples.center()) }
        let center = try Samples.center()
        do {
            _ = try PDFRenderer(templates: folder).report(sheet, center: center)
        } catch {
            guard case .template(let file, let reason) = error else { Issue.record("\(error)"); return }
            #expect(file == folder.appendingPathComponent("report.json").path)
            #expect(reason.hasPrefix("cannot be read"))
        }
    }

    @Test func valuesCannotInjectMarkup() throws {
        // A name with markup characters is text, not markup: the job renders and shows it as typed.
        var record = try Samples.record()
        record.applicant.name.first = "<b>ليلى</b> & \"سلمى\""
        let job = try Samples.renderer.envelope(record: record, service: Samples.service, center: try Samples.center(),
                                                tracking: try TrackingNumber(service: "RR", serial: 47_312_482), pickupCode: nil)
        let reading = try Samples.read(job.pdf)
        // Every character is on the page (poppler places the neutral "<", ">", "&" of a mixed line its own way).
        for piece in ["<b", "</b", ">", "&", "\"", "ليلى", "سلمى"] { #expect(reading.says("إلى", piece), "\(piece)") }
    }

    @Test func serviceMayHaveItsOwnDocumentTemplate() throws {
        let own = #"{"page": {}, "blocks": [{"text": "بيان خاص بالخدمة {service.code}"}]}"#
        let folder = try Self.templates(with: "document-CIVIL-EXTRACT.json", own)
        defer { try? FileManager.default.removeItem(at: folder) }
        let renderer = PDFRenderer(templates: folder)
        let job = try renderer.document(record: try Samples.record(), person: try Samples.person(), service: Samples.service,
                                        center: try Samples.center())
        #expect(try Samples.read(job.pdf).says("بيان خاص بالخدمة", "CIVIL-EXTRACT"))
        var other = Samples.service
        other.code = "FAMILY-EXTRACT"
        let general = try renderer.document(record: try Samples.record(), person: try Samples.person(), service: other,
                                            center: try Samples.center())
        #expect(!(try Samples.read(general.pdf).says("بيان خاص بالخدمة")))
    }
}
