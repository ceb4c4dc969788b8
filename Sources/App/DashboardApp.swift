import ArgumentParser
import Foundation
import Logging
import ShubbakCore
import ShubbakScreens
import ShubbakStore
import ShubbakTerminal

/// `shubbak dashboard`: the supervisor's dashboard opened directly on a data directory.
struct Dashboard: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the supervisor dashboard directly.", shouldDisplay: false)

    @Option(name: .customLong("operator"), help: "Who opens it: a supervisor or an admin of this center's list.")
    var operatorID: String

    @OptionGroup var options: CenterOptions
    @OptionGroup var ui: UIOptions

    func run() throws {
        let actor: OperatorID
        do { actor = try OperatorID(operatorID) } catch { throw AppError.invalid(error.description) }
        try DashboardApp(center: try options.center(), options: ui, actor: actor).run()
    }
}

/// Runs the dashboard on the real terminal: keys in, report loads out to the store, redraw; reloaded every few
/// seconds while it shows today.
struct DashboardApp {
    let center: CenterDirectory
    let options: UIOptions
    let actor: OperatorID
    let logger = Logger(label: "shubbak.dashboard")

    func run() throws {
        let bidi: BidiMode
        switch options.bidi {
        case "visual": bidi = .visual
        case "terminal": bidi = .terminal
        default: throw AppError.invalid("--bidi takes visual or terminal")
        }
        let role = try roleOf(actor)
        let language = Language(rawValue: options.lang ?? center.config.language) ?? .arabic
        let theme: Theme = (options.theme ?? center.config.theme) == "monochrome" ? .monochrome : .builtInDefault
        let backend: CursesBackend
        do { backend = try CursesBackend(theme: theme, bidiMode: bidi) } catch { throw AppError.invalid("\(error)") }
        defer { backend.shutdown() }
        var reader = KeyReader(backend: backend)
        var state = DashboardScreen.State(language: language, role: role, now: Date(),
                                          center: "\(center.config.center) \(center.config.nameAr)", operatorName: actor.rawValue)
        var pending: [DashboardScreen.Command]
        (state, pending) = DashboardScreen.update(state, .opened)
        var textOptions = TextOptions()
        textOptions.bidiMode = bidi
        while !state.quit {
            while !pending.isEmpty {
                let message = execute(pending.removeFirst(), by: actor)
                let (next, more) = DashboardScreen.update(state, message)
                state = next
                pending += more
            }
            let size = backend.size
            var buffer = Buffer(size: size)
            var context = state.language.context
            context.text = textOptions
            if isTooSmall(size) {
                WindowTooSmallNotice(current: size).render(into: &buffer, area: buffer.area, context: context)
            } else {
                DashboardScreen.view(state, into: &buffer, context: context)
            }
            backend.draw(buffer)
            // Today is live: reload every few seconds so events at the counters show here.
            guard let key = reader.nextKey(timeout: .seconds(3)) else {
                (state, pending) = DashboardScreen.update(state, .tick(Date()))
                continue
            }
            guard key != .resize else { continue }
            (state, pending) = DashboardScreen.update(state, .key(key))
        }
    }

    /// The role on the center's operator list; someone not on it, or disabled, has no more than an operator's.
    private func roleOf(_ actor: OperatorID) throws -> Role {
        let account: SignInPolicy.Account?
        do { account = try center.store.read { tx in try tx.account(actor) } } catch { throw AppError.store(error) }
        guard let account, !account.disabled else { return .operator }
        return account.profile.role
    }

    private func execute(_ command: DashboardScreen.Command, by actor: OperatorID) -> DashboardScreen.Message {
        let now = Date()
        do {
            switch command {
            case .loadReport(let range, let compare):
                return try center.store.read { tx in
                    guard compare else { return .report(try tx.throughputReport(range, now: now), previous: nil) }
                    let comparison = try tx.throughputComparison(range, now: now)
                    return .report(comparison.current, previous: comparison.previous)
                }
            case .recordRefusal:
                try center.store.write { tx in try tx.log(.refused, of: actor, at: now, detail: "dashboard") }
                logger.notice("dashboard refused", metadata: ["operator": "\(actor)"])
                return .tick(now)
            }
        } catch {
            logger.notice("dashboard command failed", metadata: ["reason": "\(error)"])
            return .failed("\(error)")
        }
    }
}
