import ArgumentParser
import Crypto
import Foundation
import ShubbakCore
import ShubbakExchange
import ShubbakStore
import TOMLKit

/// `shubbak backup`: the database (SQLite's online backup, while counters work), the configuration
/// and the keys, into one dated folder with a checksum of every file; the oldest beyond `--keep` go.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Back the center up into a dated folder (database, config.toml, keys, SHA256SUMS) while counters work.")

    @Option(help: "The folder that keeps the backups (default: backups in the data directory; better another disk).")
    var to: String?

    @Option(help: "How many backups of this center to keep; older ones are removed.")
    var keep: Int = 14

    @OptionGroup var options: CenterOptions

    func run() throws {
        let center = try options.center()
        let folder = to.map(URL.init(fileURLWithPath:)) ?? center.url.appendingPathComponent("backups")
        let made = try BackupFolder.make(of: center, in: folder, at: Date())
        print("backup \(made.url.path): events up to \(made.point.event), bundles sent up to seq \(made.point.outboundSeq), "
              + "applied from the central office up to seq \(made.point.inboundSeq)")
        for removed in try BackupFolder.prune(folder, center: center.config.center, keeping: max(keep, 1)) {
            print("removed the older backup \(removed)")
        }
    }
}

/// `shubbak restore`: a backup into an empty data directory, checked file by file and by the audit
/// chain; the center then exports nothing until it knows what the central office holds.
struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restore a backup into an empty data directory, verify it, and hold exports until the central office says what it holds.")

    @Argument(help: "The backup folder (made by shubbak backup).")
    var backup: String

    @Option(help: "A copy of the old outbox (the carrier's folder, a USB stick): the bundles sent after the backup are taken back into the log.")
    var outbox: String?

    @OptionGroup var options: CenterOptions

    func run() throws {
        let source = URL(fileURLWithPath: backup)
        let target = try options.directory()
        let manifest = try BackupFolder.verify(source)
        let center = try BackupFolder.restore(source, manifest: manifest, into: target)
        let audit: AuditReport
        do { audit = try center.store.verifyAudit() } catch { throw AppError.store(error) }
        if let problem = audit.firstProblem {
            print("audit FAILED at \(problem): the restored center is left as it is, for a person to look at")
            throw ExitCode(2)
        }
        do { try center.store.write { tx in try tx.markRestored(backupMadeAt: manifest.madeAt, at: Date()) } } catch {
            throw AppError.store(error)
        }
        print("restored \(center.config.center) into \(target.path) from the backup of \(ContractTime.format(manifest.madeAt))")
        print("audit ok: \(audit.eventsChecked) events, \(audit.requestsChecked) requests")
        print("the backup holds events up to \(manifest.event), bundles sent up to seq \(manifest.outboundSeq), "
              + "applied from the central office up to seq \(manifest.inboundSeq)")
        if let outbox { try Recover.takeBack(from: URL(fileURLWithPath: outbox), into: center) }
        print("lost: whatever was done at the counters after \(ContractTime.format(manifest.madeAt)) and is in no bundle above")
        print("exports are held until the central office's next bundle says what it holds: ask it to send again from seq "
              + "\(manifest.inboundSeq + 1), then sync")
    }
}

/// `shubbak recover`: a restored center takes back the bundles it sent after its backup, from a copy.
struct Recover: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Take back into a restored center's log the bundles it sent after its backup, from a copy of its outbox.")

    @Argument(help: "The folder holding copies of the center's bundles (HMA-01_CENTRAL_*.jsonl.sig).")
    var folder: String

    @OptionGroup var options: CenterOptions

    func run() throws {
        let center = try options.center()
        let hold: RestoreHold?
        do { hold = try center.store.read { tx in try tx.restoreHold() } } catch { throw AppError.store(error) }
        guard hold != nil else { throw AppError.invalid("this center is not waiting after a restore: there is nothing to take back") }
        try Self.takeBack(from: URL(fileURLWithPath: folder), into: center)
    }

    /// Each bundle sent after the restore point, in seq order, into the log; what stopped it, and what is left.
    static func takeBack(from folder: URL, into center: CenterDirectory) throws(AppError) {
        let key: SignifyPublicKey
        do { key = try SignifyPublicKey(contentsOf: center.publicKeyURL) } catch { throw .invalid(error.description) }
        let recovery = SentBundleRecovery(store: center.store, center: center.partyID, publicKey: key,
                                          trackingSerials: center.config.trackingRange)
        for outcome in recovery.recover(from: folder) {
            switch outcome {
            case .recovered(let file, let seq, let events):
                let span = events.isEmpty ? "no event" : "events \(events[0].id)–\(events[events.count - 1].id), "
                    + "\(ContractTime.format(events[0].at)) to \(ContractTime.format(events[events.count - 1].at))"
                print("taken back: \(file), seq \(seq), \(events.count) events (\(span))")
            case .stopped(let file, let reason):
                print("not taken back: \(file): \(reason)")
            }
        }
        let hold: RestoreHold?
        do { hold = try center.store.read { tx in try tx.restoreHold() } } catch { throw .store(error) }
        if let hold {
            print("the log now holds events up to \(hold.backupEvent) and bundles up to seq \(hold.backupSeq)")
        }
    }
}

/// A backup on disk: `backup.json` says what it holds, `SHA256SUMS` (as sha256sum writes it) checks every file.
enum BackupFolder {
    struct Manifest: Codable {
        var center: String
        var madeAt: Date
        var event: Int64
        var outboundSeq: Int64
        var inboundSeq: Int64

        enum CodingKeys: String, CodingKey {
            case center, event
            case madeAt = "made_at", outboundSeq = "outbound_seq", inboundSeq = "inbound_seq"
        }
    }

    static let manifestName = "backup.json"
    static let sumsName = "SHA256SUMS"

    static func make(of center: CenterDirectory, in folder: URL, at now: Date) throws(AppError) -> (url: URL, point: CenterStore.BackupPoint) {
        let access = center.fileAccess
        let stamp = ContractTime.format(now).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
        let name = "\(center.config.center)-\(stamp)"
        let final = folder.appendingPathComponent(name)
        // Made under a temporary name: a folder with the final name is a whole backup.
        let partial = folder.appendingPathComponent(".\(name).tmp")
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            try? manager.removeItem(at: partial)
            try manager.createDirectory(at: partial.appendingPathComponent("keys"), withIntermediateDirectories: true)
            for path in [partial.path, partial.appendingPathComponent("keys").path] { try access.apply(access.directoryMode, to: path) }
        } catch let error as AppError { throw error } catch { throw .io("cannot make \(partial.path): \(error)") }
        let point: CenterStore.BackupPoint
        do { point = try center.store.backup(to: partial.appendingPathComponent(CenterDirectory.databaseName).path) } catch {
            throw .store(error)
        }
        var files = [CenterDirectory.databaseName, CenterDirectory.configName]
        do {
            try manager.copyItem(at: center.url.appendingPathComponent(CenterDirectory.configName),
                                 to: partial.appendingPathComponent(CenterDirectory.configName))
            for key in try manager.contentsOfDirectory(atPath: center.keysURL.path).sorted() where !key.hasPrefix(".") {
                try manager.copyItem(at: center.keysURL.appendingPathComponent(key), to: partial.appendingPathComponent("keys/\(key)"))
                files.append("keys/\(key)")
            }
            let manifest = Manifest(center: center.config.center, madeAt: now, event: point.event, outboundSeq: point.outboundSeq,
                                    inboundSeq: point.inboundSeq)
            let encoder = Wire.makeEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try Files.write(try encoder.encode(manifest), to: partial.appendingPathComponent(manifestName), fileAccess: access)
            files.append(manifestName)
            let sums = try files.map { file in "\(try checksum(of: partial.appendingPathComponent(file)))  \(file)\n" }.joined()
            try Files.write(Data(sums.utf8), to: partial.appendingPathComponent(sumsName), fileAccess: access)
            try access.apply(access.fileMode, to: partial.appendingPathComponent(CenterDirectory.databaseName).path)
            guard rename(partial.path, final.path) == 0 else { throw AppError.io("cannot rename \(partial.path) to \(final.path)") }
        } catch let error as AppError { throw error } catch { throw .io("cannot write the backup \(partial.path): \(error)") }
        return (final, point)
    }

    /// Removes this center's oldest backups in `folder` beyond `count`; returns their names.
    static func prune(_ folder: URL, center: String, keeping count: Int) throws(AppError) -> [String] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasPrefix("\(center)-") }.sorted()
        let old = names.dropLast(count)
        for name in old {
            do { try FileManager.default.removeItem(at: folder.appendingPathComponent(name)) } catch {
                throw .io("cannot remove the old backup \(name): \(error)")
            }
        }
        return Array(old)
    }

    /// Every file against `SHA256SUMS`; a damaged or incomplete backup is refused before anything is written.
    static func verify(_ folder: URL) throws(AppError) -> Manifest {
        guard let sums = FileManager.default.contents(atPath: folder.appendingPathComponent(sumsName).path) else {
            throw .invalid("\(folder.path) is not a backup: it has no \(sumsName); nothing was restored")
        }
        var listed: Set<String> = []
        for line in String(decoding: sums, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { throw .invalid("\(sumsName) of \(folder.path) is damaged; nothing was restored") }
            let file = parts[1].trimmingCharacters(in: .whitespaces)
            let sum: String
            do { sum = try checksum(of: folder.appendingPathComponent(file)) } catch {
                throw .invalid("the backup \(folder.path) lacks \(file); nothing was restored")
            }
            guard sum == parts[0] else { throw .invalid("the backup \(folder.path) is damaged: \(file) does not match its checksum; nothing was restored") }
            listed.insert(file)
        }
        guard listed.isSuperset(of: [manifestName, CenterDirectory.databaseName, CenterDirectory.configName]),
              let data = FileManager.default.contents(atPath: folder.appendingPathComponent(manifestName).path),
              let manifest = try? Wire.makeDecoder().decode(Manifest.self, from: data) else {
            throw .invalid("the backup \(folder.path) is incomplete; nothing was restored")
        }
        return manifest
    }

    /// Copies a verified backup into `target`, which must be empty or absent, and opens it.
    static func restore(_ source: URL, manifest: Manifest, into target: URL) throws(AppError) -> CenterDirectory {
        let manager = FileManager.default
        if let existing = try? manager.contentsOfDirectory(atPath: target.path), !existing.isEmpty {
            throw .invalid("\(target.path) is not empty: restore into an empty data directory; nothing was restored")
        }
        let config: CenterConfig
        do {
            let text = try String(contentsOf: source.appendingPathComponent(CenterDirectory.configName), encoding: .utf8)
            config = try TOMLDecoder().decode(CenterConfig.self, from: text)
        } catch { throw .invalid("the backup's config.toml cannot be read: \(error)") }
        let access = try FileAccess.of(groupNamed: config.group)
        access.applyUmask()
        do {
            try CenterDirectory.makeFolders(at: target, access: access)
            for file in [CenterDirectory.databaseName, CenterDirectory.configName] {
                try manager.copyItem(at: source.appendingPathComponent(file), to: target.appendingPathComponent(file))
                try access.apply(access.fileMode, to: target.appendingPathComponent(file).path)
            }
            for key in try manager.contentsOfDirectory(atPath: source.appendingPathComponent("keys").path) where !key.hasPrefix(".") {
                let copy = target.appendingPathComponent("keys/\(key)")
                try manager.copyItem(at: source.appendingPathComponent("keys/\(key)"), to: copy)
                try access.apply(key.hasSuffix(".sec") ? access.secretKeyMode : 0o644, to: copy.path)
            }
        } catch let error as AppError { throw error } catch { throw .io("cannot restore into \(target.path): \(error)") }
        return try CenterDirectory.open(target)
    }

    static func checksum(of url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hash = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hash.update(data: chunk) }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
