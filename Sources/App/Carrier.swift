import Foundation
import Logging
import Synchronization

/// How bundles travel between the center and the central office, named in config.toml's
/// `[carriers.NAME]`. The carrier's far side has two folders: `from-central` (what the central office
/// leaves for this center) and `to-central` (what this center leaves for it). Nothing is ever deleted
/// there: the central office clears what it took, and the center's outbox keeps every bundle until
/// its ack.
struct CarrierConfig: Codable, Equatable {
    /// `folder` (a mounted share, a USB stick) or `rsync` (over SSH, or to a local path).
    var kind: String
    /// The folder, or rsync's `[user@]host:path`.
    var path: String
    /// rsync's `--timeout`, and how long any one run may take (default 60).
    var timeoutSeconds: Int?
    /// rsync's remote shell (default `ssh -o BatchMode=yes`: no password prompt in a timer).
    var ssh: String?

    enum CodingKeys: String, CodingKey {
        case kind, path, ssh
        case timeoutSeconds = "timeout_seconds"
    }
}

/// What a carrier did, per file.
struct CarrierReport {
    var pulled: [String] = []
    var pushed: [String] = []
    /// Files already on the far side (or already here), left as they were.
    var alreadyThere: [String] = []
    var failure: String?
}

struct Carrier {
    let name: String
    let config: CarrierConfig
    let logger = Logger(label: "shubbak.carrier")

    static let fromCentral = "from-central"
    static let toCentral = "to-central"

    static func named(_ name: String, in config: CenterConfig) throws(AppError) -> Carrier {
        guard let carrier = config.carriers?[name] else {
            let known = (config.carriers ?? [:]).keys.sorted()
            throw .invalid("no carrier \(name) in config.toml" + (known.isEmpty ? ": add a [carriers.\(name)] table (docs/operations.md)"
                                                                : "; it has \(known.joined(separator: ", "))"))
        }
        guard ["folder", "rsync"].contains(carrier.kind) else {
            throw .invalid("carrier \(name): kind \"\(carrier.kind)\" is neither folder nor rsync")
        }
        return Carrier(name: name, config: carrier)
    }

    var timeout: Int { max(config.timeoutSeconds ?? 60, 1) }

    /// Brings what the central office left into the inbox; a file already in the inbox or applied
    /// (in processed) is not brought again.
    func pull(into inbox: URL, skipping processed: URL, report: inout CarrierReport) {
        let known = Set(((try? FileManager.default.contentsOfDirectory(atPath: inbox.path)) ?? [])
            + ((try? FileManager.default.contentsOfDirectory(atPath: processed.path)) ?? []))
        switch config.kind {
        case "folder":
            let source = URL(fileURLWithPath: config.path).appendingPathComponent(Self.fromCentral)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: source.path) else {
                report.failure = "carrier \(name): \(source.path) cannot be read (is the share mounted?)"
                return
            }
            for file in names.sorted() where Self.isBundle(file) {
                if known.contains(file) { continue }
                do {
                    try Self.copyAtomically(source.appendingPathComponent(file), into: inbox)
                    report.pulled.append(file)
                } catch {
                    report.failure = "carrier \(name): \(file) not brought in: \(error)"
                    return
                }
            }
        default:
            let before = Set((try? FileManager.default.contentsOfDirectory(atPath: inbox.path)) ?? [])
            // rsync writes each file under a dot-name and renames it whole: the importer never reads a part.
            // rsync takes the first filter that matches: the files already here are left out before any is let in.
            let arguments = rsyncArguments(["--recursive"] + known.sorted().filter(Self.isBundle).map { "--exclude=\($0)" }
                                           + ["--include=*.jsonl.sig", "--exclude=*", "\(config.path)/\(Self.fromCentral)/", inbox.path + "/"])
            if let failure = run(arguments) {
                report.failure = failure
                return
            }
            let after = Set((try? FileManager.default.contentsOfDirectory(atPath: inbox.path)) ?? [])
            report.pulled = after.subtracting(before).filter(Self.isBundle).sorted()
        }
    }

    /// Leaves every bundle of the outbox on the far side for the central office; one already there
    /// whole is left as it is.
    func push(from outbox: URL, report: inout CarrierReport) {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: outbox.path)) ?? []).filter(Self.isBundle).sorted()
        guard !files.isEmpty else { return }
        switch config.kind {
        case "folder":
            let target = URL(fileURLWithPath: config.path).appendingPathComponent(Self.toCentral)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: target.path, isDirectory: &isFolder), isFolder.boolValue else {
                report.failure = "carrier \(name): \(target.path) is not there (is the share mounted?)"
                return
            }
            for file in files {
                let there = target.appendingPathComponent(file)
                if Self.size(of: there) == Self.size(of: outbox.appendingPathComponent(file)) {
                    report.alreadyThere.append(file)
                    continue
                }
                do {
                    try Self.copyAtomically(outbox.appendingPathComponent(file), into: target)
                    report.pushed.append(file)
                } catch {
                    report.failure = "carrier \(name): \(file) not left for the central office: \(error)"
                    return
                }
            }
        default:
            let arguments = rsyncArguments(["--itemize-changes"]) + files.map { outbox.appendingPathComponent($0).path }
                + ["\(config.path)/\(Self.toCentral)/"]
            var output = ""
            if let failure = run(arguments, output: &output) {
                report.failure = failure
                return
            }
            // rsync names each file it sent with a change line: the others were there already.
            let sent = Set(output.split(separator: "\n").compactMap { line in line.split(separator: " ").last.map(String.init) })
            for file in files { if sent.contains(file) { report.pushed.append(file) } else { report.alreadyThere.append(file) } }
        }
    }

    private func rsyncArguments(_ extra: [String]) -> [String] {
        ["--times", "--timeout=\(timeout)", "-e", config.ssh ?? "ssh -o BatchMode=yes"] + extra
    }

    private func run(_ arguments: [String]) -> String? {
        var output = ""
        return run(arguments, output: &output)
    }

    /// Runs rsync under coreutils' `timeout`, which kills its whole process group (rsync and the ssh
    /// under it, which would hold the pipes open) when the run outlasts twice the I/O timeout; the
    /// failure in words, nil when it succeeded.
    private func run(_ arguments: [String], output: inout String) -> String? {
        let limit = timeout * 2
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["--kill-after=5", "\(limit)", "/usr/bin/rsync"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { return "carrier \(name): rsync cannot run (\(error)): install rsync" }
        // Both pipes are drained while it runs, so a long listing cannot fill one and stall it.
        let drained = DispatchGroup()
        let collected = Mutex<(out: Data, err: Data)>((Data(), Data()))
        for (pipe, isError) in [(out, false), (err, true)] {
            DispatchQueue.global().async(group: drained) {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.withLock { if isError { $0.err = data } else { $0.out = data } }
            }
        }
        process.waitUntilExit()
        drained.wait()
        let (stdout, stderr) = collected.withLock { ($0.out, $0.err) }
        output = String(decoding: stdout, as: UTF8.self)
        switch process.terminationStatus {
        case 0:
            return nil
        case 124, 137:
            return "carrier \(name): rsync did not finish within \(limit) s; everything is left to the next sync"
        case 126, 127:
            return "carrier \(name): rsync cannot run: install rsync"
        default:
            let words = String(decoding: stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            logger.warning("rsync failed", metadata: ["carrier": "\(name)", "status": "\(process.terminationStatus)", "stderr": "\(words)"])
            return "carrier \(name): rsync failed (\(process.terminationStatus)): \(words); everything is left to the next sync"
        }
    }

    static func isBundle(_ name: String) -> Bool { name.hasSuffix(".jsonl.sig") && !name.hasPrefix(".") }

    static func size(of url: URL) -> Int? {
        var info = stat()
        return stat(url.path, &info) == 0 ? Int(info.st_size) : nil
    }

    /// Copies under a dot-name, flushed, then renamed: a reader (the importer, the central office)
    /// never sees a part of it under its name, and a copy killed half-way leaves only the dot-file.
    static func copyAtomically(_ source: URL, into folder: URL) throws {
        let data = try Data(contentsOf: source)
        let temporary = folder.appendingPathComponent(".\(source.lastPathComponent).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw AppError.io("cannot write \(temporary.path): \(String(cString: strerror(errno)))") }
        let written = data.withUnsafeBytes { bytes in write(descriptor, bytes.baseAddress, bytes.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == data.count, synced == 0 else {
            unlink(temporary.path)
            throw AppError.io("cannot write \(temporary.path): \(String(cString: strerror(errno)))")
        }
        guard rename(temporary.path, folder.appendingPathComponent(source.lastPathComponent).path) == 0 else {
            throw AppError.io("cannot rename \(temporary.path): \(String(cString: strerror(errno)))")
        }
        let folderDescriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }
}
