import ShubbakCore
import ShubbakTerminal

extension Shell.Route {
    public static let floods = Shell.Route("floods")
}

extension FloodsScreen: Screen {
    public typealias ScreenState = State
    public typealias ScreenMessage = Message
    public typealias ScreenCommand = Command
    public static var route: Shell.Route { .floods }
    public static var shortcut: Character? { "8" }
    public static func title(_ catalog: Catalog) -> String { catalog[.floodsTitle] }
    public static func initial(_ context: ScreenContext) -> State {
        State(isAllowed: (context.session?.role ?? .operator) >= .supervisor)
    }

    /// An operator gets the screen's refusal, and the refusal is recorded.
    public static func open(_ state: State, _ context: ScreenContext) -> Step<FloodsScreen> {
        Step(state, [state.isAllowed ? .load : .recordRefusal])
    }

    public static func update(_ state: State, _ message: Message, _ context: ScreenContext) -> Step<FloodsScreen> {
        let (next, commands, leave) = update(state, message, catalog: context.catalog)
        return Step(next, commands, exit: leave ? .back(nil) : nil)
    }

    public static func key(_ key: Key) -> Message { .key(key) }

    /// Floods grow as bundles arrive: the list is read again unless the supervisor is deciding one.
    public static func tick(_ state: State, _ context: ScreenContext) -> Step<FloodsScreen> {
        Step(state, state.isAllowed && state.note == nil && state.confirm == nil && !state.isBusy
             && Int(context.now.timeIntervalSince1970) % 3 == 0 ? [.load] : [])
    }

    public static func keys(_ state: State, _ catalog: Catalog) -> KeyTable {
        if let dialog = state.confirm { return dialog.keys(catalog) }
        if state.note != nil { return Form.noteKeys(catalog, submit: .keySubmit) }
        return keys(catalog, allowed: state.isAllowed, opened: state.openedCluster != nil)
    }

    public static func view(_ state: State, into buffer: inout Buffer, area: Rect, context: RenderContext, screen: ScreenContext) {
        view(state, into: &buffer, area: area, context: context, catalog: screen.catalog)
    }

    public static func capturesTyping(_ state: State) -> Bool { state.note != nil || state.confirm != nil }
}

extension FloodsScreen.State: HoldsNotice {}

extension Shell.Command {
    public static func floods(_ command: FloodsScreen.Command) -> Self { .to(FloodsScreen.self, command) }
}

extension Shell.Message {
    public static func floods(_ message: FloodsScreen.Message) -> Self { .to(FloodsScreen.self, message) }
}
