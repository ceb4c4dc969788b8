import ArgumentParser
import Foundation
import ShubbakCore
import ShubbakSampleData
import ShubbakScreens
import ShubbakTerminal

/// Issue 18 goal 1: one full frame of the queue and of the counter, the whole application's view
/// (screen, status line, key bar) drawn into a fresh 200×60 buffer, as the run loop draws it after a
/// key. No store: the page and the request are in memory, so the figure is the drawing alone. Each
/// screen is timed as after a key (the texts drawn before are known) and with every text new (the
/// cache of fitted lines emptied before each frame). Beside them, their floor: the same 12,000 cells
/// written one by one into a flat array.
struct FrameBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frame", abstract: "A full 200×60 frame of the queue and the counter, beside 12,000 bare cell writes.")

    @Option(help: "Frames to time for each screen.")
    var frames = 2_000

    @Option(help: "Rounds: each round times every screen and the floor in turn; medians over rounds are printed.")
    var rounds = 5

    @Option(help: "Only the screens whose label starts with this (e.g. \"queue, Arabic\"), to profile one.")
    var only: String?

    static let screen = Size(width: 200, height: 60)

    func validate() throws {
        guard frames > 0, rounds > 0 else { throw ValidationError("--frames and --rounds take a positive whole number") }
    }

    func run() throws {
        let now = Date()
        let screens: [(String, Shell.State)] = [
            ("queue, Arabic", try Self.queue(.arabic, now: now)),
            ("queue, English", try Self.queue(.english, now: now)),
            ("counter, Arabic", try Self.counter(.arabic, now: now)),
            ("counter, English", try Self.counter(.english, now: now)),
        ].filter { screen in only.map { screen.0.hasPrefix($0) || $0.hasPrefix(screen.0) } ?? true }
        var times: [String: (wall: [Double], cpu: [Double])] = [:]
        func record(_ label: String, _ samples: [Timing]) {
            times[label, default: ([], [])].wall.append(contentsOf: samples.map(\.wall.milliseconds))
            times[label, default: ([], [])].cpu.append(contentsOf: samples.map(\.cpu.milliseconds))
        }
        var checksum = 0
        for _ in 0..<rounds {
            for (label, state) in screens {
                for cold in [false, true] {
                    let name = label + (cold ? ", every text new" : "")
                    guard only.map(name.hasPrefix) ?? true else { continue }
                    record(name, (0..<frames).map { _ in
                        // Every text shaped again, as on the first frame of a screen never seen.
                        if cold { TextLayout.forgetFittedLines() }
                        let (cell, time) = Stopwatch.measure { () -> Int in
                            var buffer = Buffer(size: Self.screen)
                            Shell.view(state, into: &buffer)
                            return buffer[Self.screen.width - 1, 0].width
                        }
                        checksum &+= cell
                        return time
                    })
                }
            }
            record("a blank Buffer made and dropped", (0..<frames).map { _ in
                let (cell, time) = Stopwatch.measure { () -> Int in Buffer(size: Self.screen)[0, 0].width }
                checksum &+= cell
                return time
            })
            record("floor: 12,000 cell writes", (0..<frames).map { _ in
                let (cell, time) = Stopwatch.measure { () -> Int in
                    var cells = [UInt32](repeating: 0x20, count: Self.screen.width * Self.screen.height)
                    for index in cells.indices { cells[index] = UInt32(truncatingIfNeeded: index) | 0x20 }
                    return Int(cells[cells.count - 1] & 1)
                }
                checksum &+= cell
                return time
            })
        }
        print("\(grouped(frames)) frames × \(rounds) rounds per screen, 200×60, a fresh buffer each (checksum \(checksum))\n")
        var table = FigureTable(header: ["ms", "wall p50", "wall p99", "cpu p50", "cpu p99", "goal"])
        for label in screens.flatMap({ [$0.0, $0.0 + ", every text new"] }) + ["a blank Buffer made and dropped", "floor: 12,000 cell writes"] {
            guard let sample = times[label] else { continue }
            let wall = Percentiles(sample.wall), cpu = Percentiles(sample.cpu)
            table.add(label, format(wall(50), digits: 3), format(wall(99), digits: 3), format(cpu(50), digits: 3),
                      format(cpu(99), digits: 3), label.hasPrefix("floor") || label.hasPrefix("a blank") ? "" : "≤ 1 p50, ≤ 3 p99")
        }
        table.print()
    }

    /// A signed-in operator on a full queue page (the first due first, the last rows overdue).
    static func queue(_ language: Language, now: Date) throws -> Shell.State {
        var generator = RequestGenerator(seed: 18, center: try PartyID("HMA-01"), now: now)
        let rows = (1...60).map { serial -> QueueRow in
            let record = generator.distinctRequest(serial).0
            let service = SampleCatalog.service(record.service)
            var governorate: String?
            if case .post(let address) = record.delivery { governorate = address.governorate }
            return QueueRow(id: record.id, service: record.service, speed: service.speed, subjectName: record.subject.name.display,
                            subjectNo: record.subject.nationalNo, delivery: record.delivery.method, governorate: governorate,
                            submittedAt: record.submittedAt, dueAt: record.due(slaHours: service.slaHours),
                            state: serial % 7 == 0 ? .claimed : .received,
                            holder: serial % 7 == 0 ? OperatorID(stored: "op-02") : nil,
                            leaseUntil: serial % 7 == 0 ? now.addingTimeInterval(600) : nil, duplicateOf: nil)
        }.sorted { ($0.dueAt, $0.id.rawValue) < ($1.dueAt, $1.id.rawValue) }
        var state = signedIn(language, now: now)
        state = Shell.update(state, .queue(.services(SampleCatalog.services))).0
        state = Shell.update(state, .queue(.page(QueueSlice(rows: rows, offset: 0, total: 20_000), of: .top, now: now))).0
        return state
    }

    /// The counter open on a claimed request whose name differs from the civil-affairs record in one field.
    static func counter(_ language: Language, now: Date) throws -> Shell.State {
        var generator = RequestGenerator(seed: 18, center: try PartyID("HMA-01"), now: now)
        var (record, person) = generator.distinctRequest(1)
        record.subject.name.mother = "خديجة"
        let service = SampleCatalog.service(record.service)
        let progress = RequestProgress(state: .claimed, holder: OperatorID(stored: "op-01"), leaseUntil: now.addingTimeInterval(900))
        let snapshot = CounterScreen.Snapshot(record: record, service: service, stamps: SampleCatalog.stamps, person: person,
                                              progress: progress, dueAt: record.due(slaHours: service.slaHours))
        var state = signedIn(language, now: now)
        state = Shell.update(state, .claimed(record.id)).0
        state = Shell.update(state, .counter(.loaded(snapshot))).0
        return state
    }

    private static func signedIn(_ language: Language, now: Date) -> Shell.State {
        let status = StatusInfo(center: "HMA-01 مركز خدمة المواطن في حماة", now: now)
        var state = Shell.State(language: language, status: status, idleLimit: nil)
        state = Shell.update(state, .resized(screen)).0
        return Shell.update(state, .signedIn(Operator(id: OperatorID(stored: "op-01"), name: "سامر الحموي", role: .operator))).0
    }
}
