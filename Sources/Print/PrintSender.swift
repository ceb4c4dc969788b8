import Foundation

/// Where a job went.
public enum PrintReceipt: Sendable, Hashable, CustomStringConvertible {
    /// CUPS accepted the job; `jobID` is its request id, such as `shubbak-pdf-12`.
    case printer(name: String, jobID: String)
    /// No printer is configured for the kind: the PDF waits in the spool folder.
    case spooled(URL)

    public var description: String {
        switch self {
        case .printer(let name, let jobID): "sent to \(name) as \(jobID)"
        case .spooled(let url): "written to \(url.path)"
        }
    }
}

/// Sends jobs to the CUPS printer configured for their kind with `lp`, or into a spool folder.
///
/// A receipt means the job is whole with CUPS or in the spool; a thrown error means nothing was sent or
/// written, and the same job can be sent again.
public struct PrintSender: Sendable {
    /// The CUPS queue of each kind; a kind without one goes to the spool folder.
    public var printers: [PrintKind: String]
    public var spool: URL
    /// How long `lp` may take to hand the job to CUPS.
    public var timeout: TimeInterval
    public var lp: URL

    public init(printers: [PrintKind: String], spool: URL, timeout: TimeInterval = 30,
                lp: URL = URL(fileURLWithPath: "/usr/bin/lp")) {
        self.printers = printers
        self.spool = spool
        self.timeout = timeout
        self.lp = lp
    }

    public func send(_ job: PrintJob) throws(PrintError) -> PrintReceipt {
        if let printer = printers[job.kind], !printer.isEmpty {
            return try sendToPrinter(job, printer: printer)
        }
        return .spooled(try writeToSpool(job))
    }

    private func sendToPrinter(_ job: PrintJob, printer: String) throws(PrintError) -> PrintReceipt {
        // lp reads the file while it runs and CUPS keeps its own copy; ours goes when lp is done.
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("shubbak-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).pdf")
        guard FileManager.default.createFile(atPath: file.path, contents: job.pdf, attributes: [.posixPermissions: 0o600]) else {
            throw .printer(name: printer, message: "cannot write the temporary file \(file.path)")
        }
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = lp
        process.arguments = ["-d", printer, "-t", job.title] + (job.media.map { ["-o", "media=\($0)"] } ?? []) + ["--", file.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do { try process.run() } catch {
            throw .printer(name: printer, message: "cannot run \(lp.path): \(error.localizedDescription)")
        }
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            _ = finished.wait(timeout: .now() + 2)
            throw .printerTimeout(name: printer, seconds: Int(timeout.rounded(.up)))
        }
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            let message = complaint.trimmingCharacters(in: .whitespacesAndNewlines)
            throw .printer(name: printer, message: message.isEmpty ? "lp exited with \(process.terminationStatus)" : message)
        }
        // "request id is shubbak-pdf-12 (1 file(s))"
        let words = said.split(whereSeparator: \.isWhitespace)
        let jobID = words.firstIndex(of: "is").flatMap { words.index(after: $0) < words.endIndex ? String(words[words.index(after: $0)]) : nil }
        return .printer(name: printer, jobID: jobID ?? said.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Writes the job under a hidden temporary name, then links it to a name not yet taken:
    /// a reader of the folder sees whole PDFs only, and no earlier job is overwritten.
    private func writeToSpool(_ job: PrintJob) throws(PrintError) -> URL {
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: spool, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .spool(folder: spool.path, reason: error.localizedDescription)
        }
        let base = "\(job.kind.rawValue)-\(Self.fileSafe(job.title))"
        let partial = spool.appendingPathComponent(".\(base)-\(UUID().uuidString).partial")
        guard manager.createFile(atPath: partial.path, contents: job.pdf, attributes: [.posixPermissions: 0o600]) else {
            throw .spool(folder: spool.path, reason: "cannot write \(partial.lastPathComponent)")
        }
        defer { unlink(partial.path) }
        for number in 1...1_000 {
            let target = spool.appendingPathComponent(number == 1 ? "\(base).pdf" : "\(base)-\(number).pdf")
            if link(partial.path, target.path) == 0 { return target }
            guard errno == EEXIST else {
                throw .spool(folder: spool.path, reason: "cannot name \(target.lastPathComponent): \(String(cString: strerror(errno)))")
            }
        }
        throw .spool(folder: spool.path, reason: "1000 files named \(base) are already waiting")
    }

    /// Letters, digits, '-' and '_' only, so that a title cannot escape the folder.
    static func fileSafe(_ title: String) -> String {
        let safe = String(title.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_") ? Character(scalar) : "_"
        })
        return safe.isEmpty ? "job" : String(safe.prefix(80))
    }
}
