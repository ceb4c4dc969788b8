import Foundation
import ShubbakCore
import ShubbakTerminal

extension Shell.Route {
    public static let dashboard = Shell.Route("dashboard")
}

/// The dashboard is made anew each time it opens, for whoever opens it, and forgotten when left.
extension DashboardScreen: Screen {
    public typealias ScreenMessage = Message
    public typealias ScreenCommand = Command
    public typealias ScreenState = State?

    public static var route: Shell.Route { .dashboard }
    public static var shortcut: Character? { "6" }
    public static func title(_ catalog: Catalog) -> String { catalog[report: .dashboardTitle] }
    public static func initial(_ context: ScreenContext) -> State? { nil }
    public static var drawsWholeScreen: Bool { true }
    public static func left(_ state: State?) -> State? { nil }

    /// An operator gets the screen's refusal, and the refusal is recorded.
    public static func open(_ state: State?, _ context: ScreenContext) -> Step<DashboardScreen> {
        guard let session = context.session else { return Step(nil) }
        let opened = State(language: context.language, role: session.role, now: context.now, center: context.center,
                           operatorName: session.shownName, calendar: context.catalog.calendar)
        let (next, commands) = update(opened, .opened)
        return Step(next, commands)
    }

    public static func update(_ state: State?, _ message: Message, _ context: ScreenContext) -> Step<DashboardScreen> {
        guard var state else { return Step(nil) }
        state.language = context.language
        let (next, commands) = update(state, message)
        return next.quit ? Step(nil, exit: .back(nil)) : Step(next, commands)
    }

    public static func key(_ key: Key) -> Message { .key(key) }

    /// Today's figures every few seconds: a day's report is cheap, not free.
    public static func tick(_ state: State?, _ context: ScreenContext) -> Step<DashboardScreen> {
        guard state != nil, Int(context.now.timeIntervalSince1970) % 3 == 0 else { return Step(state) }
        return update(state, .tick(context.now), context)
    }

    public static func keys(_ state: State?, _ catalog: Catalog) -> KeyTable {
        keys(catalog, allowed: state?.isAllowed ?? false, shown: state?.shown ?? .figures)
    }

    public static func view(_ state: State?, into buffer: inout Buffer, area: Rect, context: RenderContext, screen: ScreenContext) {
        guard var state else { return }
        state.language = screen.language
        view(state, into: &buffer, context: context)
    }

    public static func notice(_ state: State?) -> Notice? { state?.message }

    public static func withNotice(_ notice: Notice?, _ state: State?) -> State? {
        var state = state
        state?.message = notice
        return state
    }
}

extension Shell.State {
    public var dashboard: DashboardScreen.State? {
        get { state(of: DashboardScreen.self) }
        set { set(newValue, of: DashboardScreen.self) }
    }
}

extension Shell.Command {
    public static func dashboard(_ command: DashboardScreen.Command) -> Self { .to(DashboardScreen.self, command) }
}

extension Shell.Message {
    public static func dashboard(_ message: DashboardScreen.Message) -> Self { .to(DashboardScreen.self, message) }
}
