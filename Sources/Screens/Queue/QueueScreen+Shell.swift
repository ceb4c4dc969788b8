import ShubbakCore
import ShubbakTerminal

extension Shell.Route {
    public static let queue = Shell.Route("queue")
}

extension QueueScreen: Screen {
    public typealias ScreenState = State
    public typealias ScreenMessage = Message
    public typealias ScreenCommand = Command
    public static var route: Shell.Route { .queue }
    public static var shortcut: Character? { "1" }
    public static func title(_ catalog: Catalog) -> String { catalog[.queueTitle] }

    public static func initial(_ context: ScreenContext) -> State {
        State(now: context.now, viewer: context.session?.id ?? .system)
    }

    /// The page in force; the catalog's services the first time, for the rows' names and the service filter.
    public static func open(_ state: State, _ context: ScreenContext) -> Step<QueueScreen> {
        Step(state, (state.services.isEmpty ? [.loadServices] : []) + [pageCommand(state)])
    }

    public static func update(_ state: State, _ message: Message, _ context: ScreenContext) -> Step<QueueScreen> {
        let (next, commands) = update(state, message, catalog: context.catalog)
        return Step(next, commands)
    }

    public static func key(_ key: Key) -> Message { .key(key) }

    /// The page again every second, so a colleague's claim shows here at once.
    public static func tick(_ state: State, _ context: ScreenContext) -> Step<QueueScreen> {
        Step(state, [pageCommand(state)])
    }

    public static func resized(_ state: State, _ size: Size, _ context: ScreenContext) -> Step<QueueScreen> {
        update(state, .resized(visibleRows: visibleRows(for: size)), context)
    }

    public static func keys(_ state: State, _ catalog: Catalog) -> KeyTable {
        state.isSearching ? typingKeys(catalog) : KeyTable(keys(catalog).bindings + searchKeys(state, catalog))
    }

    public static func view(_ state: State, into buffer: inout Buffer, area: Rect, context: RenderContext, screen: ScreenContext) {
        view(state, into: &buffer, area: area, context: context, catalog: screen.catalog)
    }

    public static func capturesTyping(_ state: State) -> Bool { state.isSearching }
}

extension QueueScreen.State: HoldsNotice {}

extension Shell.State {
    public var queue: QueueScreen.State {
        get { state(of: QueueScreen.self) }
        set { set(newValue, of: QueueScreen.self) }
    }
}

extension Shell.Command {
    public static func queue(_ command: QueueScreen.Command) -> Self { .to(QueueScreen.self, command) }
}

extension Shell.Message {
    public static func queue(_ message: QueueScreen.Message) -> Self { .to(QueueScreen.self, message) }
}
