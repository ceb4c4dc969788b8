import Foundation
import ShubbakCore
import ShubbakStore
import TOMLKit

/// The center's configuration, `config.toml` in its data directory.
struct CenterConfig: Codable, Equatable {
    var center: String
    var nameAr: String
    var nameEn: String
    var timeZone: String = CenterCalendar.damascus.timeZone.identifier
    var language: String = "ar"
    var theme: String = "default"
    var leaseMinutes: Int = 15
    /// Optional settings: a file written by an older shubbak lacks them and gets the defaults.
    var idleLockMinutes: Int?
    var trackingPrefix: String?
    var trackingFirst: Int?
    var trackingLast: Int?
    /// How long a document collected at the center waits on the shelf before a supervisor may mark it uncollected.
    var pickupRetentionDays: Int?
    /// Requests for different people by one applicant within 24 hours that make a flood (default 5).
    var floodThreshold: Int?
    /// Hours a bundle may wait for the central office's acknowledgement before every counter says so (default 24).
    var syncAlertHours: Int?
    /// Printed under the center's name on its papers.
    var address: String?
    /// The Unix group whose accounts share the center (`shubbak init --group`); none: one account.
    var group: String?
    var printers: PrinterConfig?
    var targets: TargetConfig?
    /// `[carriers.NAME]`: how bundles travel (`shubbak sync --carrier NAME`).
    var carriers: [String: CarrierConfig]?

    enum CodingKeys: String, CodingKey {
        case center, theme, language, address, printers, targets, group, carriers
        case syncAlertHours = "sync_alert_hours"
        case nameAr = "name_ar", nameEn = "name_en", timeZone = "time_zone", leaseMinutes = "lease_minutes"
        case idleLockMinutes = "idle_lock_minutes", trackingPrefix = "tracking_prefix"
        case trackingFirst = "tracking_first", trackingLast = "tracking_last"
        case pickupRetentionDays = "pickup_retention_days", floodThreshold = "flood_threshold"
    }

    /// Days on the pickup shelf before a document may be marked uncollected (at least one).
    var retentionDays: Int { max(pickupRetentionDays ?? 90, 1) }

    /// An outbox bundle unacknowledged this long raises the alert on every counter (at least an hour).
    var syncAlert: TimeInterval { TimeInterval(max(syncAlertHours ?? 24, 1) * 3_600) }

    /// `[targets]`, in minutes; a target left out has its default.
    struct TargetConfig: Codable, Equatable {
        var handlingFastMinutes: Int?
        var handlingSlowMinutes: Int?
        var waitingMinutes: Int?

        enum CodingKeys: String, CodingKey {
            case handlingFastMinutes = "handling_fast_minutes", handlingSlowMinutes = "handling_slow_minutes"
            case waitingMinutes = "waiting_minutes"
        }
    }

    var centerTargets: Targets {
        let defaults = Targets()
        return Targets(handlingFastMinutes: targets?.handlingFastMinutes ?? defaults.handlingFast / 60,
                       handlingSlowMinutes: targets?.handlingSlowMinutes ?? defaults.handlingSlow / 60,
                       waitingMinutes: targets?.waitingMinutes ?? defaults.waiting / 60)
    }

    /// The S10 serials the post gave this center, with their two-letter service indicator.
    var trackingRange: (prefix: String, serials: ClosedRange<Int>) {
        let first = max(trackingFirst ?? 1, 0)
        return (trackingPrefix ?? "RR", first...max(trackingLast ?? 99_999_999, first))
    }

    /// A zone the tz database does not know was refused when the file was read.
    var calendar: CenterCalendar { TimeZone(identifier: timeZone).map(CenterCalendar.init(timeZone:)) ?? .damascus }

    /// Nil: the counter never locks by itself.
    var idleLock: TimeInterval? {
        let minutes = idleLockMinutes ?? 10
        return minutes > 0 ? TimeInterval(minutes * 60) : nil
    }

    /// `[printers]`: the CUPS queue of each kind of paper (`lpstat -p` lists them); a kind without one is
    /// written to the spool folder. Relative folders are inside the data directory.
    struct PrinterConfig: Codable, Equatable {
        var document: String?
        var envelope: String?
        var manifest: String?
        var report: String?
        /// The slip sent with a request to its issuer; default: the document's printer.
        var transmittal: String?
        /// Default `spool`.
        var spool: String?
        /// The templates folder; default: `$SHUBBAK_TEMPLATES`, `templates` in the data directory, or the one
        /// installed with shubbak.
        var templates: String?
    }

    static let centerNames: [String: (ar: String, en: String)] = [
        "ALP": ("مركز خدمة المواطن في حلب", "Aleppo citizen service center"),
        "HMS": ("مركز خدمة المواطن في حمص", "Homs citizen service center"),
        "HMA": ("مركز خدمة المواطن في حماة", "Hama citizen service center"),
        "DMS": ("مركز خدمة المواطن في دمشق", "Damascus citizen service center"),
        "LTK": ("مركز خدمة المواطن في اللاذقية", "Latakia citizen service center"),
    ]

    /// The file as a person reads and edits it: Arabic as Arabic, with a word on each setting.
    /// (TOMLKit's encoder escapes every non-ASCII character.)
    func tomlText() -> String {
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return """
            # shubbak center configuration
            center = \(quoted(center))
            name_ar = \(quoted(nameAr))
            name_en = \(quoted(nameEn))
            # Day boundaries of reports and the clock on screen.
            time_zone = \(quoted(timeZone))
            # ar or en
            language = \(quoted(language))
            # a file of themes/ without .toml: default, high-contrast, monochrome
            theme = \(quoted(theme))
            # How long a claim holds a request for its operator.
            lease_minutes = \(leaseMinutes)
            # Lock the counter after this many minutes without a key (0: never).
            idle_lock_minutes = \(idleLockMinutes ?? 10)
            # Postal tracking numbers (UPU S10) from the range the post gave this center.
            tracking_prefix = \(quoted(trackingPrefix ?? "RR"))
            tracking_first = \(trackingFirst ?? 1)
            tracking_last = \(trackingLast ?? 99_999_999)
            # Days a document waits on the pickup shelf before a supervisor may mark it uncollected.
            pickup_retention_days = \(retentionDays)
            # Requests for different people by one applicant (national number or phone) within 24 hours
            # that flag them all as a flood.
            flood_threshold = \(floodThreshold ?? 5)
            # Hours a bundle sent to the central office may wait for its acknowledgement before every
            # counter's status line says so.
            sync_alert_hours = \(Int(syncAlert / 3_600))
            # Printed under the center's name on its papers.
            address = \(quoted(address ?? ""))
            # The Unix group whose accounts share this center, each at its own terminal (shubbak init --group);
            # without it, only the account that made the center.
            \(group.map { "group = \(quoted($0))" } ?? "# group = \"shubbak\"")

            # The CUPS printer of each paper (`lpstat -p` lists them); a paper without one is written as a PDF
            # into the spool folder (default: spool in the data directory).
            \(printersText(quoted))
            # The dashboard's and the reports' targets, in minutes: claim to seal or rejection of a
            # fast or a slow service (less the operator's breaks), and arrival to the first claim.
            [targets]
            handling_fast_minutes = \(centerTargets.handlingFast / 60)
            handling_slow_minutes = \(centerTargets.handlingSlow / 60)
            waiting_minutes = \(centerTargets.waiting / 60)

            # How bundles travel (shubbak sync --carrier NAME): a folder (a mounted share, a USB stick) or rsync.
            # The far side has from-central/ (taken into the inbox) and to-central/ (where the outbox goes).
            \(carriersText(quoted))
            """
    }

    private func carriersText(_ quoted: (String) -> String) -> String {
        guard let carriers, !carriers.isEmpty else {
            return """
                # [carriers.usb]
                # kind = "folder"
                # path = "/media/shubbak"
                # [carriers.central]
                # kind = "rsync"
                # path = "hma01@exchange.central.example:/srv/centers/HMA-01"
                # timeout_seconds = 60
                # ssh = "ssh -i /etc/shubbak/carrier_key -o BatchMode=yes"

                """
        }
        return carriers.sorted { $0.key < $1.key }.map { name, carrier in
            var text = "[carriers.\(name)]\nkind = \(quoted(carrier.kind))\npath = \(quoted(carrier.path))\n"
            if let timeout = carrier.timeoutSeconds { text += "timeout_seconds = \(timeout)\n" }
            if let ssh = carrier.ssh { text += "ssh = \(quoted(ssh))\n" }
            return text
        }.joined(separator: "\n")
    }

    private func printersText(_ quoted: (String) -> String) -> String {
        guard let printers else {
            return """
                # [printers]
                # document = "counter-laser"
                # envelope = "envelope-feeder"
                # manifest = "counter-laser"
                # report = "office-laser"
                # transmittal = "counter-laser"   # the slip to an issuer (default: the document's printer)
                # spool = "spool"

                """
        }
        let entries: [(String, String?)] = [("document", printers.document), ("envelope", printers.envelope),
                                            ("manifest", printers.manifest), ("report", printers.report),
                                            ("transmittal", printers.transmittal),
                                            ("spool", printers.spool), ("templates", printers.templates)]
        return "[printers]\n" + entries.compactMap { key, value in value.map { "\(key) = \(quoted($0))\n" } }.joined()
    }

    init(center: PartyID) {
        self.center = center.rawValue
        let names = Self.centerNames[String(center.rawValue.prefix(3))]
        nameAr = names?.ar ?? "مركز خدمة المواطن \(center.rawValue)"
        nameEn = names?.en ?? "Citizen service center \(center.rawValue)"
    }
}

/// A center's data directory: configuration, database, keys and exchange folders.
struct CenterDirectory {
    let url: URL
    let config: CenterConfig
    let store: CenterStore

    static let configName = "config.toml"
    static let databaseName = "center.sqlite"

    var partyID: PartyID {
        // Checked when the configuration was read.
        (try? PartyID(config.center)) ?? .central
    }

    var lifecycle: Lifecycle { Lifecycle(leaseDuration: TimeInterval(config.leaseMinutes) * 60) }

    /// The center's days and clock, from `time_zone`.
    var calendar: CenterCalendar { config.calendar }

    /// The folders of a center's data directory.
    static let folders = ["inbox", "outbox", "processed", "quarantine", "keys", "spool"]

    /// Makes a center in `url`; with `group`, shared by that Unix group's accounts.
    static func create(at url: URL, center: PartyID, group: String? = nil) throws(AppError) -> CenterDirectory {
        let manager = FileManager.default
        let configURL = url.appendingPathComponent(configName)
        if manager.fileExists(atPath: configURL.path) { throw .exists(url.path) }
        let fileAccess = try FileAccess.of(groupNamed: group)
        fileAccess.applyUmask()
        do {
            try makeFolders(at: url, access: fileAccess)
            var config = CenterConfig(center: center)
            config.group = group
            try Files.write(Data(config.tomlText().utf8), to: configURL, fileAccess: fileAccess)
        } catch let error as AppError {
            throw error
        } catch {
            throw .io("cannot create the center in \(url.path): \(error)")
        }
        return try open(url)
    }

    /// The data directory and its folders, each with `access`'s mode and group.
    static func makeFolders(at url: URL, access: FileAccess) throws {
        for path in [url.path] + folders.map({ url.appendingPathComponent($0).path }) {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try access.apply(access.directoryMode, to: path)
        }
    }

    var fileAccess: FileAccess {
        // Checked when the center was opened.
        (try? FileAccess.of(groupNamed: config.group)) ?? .owner
    }

    /// Opens the center; `readOnly` never writes to the database, so a full disk still lets it answer.
    /// How long a command waits for another process's write (an import) before it gives up; a counter waits longer,
    /// saying so on its status line, because its operator would only have to try again.
    static let commandBusyTimeout: TimeInterval = 15
    static let counterBusyTimeout: TimeInterval = 600

    static func open(_ url: URL, readOnly: Bool = false, busyTimeout: TimeInterval = commandBusyTimeout) throws(AppError) -> CenterDirectory {
        let configURL = url.appendingPathComponent(configName)
        guard let data = FileManager.default.contents(atPath: configURL.path) else {
            // There, but not for this account: say so rather than «no center».
            if access(configURL.path, F_OK) == 0 || (access(url.path, F_OK) == 0 && access(url.path, X_OK) != 0) {
                throw .invalid("\(url.path) holds a center this account may not open (\(String(cString: strerror(EACCES)))): "
                               + "a counter's account must be in the center's group (see `group` in its config.toml)")
            }
            throw .notACenter(url.path)
        }
        let config: CenterConfig
        do {
            config = try TOMLDecoder().decode(CenterConfig.self, from: String(decoding: data, as: UTF8.self))
        } catch {
            throw .config(path: configURL.path, reason: String(describing: error))
        }
        do { _ = try PartyID(config.center) } catch {
            throw .config(path: configURL.path, reason: error.description)
        }
        guard TimeZone(identifier: config.timeZone) != nil else {
            throw .config(path: configURL.path, reason: "time_zone \"\(config.timeZone)\" is not a zone of the tz database (such as Asia/Damascus)")
        }
        let fileAccess = try FileAccess.of(groupNamed: config.group)
        fileAccess.applyUmask()
        let databasePath = url.appendingPathComponent(databaseName).path
        try FileAccess.refuseOpenToOthers(directory: url.path)
        let isNew = !FileManager.default.fileExists(atPath: databasePath)
        if readOnly && isNew { throw .notACenter(url.path) }
        let store: CenterStore
        do {
            store = readOnly ? try CenterStore(readingAt: databasePath, busyTimeout: busyTimeout, calendar: config.calendar)
                : try CenterStore(path: databasePath, busyTimeout: busyTimeout, calendar: config.calendar,
                                  floodRule: config.floodThreshold.map(FloodRule.init(threshold:)) ?? FloodRule())
        } catch { throw .store(error) }
        if isNew {
            for name in [databaseName, databaseName + "-wal", databaseName + "-shm"]
            where FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path) {
                try fileAccess.apply(fileAccess.fileMode, to: url.appendingPathComponent(name).path)
            }
        }
        return CenterDirectory(url: url, config: config, store: store)
    }
}

enum Files {
    /// Writes a file for the center's owner (or group) only, under a temporary name first so it appears whole.
    static func write(_ data: Data, to url: URL, fileAccess: FileAccess) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: fileAccess.fileMode]) else {
            throw AppError.io("cannot write \(temporary.path)")
        }
        try fileAccess.apply(fileAccess.fileMode, to: temporary.path)
        guard rename(temporary.path, url.path) == 0 else { throw AppError.io("cannot rename \(temporary.path) to \(url.path)") }
    }
}
