import ShubbakCore
import ShubbakTerminal

extension Shell.Route {
    public static let counter = Shell.Route("counter")
}

/// The counter holds the request claimed, or nothing.
extension CounterScreen: Screen {
    public typealias ScreenMessage = Message
    public typealias ScreenCommand = Command
    public typealias ScreenState = State?

    public static var route: Shell.Route { .counter }
    public static var shortcut: Character? { "2" }
    public static func title(_ catalog: Catalog) -> String { catalog[.counterTitle] }
    public static func initial(_ context: ScreenContext) -> State? { nil }

    public static func open(_ state: State?, _ context: ScreenContext) -> Step<CounterScreen> {
        guard let state else { return Step(nil, exit: .refuse(.text(.noRequestAtCounter))) }
        return Step(state, [.load(state.id)])
    }

    public static func update(_ state: State?, _ message: Message, _ context: ScreenContext) -> Step<CounterScreen> {
        if case .claimed(let id) = message {
            let (opened, commands) = update(State(id: id), message, catalog: context.catalog)
            return Step(opened, commands, exit: .show)
        }
        guard let state else { return Step(nil) }
        let (counter, commands) = update(state, message, catalog: context.catalog)
        guard let finished = counter.finished else { return Step(counter, commands) }
        // The request left this counter (or the operator stepped back): the queue shows what happened.
        if finished.endsVisit { return Step(nil, exit: .back(counter.message, endedVisit: counter.id)) }
        var kept = counter
        kept.finished = nil
        return Step(kept, exit: .back(counter.message))
    }

    public static func key(_ key: Key) -> Message { .key(key) }

    /// What others did to the request (the supervisor's decision on a flood, a cancel from the central
    /// office) shows within seconds; not while the operator is in a dialog or waiting for an answer.
    public static func tick(_ state: State?, _ context: ScreenContext) -> Step<CounterScreen> {
        guard var state, state.modal == nil, !state.isBusy, !state.isRefreshing, state.finished == nil, state.sealedPickupCode == nil,
              Int(context.now.timeIntervalSince1970) % 5 == 0 else { return Step(state) }
        state.isRefreshing = true
        return Step(state, [.load(state.id)])
    }

    /// While a dialog is open its keys are the bar's.
    public static func keys(_ state: State?, _ catalog: Catalog) -> KeyTable {
        guard let state else { return KeyTable([]) }
        return state.modal.map { modalKeys($0, catalog) } ?? keys(state, catalog)
    }

    public static func view(_ state: State?, into buffer: inout Buffer, area: Rect, context: RenderContext, screen: ScreenContext) {
        guard let state else { return }
        view(state, into: &buffer, area: area, context: context, catalog: screen.catalog, now: screen.now)
    }

    public static func capturesTyping(_ state: State?) -> Bool { state?.modal != nil }
    public static func notice(_ state: State?) -> Notice? { state?.message }

    public static func withNotice(_ notice: Notice?, _ state: State?) -> State? {
        var state = state
        state?.message = notice
        return state
    }
}

extension Shell.State {
    public var counter: CounterScreen.State? {
        get { state(of: CounterScreen.self) }
        set { set(newValue, of: CounterScreen.self) }
    }
}

extension Shell.Command {
    public static func counter(_ command: CounterScreen.Command) -> Self { .to(CounterScreen.self, command) }
}

extension Shell.Message {
    public static func counter(_ message: CounterScreen.Message) -> Self { .to(CounterScreen.self, message) }
    /// The app claimed the request for this operator: it opens at the counter.
    public static func claimed(_ id: RequestID) -> Self { .counter(.claimed(id)) }
}
