import Dispatch
import ShubbakCore
import ShubbakScreens
import Synchronization

/// Carries out the shell's commands away from the UI's thread and hands their answers back, as
/// Bubble Tea's commands do: the loop keeps drawing and reading keys while a sync applies a large
/// bundle or a printer takes its time. Two lanes, each in order: the long work (a sync, a print)
/// and everything else, so that a claim or a page of the queue does not wait behind a printer.
final class CommandRunner: Sendable {
    private let desks: Desks
    private let quick = DispatchQueue(label: "shubbak.commands")
    private let long = DispatchQueue(label: "shubbak.long-commands")
    private let answers = Mutex<[Shell.Message]>([])
    private let running = Mutex<Int>(0)
    /// Commands queued and not yet started: the same one asked again (a page reloaded every second while a
    /// claim waits for the database) is not queued twice.
    private let queued = Mutex<Set<Shell.Command>>([])

    init(desks: Desks) {
        self.desks = desks
    }

    /// Queues `command`; its answer comes out of `takeAnswers()`.
    func submit(_ command: Shell.Command, session: Operator?) {
        guard queued.withLock({ $0.insert(command).inserted }) else { return }
        running.withLock { $0 += 1 }
        (desks.takesLong(command) ? long : quick).async { [self] in
            queued.withLock { _ = $0.remove(command) }
            let messages = desks.execute(command, session: session) { [self] progress in
                answers.withLock { $0.append(progress) }
            }
            answers.withLock { $0 += messages }
            running.withLock { $0 -= 1 }
        }
    }

    /// The answers that came back since the last call, in the order they came.
    func takeAnswers() -> [Shell.Message] {
        answers.withLock { answers in
            defer { answers.removeAll() }
            return answers
        }
    }

    /// Whether a command is still running or its answer not yet taken: the loop then looks again soon.
    var isBusy: Bool {
        running.withLock { $0 > 0 } || answers.withLock { !$0.isEmpty }
    }

    /// Waits for every queued command, at the end: a sign-out must be written before the process goes.
    func finish() {
        quick.sync {}
        long.sync {}
    }
}
