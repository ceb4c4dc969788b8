import ArgumentParser
import Foundation
import Logging
import ShubbakCore
import ShubbakScreens
import ShubbakStore
import ShubbakTerminal

/// How the terminal UI looks: shared by `shubbak`, `shubbak open` and `shubbak demo`.
struct UIOptions: ParsableArguments {
    @Option(help: "Interface language: ar (default) or en.")
    var lang: String?

    @Option(help: "Theme: default, high-contrast, monochrome, or a file of themes/ without .toml.")
    var theme: String?

    @Option(help: "visual (default: shubbak shapes and orders Arabic) or terminal (for Konsole, mlterm).")
    var bidi: String = "visual"

    @Option(name: .customLong("operator"), help: "The operator at this counter (until sign-in comes).")
    var operatorID: String = "op-01"
}

/// Runs the queue screen on the real terminal: keys in, commands out to the store, redraw.
struct TerminalApp {
    let center: CenterDirectory
    let options: UIOptions
    let logger = Logger(label: "shubbak.ui")

    func run() throws {
        let actor: OperatorID
        do { actor = try OperatorID(options.operatorID) } catch { throw AppError.invalid(error.description) }
        let bidi: BidiMode
        switch options.bidi {
        case "visual": bidi = .visual
        case "terminal": bidi = .terminal
        default: throw AppError.invalid("--bidi takes visual or terminal")
        }
        let language = Language(rawValue: options.lang ?? center.config.language) ?? .arabic
        let theme = loadTheme(options.theme ?? center.config.theme)
        let backend: CursesBackend
        do { backend = try CursesBackend(theme: theme, bidiMode: bidi) } catch { throw AppError.invalid("\(error)") }
        defer { backend.shutdown() }
        var reader = KeyReader(backend: backend)
        var state = QueueScreen.State(language: language, now: Date(), center: "\(center.config.center) \(center.config.nameAr)",
                                      operatorName: actor.rawValue)
        state.visibleRows = QueueScreen.visibleRows(for: backend.size)
        var pending = [QueueScreen.pageCommand(state)]
        var options = TextOptions()
        options.bidiMode = bidi
        while !state.quit {
            while !pending.isEmpty {
                let message = execute(pending.removeFirst(), by: actor)
                let (next, more) = QueueScreen.update(state, message)
                state = next
                pending += more
            }
            let size = backend.size
            var buffer = Buffer(size: size)
            var context = state.language.context
            context.text = options
            if isTooSmall(size) {
                WindowTooSmallNotice(current: size).render(into: &buffer, area: buffer.area, context: context)
            } else {
                QueueScreen.view(state, into: &buffer, context: context)
            }
            backend.draw(buffer)
            // Refresh every second, so a claim made at another counter shows here at once.
            guard let key = reader.nextKey(timeout: .seconds(1)) else {
                pending = [QueueScreen.pageCommand(state)]
                continue
            }
            let message: QueueScreen.Message = key == .resize
                ? .resized(visibleRows: QueueScreen.visibleRows(for: backend.size)) : .key(key)
            (state, pending) = QueueScreen.update(state, message)
        }
    }

    private func execute(_ command: QueueScreen.Command, by actor: OperatorID) -> QueueScreen.Message {
        let now = Date()
        do {
            switch command {
            case .loadPage(let filter, let offset, let limit):
                let (rows, total) = try center.store.read { tx in
                    (try tx.queue(filter, at: now, offset: offset, limit: limit), try tx.queueCount(filter, at: now))
                }
                return .page(rows: rows, total: total, offset: offset, now: now)
            case .claim(let id):
                try center.store.perform(.claim, on: id, by: actor, at: now, lifecycle: center.lifecycle)
                return .claimed(id)
            }
        } catch {
            logger.notice("command refused", metadata: ["reason": "\(error)"])
            return .refused("\(error)")
        }
    }

    /// A theme file from the data directory's or the working directory's themes/; the built-in one otherwise.
    private func loadTheme(_ name: String) -> Theme {
        let fallback: Theme = name == "monochrome" ? .monochrome : .builtInDefault
        let folders = [ProcessInfo.processInfo.environment["SHUBBAK_THEMES"], center.url.appendingPathComponent("themes").path,
                       FileManager.default.currentDirectoryPath + "/themes"].compactMap { $0 }
        for folder in folders {
            let path = "\(folder)/\(name).toml"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let result = Theme.load(path: path, fallback: fallback)
            if let error = result.error { logger.warning("theme not used", metadata: ["error": "\(error)"]) }
            return result.theme
        }
        return fallback
    }
}
