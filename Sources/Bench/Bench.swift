import ArgumentParser
import Foundation

@main
struct ShubbakBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shubbak-bench",
        abstract: "Measure shubbak against bare SQLite and signify (figures for docs/benchmarks.md).",
        discussion: "Build in release: swift run -c release shubbak-bench SUBCOMMAND. Each benchmark builds its own data in a temporary folder.",
        subcommands: [QueueBenchmark.self, ImportBenchmark.self, ExportBenchmark.self])
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

/// Wall-clock timing on the monotonic clock.
enum Stopwatch {
    static func measure<T>(_ body: () throws -> T) rethrows -> (T, Duration) {
        let clock = ContinuousClock()
        let start = clock.now
        let value = try body()
        return (value, clock.now - start)
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
func runTool(_ path: String, _ arguments: [String], input: URL? = nil) throws -> (output: String, time: Duration) {
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
    let (_, time) = try Stopwatch.measure {
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
