import Foundation
import ShubbakPrint
import Testing

/// Sending: to a CUPS printer with lp, or into the spool folder; a failure sends and writes nothing.
@Suite("Sending", .serialized)
struct SenderTests {
    static func job(_ title: String = "CSC-2026-00012345") throws -> PrintJob {
        try Samples.renderer.envelope(record: try Samples.record(id: title), service: Samples.service,
                                      center: try Samples.center(),
                                      tracking: try .init(service: "RR", serial: 47_312_482), pickupCode: nil)
    }

    /// Files in the system's temporary folder that this process's sender made.
    static func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix("shubbak-\(ProcessInfo.processInfo.processIdentifier)-") }
    }

    @Test func withoutAPrinterTheJobGoesWholeIntoTheSpool() throws {
        let spool = try Samples.temporaryFolder().appendingPathComponent("spool")
        defer { try? FileManager.default.removeItem(at: spool.deletingLastPathComponent()) }
        let sender = PrintSender(printers: [.manifest: "shubbak-pdf"], spool: spool)
        let job = try Self.job()
        #expect(job.media == "iso_dl_110x220mm")
        let first = try sender.send(job)
        let second = try sender.send(job)
        guard case .spooled(let firstURL) = first, case .spooled(let secondURL) = second else {
            Issue.record("expected spooled receipts, got \(first) and \(second)")
            return
        }
        #expect(firstURL.lastPathComponent == "envelope-CSC-2026-00012345.pdf")
        #expect(secondURL.lastPathComponent == "envelope-CSC-2026-00012345-2.pdf")
        #expect(try Data(contentsOf: firstURL) == job.pdf)
        #expect(try Data(contentsOf: secondURL) == job.pdf)
        // Only the two whole PDFs: no partial file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool.path).sorted()
                == ["envelope-CSC-2026-00012345-2.pdf", "envelope-CSC-2026-00012345.pdf"])
    }

    @Test func spoolThatCannotBeWrittenIsATypedError() throws {
        let folder = try Samples.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A file where the spool folder should be: even root cannot make a folder under it.
        let blocker = folder.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: blocker)
        let job = try Self.job()
        #expect(throws: PrintError.self) { try PrintSender(printers: [:], spool: blocker.appendingPathComponent("spool")).send(job) }
        do {
            _ = try PrintSender(printers: [:], spool: blocker.appendingPathComponent("spool")).send(job)
        } catch {
            guard case .spool(let path, _) = error else { Issue.record("\(error)"); return }
            #expect(path == blocker.appendingPathComponent("spool").path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["not-a-folder"])
    }

    @Test func titleCannotLeaveTheSpoolFolder() throws {
        let spool = try Samples.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: spool) }
        var job = try Self.job()
        job.title = "../../etc/تقرير"
        guard case .spooled(let url) = try PrintSender(printers: [:], spool: spool).send(job) else {
            Issue.record("not spooled")
            return
        }
        #expect(url.deletingLastPathComponent().path == spool.path)
        #expect(url.lastPathComponent == "envelope-______etc______.pdf")
    }

    @Test func unknownPrinterIsATypedErrorAndLeavesNothing() throws {
        let spool = try Samples.temporaryFolder().appendingPathComponent("spool")
        defer { try? FileManager.default.removeItem(at: spool.deletingLastPathComponent()) }
        let printer = "no-such-printer-\(UUID().uuidString.prefix(8))"
        let sender = PrintSender(printers: [.envelope: printer], spool: spool)
        let job = try Self.job()
        do {
            let receipt = try sender.send(job)
            Issue.record("sent to a printer that does not exist: \(receipt)")
        } catch {
            guard case .printer(let name, let message) = error else { Issue.record("\(error)"); return }
            #expect(name == printer)
            // lp's own words, as the operator will see them.
            #expect(message.contains("does not exist"), "\(message)")
        }
        #expect(!FileManager.default.fileExists(atPath: spool.path))
        #expect(try Self.leftovers().isEmpty)
    }

    @Test func lpThatHangsIsStoppedAfterTheTimeout() throws {
        let folder = try Samples.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let hanging = folder.appendingPathComponent("lp")
        try Data("#!/bin/sh\nexec sleep 30\n".utf8).write(to: hanging)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hanging.path)
        let sender = PrintSender(printers: [.envelope: "shubbak-pdf"], spool: folder, timeout: 0.5, lp: hanging)
        let started = Date()
        #expect(throws: PrintError.printerTimeout(name: "shubbak-pdf", seconds: 1)) { try sender.send(try Self.job()) }
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(try Self.leftovers().isEmpty)
    }

    /// Where cups-pdf writes a job of this user: the `Out` of /etc/cups/cups-pdf.conf, `${HOME}` being the
    /// user's home directory.
    static func cupsPDFFolder() throws -> URL {
        let conf = try String(contentsOfFile: "/etc/cups/cups-pdf.conf", encoding: .utf8)
        var out = "/var/spool/cups-pdf/${USER}"
        for line in conf.split(separator: "\n") where line.hasPrefix("Out ") {
            out = line.dropFirst(4).trimmingCharacters(in: .whitespaces)
        }
        guard let entry = getpwuid(getuid()) else { throw Samples.SampleError.tool("getpwuid", 0, "no passwd entry") }
        let home = String(cString: entry.pointee.pw_dir)
        let user = String(cString: entry.pointee.pw_name)
        return URL(fileURLWithPath: out.replacingOccurrences(of: "${HOME}", with: home)
            .replacingOccurrences(of: "${USER}", with: user))
    }

    @Test func jobReachesTheCUPSPDFPrinter() throws {
        // scripts/setup starts cupsd and adds the cups-pdf queue shubbak-pdf.
        let job = try Self.job("CSC-2026-\(Int.random(in: 10_000_000...99_999_999))")
        let receipt = try PrintSender(printers: [.envelope: "shubbak-pdf"], spool: Samples.temporaryFolder()).send(job)
        guard case .printer(let name, let jobID) = receipt else { Issue.record("not sent: \(receipt)"); return }
        #expect(name == "shubbak-pdf")
        #expect(jobID.hasPrefix("shubbak-pdf-"))
        let number = jobID.dropFirst("shubbak-pdf-".count)
        let folder = try Self.cupsPDFFolder()
        // cups-pdf names the file after the title and ends it with the job number.
        var arrived: URL?
        let deadline = Date().addingTimeInterval(60)
        while arrived == nil, Date() < deadline {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            arrived = names.first { $0.hasSuffix("-job_\(number).pdf") }
                .map { folder.appendingPathComponent($0) }
            if arrived == nil { Thread.sleep(forTimeInterval: 0.2) }
        }
        guard let arrived else {
            Issue.record("no PDF of job \(jobID) in \(folder.path) within 60 s")
            return
        }
        defer { try? FileManager.default.removeItem(at: arrived) }
        // cups-pdf writes the file while the job runs: wait until it is a whole PDF.
        var pdf = Data()
        while Date() < deadline {
            pdf = try Data(contentsOf: arrived)
            if pdf.starts(with: Data("%PDF".utf8)), String(decoding: pdf.suffix(64), as: UTF8.self).contains("%%EOF") { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        // The envelope asked for DL media; CUPS turned the landscape page onto it. (cups-pdf prints through
        // Ghostscript, which keeps the drawing but not the text: the ink is checked, not the words.)
        let reading = try Samples.read(pdf)
        #expect(reading.pages == 1)
        #expect(abs(reading.pageWidthPoints - 110 * Samples.pointsPerMM) < 1)
        #expect(abs(reading.pageHeightPoints - 220 * Samples.pointsPerMM) < 1)
        #expect(reading.inkShare.allSatisfy { $0 > 0.01 && $0 < 0.5 }, "ink \(reading.inkShare)")
    }
}
