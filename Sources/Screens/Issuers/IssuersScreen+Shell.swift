import ShubbakCore
import ShubbakTerminal

extension Shell.Route {
    public static let issuers = Shell.Route("issuers")
}

extension IssuersScreen: Screen {
    public typealias ScreenState = State
    public typealias ScreenMessage = Message
    public typealias ScreenCommand = Command
    public static var route: Shell.Route { .issuers }
    public static var shortcut: Character? { "7" }
    public static func title(_ catalog: Catalog) -> String { catalog[.issuersTitle] }
    public static func initial(_ context: ScreenContext) -> State { State() }

    public static func open(_ state: State, _ context: ScreenContext) -> Step<IssuersScreen> {
        Step(state, [.load])
    }

    public static func update(_ state: State, _ message: Message, _ context: ScreenContext) -> Step<IssuersScreen> {
        let (next, commands, leave) = update(state, message, catalog: context.catalog)
        return Step(next, commands, exit: leave ? .back(nil) : nil)
    }

    public static func key(_ key: Key) -> Message { .key(key) }

    /// The list as colleagues forward requests and documents come back, unless a refusal is being written.
    public static func tick(_ state: State, _ context: ScreenContext) -> Step<IssuersScreen> {
        Step(state, state.refusal == nil && !state.isBusy ? [.load] : [])
    }

    public static func keys(_ state: State, _ catalog: Catalog) -> KeyTable {
        state.refusal == nil ? keys(catalog) : Form.noteKeys(catalog, submit: .keyReject)
    }

    public static func view(_ state: State, into buffer: inout Buffer, area: Rect, context: RenderContext, screen: ScreenContext) {
        view(state, into: &buffer, area: area, context: context, catalog: screen.catalog)
    }

    public static func capturesTyping(_ state: State) -> Bool { state.refusal != nil }
}

extension IssuersScreen.State: HoldsNotice {}

extension Shell.Command {
    public static func issuers(_ command: IssuersScreen.Command) -> Self { .to(IssuersScreen.self, command) }
}

extension Shell.Message {
    public static func issuers(_ message: IssuersScreen.Message) -> Self { .to(IssuersScreen.self, message) }
}
