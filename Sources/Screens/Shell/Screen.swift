import Foundation
import ShubbakCore
import ShubbakTerminal

/// One screen of the counter, in the shape the shell routes through: its state, a pure update that returns the
/// next state and the commands for the app to run, its key table (which the bar and the help draw), its view,
/// and whether it has the keys for typing. A new screen is its folder and one line in `Shell.screens`.
public protocol Screen {
    associatedtype ScreenState: Sendable
    associatedtype ScreenMessage: Sendable
    associatedtype ScreenCommand: Hashable, Sendable

    static var route: Shell.Route { get }
    /// Alt with this character opens the screen from any other; nil when only the shell opens it.
    static var shortcut: Character? { get }
    /// The screen's name in the help, beside its shortcut.
    static func title(_ catalog: Catalog) -> String
    /// What the screen holds when a session starts.
    static func initial(_ context: ScreenContext) -> ScreenState
    /// The operator asked for the screen by its key (or the session started on it).
    static func open(_ state: ScreenState, _ context: ScreenContext) -> Step<Self>
    static func update(_ state: ScreenState, _ message: ScreenMessage, _ context: ScreenContext) -> Step<Self>
    /// Keys reach a screen as this message.
    static func key(_ key: Key) -> ScreenMessage
    /// Every second while shown: the clock moved on, and what colleagues did may show.
    static func tick(_ state: ScreenState, _ context: ScreenContext) -> Step<Self>
    /// The terminal changed size.
    static func resized(_ state: ScreenState, _ size: Size, _ context: ScreenContext) -> Step<Self>
    /// The screen's keys in this state, labelled in the catalog's language.
    static func keys(_ state: ScreenState, _ catalog: Catalog) -> KeyTable
    /// Draws the screen into `area` (the whole terminal when `drawsWholeScreen`).
    static func view(_ state: ScreenState, into buffer: inout Buffer, area: Rect, context: RenderContext, screen: ScreenContext)
    /// While true, printable keys, F10 and the Alt keys are the screen's own (text or a dialog has the focus).
    static func capturesTyping(_ state: ScreenState) -> Bool
    /// The message the status line shows for this screen, and how to take it away.
    static func notice(_ state: ScreenState) -> Notice?
    static func withNotice(_ notice: Notice?, _ state: ScreenState) -> ScreenState
    /// What is kept when the operator moves to another screen.
    static func left(_ state: ScreenState) -> ScreenState
    /// Draws its own title, status line and key bar (the dashboard).
    static var drawsWholeScreen: Bool { get }
}

extension Screen {
    public static var shortcut: Character? { nil }
    public static func open(_ state: ScreenState, _ context: ScreenContext) -> Step<Self> { Step(state) }
    public static func tick(_ state: ScreenState, _ context: ScreenContext) -> Step<Self> { Step(state) }
    public static func resized(_ state: ScreenState, _ size: Size, _ context: ScreenContext) -> Step<Self> { Step(state) }
    public static func capturesTyping(_ state: ScreenState) -> Bool { false }
    public static func left(_ state: ScreenState) -> ScreenState { state }
    public static var drawsWholeScreen: Bool { false }
}

/// A screen state with a message for the status line: the screen's `notice` and `withNotice` come with it.
public protocol HoldsNotice {
    var message: Notice? { get set }
}

extension Screen where ScreenState: HoldsNotice {
    public static func notice(_ state: ScreenState) -> Notice? { state.message }

    public static func withNotice(_ notice: Notice?, _ state: ScreenState) -> ScreenState {
        var state = state
        state.message = notice
        return state
    }
}

/// What the shell tells a screen besides its own state.
public struct ScreenContext: Sendable {
    public var catalog: Catalog
    public var now: Date
    public var session: Operator?
    public var center: String
    /// Shown under the sign-in form in the demo only.
    public var signInHint: String?

    public var language: Language { catalog.language }
}

/// What came of a message to a screen: its next state, the commands to run, and where the shell goes next.
public struct Step<S: Screen> {
    public var state: S.ScreenState
    public var commands: [S.ScreenCommand]
    public var exit: Exit?
    /// The status line's counts are read again at once (a sync changes them).
    public var reloadsStatus = false

    public init(_ state: S.ScreenState, _ commands: [S.ScreenCommand] = [], exit: Exit? = nil) {
        self.state = state
        self.commands = commands
        self.exit = exit
    }
}

/// Where the shell goes after a screen's step.
public enum Exit: Hashable, Sendable {
    /// Back to the queue, which shows `notice`; `endedVisit` is the request that left the counter for good.
    case back(Notice?, endedVisit: RequestID? = nil)
    /// This screen is shown (a claimed request opens at the counter).
    case show
    /// The screen cannot open now; the operator is told why where they are.
    case refuse(Notice)
    /// The application ends.
    case quit
}

/// A command of one screen, carried through the shell to the app's desk for that screen.
public struct RoutedCommand: Hashable, Sendable {
    public let route: Shell.Route
    public let payload: any Hashable & Sendable

    public init<S: Screen>(_ screen: S.Type, _ command: S.ScreenCommand) {
        route = S.route
        payload = command
    }

    /// The command, if it is one of `screen`'s.
    public func command<S: Screen>(of screen: S.Type) -> S.ScreenCommand? {
        route == S.route ? payload as? S.ScreenCommand : nil
    }

    public static func == (lhs: RoutedCommand, rhs: RoutedCommand) -> Bool {
        lhs.route == rhs.route && AnyHashable(lhs.payload) == AnyHashable(rhs.payload)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(route)
        hasher.combine(AnyHashable(payload))
    }
}

/// An answer for one screen, carried back from the app's desk.
public struct RoutedMessage: Sendable {
    public let route: Shell.Route
    public let payload: any Sendable

    public init<S: Screen>(_ screen: S.Type, _ message: S.ScreenMessage) {
        route = S.route
        payload = message
    }

    public func message<S: Screen>(of screen: S.Type) -> S.ScreenMessage? {
        route == S.route ? payload as? S.ScreenMessage : nil
    }
}
