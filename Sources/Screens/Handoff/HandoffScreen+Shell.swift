import ShubbakCore
import ShubbakTerminal

extension Shell.Route {
    public static let handoff = Shell.Route("handoff")
}

extension HandoffScreen: Screen {
    public typealias ScreenState = State
    public typealias ScreenMessage = Message
    public typealias ScreenCommand = Command
    public static var route: Shell.Route { .handoff }
    public static var shortcut: Character? { "3" }
    public static func title(_ catalog: Catalog) -> String { catalog[.handoffTitle] }
    public static func initial(_ context: ScreenContext) -> State { State() }

    public static func open(_ state: State, _ context: ScreenContext) -> Step<HandoffScreen> {
        Step(state, [.load])
    }

    public static func update(_ state: State, _ message: Message, _ context: ScreenContext) -> Step<HandoffScreen> {
        let (next, commands, leave) = update(state, message, catalog: context.catalog)
        return Step(next, commands, exit: leave ? .back(nil) : nil)
    }

    public static func key(_ key: Key) -> Message { .key(key) }

    /// The envelopes as colleagues seal them, unless the operator is in a dialog or waiting for an answer.
    public static func tick(_ state: State, _ context: ScreenContext) -> Step<HandoffScreen> {
        Step(state, state.modal == nil && !state.isBusy ? [.load] : [])
    }

    public static func keys(_ state: State, _ catalog: Catalog) -> KeyTable { keys(catalog) }

    public static func view(_ state: State, into buffer: inout Buffer, area: Rect, context: RenderContext, screen: ScreenContext) {
        view(state, into: &buffer, area: area, context: context, catalog: screen.catalog)
    }

    public static func capturesTyping(_ state: State) -> Bool { state.modal != nil }
}

extension HandoffScreen.State: HoldsNotice {}

extension Shell.State {
    public var handoff: HandoffScreen.State {
        get { state(of: HandoffScreen.self) }
        set { set(newValue, of: HandoffScreen.self) }
    }
}

extension Shell.Command {
    public static func handoff(_ command: HandoffScreen.Command) -> Self { .to(HandoffScreen.self, command) }
}

extension Shell.Message {
    public static func handoff(_ message: HandoffScreen.Message) -> Self { .to(HandoffScreen.self, message) }
}
