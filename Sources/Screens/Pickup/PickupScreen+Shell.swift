import ShubbakCore
import ShubbakTerminal

extension Shell.Route {
    public static let pickup = Shell.Route("pickup")
}

extension PickupScreen: Screen {
    public typealias ScreenState = State
    public typealias ScreenMessage = Message
    public typealias ScreenCommand = Command
    public static var route: Shell.Route { .pickup }
    public static var shortcut: Character? { "4" }
    public static func title(_ catalog: Catalog) -> String { catalog[.pickupTitle] }
    public static func initial(_ context: ScreenContext) -> State {
        State(canMarkUncollected: (context.session?.role ?? .operator) >= .supervisor)
    }

    public static func open(_ state: State, _ context: ScreenContext) -> Step<PickupScreen> {
        Step(state, [.find(state.search.text)])
    }

    public static func update(_ state: State, _ message: Message, _ context: ScreenContext) -> Step<PickupScreen> {
        let (next, commands, leave) = update(state, message, catalog: context.catalog)
        return Step(next, commands, exit: leave ? .back(nil) : nil)
    }

    public static func key(_ key: Key) -> Message { .key(key) }

    /// The shelf as colleagues fill and empty it, unless the operator is handing an envelope over.
    public static func tick(_ state: State, _ context: ScreenContext) -> Step<PickupScreen> {
        Step(state, state.collector == nil && state.confirmUncollected == nil && !state.isBusy ? [.find(state.search.text)] : [])
    }

    public static func keys(_ state: State, _ catalog: Catalog) -> KeyTable {
        if let dialog = state.confirmUncollected { return dialog.keys(catalog) }
        return keys(catalog, offersUncollected: state.canMarkUncollected && !state.pastRetention.isEmpty)
    }

    public static func view(_ state: State, into buffer: inout Buffer, area: Rect, context: RenderContext, screen: ScreenContext) {
        view(state, into: &buffer, area: area, context: context, catalog: screen.catalog)
    }

    public static func capturesTyping(_ state: State) -> Bool { state.collector != nil || state.confirmUncollected != nil }
}

extension PickupScreen.State: HoldsNotice {}

extension Shell.State {
    public var pickup: PickupScreen.State {
        get { state(of: PickupScreen.self) }
        set { set(newValue, of: PickupScreen.self) }
    }
}

extension Shell.Command {
    public static func pickup(_ command: PickupScreen.Command) -> Self { .to(PickupScreen.self, command) }
}

extension Shell.Message {
    public static func pickup(_ message: PickupScreen.Message) -> Self { .to(PickupScreen.self, message) }
}
