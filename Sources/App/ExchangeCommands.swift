import ArgumentParser
import Foundation
import ShubbakCore
import ShubbakExchange
import ShubbakStore

extension CenterDirectory {
    var folders: ExchangeFolders { ExchangeFolders(root: url) }

    func importer() throws(AppError) -> Importer {
        let key: SignifyPublicKey
        do { key = try SignifyPublicKey(contentsOf: centralKeyURL) } catch {
            throw .invalid("the central office's public key is not pinned (\(error.description)); give it with `shubbak init --central-key FILE` or copy it to \(centralKeyURL.path)")
        }
        return Importer(store: store, center: partyID, centralKey: key, folders: folders, lifecycle: lifecycle)
    }

    func exporter() throws(AppError) -> Exporter {
        let key: SignifySecretKey
        do { key = try SignifySecretKey(contentsOf: secretKeyURL, groupMayRead: fileAccess.group != nil) } catch { throw .invalid(error.description) }
        return Exporter(store: store, center: partyID, secretKey: key, folders: folders)
    }
}

extension CenterOptions {
    /// The center opened to apply bundles: on a full disk the error names the bundles left waiting.
    func centerForExchange() throws(AppError) -> CenterDirectory {
        do {
            return try center()
        } catch .store(.diskFull) {
            let inbox = (try? directory().appendingPathComponent("inbox").path) ?? "inbox"
            let waiting = ((try? FileManager.default.contentsOfDirectory(atPath: inbox)) ?? [])
                .filter(Importer.isBundleName).sorted().map(Sanitised.forPath)
            let bundles = waiting.isEmpty ? "" : " to apply \(waiting.joined(separator: ", "))"
            throw .store(.diskFull(doing: "opening the database\(bundles)"))
        }
    }
}

/// One line per file, or JSON for scripts.
struct ExchangePrinter {
    let json: Bool

    func print(_ report: InboundReport) {
        let (word, detail): (String, String) = switch report.outcome {
        case .applied(let seq, let records, let applied, let setAside):
            ("applied", "seq \(seq): \(applied) of \(records) records applied, \(setAside) set aside as problems")
        case .duplicate(let seq): ("duplicate", "seq \(seq) was applied already; set aside")
        case .waiting(let seq, let missing): ("waiting", "seq \(seq) waits for seq \(missing), which is missing")
        case .quarantined(let reason): ("quarantined", reason)
        }
        // The text is for a person's terminal: a file name may hold escapes or newlines. JSON escapes them itself.
        emit(["file": report.file, "outcome": word, "detail": detail], text: "\(Sanitised.forPath(report.file)): \(word) — \(detail)")
    }

    /// What the carrier moved, per file, and why it stopped if it did.
    func print(_ moved: CarrierReport, carrier: String?) {
        guard let carrier else { return }
        for file in moved.pulled {
            emit(["file": file, "outcome": "pulled", "carrier": carrier], text: "\(Sanitised.forPath(file)): brought in by \(carrier)")
        }
        for file in moved.pushed {
            emit(["file": file, "outcome": "pushed", "carrier": carrier], text: "\(Sanitised.forPath(file)): left for the central office by \(carrier)")
        }
        for file in moved.alreadyThere {
            emit(["file": file, "outcome": "already_there", "carrier": carrier], text: "\(Sanitised.forPath(file)): already with \(carrier)")
        }
        if let failure = moved.failure { emit(["outcome": "carrier_failed", "carrier": carrier, "detail": failure], text: failure) }
    }

    /// What the outbox repair did before an export, so a person sees a lost file come back.
    func print(_ repair: Exporter.OutboxRepair) {
        for file in repair.rewritten {
            emit(["file": file, "outcome": "rewritten"], text: "\(Sanitised.forPath(file)): written again — its file was missing from the outbox")
        }
    }

    func print(_ report: OutboundReport?) {
        guard let report else {
            emit(["outcome": "nothing"], text: "nothing to send")
            return
        }
        let text = "\(report.file): written — \(report.events) events, \(report.manifests) manifests, \(report.problems) problems"
            + (report.ack.map { ", ack of seq \($0)" } ?? "")
        emit(["file": report.file, "outcome": "written", "events": "\(report.events)", "manifests": "\(report.manifests)",
              "problems": "\(report.problems)"], text: text)
    }

    func emit(_ fields: [String: String], text: String) {
        if json, let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) {
            Swift.print(String(decoding: data, as: UTF8.self))
        } else {
            Swift.print(text)
        }
    }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Apply bundles from the central office (default: every file of the inbox).")

    @Argument(help: "A bundle file or a folder of them.")
    var path: String?

    @Flag(help: "One JSON object per file, for scripts.")
    var json = false

    @OptionGroup var options: CenterOptions

    func run() throws {
        let center = try options.centerForExchange()
        var importer = try center.importer()
        let progress = ProgressLine.forTerminal(json: json)
        importer.progress = progress?.report
        defer { progress?.finish() }
        let printer = ExchangePrinter(json: json)
        do {
            let reports: [InboundReport]
            if let path {
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                    throw AppError.invalid("\(Sanitised.forPath(path)) does not exist")
                }
                if isFolder.boolValue {
                    let names = try FileManager.default.contentsOfDirectory(atPath: path).filter(Importer.isBundleName).sorted()
                    reports = try names.map { try importer.importFile(URL(fileURLWithPath: path).appendingPathComponent($0)) }
                    _ = try importer.importInbox()
                } else {
                    reports = [try importer.importFile(URL(fileURLWithPath: path))] + (try importer.importInbox())
                }
            } else {
                reports = try importer.importInbox()
            }
            progress?.finish()
            if reports.isEmpty && !json { Swift.print("no bundle to read") }
            reports.forEach(printer.print)
        } catch let error as StoreError {
            throw AppError.store(error)
        }
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write one bundle for the central office with everything not sent yet.")

    @Flag(help: "JSON, for scripts.")
    var json = false

    @OptionGroup var options: CenterOptions

    func run() throws {
        let center = try options.center()
        var exporter = try center.exporter()
        let progress = ProgressLine.forTerminal(json: json)
        exporter.progress = progress?.report
        defer { progress?.finish() }
        do {
            let printer = ExchangePrinter(json: json)
            let (repair, report) = try exporter.exportAfterRepair()
            progress?.finish()
            printer.print(repair)
            printer.print(report)
        } catch {
            throw AppError.invalid(error.description)
        }
    }
}

struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import, then export; with --carrier, bring the central office's bundles first and leave the center's for it after.")

    @Flag(help: "JSON, for scripts.")
    var json = false

    @Option(help: "A carrier of config.toml's [carriers.NAME]: a folder (share, USB stick) or rsync.")
    var carrier: String?

    @OptionGroup var options: CenterOptions

    func run() throws {
        let center = try options.centerForExchange()
        let carrier = try self.carrier.map { name throws(AppError) in try Carrier.named(name, in: center.config) }
        let folders = ExchangeFolders(root: center.url)
        var moved = CarrierReport()
        carrier?.pull(into: folders.inbox, skipping: folders.processed, report: &moved)
        let printer = ExchangePrinter(json: json)
        let progress = ProgressLine.forTerminal(json: json)
        defer { progress?.finish() }
        var importer = try center.importer()
        importer.progress = progress?.report
        do {
            let reports = try importer.importInbox()
            progress?.finish()
            reports.forEach(printer.print)
            var exporter = try center.exporter()
            exporter.progress = progress?.report
            let (repair, sent) = try exporter.exportAfterRepair()
            progress?.finish()
            printer.print(repair)
            printer.print(sent)
        } catch let error as StoreError {
            throw AppError.store(error)
        } catch let error as ExportError {
            // A held export still leaves what the outbox holds for the central office.
            carrier?.push(from: folders.outbox, report: &moved)
            printer.print(moved, carrier: self.carrier)
            throw AppError.invalid(error.description)
        }
        carrier?.push(from: folders.outbox, report: &moved)
        printer.print(moved, carrier: self.carrier)
        if let failure = moved.failure { throw AppError.io(failure) }
    }
}

struct Resend: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write every bundle the central office has not acknowledged again, byte for byte.")

    @OptionGroup var options: CenterOptions

    func run() throws {
        let center = try options.center()
        do {
            let files = try center.exporter().resend()
            Swift.print(files.isEmpty ? "every bundle is acknowledged" : files.map { "\($0): written again" }.joined(separator: "\n"))
        } catch let error as ExportError {
            throw AppError.invalid(error.description)
        }
    }
}
