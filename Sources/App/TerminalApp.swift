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

    @Option(help: "Digits on Arabic screens: latin (default) or arabic-indic (٠١٢٣…).")
    var digits: String = "latin"
}

/// Runs the counter application on the real terminal: keys in, commands out to the store, redraw.
struct TerminalApp {
    let center: CenterDirectory
    let options: UIOptions
    var signInHint: String?
    let logger = Logger(label: "shubbak.ui")

    /// The themes Alt+T goes through, starting from the configured one.
    static let themeCycle = ["default", "high-contrast", "monochrome"]

    func run() throws {
        let bidi: BidiMode
        switch options.bidi {
        case "visual": bidi = .visual
        case "terminal": bidi = .terminal
        default: throw AppError.invalid("--bidi takes visual or terminal")
        }
        let digits: DigitStyle
        switch options.digits {
        case "latin": digits = .latin
        case "arabic-indic": digits = .arabicIndic
        default: throw AppError.invalid("--digits takes latin or arabic-indic")
        }
        // Checked before the terminal is touched, so the message stays on the screen.
        let hasOperators: Bool
        do { hasOperators = try center.store.read { tx in try !tx.operators().isEmpty } } catch { throw AppError.store(error) }
        guard hasOperators else {
            throw AppError.invalid("nobody can sign in at this center yet: add an operator with `shubbak user add ID --role admin`")
        }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw AppError.invalid("the counter needs a terminal (its input and output are not one); for scripts use `shubbak queue`, `claim`, `sync`, `report`")
        }
        // A bundle recorded but lost from the outbox (a kill, a power cut) is written again before work starts.
        do { _ = try center.exporter().repairOutbox() } catch {
            logger.warning("the outbox could not be repaired", metadata: ["error": "\(error)"])
        }
        let language = Language(rawValue: options.lang ?? center.config.language) ?? .arabic
        var themeName = options.theme ?? center.config.theme
        // What is logged while the screen is drawn goes to a file: on the terminal it would tear the screen apart.
        let restoreStandardError = redirectStandardError(to: center.url.appendingPathComponent("shubbak.log"))
        defer { restoreStandardError() }
        let backend: CursesBackend
        do { backend = try CursesBackend(theme: loadTheme(themeName), bidiMode: bidi) } catch { throw AppError.invalid("\(error)") }
        defer { backend.shutdown() }
        var reader = KeyReader(backend: backend)
        let runner = CommandRunner(desks: Desks(center: center, printer: PrintDesk(center: center)))
        let status = StatusInfo(center: center.config.center,
                                centerName: LocalizedText(ar: center.config.nameAr, en: center.config.nameEn), now: Date())
        var state = Shell.State(language: language, status: status, idleLimit: center.config.idleLock, signInHint: signInHint,
                                calendar: center.calendar)
        var pending = Shell.start(state)
        let (sized, sizing) = Shell.update(state, .resized(backend.size))
        state = sized
        pending += sizing
        var textOptions = TextOptions()
        textOptions.bidiMode = bidi
        var lastTick = Date()
        // Drawn again only after something happened (a key, an answer, a tick): while a command is
        // out the loop wakes every 20 ms, and an unchanged frame is not worth making.
        var needsDrawing = true
        while !state.quit {
            while !pending.isEmpty {
                let command = pending.removeFirst()
                if command == .nextTheme {
                    let index = Self.themeCycle.firstIndex(of: themeName).map { $0 + 1 } ?? 0
                    themeName = Self.themeCycle[index % Self.themeCycle.count]
                    backend.apply(loadTheme(themeName))
                    needsDrawing = true
                    continue
                }
                runner.submit(command, session: state.session)
            }
            if needsDrawing {
                let size = backend.size
                var buffer = Buffer(size: size)
                var context = state.language.context
                context.text = textOptions
                // English screens keep Latin digits whatever the Arabic screens use.
                context.text.digits = state.language == .arabic ? digits : .latin
                if isTooSmall(size) {
                    WindowTooSmallNotice(current: size).render(into: &buffer, area: buffer.area, context: context)
                } else {
                    Shell.view(state, into: &buffer, context: context)
                }
                backend.draw(buffer)
                // For scripts/bench-terminal: the bytes the terminal received against what changed.
                logger.debug("frame drawn", metadata: ["cells": "\(backend.lastChange.cells)", "bytes": "\(backend.lastChange.bytes)"])
                needsDrawing = false
            }
            // A tick every second: the clock, the idle lock, and what colleagues did at their counters.
            // While commands are out, the loop looks for their answers every 20 ms instead.
            let untilTick = max(50, Int(1_000 - Date().timeIntervalSince(lastTick) * 1_000))
            let key = reader.nextKey(timeout: .milliseconds(runner.isBusy ? 20 : untilTick))
            if let key {
                let (next, more) = Shell.update(state, key == .resize ? .resized(backend.size) : .key(key))
                state = next
                pending += more
                needsDrawing = true
            }
            // A step held up by another process's write (an import) says so after a moment, and stops saying it after.
            let waiting = center.store.waitingForLockSince.map { Date().timeIntervalSince($0) >= 0.3 } ?? false
            if waiting != state.status.waitingForDatabase {
                state = Shell.update(state, .waitingForDatabase(waiting)).0
                needsDrawing = true
            }
            for answer in runner.takeAnswers() {
                let (next, more) = Shell.update(state, answer)
                state = next
                pending += more
                needsDrawing = true
            }
            if Date().timeIntervalSince(lastTick) >= 1 {
                lastTick = Date()
                let (next, more) = Shell.update(state, .tick(lastTick))
                state = next
                pending += more
                needsDrawing = true
            }
        }
        if let session = state.session {
            runner.submit(.log(.signedOut, session.id, detail: "application closed"), session: nil)
        }
        runner.finish()
    }

    /// Points the standard error at `file` (appended, the center's owner or group only) and returns how to point it back.
    private func redirectStandardError(to file: URL) -> () -> Void {
        let log = open(file.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, center.fileAccess.fileMode)
        guard log >= 0 else {
            logger.warning("the log file cannot be opened; logs stay on the terminal", metadata: ["file": "\(file.path)"])
            return {}
        }
        let saved = dup(STDERR_FILENO)
        dup2(log, STDERR_FILENO)
        close(log)
        return {
            guard saved >= 0 else { return }
            dup2(saved, STDERR_FILENO)
            close(saved)
        }
    }

    /// A theme file from `$SHUBBAK_THEMES`, the data directory's or the working directory's themes/, or those
    /// installed beside the executable (`share/shubbak/themes`); the built-in one otherwise.
    private func loadTheme(_ name: String) -> Theme {
        let fallback: Theme = name == "monochrome" ? .monochrome : .builtInDefault
        let installed = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("share/shubbak/themes").path
        let folders: [String] = [ProcessInfo.processInfo.environment["SHUBBAK_THEMES"], center.url.appendingPathComponent("themes").path,
                                 FileManager.default.currentDirectoryPath + "/themes", installed].compactMap { $0 }
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
