import Foundation
import ShubbakCore
import ShubbakTerminal

/// The whole counter application as one pure state machine: which screen is shown, who is signed in, the keys
/// every screen shares (language, help, navigation, theme, lock), and the idle lock. The app feeds it messages
/// and carries out its commands; nothing here touches the store, the files or the terminal. It knows screens
/// only through `Screen`: each one's state, messages and commands travel through it unopened.
public enum Shell {
    public struct Route: Hashable, Sendable, CustomStringConvertible {
        public let name: String

        public init(_ name: String) { self.name = name }

        public var description: String { name }
    }

    /// Every screen, the ones with a shortcut in the order of their Alt keys: a new screen is one line here.
    static let screens: [any Screen.Type] = [
        SignInScreen.self,
        QueueScreen.self,
        CounterScreen.self,
        HandoffScreen.self,
        PickupScreen.self,
        SyncScreen.self,
        DashboardScreen.self,
        IssuersScreen.self,
        FloodsScreen.self,
    ]

    /// Where a session starts and every screen goes back to.
    typealias Home = QueueScreen
    /// Where the counter waits for someone to sign in.
    typealias Entrance = SignInScreen

    public struct State: Sendable {
        public var language: Language
        public var route = Entrance.route
        public var status: StatusInfo
        public var session: Operator?
        /// Each screen's state, by route; only the screen's own type reads it.
        var screens: [Route: any Sendable] = [:]
        public var showsHelp = false
        public var quit = false
        /// A counter left alone this long locks; nil never locks.
        public var idleLimit: TimeInterval?
        public var lastActivity: Date
        public var signInHint: String?
        /// The center's days and clock (config.toml's `time_zone`).
        public let calendar: CenterCalendar
        /// The message on the status line and since when, so that it goes after `noticeLifetime`.
        var noticeShown: (notice: Notice, since: Date)?
        /// The terminal's size, for screens made anew (a new session).
        var size: Size?
        /// The screen the operator was on when the counter locked: unlocking goes back to it.
        var routeWhenLocked: Route?

        public init(language: Language, status: StatusInfo, idleLimit: TimeInterval?, signInHint: String? = nil,
                    calendar: CenterCalendar = .damascus) {
            self.language = language
            self.calendar = calendar
            self.status = status
            self.idleLimit = idleLimit
            self.signInHint = signInHint
            lastActivity = status.now
            resetScreens()
        }

        public var catalog: Catalog { Catalog.of(language, calendar: calendar) }

        public var context: ScreenContext {
            ScreenContext(catalog: catalog, now: status.now, session: session, center: status.center, signInHint: signInHint)
        }

        /// The state of `screen`, as it was last left.
        public func state<S: Screen>(of screen: S.Type) -> S.ScreenState {
            screens[S.route] as? S.ScreenState ?? S.initial(context)
        }

        public mutating func set<S: Screen>(_ state: S.ScreenState, of screen: S.Type) {
            screens[S.route] = state
        }

        /// Every screen as a session starts it.
        mutating func resetScreens() {
            for screen in Shell.screens { reset(screen) }
        }

        private mutating func reset<S: Screen>(_ screen: S.Type) {
            set(S.initial(context), of: S.self)
            if let size { set(S.resized(state(of: S.self), size, context).state, of: S.self) }
        }
    }

    public enum Command: Hashable, Sendable {
        /// A command of one screen, for the app's desk of that screen.
        case screen(RoutedCommand)
        case loadStatus
        case log(SessionEventKind, OperatorID, detail: String)
        /// The operator said what they are doing (Alt+B).
        case setStatus(OperatorStatus, OperatorID)
        /// This counter is still there (every few seconds while signed in).
        case heartbeat(OperatorID)
        case nextTheme

        public static func to<S: Screen>(_ screen: S.Type, _ command: S.ScreenCommand) -> Command {
            .screen(RoutedCommand(S.self, command))
        }
    }

    public enum Message: Sendable {
        case key(Key)
        /// Once a second: the clock, the idle lock and the live refresh of the screen shown.
        case tick(Date)
        case resized(Size)
        case signedIn(Operator)
        case status(StatusInfo)
        /// A command has been waiting for another process's lock on the database (true), or no longer is.
        case waitingForDatabase(Bool)
        /// An answer for one screen.
        case screen(RoutedMessage)

        public static func to<S: Screen>(_ screen: S.Type, _ message: S.ScreenMessage) -> Message {
            .screen(RoutedMessage(S.self, message))
        }
    }

    public enum GlobalAction: Hashable, Sendable {
        case help, language, open(Route), theme, lock, signOut, status

        var name: String {
            switch self {
            case .help: "help"
            case .language: "language"
            case .open(let route): "open \(route)"
            case .theme: "theme"
            case .lock: "lock"
            case .signOut: "signOut"
            case .status: "status"
            }
        }

        init?(name: String) {
            let all: [GlobalAction] = [.help, .language, .theme, .lock, .signOut, .status] + Shell.screens.map { .open($0.route) }
            guard let action = all.first(where: { $0.name == name }) else { return nil }
            self = action
        }
    }

    /// Keys that work on every screen once signed in; listed in the help.
    public static func globalKeys(_ catalog: Catalog) -> KeyTable {
        let shortcuts = screens.compactMap { screen in
            screen.shortcut.map { KeyBinding(.alt($0), action: GlobalAction.open(screen.route).name, label: screen.title(catalog),
                                             showsInBar: false) }
        }
        return KeyTable([
            KeyBinding(.function(1), action: GlobalAction.help.name, label: catalog[.keyHelp]),
            KeyBinding(.function(9), action: GlobalAction.language.name, label: catalog[.keyLanguage]),
        ] + shortcuts + [
            KeyBinding(.alt("t"), action: GlobalAction.theme.name, label: catalog[.keyTheme], showsInBar: false),
            KeyBinding(.alt("l"), action: GlobalAction.lock.name, label: catalog[.keyLock], showsInBar: false),
            KeyBinding(.alt("b"), action: GlobalAction.status.name, label: catalog[.keyStatus], showsInBar: false),
        ])
    }

    /// On the queue F10 signs out; elsewhere it is the screen's own (back to the queue).
    static func signOutKey(_ catalog: Catalog) -> KeyBinding {
        KeyBinding(.function(10), action: GlobalAction.signOut.name, label: catalog[.keySignOut])
    }

    /// The keys the shell itself acts on in the state shown; a screen's own action names never reach it.
    static func sharedKeys(_ state: State) -> KeyTable {
        let catalog = state.catalog
        let global = globalKeys(catalog).bindings
        // Before anyone signs in (and on the lock screen) only the help and the language.
        guard state.session != nil, state.route != Entrance.route else {
            return KeyTable(global.filter { $0.key == .function(1) || $0.key == .function(9) })
        }
        return KeyTable(global + (state.route == Home.route ? [signOutKey(catalog)] : []))
    }

    /// The keys of the screen shown, then the shared ones: what the bar and the help list. While the screen has
    /// the keys for typing, only the help and the language are shared.
    public static func keys(_ state: State) -> KeyTable {
        let shared = sharedKeys(state).bindings
        let typing = capturesTyping(shownScreen(state), state)
        let own = screenKeys(shownScreen(state), state).bindings.filter { binding in !shared.contains { $0.key == binding.key } }
        let help = shared.filter { $0.key == .function(1) }
        let signOut = shared.filter { $0.key == .function(10) }
        let rest = shared.filter { $0.key != .function(1) && $0.key != .function(10) && (!typing || $0.key == .function(9)) }
        // F1 leads the bar: on a narrow terminal whatever does not fit is still one key away, in the help.
        return KeyTable(help + own + (typing ? [] : signOut) + rest)
    }

    /// The first commands: the status line's counts.
    public static func start(_ state: State) -> [Command] { [.loadStatus] }

    public static func update(_ state: State, _ message: Message) -> (State, [Command]) {
        var state = state
        switch message {
        case .tick(let now):
            state.status.now = now
            expireNotice(&state, now: now)
            guard let session = state.session, state.route != Entrance.route else { return (state, []) }
            if let limit = state.idleLimit, now.timeIntervalSince(state.lastActivity) >= limit {
                return lock(state, session, kind: .idleLocked)
            }
            var (ticked, commands) = tick(shownScreen(state), state)
            // The status line's counts every few seconds: on a large center the overdue count reads
            // many index entries (docs/benchmarks.md); an action of this counter reloads them at once.
            if !shownScreen(state).drawsWholeScreen, Int(now.timeIntervalSince1970) % statusRefreshSeconds == 0 {
                commands.append(.loadStatus)
            }
            // The supervisor's dashboard shows this counter while it beats.
            if Int(now.timeIntervalSince1970) % heartbeatSeconds == 0 { commands.append(.heartbeat(session.id)) }
            ticked.status.now = now
            return (ticked, commands)
        case .resized(let size):
            state.size = size
            var commands: [Command] = []
            for screen in screens {
                let (next, more) = resize(screen, to: size, state)
                state = next
                commands += more
            }
            return (state, commands)
        case .status(let counts):
            state.status = state.status.refreshed(with: counts)
            return (state, [])
        case .waitingForDatabase(let waiting):
            state.status.waitingForDatabase = waiting
            return (state, [])
        case .signedIn(let profile):
            return signedIn(profile, state)
        case .screen(let answer):
            guard let screen = screens.first(where: { $0.route == answer.route }) else { return (state, []) }
            return deliver(answer, to: screen, state)
        case .key(let key):
            return handle(key, state)
        }
    }

    private static func signedIn(_ profile: Operator, _ state: State) -> (State, [Command]) {
        var state = state
        var commands: [Command] = []
        let wasLocked = state.state(of: Entrance.self).lockedOperator == profile.id
        if let previous = state.session, previous.id != profile.id {
            commands.append(.log(.signedOut, previous.id, detail: "another operator signed in"))
        }
        commands.append(.log(wasLocked ? .unlocked : .signedIn, profile.id, detail: ""))
        let isSameOperator = state.session?.id == profile.id
        state.session = profile
        state.status.operatorName = profile.shownName
        state.status.operatorStatus = .serving
        if !isSameOperator { state.resetScreens() }
        state.set(Entrance.initial(state.context), of: Entrance.self)
        let destination = wasLocked && isSameOperator ? state.routeWhenLocked ?? Home.route : Home.route
        state.routeWhenLocked = nil
        state.route = Home.route
        let screen = screens.first { $0.route == destination } ?? Home.self
        let (opened, more) = open(screen, state)
        return (opened, commands + more + [.loadStatus])
    }

    private static func handle(_ key: Key, _ state: State) -> (State, [Command]) {
        var state = state
        state.lastActivity = state.status.now
        if state.showsHelp {
            state.showsHelp = false
            return (state, [])
        }
        guard state.session != nil || state.route == Entrance.route else { return (state, []) }
        let screen = shownScreen(state)
        // Text being typed keeps its keys; the shared keys act only outside a text box or dialog.
        let typing = capturesTyping(screen, state) && state.route != Entrance.route
        guard !typing || key == .function(1) || key == .function(9),
              let action = sharedKeys(state).action(for: key).flatMap(GlobalAction.init(name:)) else {
            return deliver(RoutedMessage.key(key, to: screen), to: screen, state)
        }
        switch action {
        case .help:
            state.showsHelp = true
            return (state, [])
        case .language:
            state.language = state.language.toggled
            return (state, [])
        case .open(let route):
            guard let target = screens.first(where: { $0.route == route }) else { return (state, []) }
            return open(target, state)
        case .theme:
            return (state, [.nextTheme])
        case .lock:
            guard let session = state.session else { return (state, []) }
            return lock(state, session, kind: .idleLocked, detail: "locked by the operator")
        case .status:
            guard let session = state.session else { return (state, []) }
            state.status.operatorStatus = state.status.operatorStatus.next
            return (state, [.setStatus(state.status.operatorStatus, session.id)])
        case .signOut:
            guard let session = state.session else { return (state, []) }
            state.session = nil
            state.route = Entrance.route
            state.status.operatorName = nil
            state.resetScreens()
            return (state, [.log(.signedOut, session.id, detail: "")])
        }
    }

    private static func lock(_ state: State, _ session: Operator, kind: SessionEventKind, detail: String = "") -> (State, [Command]) {
        var state = state
        state.routeWhenLocked = state.route
        show(Entrance.self, &state)
        state.showsHelp = false
        state.set(SignInScreen.State(lockedOperator: session.id, hint: state.signInHint), of: Entrance.self)
        return (state, [.log(kind, session.id, detail: detail)])
    }

    // MARK: Screens, opened generically

    static func shownScreen(_ state: State) -> any Screen.Type {
        screens.first { $0.route == state.route } ?? Entrance.self
    }

    private static func screenKeys<S: Screen>(_ screen: S.Type, _ state: State) -> KeyTable {
        S.keys(state.state(of: S.self), state.catalog)
    }

    private static func capturesTyping<S: Screen>(_ screen: S.Type, _ state: State) -> Bool {
        S.capturesTyping(state.state(of: S.self))
    }

    private static func deliver<S: Screen>(_ answer: RoutedMessage, to screen: S.Type, _ state: State) -> (State, [Command]) {
        guard let message = answer.message(of: S.self) else { return (state, []) }
        return apply(S.update(state.state(of: S.self), message, state.context), state)
    }

    private static func open<S: Screen>(_ screen: S.Type, _ state: State) -> (State, [Command]) {
        var step = S.open(state.state(of: S.self), state.context)
        if step.exit == nil { step.exit = .show }
        return apply(step, state)
    }

    private static func tick<S: Screen>(_ screen: S.Type, _ state: State) -> (State, [Command]) {
        apply(S.tick(state.state(of: S.self), state.context), state)
    }

    private static func resize<S: Screen>(_ screen: S.Type, to size: Size, _ state: State) -> (State, [Command]) {
        var step = S.resized(state.state(of: S.self), size, state.context)
        step.exit = nil
        return apply(step, state)
    }

    /// Keeps a screen's step: its state, its commands for the app, and where the shell goes next.
    private static func apply<S: Screen>(_ step: Step<S>, _ state: State) -> (State, [Command]) {
        var state = state
        state.set(step.state, of: S.self)
        var commands = step.commands.map { Command.to(S.self, $0) } + (step.reloadsStatus ? [.loadStatus] : [])
        switch step.exit {
        case nil: break
        case .show:
            show(S.self, &state)
        case .back(let notice, let endedVisit):
            var home = state.state(of: Home.self)
            if let notice { home.message = notice }
            if let endedVisit { home = QueueScreen.afterVisit(of: endedVisit, home) }
            state.set(home, of: Home.self)
            // An answer that comes after the operator went to another screen leaves them there.
            guard state.route == S.route else { break }
            show(Home.self, &state)
            commands = Home.open(home, state.context).commands.map { Command.to(Home.self, $0) } + [.loadStatus]
        case .refuse(let notice):
            // Said where the operator is, and kept on the queue for when they are back.
            setNotice(notice, on: shownScreen(state), &state)
            setNotice(notice, on: Home.self, &state)
        case .quit:
            state.quit = true
        }
        return (state, commands)
    }

    /// Shows `screen`; the one left keeps what it keeps when left.
    private static func show<S: Screen>(_ screen: S.Type, _ state: inout State) {
        if state.route != S.route { leave(shownScreen(state), &state) }
        state.route = S.route
    }

    private static func leave<S: Screen>(_ screen: S.Type, _ state: inout State) {
        state.set(S.left(state.state(of: S.self)), of: S.self)
    }

    private static func setNotice<S: Screen>(_ notice: Notice?, on screen: S.Type, _ state: inout State) {
        state.set(S.withNotice(notice, state.state(of: S.self)), of: S.self)
    }

    private static func notice<S: Screen>(of screen: S.Type, _ state: State) -> Notice? {
        S.notice(state.state(of: S.self))
    }

    // MARK: Messages on the status line

    static let statusRefreshSeconds = 5
    /// Well within `StoreTransaction.presenceTimeout`, so two missed beats do not hide a counter.
    static let heartbeatSeconds = 10

    /// How long a message stays on the status line when nothing else replaces it.
    static let noticeLifetime: TimeInterval = 10

    /// A message goes after `noticeLifetime` seconds: an old "Sealed" must not read as news.
    static func expireNotice(_ state: inout State, now: Date) {
        let screen = shownScreen(state)
        guard let notice = notice(of: screen, state) else {
            state.noticeShown = nil
            return
        }
        guard let shown = state.noticeShown, shown.notice == notice else {
            state.noticeShown = (notice, now)
            return
        }
        guard now.timeIntervalSince(shown.since) >= noticeLifetime else { return }
        setNotice(nil, on: screen, &state)
        state.noticeShown = nil
    }

    // MARK: View

    public static func view(_ state: State, into buffer: inout Buffer, context: RenderContext? = nil) {
        var context = context ?? state.language.context
        context.direction = state.language.context.direction
        context.language = state.language
        draw(shownScreen(state), state, into: &buffer, context: context)
        if state.showsHelp {
            HelpOverlay(title: state.catalog[.help], keys: keys(state)).render(into: &buffer, area: buffer.area, context: context)
        }
    }

    private static func draw<S: Screen>(_ screen: S.Type, _ state: State, into buffer: inout Buffer, context: RenderContext) {
        let screenState = state.state(of: S.self)
        guard !S.drawsWholeScreen else {
            S.view(screenState, into: &buffer, area: buffer.area, context: context, screen: state.context)
            return
        }
        let catalog = state.catalog
        let parts = Layout.split(buffer.area, .vertical, [.fill(), .fixed(1), .fixed(1)])
        S.view(screenState, into: &buffer, area: parts[0], context: context, screen: state.context)
        state.status.line(catalog, message: S.notice(screenState)?.text(in: catalog.language))
            .render(into: &buffer, area: parts[1], context: context)
        KeyBar(keys(state)).render(into: &buffer, area: parts[2], context: context)
    }
}

extension RoutedMessage {
    /// A key for the screen shown.
    static func key(_ key: Key, to screen: any Screen.Type) -> RoutedMessage {
        keyMessage(key, screen)
    }

    private static func keyMessage<S: Screen>(_ key: Key, _ screen: S.Type) -> RoutedMessage {
        RoutedMessage(S.self, S.key(key))
    }
}
