import ShubbakTerminal

extension Shell.Route {
    public static let signIn = Shell.Route("signIn")
}

extension SignInScreen: Screen {
    public typealias ScreenState = State
    public typealias ScreenMessage = Message
    public typealias ScreenCommand = Command
    public static var route: Shell.Route { .signIn }
    public static func title(_ catalog: Catalog) -> String { catalog[.signInTitle] }
    public static func initial(_ context: ScreenContext) -> State { State(hint: context.signInHint) }

    public static func update(_ state: State, _ message: Message, _ context: ScreenContext) -> Step<SignInScreen> {
        let (next, commands, quit) = update(state, message, catalog: context.catalog)
        return Step(next, commands, exit: quit ? .quit : nil)
    }

    public static func key(_ key: Key) -> Message { .key(key) }
    public static func keys(_ state: State, _ catalog: Catalog) -> KeyTable { keys(catalog) }

    public static func view(_ state: State, into buffer: inout Buffer, area: Rect, context: RenderContext, screen: ScreenContext) {
        view(state, into: &buffer, area: area, context: context, catalog: screen.catalog)
    }

    /// The form has every key but the help and the language.
    public static func capturesTyping(_ state: State) -> Bool { true }
    public static func notice(_ state: State) -> Notice? { nil }
    public static func withNotice(_ notice: Notice?, _ state: State) -> State { state }
}

extension Shell.State {
    public var signIn: SignInScreen.State {
        get { state(of: SignInScreen.self) }
        set { set(newValue, of: SignInScreen.self) }
    }
}

extension Shell.Command {
    public static func signIn(_ command: SignInScreen.Command) -> Self { .to(SignInScreen.self, command) }
}

extension Shell.Message {
    public static func signIn(_ message: SignInScreen.Message) -> Self { .to(SignInScreen.self, message) }
}
