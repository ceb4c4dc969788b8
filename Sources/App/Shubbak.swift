import ArgumentParser
import Foundation
import Logging
import ShubbakCore
import ShubbakStore

@main
struct Shubbak: ParsableCommand {
    /// The release: the Debian package's version too (scripts/package reads it from `shubbak --version`).
    static let version = "0.16.0"

    static let configuration = CommandConfiguration(
        commandName: "shubbak",
        abstract: "The counter application of the citizen service centers.",
        discussion: """
            shubbak (شبّاك, the counter's window) runs a center's counters, its supervisor's dashboard and its exchange with the central office.
            Data directory: --data, else $SHUBBAK_DATA, else $XDG_DATA_HOME/shubbak.
            Log level: $SHUBBAK_LOG (trace, debug, info, notice, warning, error), warning by default.
            """,
        version: Shubbak.version,
        subcommands: [Open.self, Init.self, Demo.self, User.self, SigningKeys.self, Queue.self, Claim.self, RequestCommand.self, Import.self, Export.self,
                      Sync.self, Resend.self, Audit.self, PrintSample.self, Report.self, Backup.self, Restore.self, Recover.self],
        defaultSubcommand: Open.self)

    static func main() {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["SHUBBAK_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
            return handler
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}

/// Options every command that works on a center shares.
struct CenterOptions: ParsableArguments {
    @Option(name: .long, help: "The center's data directory.")
    var data: String?

    func directory() throws(AppError) -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let data { return URL(fileURLWithPath: data) }
        if let data = environment["SHUBBAK_DATA"], !data.isEmpty { return URL(fileURLWithPath: data) }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("shubbak")
        }
        guard let home = environment["HOME"], !home.isEmpty else { throw .noDataDirectory }
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/shubbak")
    }

    func center() throws(AppError) -> CenterDirectory {
        try CenterDirectory.open(try directory())
    }

    /// The center opened for a command that only reads.
    func centerToRead() throws(AppError) -> CenterDirectory {
        try CenterDirectory.open(try directory(), readOnly: true)
    }
}

/// Errors the command line reports in plain words.
enum AppError: Error, CustomStringConvertible {
    case noDataDirectory
    case notACenter(String)
    case exists(String)
    case config(path: String, reason: String)
    case invalid(String)
    case store(StoreError)
    case io(String)

    var description: String {
        switch self {
        case .noDataDirectory:
            "no data directory: give --data DIR or set SHUBBAK_DATA"
        case .notACenter(let path):
            "\(path) holds no center; create one with `shubbak init --center HMA-01 --data \(path)` or try `shubbak demo`"
        case .exists(let path):
            "\(path) already holds a center; nothing was changed"
        case .config(let path, let reason):
            "the configuration \(path) cannot be read: \(reason)"
        case .invalid(let detail):
            detail
        case .store(let error):
            error.description
        case .io(let detail):
            detail
        }
    }
}

/// `shubbak` alone: the center in the data directory.
struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open the center in the data directory (the default command).")

    @OptionGroup var options: CenterOptions
    @OptionGroup var ui: UIOptions

    func run() throws {
        try TerminalApp(center: try CenterDirectory.open(try options.directory(), busyTimeout: CenterDirectory.counterBusyTimeout),
                        options: ui).run()
    }
}
