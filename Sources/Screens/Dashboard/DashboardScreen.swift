import Foundation
import ShubbakCore
import ShubbakTerminal

/// The supervisor's dashboard: a day, a week or a month of throughput, live for today, optionally beside the same days
/// one week earlier. Operators are refused, and the refusal is recorded.
public enum DashboardScreen {
    public enum Period: String, CaseIterable, Sendable {
        case day, week, month

        var next: Period {
            switch self {
            case .day: .week
            case .week: .month
            case .month: .day
            }
        }
    }

    /// What the body shows; F8 goes to the next.
    public enum Shown: Sendable {
        /// The period's throughput.
        case figures
        /// Who is at which counter now.
        case counters
        /// The period's handling and waiting times against the targets.
        case targets

        var next: Shown {
            switch self {
            case .figures: .counters
            case .counters: .targets
            case .targets: .figures
            }
        }
    }

    public struct State: Sendable {
        public var language: Language
        public let role: Role
        public var now: Date
        public var calendar: CenterCalendar
        public var center: String
        public var operatorName: String
        /// The day the period ends on (a week) or holds (a month).
        public var anchor: CivilDate
        public var period = Period.day
        public var comparing = false
        public var report: ThroughputReport?
        public var previous: ThroughputReport?
        public var shown = Shown.figures
        public var counters: [LiveCounter]?
        public var message: Notice?
        public var showsHelp = false
        public var quit = false

        public init(language: Language, role: Role, now: Date, center: String, operatorName: String,
                    calendar: CenterCalendar = .damascus) {
            self.language = language
            self.role = role
            self.now = now
            self.calendar = calendar
            self.center = center
            self.operatorName = operatorName
            anchor = calendar.day(of: now)
        }

        public var isAllowed: Bool { role >= .supervisor }
        public var today: CivilDate { calendar.day(of: now) }

        public var range: ReportRange {
            switch period {
            case .day: .day(anchor)
            case .week: .week(endingOn: anchor)
            case .month: .month(of: anchor)
            }
        }

        /// Today is live: it is reloaded as events happen.
        public var isLive: Bool { range.last >= today }
    }

    /// Side effects the app carries out and answers with a message.
    public enum Command: Hashable, Sendable {
        case loadReport(ReportRange, compareWithWeekBefore: Bool)
        case loadCounters
        /// The app writes an operator_session 'refused' row for the signed-in operator.
        case recordRefusal
    }

    public enum Message: Sendable {
        /// The screen was opened.
        case opened
        case key(Key)
        case report(ThroughputReport, previous: ThroughputReport?)
        case counters([LiveCounter])
        case failed(String)
        /// The clock moved on (the app sends this every few seconds).
        case tick(Date)
    }

    public enum Action: String, Sendable {
        case dayBack, dayForward, period, compare, today, counters, refresh, language, help, quit
    }

    /// The screen's keys: the F-key bar and the help are drawn from this table.
    public static func keys(_ catalog: Catalog, allowed: Bool = true, shown: Shown = .figures) -> KeyTable {
        guard allowed else {
            // F10 goes back to the queue: the bar says so.
            return KeyTable([
                KeyBinding(.function(1), action: Action.help.rawValue, label: catalog[.keyHelp]),
                KeyBinding(.function(10), action: Action.quit.rawValue, label: catalog[.keyBack]),
                KeyBinding(.function(9), action: Action.language.rawValue, label: catalog[.keyLanguage]),
                KeyBinding(.escape, action: Action.quit.rawValue, label: catalog[.keyBack], showsInBar: false),
            ])
        }
        // F8 says what it shows next.
        let next = KeyBinding(.function(8), action: Action.counters.rawValue,
                              label: catalog[report: shown == .figures ? .keyCounters : shown == .counters ? .keyTargets : .keyFigures])
        guard shown != .counters else {
            // The counters are now: no days to move through.
            return KeyTable([
                KeyBinding(.function(1), action: Action.help.rawValue, label: catalog[.keyHelp]),
                next,
                KeyBinding(.function(5), action: Action.refresh.rawValue, label: catalog[.keyRefresh]),
                KeyBinding(.function(10), action: Action.quit.rawValue, label: catalog[.keyBack]),
                KeyBinding(.function(9), action: Action.language.rawValue, label: catalog[.keyLanguage]),
                KeyBinding(.escape, action: Action.quit.rawValue, label: catalog[.keyBack], showsInBar: false),
            ])
        }
        // In the order every other screen's bar has: F1 first, then the screen's own keys, F10, F9 last;
        // F8 first of them, so a narrow bar still offers it. The targets have nothing to compare.
        return KeyTable([
            KeyBinding(.function(1), action: Action.help.rawValue, label: catalog[.keyHelp]),
            next,
            KeyBinding(.function(2), action: Action.dayBack.rawValue, label: catalog[report: .keyDayBack]),
            KeyBinding(.function(3), action: Action.dayForward.rawValue, label: catalog[report: .keyDayForward]),
            KeyBinding(.function(4), action: Action.period.rawValue, label: catalog[report: .keyPeriod]),
        ] + (shown == .figures ? [KeyBinding(.function(6), action: Action.compare.rawValue, label: catalog[report: .keyCompare])] : []) + [

            KeyBinding(.function(7), action: Action.today.rawValue, label: catalog[report: .keyToday]),
            KeyBinding(.function(5), action: Action.refresh.rawValue, label: catalog[.keyRefresh]),
            KeyBinding(.function(10), action: Action.quit.rawValue, label: catalog[.keyBack]),
            KeyBinding(.function(9), action: Action.language.rawValue, label: catalog[.keyLanguage]),
            KeyBinding(.escape, action: Action.quit.rawValue, label: catalog[.keyBack], showsInBar: false),
        ])
    }

    public static func loadCommand(_ state: State) -> Command {
        switch state.shown {
        case .counters: .loadCounters
        case .figures: .loadReport(state.range, compareWithWeekBefore: state.comparing)
        case .targets: .loadReport(state.range, compareWithWeekBefore: false)
        }
    }

    /// Pure: the new state and the commands to run.
    public static func update(_ state: State, _ message: Message) -> (State, [Command]) {
        var state = state
        switch message {
        case .opened:
            return (state, state.isAllowed ? [loadCommand(state)] : [.recordRefusal])
        case .report(let report, let previous):
            // A report that arrives after the user moved on is not the one on screen.
            guard report.range == state.range else { return (state, []) }
            state.report = report
            state.previous = state.comparing ? previous : nil
            state.message = nil
            return (state, [])
        case .counters(let counters):
            state.counters = counters
            return (state, [])
        case .failed(let reason):
            state.message = Notice { catalog in "\(catalog[.refused]): \(reason)" }
            return (state, [])
        case .tick(let now):
            let wasLive = state.isLive || state.shown == .counters
            state.now = now
            return (state, state.isAllowed && wasLive ? [loadCommand(state)] : [])
        case .key(let key):
            if state.showsHelp {
                state.showsHelp = false
                return (state, [])
            }
            let table = keys(Catalog.of(state.language, calendar: state.calendar), allowed: state.isAllowed, shown: state.shown)
            guard let action = table.action(for: key).flatMap(Action.init(rawValue:)) else { return (state, []) }
            switch action {
            case .language:
                state.language = state.language.toggled
                return (state, [])
            case .help:
                state.showsHelp = true
                return (state, [])
            case .quit:
                state.quit = true
                return (state, [])
            case .dayBack, .dayForward:
                let moved = step(state.anchor, period: state.period, forward: action == .dayForward)
                let target = min(moved, state.today)
                guard target != state.anchor else { return (state, []) }
                state.anchor = target
            case .period:
                state.period = state.period.next
            case .compare:
                state.comparing.toggle()
            case .today:
                state.anchor = state.today
            case .counters:
                state.shown = state.shown.next
                state.report = nil
                state.previous = nil
                return (state, [loadCommand(state)])
            case .refresh:
                break
            }
            state.report = nil
            state.previous = nil
            return (state, [loadCommand(state)])
        }
    }

    /// One period earlier or later: a day, seven days, or the neighbouring month.
    static func step(_ day: CivilDate, period: Period, forward: Bool) -> CivilDate {
        switch period {
        case .day: day.adding(days: forward ? 1 : -1)
        case .week: day.adding(days: forward ? 7 : -7)
        case .month:
            forward ? ReportRange.month(of: day).last.adding(days: 1) : ReportRange.month(of: day).first.adding(days: -1)
        }
    }

    // MARK: View

    public static func view(_ state: State, into buffer: inout Buffer, context: RenderContext? = nil) {
        let catalog = Catalog.of(state.language, calendar: state.calendar)
        var context = context ?? state.language.context
        context.direction = state.language.context.direction
        let area = buffer.area
        let parts = Layout.split(area, .vertical, [.fixed(1), .fill(), .fixed(1), .fixed(1)])
        StatusLine(leading: title(state, catalog), trailing: state.center, style: Style(.title))
            .render(into: &buffer, area: parts[0], context: context)
        if !state.isAllowed {
            let box = parts[1].centered(width: min(parts[1].width, 70), height: min(parts[1].height, 6))
            let block = Block(title: catalog[report: .refusalTitle], borderStyle: Style(.error))
            block.render(into: &buffer, area: box, context: context)
            Paragraph(catalog[report: .refusalBody]).render(into: &buffer, area: block.inner(box), context: context)
        } else if state.shown == .counters {
            counters(state.counters, now: state.now, catalog: catalog, into: &buffer, area: parts[1], context: context)
        } else if state.shown == .targets, let report = state.report {
            targets(report.targets, catalog: catalog, into: &buffer, area: parts[1], context: context)
        } else if let report = state.report {
            body(report, previous: state.previous, calendar: state.calendar, catalog: catalog, into: &buffer, area: parts[1],
                 context: context)
        } else {
            Paragraph(catalog[report: .loading]).render(into: &buffer, area: parts[1].inset(by: 1), context: context)
        }
        let status = [state.operatorName, state.message?.text(in: state.language)].compactMap { $0 }.joined(separator: "  ·  ")
        StatusLine(leading: status, trailing: clock(state.now, calendar: state.calendar))
            .render(into: &buffer, area: parts[2], context: context)
        let keys = keys(catalog, allowed: state.isAllowed, shown: state.shown)
        KeyBar(keys).render(into: &buffer, area: parts[3], context: context)
        if state.showsHelp {
            HelpOverlay(title: catalog[.help], keys: keys).render(into: &buffer, area: area, context: context)
        }
    }

    static func title(_ state: State, _ catalog: Catalog) -> String {
        if state.shown == .counters { return "\(catalog[report: .dashboardTitle]) — \(catalog[report: .countersNow])" }
        let period = catalog[report: state.period == .day ? .periodDay : state.period == .week ? .periodWeek : .periodMonth]
        var title = "\(catalog[report: .dashboardTitle]) — \(period) \(state.range)"
        if state.range.last == state.today && state.period == .day { title += " (\(catalog[report: .today]))" }
        if state.shown == .targets { return "\(title) — \(catalog[report: .targetsTitle])" }
        if state.comparing { title += " — \(catalog[report: .comparedWith]) \(state.range.weekBefore)" }
        return title
    }

    static func body(_ report: ThroughputReport, previous: ThroughputReport?, calendar: CenterCalendar, catalog: Catalog,
                     into buffer: inout Buffer,
                     area: Rect, context: RenderContext) {
        // On a narrow terminal the middle column and the names in it get the width; figure headings are cut instead.
        let narrow = area.width < 120
        let columns = Layout.split(area, .horizontal, narrow ? [.percentage(22), .fill(), .percentage(26)]
                                   : [.percentage(26), .fill(), .percentage(30)], direction: context.direction)
        // Five figure columns (six when wide) share the middle with the operator's id, which keeps at least 14 cells.
        let figure = Constraint.fixed(max(5, min(narrow ? 5 : 10, (columns[1].width - 16) / (narrow ? 5 : 6))))
        let count = Constraint.fixed(narrow ? 5 : 7)
        // First column: stages and rejection reasons.
        let first = Layout.split(columns[0], .vertical, [.fixed(ThroughputReport.stageOrder.count + 3), .fill()])
        var stageColumns = [TableColumn(catalog[report: .columnStage], width: .fill()),
                            TableColumn(catalog[report: .columnCount], width: count, alignment: .trailing)]
        if previous != nil { stageColumns.append(TableColumn(catalog[report: .columnChange], width: count, alignment: .trailing)) }
        let comparison = previous.map { ReportComparison(current: report, previous: $0) }
        let stageRows = ThroughputReport.stageOrder.map { kind in
            var cells = [catalog[report: .stage(kind)], "\(report.count(kind))"]
            if let comparison { cells.append(signed(comparison.change(kind))) }
            return TableRow(cells)
        }
        boxedTable(catalog[report: .stages], columns: stageColumns, rows: stageRows, into: &buffer, area: first[0], context: context)
        let reasons = RejectionReason.allCases.compactMap { reason in
            report.rejections[reason].map { BarChart.Bar(catalog[report: .reason(reason)], value: $0) }
        }
        boxed(catalog[report: .rejections], into: &buffer, area: first[1], context: context) { buffer, inner in
            if reasons.isEmpty {
                Paragraph(catalog[report: .none]).render(into: &buffer, area: inner, context: context)
            } else {
                BarChart(reasons).render(into: &buffer, area: inner, context: context)
            }
        }

        // Middle column: operators, services, backlog.
        let middle = Layout.split(columns[1], .vertical, [
            .fixed(max(report.operators.count, 1) + 3), .fixed(max(report.services.count, 1) + 3),
            .fixed((report.issuers.isEmpty ? 0 : report.issuers.count + 3) + 4), .fill(),
        ])
        // A narrow middle leaves out the longest handling: the median says the day, and the id keeps its cells.
        let operatorColumns = narrow ? [0, 1, 2, 3, 5, 6] : Array(0...6)
        let operatorRows = report.operators.map { figures in
            let cells = [figures.operator.rawValue, "\(figures.finished)", "\(figures.rejected)",
                         figures.medianHandling.map(catalog.clockDuration) ?? "–",
                         figures.longestHandling.map(catalog.clockDuration) ?? "–", catalog.clockDuration(figures.signedIn),
                         catalog.clockDuration(figures.onBreak)]
            return TableRow(operatorColumns.map { cells[$0] })
        }
        let allOperatorColumns = [
            TableColumn(catalog[report: .columnOperator], width: .fill()),
            TableColumn(catalog[report: .columnFinished], width: figure, alignment: .trailing),
            TableColumn(catalog[report: .columnRejected], width: figure, alignment: .trailing),
            TableColumn(catalog[report: .columnMedian], width: figure, alignment: .trailing),
            TableColumn(catalog[report: .columnLongest], width: figure, alignment: .trailing),
            TableColumn(catalog[report: .columnSignedIn], width: figure, alignment: .trailing),
            TableColumn(catalog[report: .columnBreak], width: figure, alignment: .trailing),
        ]
        boxedTable(catalog[report: .operators], columns: operatorColumns.map { allOperatorColumns[$0] }, rows: operatorRows,
                   into: &buffer, area: middle[0], context: context)
        let serviceRows = report.services.map { figures in
            TableRow(["\(figures.service) (\(catalog[report: .speed(figures.speed)]))", "\(figures.received)",
                      "\(figures.finished)", "\(figures.breaches)"], style: figures.breaches > 0 ? Style(.overdue) : nil)
        }
        boxedTable(catalog[report: .services], columns: [
            TableColumn(catalog[report: .columnService], width: .fill()),
            TableColumn(catalog[report: .columnReceived], width: figure, alignment: .trailing),
            TableColumn(catalog[report: .columnFinished], width: figure, alignment: .trailing),
            TableColumn(catalog[report: .columnBreaches], width: figure, alignment: .trailing),
        ], rows: serviceRows, into: &buffer, area: middle[1], context: context)
        elsewhere(report, figure: figure, catalog: catalog, into: &buffer, area: middle[2], context: context)
        backlog(report.backlog, calendar: calendar, catalog: catalog, into: &buffer, area: middle[3], context: context)

        // Last column: per hour, the last 14 days, duplicates, exchange.
        let last = Layout.split(columns[2], .vertical, [.fill(), .fixed(3), .fixed(min(report.floods.count, 3) + 2), .fixed(4), .fixed(7)])
        let hours = report.finishedByHour.enumerated().filter { $0.element > 0 }.map(\.offset)
        let shownHours = hours.isEmpty ? [] : Array((hours[0]...(hours.last ?? hours[0])))
        boxed(catalog[report: .hours], into: &buffer, area: last[0], context: context) { buffer, inner in
            if shownHours.isEmpty {
                Paragraph(catalog[report: .none]).render(into: &buffer, area: inner, context: context)
            } else {
                BarChart(shownHours.map { BarChart.Bar(ContractTime.pad($0, 2), value: report.finishedByHour[$0]) })
                    .render(into: &buffer, area: inner, context: context)
            }
        }
        boxed(catalog[report: .last14Days], into: &buffer, area: last[1], context: context) { buffer, inner in
            let total = report.finishedLast14Days.reduce(0, +)
            let parts = Layout.split(inner, .horizontal, [.fixed(14), .fixed(1), .fill()], direction: context.direction)
            Sparkline(report.finishedLast14Days).render(into: &buffer, area: parts[0], context: context)
            buffer.drawText("Σ \(total)", in: parts[2], context: context)
        }
        floods(report.floods, catalog: catalog, into: &buffer, area: last[2], context: context)
        boxed("\(catalog[report: .duplicates]) (\(report.duplicates.count))", into: &buffer, area: last[3], context: context) { buffer, inner in
            let text = report.duplicates.isEmpty ? catalog[report: .none]
                : report.duplicates.map { "\($0.request) \(catalog.arrow) \($0.duplicateOf)" }.joined(separator: "\n")
            Paragraph(text, style: report.duplicates.isEmpty ? .normal : Style(.warn), wraps: false)
                .render(into: &buffer, area: inner, context: context)
        }
        boxed(catalog[report: .sync], into: &buffer, area: last[4], context: context) { buffer, inner in
            Paragraph(syncLines(report.sync, now: report.madeAt, calendar: calendar, catalog: catalog).joined(separator: "\n"),
                      wraps: false)
                .render(into: &buffer, area: inner, context: context)
        }
    }

    /// Where the time went outside the counter: what waits at each issuer (late ones marked) and how
    /// long its documents take, then how documents reached their people and what waits on the shelf.
    static func elsewhere(_ report: ThroughputReport, figure: Constraint, catalog: Catalog, into buffer: inout Buffer, area: Rect,
                          context: RenderContext) {
        let parts = Layout.split(area, .vertical, [.fill(), .fixed(4)])
        if !report.issuers.isEmpty {
            boxedTable(catalog[report: .issuers], columns: [
                TableColumn(catalog[report: .columnIssuer], width: .fill()),
                TableColumn(catalog[report: .columnWaiting], width: figure, alignment: .trailing),
                TableColumn(catalog[report: .columnLate], width: figure, alignment: .trailing),
                TableColumn(catalog[report: .columnReturned], width: figure, alignment: .trailing),
                TableColumn(catalog[report: .columnMedianDays], width: figure, alignment: .trailing),
                TableColumn(catalog[report: .columnRefused], width: figure, alignment: .trailing),
            ], rows: report.issuers.map { figures in
                TableRow([figures.issuer, "\(figures.waiting)", "\(figures.late)", "\(figures.returned)",
                          figures.medianDays.map { "\($0)\(catalog[.daysShort])" } ?? "–", "\(figures.refused)"],
                         style: figures.late > 0 ? Style(.overdue) : nil)
            }, into: &buffer, area: parts[0], context: context)
        }
        let delivery = report.delivery
        let past = delivery.shelf[.pastRetention] ?? 0
        boxed(catalog[report: .deliveries], into: &buffer, area: parts[1], context: context) { buffer, inner in
            let lines = ["\(catalog[report: .deliveredByPost]) \(delivery.deliveredByPost) · \(catalog[report: .deliveredAtCounter]) \(delivery.deliveredAtCounter)",
                         "\(catalog[report: .onShelf]) \(delivery.onShelf) · \(catalog[report: .shelfAge(.pastRetention)]) \(past) · "
                             + "\(catalog[report: .expectedBack]) \(delivery.expectedBack)"]
            Paragraph(lines.joined(separator: "\n"), style: past > 0 || delivery.expectedBack > 0 ? Style(.warn) : .normal, wraps: false)
                .render(into: &buffer, area: inner, context: context)
        }
    }

    /// Each target of the period: the durations in buckets against it, and the share within it.
    static func targets(_ targets: [TargetFigures], catalog: Catalog, into buffer: inout Buffer, area: Rect, context: RenderContext) {
        let boxes = Layout.split(area, .vertical, targets.map { _ in Constraint.fill() })
        for (figures, box) in zip(targets, boxes) {
            boxed(targetTitle(figures, catalog: catalog), into: &buffer, area: box, context: context) { buffer, inner in
                guard figures.count > 0 else {
                    Paragraph(catalog[report: .none]).render(into: &buffer, area: inner, context: context)
                    return
                }
                BarChart(TargetBucket.allCases.map { bucket in
                    BarChart.Bar(bucketLabel(bucket, target: figures.target, catalog: catalog), value: figures.buckets[bucket] ?? 0)
                }).render(into: &buffer, area: inner, context: context)
            }
        }
    }

    /// «Handling, fast services — target 0:15 — met 82% (41/50)»; without the share when nothing was measured.
    static func targetTitle(_ figures: TargetFigures, catalog: Catalog) -> String {
        let title = "\(catalog[report: .measure(figures.measure)]) — \(catalog[report: .target]) \(catalog.clockDuration(figures.target))"
        return figures.metPercent.map { "\(title) — \(catalog[report: .met]) \($0)% (\(figures.met)/\(figures.count))" } ?? title
    }

    /// «≤ 0:15», «> 0:30»: the bucket by its bound.
    public static func bucketLabel(_ bucket: TargetBucket, target: Int, catalog: Catalog) -> String {
        bucket.upperBound(target: target).map { "≤ \(catalog.clockDuration($0))" } ?? "> \(catalog.clockDuration(target * 2))"
    }

    /// Each signed-in counter: what the operator said they do and since when, the request at the
    /// counter with its step and for how long, or how long they have had nothing to do.
    static func counters(_ counters: [LiveCounter]?, now: Date, catalog: Catalog, into buffer: inout Buffer, area: Rect,
                         context: RenderContext) {
        boxed(catalog[report: .countersNow], into: &buffer, area: area, context: context) { buffer, inner in
            guard let counters else {
                Paragraph(catalog[report: .loading]).render(into: &buffer, area: inner, context: context)
                return
            }
            guard !counters.isEmpty else {
                Paragraph(catalog[report: .noCounters]).render(into: &buffer, area: inner, context: context)
                return
            }
            func since(_ date: Date) -> String { catalog.clockDuration(max(Int(now.timeIntervalSince(date)), 0)) }
            let rows = counters.map { counter in
                let held = counter.request
                return TableRow(cells: [.whole(counter.operator.rawValue), TableCell(counter.name),
                                        TableCell("\(catalog.status(counter.status)) \(since(counter.statusSince))"),
                                        .whole(held?.id.rawValue ?? "–"), TableCell(held.map { catalog.state($0.state) } ?? ""),
                                        .whole(held.map { since($0.since) } ?? ""),
                                        .whole(counter.idleSeconds(at: now).map(catalog.clockDuration) ?? "")],
                                style: counter.status == .serving ? nil : Style(.warn))
            }
            func widest(_ texts: [String], _ heading: Catalog.ReportText) -> Int {
                max(texts.map(CharacterWidth.of).max() ?? 0, CharacterWidth.of(catalog[report: heading]))
            }
            let idWidth = widest(counters.map { $0.request?.id.rawValue ?? "" }, .columnRequest)
            let statusWidth = min(widest(counters.map { "\(catalog.status($0.status)) \(since($0.statusSince))" }, .columnStatus), 24)
            let narrow = inner.width < 100
            var columns = [
                TableColumn(catalog[report: .columnOperator], width: .fixed(widest(counters.map(\.operator.rawValue), .columnOperator))),
                TableColumn(catalog[report: .columnName], width: .fill()),
                TableColumn(catalog[report: .columnStatus], width: .fixed(statusWidth)),
                TableColumn(catalog[report: .columnRequest], width: .fixed(idWidth)),
                TableColumn(catalog[report: .columnStep], width: .fixed(10)),
                TableColumn(catalog[report: .columnFor], width: .fixed(6), alignment: .trailing),
                TableColumn(catalog[report: .columnIdle], width: .fixed(6), alignment: .trailing),
            ]
            // On a narrow terminal the name gives its room to the request.
            let shown = narrow ? [0, 2, 3, 4, 5, 6] : Array(columns.indices)
            columns = shown.map { columns[$0] }
            let narrowed = rows.map { row in TableRow(cells: shown.map { row.cells[$0] }, style: row.style) }
            Table(columns: columns, rowCount: narrowed.count) { offset, limit in Array(narrowed.dropFirst(offset).prefix(limit)) }
                .render(into: &buffer, area: inner, context: context)
        }
    }

    /// The day's floods, largest first (no box on a day without one): the applicant and how many requests, what is left to decide (on Alt+8), and
    /// where the column is wide enough the services and the times.
    static func floods(_ floods: [FloodFigures], catalog: Catalog, into buffer: inout Buffer, area: Rect, context: RenderContext) {
        let undecided = floods.reduce(0) { $0 + $1.undecided }
        // The key first: on a narrow Arabic column it is the part of the title that stays.
        boxed("Alt+8 \(catalog[report: .floods]) (\(floods.count))", into: &buffer, area: area, context: context) { buffer, inner in
            let lines = floods.prefix(inner.height).map { flood in
                var line = "\(flood.applicant) ×\(flood.requests)"
                if inner.width >= 26 {
                    line += flood.undecided > 0 ? " · \(catalog[report: .columnUndecided]) \(flood.undecided)" : " ✓"
                }
                if inner.width >= 44 {
                    line += " · \(flood.services.joined(separator: " ")) \(catalog.clock(flood.first))–\(catalog.clock(flood.last))"
                }
                return line
            }
            Paragraph(lines.joined(separator: "\n"), style: undecided > 0 ? Style(.warn) : .normal, wraps: false)
                .render(into: &buffer, area: inner, context: context)
        }
    }

    static func backlog(_ backlog: Backlog, calendar: CenterCalendar, catalog: Catalog, into buffer: inout Buffer, area: Rect,
                        context: RenderContext) {
        boxed(catalog[report: .backlog], into: &buffer, area: area, context: context) { buffer, inner in
            let rows = Layout.split(inner, .vertical, [.fixed(2), .fill()])
            let ages = AgeBucket.allCases.map { "\(catalog[report: .age($0)]): \(backlog.byAge[$0] ?? 0)" }.joined(separator: "  ")
            let summary = "\(backlog.open) \(catalog[report: .open]) · \(backlog.carriedOver) \(catalog[report: .carriedOver]) · \(backlog.overdueCount) \(catalog[report: .overdue])"
            Paragraph("\(summary)\n\(ages)", wraps: false).render(into: &buffer, area: rows[0], context: context)
            let overdueRows = backlog.overdue.map { request in
                TableRow([request.id.rawValue, request.service, catalog[report: .state(request.state)],
                          calendar.text(of: request.dueAt)], style: Style(.overdue))
            }
            Table(columns: [
                TableColumn(catalog[report: .overdueList], width: .fixed(18)),
                TableColumn(catalog[report: .columnService], width: .fill()),
                TableColumn(catalog[report: .columnState], width: .fixed(10)),
                TableColumn(catalog[report: .columnDue], width: .fixed(16)),
            ], rowCount: overdueRows.count) { offset, limit in Array(overdueRows.dropFirst(offset).prefix(limit)) }
                .render(into: &buffer, area: rows[1], context: context)
        }
    }

    /// The exchange figures as lines, shared with `shubbak report`.
    public static func syncLines(_ sync: SyncHealth, now: Date, calendar: CenterCalendar, catalog: Catalog) -> [String] {
        let never = catalog[report: .never]
        var unacknowledged = "\(catalog[report: .unacknowledged]): \(sync.unacknowledged)"
        if let oldest = sync.oldestUnacknowledged {
            unacknowledged += " (\(catalog[report: .oldestUnacknowledged]) \(catalog.duration(Int(now.timeIntervalSince(oldest)))))"
        }
        return [
            "\(catalog[report: .lastImport]): \(sync.lastImport.map(calendar.text) ?? never)",
            "\(catalog[report: .lastExport]): \(sync.lastExport.map(calendar.text) ?? never)",
            "\(catalog[report: .waitingSeq]): \(sync.waitingSeq)",
            "\(catalog[report: .quarantined]): \(sync.quarantined)",
            unacknowledged,
        ]
    }

    static func boxed(_ title: String, into buffer: inout Buffer, area: Rect, context: RenderContext,
                      content: (inout Buffer, Rect) -> Void) {
        guard area.height >= 3 else { return }
        let block = Block(title: title)
        block.render(into: &buffer, area: area, context: context)
        content(&buffer, block.inner(area))
    }

    static func boxedTable(_ title: String, columns: [TableColumn], rows: [TableRow], into buffer: inout Buffer, area: Rect,
                           context: RenderContext) {
        boxed(title, into: &buffer, area: area, context: context) { buffer, inner in
            Table(columns: columns, rowCount: rows.count) { offset, limit in Array(rows.dropFirst(offset).prefix(limit)) }
                .render(into: &buffer, area: inner, context: context)
        }
    }

    static func signed(_ value: Int) -> String { value > 0 ? "+\(value)" : "\(value)" }

    static func clock(_ date: Date, calendar: CenterCalendar) -> String {
        let seconds = Int(date.timeIntervalSince1970) + calendar.timeZone.secondsFromGMT(for: date)
        let ofDay = ((seconds % 86_400) + 86_400) % 86_400
        return "\(ContractTime.pad(ofDay / 3_600, 2)):\(ContractTime.pad(ofDay / 60 % 60, 2))"
    }
}
