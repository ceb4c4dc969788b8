import Foundation
import Logging
import ShubbakCore
import ShubbakScreens
import ShubbakStore

/// The app's half of one screen: it carries out the screen's commands against the store, the exchange and the
/// printers, and answers each with the messages the screen expects. Every change goes through the core's
/// lifecycle inside one transaction, and what that transaction read is what the screen gets.
protocol Desk: Sendable {
    associatedtype Served: Screen

    /// Runs `command` for the signed-in operator (nil only before sign-in); `report` carries progress while it runs.
    func execute(_ command: Served.ScreenCommand, by session: Operator?,
                 report: @escaping @Sendable (Shell.Message) -> Void) -> [Shell.Message]

    /// Work that can take seconds (a printer, a sync) runs in its own lane, so the quick work does not wait behind it.
    func takesLong(_ command: Served.ScreenCommand) -> Bool
}

extension Desk {
    func takesLong(_ command: Served.ScreenCommand) -> Bool { false }

    /// The answer for the served screen.
    func answer(_ message: Served.ScreenMessage) -> Shell.Message { .to(Served.self, message) }
}

/// Every desk, by the route of the screen it serves, and the shell's own commands (the status line, the session log).
struct Desks: Sendable {
    let center: CenterDirectory
    private let desks: [any Desk]
    private let status: StatusDesk

    init(center: CenterDirectory, printer: PrintDesk, now: @escaping @Sendable () -> Date = { Date() }) {
        self.center = center
        status = StatusDesk(center: center, now: now)
        desks = [
            SignInDesk(center: center, now: now),
            QueueDesk(center: center, now: now),
            CounterDesk(center: center, printer: printer, now: now),
            HandoffDesk(center: center, printer: printer, now: now),
            PickupDesk(center: center, now: now),
            SyncDesk(center: center, now: now),
            DashboardDesk(center: center, now: now),
            IssuersDesk(center: center, now: now),
            FloodsDesk(center: center, now: now),
        ]
    }

    func execute(_ command: Shell.Command, session: Operator?,
                 report: @escaping @Sendable (Shell.Message) -> Void = { _ in }) -> [Shell.Message] {
        switch command {
        case .loadStatus: return status.load()
        case .log(let kind, let id, let detail):
            status.log(kind, of: id, detail: detail)
            return []
        case .setStatus(let operatorStatus, let id):
            status.setStatus(operatorStatus, of: id)
            return []
        case .heartbeat(let id):
            status.heartbeat(of: id)
            return []
        case .nextTheme: return []
        case .screen(let routed):
            for desk in desks {
                if let answers = Self.run(desk, routed, session: session, report: report) { return answers }
            }
            return []
        }
    }

    func takesLong(_ command: Shell.Command) -> Bool {
        guard case .screen(let routed) = command else { return false }
        return desks.contains { Self.takesLong($0, routed) }
    }

    private static func run<D: Desk>(_ desk: D, _ routed: RoutedCommand, session: Operator?,
                                     report: @escaping @Sendable (Shell.Message) -> Void) -> [Shell.Message]? {
        guard let command = routed.command(of: D.Served.self) else { return nil }
        // Before sign-in only the sign-in screen acts.
        guard session != nil || D.Served.route == .signIn else { return [] }
        return desk.execute(command, by: session, report: report)
    }

    private static func takesLong<D: Desk>(_ desk: D, _ routed: RoutedCommand) -> Bool {
        routed.command(of: D.Served.self).map(desk.takesLong) ?? false
    }
}

extension Refusal {
    /// What the operator is told when a command failed: the lifecycle's and the store's refusals in their words,
    /// anything unexpected logged and shown as it is.
    init(_ error: any Error, logger: Logger) {
        switch error {
        case let error as Refusal: self = error
        case let error as StoreError:
            switch error {
            case .lifecycle(let lifecycle): self = .lifecycle(lifecycle)
            case .refused(let id, let lifecycle): self = .lifecycleOf(id, lifecycle)
            case .notPermitted: self = .notPermitted
            case .requestNotFound(let id): self = .notFound(id.rawValue)
            case .trackingInUse(let tracking): self = .trackingInUse(tracking)
            case .trackingRangeExhausted: self = .trackingRangeExhausted
            default:
                logger.error("store refused", metadata: ["error": "\(error)"])
                self = .failed(error.description)
            }
        case let error as AppError: self = .failed(error.description)
        case let error as ValidationError: self = .invalid(error)
        default:
            logger.error("command failed", metadata: ["error": "\(error)"])
            self = .failed("\(error)")
        }
    }
}
