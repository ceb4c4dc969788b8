import ArgumentParser
import Foundation
import ShubbakCore
import ShubbakScreens
import ShubbakStore
import ShubbakTerminal

/// Issue 18 goal 3: names typed into the queue's search one character at a time, at a center's size.
/// Each character is what the run loop does for it: the key, the page the screen asks for (the
/// desk's reads on the store), and a full 200×60 redraw with the narrowed list.
struct SearchBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Names typed into the queue's search: each character → page → 200×60 redraw (goal ≤ 16 ms p99).")

    @Option(help: "Requests in the store.")
    var requests = 20_000

    @Option(help: "Names to type (a first name and a father's name each), taken from requests spread over the queue.")
    var names = 40

    @Option(help: "Use (or build and keep) the store in this folder instead of a temporary one.")
    var data: String?

    @Flag(help: "Keep the temporary folder.")
    var keep = false

    func run() throws {
        let workspace = try Workspace(name: "search", keep: keep, folder: data)
        defer { workspace.finish() }
        let now = Date()
        let store = try BenchQueue.store(workspace, requests: requests, now: now)
        let everyone = try store.read { tx in try tx.queue(QueueFilter(), at: now, limit: Int.max) }
        guard !everyone.isEmpty else { throw BenchError("the store holds no open request") }
        let typed = (0..<names).map { index -> String in
            let words = everyone[index * everyone.count / max(names, 1)].subjectName.split(separator: " ")
            return words.prefix(2).joined(separator: " ")
        }
        let status = StatusInfo(center: "\(BenchQueue.center) مركز خدمة المواطن في حماة", now: now)
        var signedIn = Shell.State(language: .arabic, status: status, idleLimit: nil)
        signedIn = Shell.update(signedIn, .resized(QueueBenchmark.screen)).0
        signedIn = Shell.update(signedIn, .signedIn(Operator(id: OperatorID(stored: "op-01"), name: "سامر الحموي", role: .operator))).0
        signedIn = run(signedIn, .queue(.page(try store.read { tx in
            try tx.queuePage(QueueFilter(), at: now, .top, limit: QueueScreen.visibleRows(for: QueueBenchmark.screen))
        }, of: .top, now: now)), store: store, now: now).state
        var keyTimes: [Timing] = []
        var queryTimes: [Timing] = []
        var matches: [Int] = []
        for name in typed {
            var state = run(signedIn, .key(.function(2)), store: store, now: now).state
            for character in name {
                let (next, time) = Stopwatch.measure { () -> Shell.State in
                    let next = run(state, .key(.char(character)), store: store, now: now).state
                    var buffer = Buffer(size: QueueBenchmark.screen)
                    Shell.view(next, into: &buffer)
                    return next
                }
                state = next
                keyTimes.append(time)
                // The page and the count the screen asked for, straight from the store's transaction.
                let filter = state.queue.filter
                let (_, queryTime) = try Stopwatch.measure {
                    try store.read { tx in try tx.queuePage(filter, at: now, .top, limit: state.queue.visibleRows) }
                }
                queryTimes.append(queryTime)
            }
            matches.append(state.queue.total)
            guard state.queue.filter.search == name, state.queue.page.allSatisfy({ ArabicName.safeNormalised($0.subjectName).contains(ArabicName.safeNormalised(name)) }) else {
                throw BenchError("the list does not show the requests named «\(name)»")
            }
        }
        print("\(grouped(everyone.count)) open requests; \(typed.count) names typed, \(keyTimes.count) characters; "
              + "matches for the whole names: median \(matches.sorted()[matches.count / 2]), fewest \(matches.min() ?? 0), most \(matches.max() ?? 0)\n")
        var table = FigureTable(header: ["ms", "wall p50", "wall p99", "cpu p50", "cpu p99", "goal"])
        func add(_ label: String, _ times: [Timing], goal: String) {
            let wall = Percentiles(times.map(\.wall.milliseconds)), cpu = Percentiles(times.map(\.cpu.milliseconds))
            table.add(label, format(wall(50), digits: 3), format(wall(99), digits: 3), format(cpu(50), digits: 3), format(cpu(99), digits: 3), goal)
        }
        add("a character typed → list redrawn", keyTimes, goal: "≤ 16 p99")
        add("its page and count in the store", queryTimes, goal: "")
        table.print()
    }

    /// One message through the Shell, and the page commands it leads to answered as the queue's desk answers them.
    private func run(_ state: Shell.State, _ message: Shell.Message, store: CenterStore, now: Date) -> (state: Shell.State, pages: Int) {
        var (next, pending) = Shell.update(state, message)
        var pages = 0
        while !pending.isEmpty {
            guard case .screen(let routed) = pending.removeFirst(), let command = routed.command(of: QueueScreen.self),
                  case .loadPage = command else { continue }
            pages += 1
            let more: [Shell.Command]
            (next, more) = Shell.update(next, .queue(BenchQueue.pageMessage(store, command, now: now)))
            pending += more
        }
        return (next, pages)
    }
}
