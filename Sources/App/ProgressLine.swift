import Foundation
import ShubbakExchange
import ShubbakTerminal
import Synchronization

/// A one-line progress bar on standard error for long bundles, redrawn in place at most ten
/// times a second and erased at the end. Only on a terminal: scripts and `--json` see nothing.
final class ProgressLine: Sendable {
    private struct Shown {
        var started: ContinuousClock.Instant?
        var lastDrawn: ContinuousClock.Instant?
    }

    private let shown = Mutex(Shown())
    private let width: Int
    /// A bundle done within this time never shows a bar, so short runs do not flicker.
    private static let quietStart = Duration.milliseconds(300)
    private static let interval = Duration.milliseconds(100)

    private init(width: Int) { self.width = width }

    /// A progress line when standard error is a terminal and the output is for a person; nil otherwise.
    static func forTerminal(json: Bool) -> ProgressLine? {
        guard !json, isatty(STDERR_FILENO) == 1 else { return nil }
        var size = winsize()
        let columns = ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
        // One column short of the edge, so the terminal never wraps the line.
        return ProgressLine(width: min(columns - 1, 100))
    }

    var report: @Sendable (ExchangeProgress) -> Void { { [self] progress in self.update(progress) } }

    func update(_ progress: ExchangeProgress) {
        let now = ContinuousClock.now
        let due = shown.withLock { shown -> Bool in
            let started = shown.started ?? now
            shown.started = started
            guard now - started >= Self.quietStart else { return false }
            if let last = shown.lastDrawn, now - last < Self.interval, progress.done < progress.total { return false }
            shown.lastDrawn = now
            return true
        }
        if due { write("\r" + Self.line(progress, width: width) + "\u{1B}[K") }
    }

    /// Erases the bar, if one was drawn, before the command prints its report.
    func finish() {
        let drawn = shown.withLock { shown -> Bool in
            defer { shown = Shown() }
            return shown.lastDrawn != nil
        }
        if drawn { write("\r\u{1B}[K") }
    }

    /// `FILE ████░░░░ 12,345 / 200,000`, drawn with the terminal layer's progress bar widget
    /// (which also keeps any odd character of a file name away from the terminal).
    static func line(_ progress: ExchangeProgress, width: Int) -> String {
        let count = "\(grouped(progress.done)) / \(grouped(progress.total))"
        let nameWidth = min(CharacterWidth.of(progress.file), max(width / 3, 1))
        var buffer = Buffer(size: Size(width: width, height: 1))
        buffer.drawText(progress.file, in: Rect(x: 0, y: 0, width: nameWidth, height: 1), context: .english)
        let fraction = progress.total > 0 ? Double(progress.done) / Double(progress.total) : 1
        ProgressBar(fraction: fraction, label: count, style: .normal)
            .render(into: &buffer, area: Rect(x: nameWidth + 1, y: 0, width: width - nameWidth - 1, height: 1), context: .english)
        return buffer.renderedLines().first.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) } ?? ""
    }

    private static func grouped(_ value: Int) -> String {
        let digits = String(value)
        return String(digits.enumerated().flatMap { index, digit in
            index > 0 && (digits.count - index).isMultiple(of: 3) ? [",", digit] : [digit]
        })
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
