import Foundation
import ShubbakCore
import ShubbakTerminal

/// Sign-in at the start of a shift, and the lock screen after the counter was left idle.
public enum SignInScreen {
    public struct State: Sendable {
        public var form: Form
        /// Set when the screen locks an operator's session: only a password is asked, or another operator signs in.
        public var lockedOperator: OperatorID?
        public var refusal: Refusal?
        public var isChecking = false
        /// Shown under the form in the demo only, so a newcomer can sign in.
        public var hint: String?

        public init(lockedOperator: OperatorID? = nil, hint: String? = nil) {
            form = Form([
                FormField(.text(.operatorID), input: TextInput(lockedOperator?.rawValue ?? "", maximumLength: 32),
                          direction: .leftToRight),
                FormField(.text(.password), input: TextInput("", maximumLength: 128), direction: .leftToRight),
            ], focus: lockedOperator == nil ? 0 : 1)
            self.lockedOperator = lockedOperator
            self.hint = hint
        }

        var operatorText: String { form.fields[0].input.text.trimmingCharacters(in: .whitespaces) }
        var password: String { form.fields[1].input.text }
    }

    /// Why a sign-in was refused; the screen words it in the operator's language.
    public enum Refusal: Hashable, Sendable {
        case unknownOperator
        case wrongPassword(remaining: Int)
        case locked(until: Date)
        case disabled
        case missingField
        case failed(String)
    }

    public enum Command: Hashable, Sendable {
        case signIn(OperatorID, password: String)
    }

    public enum Message: Sendable {
        case key(Key)
        case refused(Refusal)
    }

    public enum Action: String, Sendable {
        case submit, quit
    }

    public static func keys(_ catalog: Catalog) -> KeyTable {
        KeyTable([
            KeyBinding(.enter, action: Action.submit.rawValue, label: catalog[.keySignIn]),
            KeyBinding(.tab, action: "next", label: catalog[.keyNextField], showsInBar: false),
            KeyBinding(.function(10), action: Action.quit.rawValue, label: catalog[.keyQuit]),
        ])
    }

    /// Pure. `signedIn` is decided by the shell when the app answers the command.
    public static func update(_ state: State, _ message: Message, catalog: Catalog) -> (State, [Command], quit: Bool) {
        var state = state
        switch message {
        case .refused(let refusal):
            state.refusal = refusal
            state.isChecking = false
            state.form.fields[1].input.clear()
            state.form.focus = 1
            return (state, [], false)
        case .key(var key):
            if case .scan(let text) = key {
                // Text typed fast, or a badge scanned: the text, then its Enter.
                state.form.fields[state.form.focus].input.insert(text)
                key = .enter
            }
            switch keys(catalog).action(for: key).flatMap(Action.init(rawValue:)) {
            case .submit:
                if state.form.focus == 0 && state.password.isEmpty && state.lockedOperator == nil {
                    state.form.focus = 1
                    return (state, [], false)
                }
                return submit(state)
            case .quit:
                return (state, [], true)
            case nil:
                if state.lockedOperator != nil && state.form.focus == 0 && key != .tab && key != .up && key != .down {
                    // The locked operator's id stays; another operator may still clear it and sign in.
                    state.lockedOperator = nil
                }
                _ = state.form.handle(key, direction: .leftToRight)
                return (state, [], false)
            }
        }
    }

    private static func submit(_ state: State) -> (State, [Command], quit: Bool) {
        var state = state
        guard !state.operatorText.isEmpty, !state.password.isEmpty else {
            state.refusal = .missingField
            return (state, [], false)
        }
        guard let id = try? OperatorID(state.operatorText) else {
            state.refusal = .unknownOperator
            return (state, [], false)
        }
        state.isChecking = true
        state.refusal = nil
        return (state, [.signIn(id, password: state.password)], false)
    }

    public static func text(_ refusal: Refusal, _ catalog: Catalog) -> String {
        switch refusal {
        case .unknownOperator: catalog[.signInUnknown]
        case .wrongPassword(let remaining): "\(catalog[.signInWrong]) (\(catalog[.triesLeft]) \(remaining))"
        case .locked(let until): "\(catalog[.signInLocked]) \(catalog.clock(until))"
        case .disabled: catalog[.signInDisabled]
        case .missingField: catalog[.signInMissing]
        case .failed(let reason): "\(catalog[.refused]): \(reason)"
        }
    }

    public static func view(_ state: State, into buffer: inout Buffer, area: Rect, context: RenderContext, catalog: Catalog) {
        let title = state.lockedOperator == nil ? catalog[.signInTitle] : catalog[.lockedTitle]
        let box = area.centered(width: min(60, area.width), height: min(11, area.height))
        let block = Block(title: title)
        block.render(into: &buffer, area: box, context: context)
        let inner = block.inner(box).inset(left: 1, right: 1)
        var form = state.form
        // The password is never drawn: one dot per character.
        form.fields[1].input = TextInput(String(repeating: "•", count: state.password.count))
        form.render(into: &buffer, area: inner.inset(top: 1), context: context)
        if state.isChecking {
            buffer.drawText(catalog[.checking], in: inner.row(4), style: Style(.hint), context: context)
        } else if let refusal = state.refusal {
            Paragraph(text(refusal, catalog), style: Style(.error)).render(into: &buffer, area: inner.inset(top: 4), context: context)
        }
        if let hint = state.hint, inner.height > 7 {
            buffer.drawText(hint, in: inner.row(inner.height - 1), style: Style(.hint), context: context)
        }
    }
}
