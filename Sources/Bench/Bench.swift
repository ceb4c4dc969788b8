import ArgumentParser
import Foundation
import Logging

@main
struct ShubbakBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shubbak-bench",
        abstract: "Measure shubbak against bare SQLite and signify (figures for docs/benchmarks.md).",
        discussion: "Build in release: swift run -c release shubbak-bench SUBCOMMAND. Each benchmark builds its own data in a temporary folder.",
        subcommands: [FrameBenchmark.self, QueueBenchmark.self, ImportBenchmark.self, ExportBenchmark.self, ReportBenchmark.self,
                      SearchBenchmark.self, PageSQL.self])

    static func main() {
        // Only warnings: the figures are the output, not the importer's notes.
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}

/// Why a benchmark could not run.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A temporary folder removed when the benchmark ends (kept with --keep, to look at the data).
struct Workspace {
    let url: URL
    let keep: Bool

    /// A fresh temporary folder, or `folder` as it is (kept, to reuse its data next time).
    init(name: String, keep: Bool, folder: String? = nil) throws {
        if let folder {
            url = URL(fileURLWithPath: folder)
            self.keep = true
        } else {
            url = FileManager.default.temporaryDirectory
                .appendingPathComponent("shubbak-bench-\(name)-\(ProcessInfo.processInfo.processIdentifier)")
            self.keep = keep
            try? FileManager.default.removeItem(at: url)
        }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    func finish() {
        if keep {
            print("data kept in \(url.path)")
        } else {
            try? FileManager.default.removeItem(at: url)
        }
    }
}

/// Wall-clock time, and the processor time spent (user + system): on a machine shared with
/// other builds the wall clock swings with the load, the processor time much less.
struct Timing {
    var wall: Duration
    var cpu: Duration
}

enum Stopwatch {
    /// Times `body` in this process.
    static func measure<T>(_ body: () throws -> T) rethrows -> (T, Timing) {
        try measure(children: false, body)
    }

    /// Times `body`, counting the processor time of the child processes it waits for.
    static func measureChildren<T>(_ body: () throws -> T) rethrows -> (T, Timing) {
        try measure(children: true, body)
    }

    private static func measure<T>(children: Bool, _ body: () throws -> T) rethrows -> (T, Timing) {
        let clock = ContinuousClock()
        let cpuBefore = processorTime(children: children)
        let start = clock.now
        let value = try body()
        return (value, Timing(wall: clock.now - start, cpu: processorTime(children: children) - cpuBefore))
    }

    /// This process's own clock is exact to the nanosecond; children are counted once reaped.
    private static func processorTime(children: Bool) -> Duration {
        guard children else {
            var time = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
            return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
        }
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        func duration(_ time: timeval) -> Duration { .seconds(time.tv_sec) + .microseconds(time.tv_usec) }
        return duration(usage.ru_utime) + duration(usage.ru_stime)
    }
}

extension Duration {
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1_000 + Double(attoseconds) / 1e15
    }

    var seconds: Double { milliseconds / 1_000 }
}

/// Nearest-rank percentiles of a sample.
struct Percentiles {
    let sorted: [Double]

    init(_ values: [Double]) { sorted = values.sorted() }

    func callAsFunction(_ percent: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((percent / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}

/// A small aligned table on standard output: the benchmark's real output.
struct FigureTable {
    var header: [String]
    var rows: [[String]] = []

    mutating func add(_ cells: String...) { rows.append(cells) }

    func print() {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == 0 ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[index] - cell.count) + cell
            }.joined(separator: "  ")
        }
        Swift.print(line(header))
        Swift.print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        rows.forEach { Swift.print(line($0)) }
    }
}

func format(_ value: Double, digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }

func grouped(_ value: Int) -> String {
    let digits = String(value)
    var out = ""
    for (index, character) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
        out.append(character)
    }
    return out
}

/// Runs a tool (sqlite3, signify-openbsd) to completion; its wall time is the figure compared against.
@discardableResult
func runTool(_ path: String, _ arguments: [String], input: URL? = nil) throws -> (output: String, time: Timing) {
    guard FileManager.default.isExecutableFile(atPath: path) else {
        throw BenchError("\(path) is missing: run scripts/setup")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    if let input { process.standardInput = try FileHandle(forReadingFrom: input) }
    let (_, time) = try Stopwatch.measureChildren {
        try process.run()
        process.waitUntilExit()
    }
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    guard process.terminationStatus == 0 else {
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        throw BenchError("\(path) \(arguments.joined(separator: " ")) failed: \(problem)")
    }
    return (text, time)
}

/// The process's resident memory from /proc (issue 18 goal 9). The peak is reset just before the
/// step measured, so what the benchmark built before it (its data, a bundle) counts only as far as
/// it is still resident.
enum ResidentMemory {
    /// The current and the peak resident set, in MiB.
    static func now() -> (current: Double, peak: Double) {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
        func field(_ name: String) -> Double {
            let line = status.split(separator: "\n").first { $0.hasPrefix(name + ":") }
            let kilobytes = line?.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Double($0) }
            return (kilobytes ?? 0) / 1024
        }
        return (field("VmRSS"), field("VmHWM"))
    }

    /// Starts the peak again from the current resident set (Linux: "5" written to clear_refs).
    static func resetPeak() {
        try? Data("5".utf8).write(to: URL(fileURLWithPath: "/proc/self/clear_refs"))
    }
}
