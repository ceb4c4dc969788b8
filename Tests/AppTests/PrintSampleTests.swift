import Foundation
import Testing

/// `shubbak print-sample` with a center's `[printers]`: a file, the spool, a real CUPS queue, a refused one.
@Suite(.serialized) struct PrintSampleTests {
    static func center() throws -> String {
        let data = Shubbak.temporaryFolder()
        let created = try Shubbak.run(["init", "--center", "ALP-01", "--data", data])
        #expect(created.status == 0, "\(created.stderr)")
        return data
    }

    static func configure(_ data: String, _ printers: String) throws {
        let path = "\(data)/config.toml"
        let config = try String(contentsOfFile: path, encoding: .utf8)
        try (config + printers).write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func eachKindRendersToAFile() throws {
        let data = try Self.center()
        defer { try? FileManager.default.removeItem(atPath: data) }
        for kind in ["document", "envelope", "manifest", "report"] {
            let output = "\(data)/\(kind).pdf"
            let result = try Shubbak.run(["print-sample", "--data", data, "--kind", kind, "--output", output])
            #expect(result.status == 0, "\(kind): \(result.stderr)")
            #expect(result.stdout == output + "\n")
            let pdf = try Data(contentsOf: URL(fileURLWithPath: output))
            #expect(pdf.starts(with: Data("%PDF".utf8)), "\(kind)")
        }
    }

    @Test func withoutPrintersTheSampleIsSpooledInTheDataDirectory() throws {
        let data = try Self.center()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let result = try Shubbak.run(["print-sample", "--data", data, "--kind", "report", "--send"])
        #expect(result.status == 0, "\(result.stderr)")
        let spooled = try FileManager.default.contentsOfDirectory(atPath: "\(data)/spool")
        #expect(spooled.count == 1)
        #expect(spooled.first.map { result.stdout == "written to \(data)/spool/\($0)\n" } == true, "\(result.stdout)")
    }

    @Test func configuredPrintersAreUsedAndARefusalIsReported() throws {
        let data = try Self.center()
        defer { try? FileManager.default.removeItem(atPath: data) }
        try Self.configure(data, "[printers]\nenvelope = \"shubbak-pdf\"\nmanifest = \"no-such-queue\"\nspool = \"out/pdf\"\n")
        let sent = try Shubbak.run(["print-sample", "--data", data, "--kind", "envelope", "--send"])
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.hasPrefix("sent to shubbak-pdf as shubbak-pdf-"), "\(sent.stdout)")
        let refused = try Shubbak.run(["print-sample", "--data", data, "--kind", "manifest", "--send"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("printer no-such-queue refused the job"), "\(refused.stderr)")
        #expect(refused.stderr.contains("does not exist"), "\(refused.stderr)")
        let spooled = try Shubbak.run(["print-sample", "--data", data, "--kind", "document", "--send"])
        #expect(spooled.stdout.hasPrefix("written to \(data)/out/pdf/document-"), "\(spooled.stdout)")
    }

    @Test func brokenTemplateIsNamedInTheMessage() throws {
        let data = try Self.center()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let templates = "\(data)/templates"
        try FileManager.default.createDirectory(atPath: templates, withIntermediateDirectories: true)
        try #"{"page": {}, "blocks": [{"text": "{request.idd}"}]}"#.write(toFile: "\(templates)/document.json",
                                                                             atomically: true, encoding: .utf8)
        let result = try Shubbak.run(["print-sample", "--data", data, "--kind", "document", "--output", "\(data)/d.pdf"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("template \(templates)/document.json: unknown placeholder {request.idd}"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(data)/d.pdf"))
    }
}
