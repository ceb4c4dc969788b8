import Foundation
import ShubbakCore
import ShubbakTerminal

/// The whole counter application as one pure state machine: which screen is shown, who is signed in, the keys
/// every screen shares (language, help, navigation, theme, lock), and the idle lock. The app feeds it messages
/// and carries out its commands; nothing here touches the store, the files or the terminal.
public enum Shell {
    public enum Route: Hashable, Sendable {
        case signIn, queue, counter, handoff, pickup, sync, dashboard
    }

    public struct State: Sendable {
        public var language: Language
        public var route: Route = .signIn
        public var status: StatusInfo
        public var session: Operator?
        public var signIn: SignInScreen.State
        public var queue: QueueScreen.State
        public var counter: CounterScreen.State?
        public var handoff = HandoffScreen.State()
        public var pickup = PickupScreen.State()
        public var sync = SyncScreen.State()
        /// Opened by Alt+6; it draws the whole screen and keeps its own keys.
        public var dashboard: DashboardScreen.State?
        public var showsHelp = false
        public var quit = false
        /// A counter left alone this long locks; nil never locks.
        public var idleLimit: TimeInterval?
        public var lastActivity: Date
        public var signInHint: String?
        /// The message on the status line and since when, so that it goes after `noticeLifetime`.
        var noticeShown: (notice: Notice, since: Date)?

        public init(language: Language, status: StatusInfo, idleLimit: TimeInterval?, signInHint: String? = nil) {
            self.language = language
            self.status = status
            self.idleLimit = idleLimit
            self.signInHint = signInHint
            lastActivity = status.now
            signIn = SignInScreen.State(catalog: Catalog.of(language), hint: signInHint)
            queue = QueueScreen.State(now: status.now, viewer: .system)
        }

        public var catalog: Catalog { Catalog.of(language) }
    }

    public enum Command: Hashable, Sendable {
        case signIn(SignInScreen.Command)
        case queue(QueueScreen.Command)
        case counter(CounterScreen.Command)
        case handoff(HandoffScreen.Command)
        case pickup(PickupScreen.Command)
        case sync(SyncScreen.Command)
        case dashboard(DashboardScreen.Command)
        case loadStatus
        case log(SessionEventKind, OperatorID, detail: String)
        case nextTheme
    }

    public enum Message: Sendable {
        case key(Key)
        /// Once a second: the clock, the idle lock and the live refresh of the screen shown.
        case tick(Date)
        case resized(Size)
        case signedIn(Operator)
        /// The app claimed the request for this operator: open it at the counter.
        case claimed(RequestID)
        case status(StatusInfo)
        case signIn(SignInScreen.Message)
        case queue(QueueScreen.Message)
        case counter(CounterScreen.Message)
        case handoff(HandoffScreen.Message)
        case pickup(PickupScreen.Message)
        case sync(SyncScreen.Message)
        case dashboard(DashboardScreen.Message)
    }

    public enum GlobalAction: String, Sendable {
        case help, language, queue, counter, handoff, pickup, sync, dashboard, theme, lock, signOut
    }

    /// Keys that work on every screen once signed in; listed in the help.
    public static func globalKeys(_ catalog: Catalog) -> KeyTable {
        KeyTable([
            KeyBinding(.function(1), action: GlobalAction.help.rawValue, label: catalog[.keyHelp]),
            KeyBinding(.function(9), action: GlobalAction.language.rawValue, label: catalog[.keyLanguage]),
            KeyBinding(.alt("1"), action: GlobalAction.queue.rawValue, label: catalog[.queueTitle], showsInBar: false),
            KeyBinding(.alt("2"), action: GlobalAction.counter.rawValue, label: catalog[.counterTitle], showsInBar: false),
            KeyBinding(.alt("3"), action: GlobalAction.handoff.rawValue, label: catalog[.handoffTitle], showsInBar: false),
            KeyBinding(.alt("4"), action: GlobalAction.pickup.rawValue, label: catalog[.pickupTitle], showsInBar: false),
            KeyBinding(.alt("5"), action: GlobalAction.sync.rawValue, label: catalog[.syncTitle], showsInBar: false),
            KeyBinding(.alt("6"), action: GlobalAction.dashboard.rawValue, label: catalog[report: .dashboardTitle], showsInBar: false),
            KeyBinding(.alt("t"), action: GlobalAction.theme.rawValue, label: catalog[.keyTheme], showsInBar: false),
            KeyBinding(.alt("l"), action: GlobalAction.lock.rawValue, label: catalog[.keyLock], showsInBar: false),
        ])
    }

    /// The keys of the screen shown, then the shared ones: what the bar and the help list.
    public static func keys(_ state: State) -> KeyTable {
        let catalog = state.catalog
        var screen: [KeyBinding]
        switch state.route {
        case .signIn:
            let shared = globalKeys(catalog).bindings.filter { $0.key == .function(1) || $0.key == .function(9) }
            return KeyTable(shared.prefix(1) + SignInScreen.keys(catalog).bindings + shared.dropFirst())
        case .queue:
            screen = QueueScreen.keys(catalog).bindings + QueueScreen.searchKeys(state.queue, catalog) + [signOutKey(catalog)]
        case .counter:
            if let modal = state.counter?.modal {
                // A dialog's keys are the bar's while it is open; help and the language still work.
                let shared = globalKeys(catalog).bindings
                return KeyTable(shared.filter { $0.key == .function(1) } + CounterScreen.modalKeys(modal, catalog).bindings
                                + shared.filter { $0.key == .function(9) })
            }
            screen = state.counter.map { CounterScreen.keys($0, catalog).bindings } ?? []
        case .handoff: screen = HandoffScreen.keys(catalog).bindings
        case .pickup: screen = PickupScreen.keys(catalog).bindings
        case .sync: screen = SyncScreen.keys(catalog).bindings
        case .dashboard:
            screen = DashboardScreen.keys(catalog, allowed: state.dashboard?.isAllowed ?? false).bindings
        }
        // F1 leads the bar: on a narrow terminal whatever does not fit is still one key away, in the help.
        let shared = globalKeys(catalog).bindings
        return KeyTable(shared.filter { $0.key == .function(1) } + screen + shared.filter { $0.key != .function(1) })
    }

    /// On the queue F10 signs out; elsewhere it goes back to the queue.
    static func signOutKey(_ catalog: Catalog) -> KeyBinding {
        KeyBinding(.function(10), action: GlobalAction.signOut.rawValue, label: catalog[.keySignOut])
    }

    /// The keys the shell itself acts on in the screen shown; a screen's own action names never reach it.
    static func sharedKeys(_ state: State) -> KeyTable {
        let catalog = state.catalog
        return KeyTable(globalKeys(catalog).bindings + (state.route == .queue ? [signOutKey(catalog)] : []))
    }

    /// The first commands: the status line's counts.
    public static func start(_ state: State) -> [Command] { [.loadStatus] }

    public static func update(_ state: State, _ message: Message) -> (State, [Command]) {
        var state = state
        let catalog = state.catalog
        switch message {
        case .tick(let now):
            state.status.now = now
            expireNotice(&state, now: now)
            if let session = state.session, let limit = state.idleLimit, state.route != .signIn,
               now.timeIntervalSince(state.lastActivity) >= limit {
                return lock(state, session, kind: .idleLocked)
            }
            // Today's dashboard reloads every few seconds: a day's report is cheap, not free.
            if state.route == .dashboard, Int(now.timeIntervalSince1970) % 3 == 0 {
                return update(state, .dashboard(.tick(now)))
            }
            let refresh = refreshCommands(state)
            // The status line's counts every few seconds: on a large center the overdue count reads
            // many index entries (docs/benchmarks.md); an action of this counter reloads them at once.
            return (state, Int(now.timeIntervalSince1970) % statusRefreshSeconds == 0 ? refresh : refresh.filter { $0 != .loadStatus })
        case .resized(let size):
            let (queue, commands) = QueueScreen.update(state.queue, .resized(visibleRows: QueueScreen.visibleRows(for: size)),
                                                       catalog: catalog)
            state.queue = queue
            return (state, commands.map(Command.queue))
        case .status(let counts):
            state.status = state.status.refreshed(with: counts)
            return (state, [])
        case .signedIn(let profile):
            var commands: [Command] = []
            let wasLocked = state.signIn.lockedOperator == profile.id
            if let previous = state.session, previous.id != profile.id {
                commands.append(.log(.signedOut, previous.id, detail: "another operator signed in"))
            }
            commands.append(.log(wasLocked ? .unlocked : .signedIn, profile.id, detail: ""))
            state.session = profile
            state.status.operatorName = profile.shownName
            state.signIn = SignInScreen.State(catalog: catalog, hint: state.signInHint)
            if state.queue.viewer != profile.id {
                let visibleRows = state.queue.visibleRows
                state.queue = QueueScreen.State(now: state.status.now, viewer: profile.id)
                state.queue.visibleRows = visibleRows
                state.counter = nil
            }
            state.route = state.counter != nil && wasLocked ? .counter : .queue
            return (state, commands + [.queue(.loadServices), .queue(QueueScreen.pageCommand(state.queue)), .loadStatus])
        case .claimed(let id):
            state.counter = CounterScreen.State(id: id)
            state.route = .counter
            return (state, [.counter(.load(id))])
        case .signIn(let screenMessage):
            let (next, commands, _) = SignInScreen.update(state.signIn, screenMessage, catalog: catalog)
            state.signIn = next
            return (state, commands.map(Command.signIn))
        case .queue(let screenMessage):
            let (next, commands) = QueueScreen.update(state.queue, screenMessage, catalog: catalog)
            state.queue = next
            return (state, commands.map(Command.queue))
        case .counter(let screenMessage):
            guard let counter = state.counter else { return (state, []) }
            return afterCounter(state, CounterScreen.update(counter, screenMessage, catalog: catalog))
        case .handoff(let screenMessage):
            let (next, commands, leave) = HandoffScreen.update(state.handoff, screenMessage, catalog: catalog)
            state.handoff = next
            return leave ? toQueue(state) : (state, commands.map(Command.handoff))
        case .pickup(let screenMessage):
            let (next, commands, leave) = PickupScreen.update(state.pickup, screenMessage, catalog: catalog)
            state.pickup = next
            return leave ? toQueue(state) : (state, commands.map(Command.pickup))
        case .sync(let screenMessage):
            let (next, commands, leave) = SyncScreen.update(state.sync, screenMessage, catalog: catalog)
            state.sync = next
            return leave ? toQueue(state) : (state, commands.map(Command.sync) + (commands.isEmpty ? [] : [.loadStatus]))
        case .dashboard(let screenMessage):
            guard let dashboard = state.dashboard else { return (state, []) }
            let (next, commands) = DashboardScreen.update(dashboard, screenMessage)
            state.dashboard = next
            state.language = next.language
            if next.quit {
                state.dashboard = nil
                return toQueue(state)
            }
            return (state, commands.map(Command.dashboard))
        case .key(let key):
            return handle(key, state)
        }
    }

    private static func handle(_ key: Key, _ state: State) -> (State, [Command]) {
        var state = state
        state.lastActivity = state.status.now
        let catalog = state.catalog
        if state.showsHelp {
            state.showsHelp = false
            return (state, [])
        }
        if state.route == .signIn {
            if key == .function(1) {
                state.showsHelp = true
                return (state, [])
            }
            if key == .function(9) {
                state.language = state.language.toggled
                state.signIn.form.fields[0].label = state.catalog[.operatorID]
                state.signIn.form.fields[1].label = state.catalog[.password]
                return (state, [])
            }
            let (next, commands, quit) = SignInScreen.update(state.signIn, .key(key), catalog: catalog)
            state.signIn = next
            state.quit = quit
            return (state, commands.map(Command.signIn))
        }
        guard let session = state.session else { return (state, []) }
        // Text being typed keeps its keys; the shared keys act only outside a text box or dialog.
        if state.route == .dashboard {
            // The dashboard keeps its own keys (F1, F9, F10 included); only the screen keys lead elsewhere.
            let navigation = globalKeys(catalog).action(for: key).flatMap(GlobalAction.init(rawValue:))
            guard let navigation, ![.help, .language, .dashboard].contains(navigation) else {
                return update(state, .dashboard(.key(key)))
            }
            state.dashboard = nil
        }
        let isTyping = (state.route == .queue && state.queue.isSearching) || state.counter?.modal != nil && state.route == .counter
            || state.handoff.modal != nil && state.route == .handoff || state.pickup.collector != nil && state.route == .pickup
        if !isTyping || key == .function(1) || key == .function(9),
           let action = sharedKeys(state).action(for: key).flatMap(GlobalAction.init(rawValue:)) {
            switch action {
            case .help:
                state.showsHelp = true
                return (state, [])
            case .language:
                state.language = state.language.toggled
                return (state, [])
            case .queue: return toQueue(state)
            case .counter:
                guard let counter = state.counter else {
                    state.queue.message = Notice { catalog in catalog[.noRequestAtCounter] }
                    return (state, [])
                }
                state.route = .counter
                return (state, [.counter(.load(counter.id))])
            case .handoff:
                state.route = .handoff
                return (state, [.handoff(.load)])
            case .pickup:
                state.route = .pickup
                return (state, [.pickup(.find(state.pickup.search.text))])
            case .sync:
                state.route = .sync
                return (state, [.sync(.load)])
            case .dashboard:
                // An operator gets the screen's refusal, and the refusal is recorded.
                var dashboard = DashboardScreen.State(language: state.language, role: session.role, now: state.status.now,
                                                      center: state.status.center, operatorName: session.shownName)
                let commands: [DashboardScreen.Command]
                (dashboard, commands) = DashboardScreen.update(dashboard, .opened)
                state.dashboard = dashboard
                state.route = .dashboard
                return (state, commands.map(Command.dashboard))
            case .theme:
                return (state, [.nextTheme])
            case .lock:
                return lock(state, session, kind: .idleLocked, detail: "locked by the operator")
            case .signOut:
                state.session = nil
                state.counter = nil
                state.route = .signIn
                state.status.operatorName = nil
                state.signIn = SignInScreen.State(catalog: catalog, hint: state.signInHint)
                return (state, [.log(.signedOut, session.id, detail: "")])
            }
        }
        switch state.route {
        case .signIn: return (state, [])
        case .queue: return update(state, .queue(.key(key)))
        case .counter: return update(state, .counter(.key(key)))
        case .handoff: return update(state, .handoff(.key(key)))
        case .pickup: return update(state, .pickup(.key(key)))
        case .sync: return update(state, .sync(.key(key)))
        case .dashboard: return update(state, .dashboard(.key(key)))
        }
    }

    private static func lock(_ state: State, _ session: Operator, kind: SessionEventKind, detail: String = "") -> (State, [Command]) {
        var state = state
        state.route = .signIn
        state.showsHelp = false
        state.signIn = SignInScreen.State(catalog: state.catalog, lockedOperator: session.id, hint: state.signInHint)
        return (state, [.log(kind, session.id, detail: detail)])
    }

    private static func toQueue(_ state: State) -> (State, [Command]) {
        var state = state
        state.route = .queue
        return (state, [.queue(QueueScreen.pageCommand(state.queue)), .loadStatus])
    }

    private static func afterCounter(_ state: State, _ result: (CounterScreen.State, [CounterScreen.Command])) -> (State, [Command]) {
        var state = state
        let (counter, commands) = result
        guard counter.finished != nil else {
            state.counter = counter
            return (state, commands.map(Command.counter))
        }
        // The request left this counter (or the operator stepped back): the queue shows what happened.
        state.queue.message = counter.message
        if counter.finished?.endsVisit == true {
            // The request searched for by its id has left the queue: the search goes with it.
            state.queue = QueueScreen.afterVisit(of: counter.id, state.queue)
            state.counter = nil
        } else {
            var kept = counter
            kept.finished = nil
            state.counter = kept
        }
        return toQueue(state)
    }

    static let statusRefreshSeconds = 5

    /// How long a message stays on the status line when nothing else replaces it.
    static let noticeLifetime: TimeInterval = 10

    /// The message of the screen shown, as the status line draws it.
    static func shownNotice(_ state: State) -> Notice? {
        switch state.route {
        case .signIn, .dashboard: nil
        case .queue: state.queue.message
        case .counter: state.counter?.message
        case .handoff: state.handoff.message
        case .pickup: state.pickup.message
        case .sync: state.sync.message
        }
    }

    /// A message goes after `noticeLifetime` seconds: an old "Sealed" must not read as news.
    static func expireNotice(_ state: inout State, now: Date) {
        guard let notice = shownNotice(state) else {
            state.noticeShown = nil
            return
        }
        guard let shown = state.noticeShown, shown.notice == notice else {
            state.noticeShown = (notice, now)
            return
        }
        guard now.timeIntervalSince(shown.since) >= noticeLifetime else { return }
        switch state.route {
        case .signIn, .dashboard: break
        case .queue: state.queue.message = nil
        case .counter: state.counter?.message = nil
        case .handoff: state.handoff.message = nil
        case .pickup: state.pickup.message = nil
        case .sync: state.sync.message = nil
        }
        state.noticeShown = nil
    }

    /// What the screen shown reloads every second, so a colleague's claim shows here at once.
    private static func refreshCommands(_ state: State) -> [Command] {
        switch state.route {
        case .signIn: []
        case .queue: [.queue(QueueScreen.pageCommand(state.queue)), .loadStatus]
        case .counter, .dashboard: [.loadStatus]
        // The shelf as colleagues fill and empty it, unless the operator is handing an envelope over.
        case .pickup:
            state.pickup.collector == nil && !state.pickup.isBusy
                ? [.pickup(.find(state.pickup.search.text)), .loadStatus] : [.loadStatus]
        case .handoff: state.handoff.modal == nil && !state.handoff.isBusy ? [.handoff(.load), .loadStatus] : [.loadStatus]
        case .sync: state.sync.isBusy ? [] : [.sync(.load), .loadStatus]
        }
    }

    public static func view(_ state: State, into buffer: inout Buffer, context: RenderContext? = nil) {
        let catalog = state.catalog
        var context = context ?? state.language.context
        context.direction = state.language.context.direction
        if state.route == .dashboard, let dashboard = state.dashboard {
            DashboardScreen.view(dashboard, into: &buffer, context: context)
            return
        }
        let area = buffer.area
        let parts = Layout.split(area, .vertical, [.fill(), .fixed(1), .fixed(1)])
        var message: Notice?
        switch state.route {
        case .signIn:
            SignInScreen.view(state.signIn, into: &buffer, area: parts[0], context: context, catalog: catalog)
        case .queue:
            QueueScreen.view(state.queue, into: &buffer, area: parts[0], context: context, catalog: catalog)
            message = state.queue.message
        case .counter:
            if let counter = state.counter {
                CounterScreen.view(counter, into: &buffer, area: parts[0], context: context, catalog: catalog, now: state.status.now)
                message = counter.message
            }
        case .handoff:
            HandoffScreen.view(state.handoff, into: &buffer, area: parts[0], context: context, catalog: catalog)
            message = state.handoff.message
        case .pickup:
            PickupScreen.view(state.pickup, into: &buffer, area: parts[0], context: context, catalog: catalog)
            message = state.pickup.message
        case .sync:
            SyncScreen.view(state.sync, into: &buffer, area: parts[0], context: context, catalog: catalog)
            message = state.sync.message
        case .dashboard:
            break
        }
        state.status.line(catalog, message: message?.text(in: catalog.language)).render(into: &buffer, area: parts[1], context: context)
        let keys = keys(state)
        KeyBar(keys).render(into: &buffer, area: parts[2], context: context)
        if state.showsHelp {
            HelpOverlay(title: catalog[.help], keys: keys).render(into: &buffer, area: area, context: context)
        }
    }
}
