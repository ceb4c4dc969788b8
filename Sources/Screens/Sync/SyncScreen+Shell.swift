import ShubbakCore
import ShubbakTerminal

extension Shell.Route {
    public static let sync = Shell.Route("sync")
}

extension SyncScreen: Screen {
    public typealias ScreenState = State
    public typealias ScreenMessage = Message
    public typealias ScreenCommand = Command
    public static var route: Shell.Route { .sync }
    public static var shortcut: Character? { "5" }
    public static func title(_ catalog: Catalog) -> String { catalog[.syncTitle] }
    public static func initial(_ context: ScreenContext) -> State { State() }

    public static func open(_ state: State, _ context: ScreenContext) -> Step<SyncScreen> {
        Step(state, [.load])
    }

    public static func update(_ state: State, _ message: Message, _ context: ScreenContext) -> Step<SyncScreen> {
        let (next, commands, leave) = update(state, message, catalog: context.catalog)
        var step = Step<SyncScreen>(next, commands, exit: leave ? .back(nil) : nil)
        // A sync changes the status line's counts: they are read again with it.
        step.reloadsStatus = !commands.isEmpty
        return step
    }

    public static func key(_ key: Key) -> Message { .key(key) }

    /// The files as they come and go, except while a sync runs (its progress shows instead).
    public static func tick(_ state: State, _ context: ScreenContext) -> Step<SyncScreen> {
        Step(state, state.isBusy ? [] : [.load])
    }

    public static func keys(_ state: State, _ catalog: Catalog) -> KeyTable { keys(catalog) }

    public static func view(_ state: State, into buffer: inout Buffer, area: Rect, context: RenderContext, screen: ScreenContext) {
        view(state, into: &buffer, area: area, context: context, catalog: screen.catalog)
    }
}

extension SyncScreen.State: HoldsNotice {}

extension Shell.State {
    public var sync: SyncScreen.State {
        get { state(of: SyncScreen.self) }
        set { set(newValue, of: SyncScreen.self) }
    }
}

extension Shell.Command {
    public static func sync(_ command: SyncScreen.Command) -> Self { .to(SyncScreen.self, command) }
}

extension Shell.Message {
    public static func sync(_ message: SyncScreen.Message) -> Self { .to(SyncScreen.self, message) }
}
