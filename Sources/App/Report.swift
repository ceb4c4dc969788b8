import ArgumentParser
import Foundation
import ShubbakCore
import ShubbakPrint
import ShubbakScreens
import ShubbakStore
import ShubbakTerminal

/// `shubbak report`: the dashboard's figures for any days, as text, CSV or JSON.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Throughput report for a day or a range of days (the supervisor dashboard's figures).",
        discussion: "Days are the center's local days (time_zone in config.toml). The backlog and the exchange are as of now.")

    /// Output formats: three for screens and scripts, one for paper.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, csv, json, pdf
    }

    enum Breakdown: String, ExpressibleByArgument, CaseIterable {
        case `operator`, service, hour
    }

    @Option(help: "First day, YYYY-MM-DD.")
    var from: String

    @Option(help: "Last day, YYYY-MM-DD (default: the first day).")
    var to: String?

    @Option(help: "text (default), csv, json, or pdf (written to --output, or sent to the report printer with --send).")
    var format: Format = .text

    @Option(help: "Where --format pdf writes the paper (default: report-FROM[-TO].pdf in the current folder).")
    var output: String?

    @Flag(help: "With --format pdf: send it to the report printer of config.toml (or its spool folder).")
    var send = false

    @Option(help: "Only one breakdown: operator, service or hour.")
    var by: Breakdown?

    @Option(help: "Language of the text and the CSV headers: ar (default) or en.")
    var lang: String?

    @OptionGroup var options: CenterOptions

    func run() throws {
        let first: CivilDate, last: CivilDate
        do {
            first = try CivilDate(from)
            last = try to.map(CivilDate.init) ?? first
        } catch {
            throw AppError.invalid("--from and --to take a day as YYYY-MM-DD: \(error.description)")
        }
        let center = try options.centerToRead()
        let language = Language(rawValue: lang ?? center.config.language) ?? .arabic
        let report: ThroughputReport
        do {
            report = try center.store.read { tx in
                try tx.throughputReport(ReportRange(from: first, to: last), now: Date(), retentionDays: center.config.retentionDays,
                                       targets: center.config.centerTargets)
            }
        } catch { throw AppError.store(error) }
        let writer = ReportWriter(report: report, catalog: Catalog.of(language, calendar: center.calendar), center: center.config.center,
                                  calendar: center.calendar)
        switch format {
        case .text: print(writer.text(by), terminator: "")
        case .csv: print(writer.csv(by), terminator: "")
        case .json: print(writer.json(by), terminator: "")
        case .pdf: try printPaper(writer.sheet(by), center: center, days: "\(first)" + (last == first ? "" : "-\(last)"))
        }
    }

    /// Renders the sheet; writes it where asked, or sends it as the counter sends its papers.
    private func printPaper(_ sheet: ReportSheet, center: CenterDirectory, days: String) throws {
        let job: PrintJob
        do { job = try center.printRenderer().report(sheet, center: center.printCenter) } catch let error as PrintError {
            throw AppError.io(error.description)
        }
        print(try center.deliver(job, send: send, output: output ?? "report-\(days).pdf"))
    }
}

/// Renders a report; the same figures in every format.
struct ReportWriter {
    let report: ThroughputReport
    let catalog: Catalog
    let center: String
    /// Text shows local times; CSV and JSON keep the contract's UTC times.
    let calendar: CenterCalendar

    /// The paper: the same tables as the text, headed with the center and the days.
    func sheet(_ breakdown: Report.Breakdown?) -> ReportSheet {
        func table(_ title: String, _ grid: Grid) -> ReportTable { ReportTable(title: title, columns: grid.header, rows: grid.rows) }
        // Dates are left-to-right isolates (LRI … PDI): inside an Arabic line they keep year-month-day order.
        func leftToRight(_ text: String) -> String { "\u{2066}\(text)\u{2069}" }
        let title = "\(catalog[report: .reportTitle]) — \(leftToRight("\(report.range)"))"
        let subtitle = "\(catalog[report: .madeAt]) \(leftToRight(calendar.text(of: report.madeAt)))"
        if let breakdown { return ReportSheet(title: title, subtitle: subtitle, tables: [table("", grid(breakdown))]) }
        let backlog = report.backlog
        var tables = [
            table(catalog[report: .stages], Grid(header: [catalog[report: .columnStage], catalog[report: .columnCount]],
                                                 rows: ThroughputReport.stageOrder.map { [catalog[report: .stage($0)], "\(report.count($0))"] })),
            table(catalog[report: .operators], operatorGrid()),
            table(catalog[report: .services], serviceGrid()),
            table(catalog[report: .hours], Grid(header: hourGrid().header, rows: hourGrid().rows.filter { $0[1] != "0" })),
            table(catalog[report: .backlog], Grid(header: [catalog[report: .backlog], catalog[report: .columnCount]],
                                                  rows: AgeBucket.allCases.map { [catalog[report: .age($0)], "\(backlog.byAge[$0] ?? 0)"] }
                                                      + [[catalog[report: .carriedOver], "\(backlog.carriedOver)"],
                                                         [catalog[report: .overdue], "\(backlog.overdueCount)"]])),
        ]
        let reasons = RejectionReason.allCases.filter { report.rejections[$0] != nil }
        if !reasons.isEmpty {
            tables.append(table(catalog[report: .rejections], Grid(header: [catalog[report: .rejections], catalog[report: .columnCount]],
                                                                   rows: reasons.map { [catalog[report: .reason($0)], "\(report.rejections[$0] ?? 0)"] })))
        }
        if !report.issuers.isEmpty { tables.append(table(catalog[report: .issuers], issuerGrid())) }
        if !report.floods.isEmpty { tables.append(table(catalog[report: .floods], floodGrid())) }
        tables.append(table(catalog[report: .targetsTitle], targetGrid()))
        tables.append(table(catalog[report: .deliveries], deliveryGrid()))
        let sync = DashboardScreen.syncLines(report.sync, now: report.madeAt, calendar: calendar, catalog: catalog)
        tables.append(table(catalog[report: .sync], Grid(header: [catalog[report: .sync]], rows: sync.map { [$0] })))
        return ReportSheet(title: title, subtitle: subtitle, tables: tables)
    }

    // MARK: Tables shared by text and CSV

    struct Grid {
        var header: [String]
        var rows: [[String]]
    }

    func operatorGrid() -> Grid {
        Grid(header: [catalog[report: .columnOperator], catalog[report: .columnFinished], catalog[report: .columnRejected],
                      catalog[report: .columnMedian], catalog[report: .columnLongest], catalog[report: .columnSignedIn],
                      catalog[report: .columnBreak]],
             rows: report.operators.map { figures in
                 [figures.operator.rawValue, "\(figures.finished)", "\(figures.rejected)",
                  figures.medianHandling.map(catalog.clockDuration) ?? "", figures.longestHandling.map(catalog.clockDuration) ?? "",
                  catalog.clockDuration(figures.signedIn), catalog.clockDuration(figures.onBreak)]
             })
    }

    func serviceGrid() -> Grid {
        Grid(header: [catalog[report: .columnService], catalog[report: .columnSpeed], catalog[report: .columnReceived],
                      catalog[report: .columnFinished], catalog[report: .columnBreaches]],
             rows: report.services.map { figures in
                 [figures.service, catalog[report: .speed(figures.speed)], "\(figures.received)", "\(figures.finished)",
                  "\(figures.breaches)"]
             })
    }

    /// What each issuer had and gave back; its days apart from the center's own.
    func issuerGrid() -> Grid {
        Grid(header: [catalog[report: .columnIssuer], catalog[report: .columnForwarded], catalog[report: .columnReturned],
                      catalog[report: .columnRefused], catalog[report: .columnWaiting], catalog[report: .columnLate],
                      catalog[report: .columnMedianDays]],
             rows: report.issuers.map { figures in
                 [figures.issuer, "\(figures.forwarded)", "\(figures.returned)", "\(figures.refused)", "\(figures.waiting)",
                  "\(figures.late)", figures.medianDays.map(String.init) ?? ""]
             })
    }

    /// Each target: the durations in its buckets and the share within it.
    func targetGrid() -> Grid {
        Grid(header: [catalog[report: .targetsTitle], catalog[report: .target]] + TargetBucket.allCases.map { catalog[report: .bucket($0)] }
                + [catalog[report: .met]],
             rows: report.targets.map { figures in
                 [catalog[report: .measure(figures.measure)], catalog.clockDuration(figures.target)]
                     + TargetBucket.allCases.map { "\(figures.buckets[$0] ?? 0)" }
                     + [figures.metPercent.map { "\($0)%" } ?? ""]
             })
    }

    /// Each flood: who filed it, how big, when, and what the supervisor decided.
    func floodGrid() -> Grid {
        Grid(header: [catalog[report: .columnApplicant], catalog[report: .columnPhone], catalog[report: .columnRequests],
                      catalog[report: .columnPeople], catalog[report: .columnServices], catalog[report: .columnFirst],
                      catalog[report: .columnLast], catalog[report: .columnFake], catalog[report: .columnUndecided]],
             rows: report.floods.map { flood in
                 [flood.applicant, flood.phone, "\(flood.requests)", "\(flood.people)", flood.services.joined(separator: " "),
                  calendar.text(of: flood.first), calendar.text(of: flood.last), "\(flood.rejectedAsFake)", "\(flood.undecided)"]
             })
    }

    /// How documents reached their people: by post, at the counter, on the shelf by age, back from the post.
    func deliveryGrid() -> Grid {
        let delivery = report.delivery
        return Grid(header: [catalog[report: .deliveries], catalog[report: .columnCount]],
                    rows: [[catalog[report: .deliveredByPost], "\(delivery.deliveredByPost)"],
                           [catalog[report: .deliveredAtCounter], "\(delivery.deliveredAtCounter)"],
                           [catalog[report: .stage(.uncollected)], "\(report.count(.uncollected))"]]
                        + ShelfAge.allCases.map { ["\(catalog[report: .onShelf]) \(catalog[report: .shelfAge($0)])", "\(delivery.shelf[$0] ?? 0)"] }
                        + [[catalog[report: .postAttempted], "\(delivery.postAttempted)"],
                           [catalog[report: .postReturning], "\(delivery.postReturning)"],
                           [catalog[report: .expectedBack], "\(delivery.expectedBack)"]])
    }

    func hourGrid() -> Grid {
        Grid(header: [catalog[report: .columnHour], catalog[report: .columnFinished]],
             rows: report.finishedByHour.enumerated().map { [ContractTime.pad($0.offset, 2), "\($0.element)"] })
    }

    func grid(_ breakdown: Report.Breakdown) -> Grid {
        switch breakdown {
        case .operator: operatorGrid()
        case .service: serviceGrid()
        case .hour: hourGrid()
        }
    }

    // MARK: Text

    func text(_ breakdown: Report.Breakdown?) -> String {
        var out = "\(catalog[report: .reportTitle]) \(center) — \(report.range)\n"
        out += "\(catalog[report: .madeAt]) \(calendar.text(of: report.madeAt))\n"
        if let breakdown { return out + "\n" + table(grid(breakdown)) }
        out += "\n\(catalog[report: .stages])\n"
        out += table(Grid(header: [catalog[report: .columnStage], catalog[report: .columnCount]],
                          rows: ThroughputReport.stageOrder.map { [catalog[report: .stage($0)], "\(report.count($0))"] }))
        out += "\n\(catalog[report: .operators])\n" + table(operatorGrid())
        out += "\n\(catalog[report: .services])\n" + table(serviceGrid())
        out += "\n\(catalog[report: .hours])\n"
        let top = max(report.finishedByHour.max() ?? 0, 1)
        for (hour, count) in report.finishedByHour.enumerated() where count > 0 {
            out += "  \(ContractTime.pad(hour, 2))  \(String(repeating: "█", count: max(1, count * 40 / top))) \(count)\n"
        }
        out += "\n\(catalog[report: .last14Days]): \(report.finishedLast14Days.map(String.init).joined(separator: " "))\n"
        let backlog = report.backlog
        out += "\n\(catalog[report: .backlog]): \(backlog.open) \(catalog[report: .open]), \(backlog.carriedOver) \(catalog[report: .carriedOver]), \(backlog.overdueCount) \(catalog[report: .overdue])\n"
        out += AgeBucket.allCases.map { "  \(catalog[report: .age($0)]): \(backlog.byAge[$0] ?? 0)\n" }.joined()
        if !backlog.overdue.isEmpty {
            out += "\n\(catalog[report: .overdueList])\n"
            out += table(Grid(header: [catalog[report: .overdueList], catalog[report: .columnService],
                                       catalog[report: .columnState], catalog[report: .columnDue]],
                              rows: backlog.overdue.map { [$0.id.rawValue, $0.service, catalog[report: .state($0.state)],
                                                           calendar.text(of: $0.dueAt)] }))
        }
        out += "\n\(catalog[report: .rejections])\n"
        let reasons = RejectionReason.allCases.filter { report.rejections[$0] != nil }
        out += reasons.isEmpty ? "  \(catalog[report: .none])\n"
            : reasons.map { "  \(catalog[report: .reason($0)]): \(report.rejections[$0] ?? 0)\n" }.joined()
        out += "\n\(catalog[report: .duplicates])\n"
        out += report.duplicates.isEmpty ? "  \(catalog[report: .none])\n"
            : report.duplicates.map { "  \($0.request) \(catalog[report: .duplicateOf]) \($0.duplicateOf)\n" }.joined()
        if !report.issuers.isEmpty { out += "\n\(catalog[report: .issuers])\n" + table(issuerGrid()) }
        out += "\n\(catalog[report: .floods])\n" + (report.floods.isEmpty ? "  \(catalog[report: .none])\n" : table(floodGrid()))
        out += "\n\(catalog[report: .targetsTitle])\n" + table(targetGrid())
        out += "\n\(catalog[report: .deliveries])\n" + table(deliveryGrid())
        out += "\n\(catalog[report: .sync])\n"
        out += DashboardScreen.syncLines(report.sync, now: report.madeAt, calendar: calendar, catalog: catalog).map { "  \($0)\n" }.joined()
        return out
    }

    /// Columns padded by display width, so Arabic and digits line up in a terminal.
    func table(_ grid: Grid) -> String {
        let all = [grid.header] + grid.rows
        let widths = grid.header.indices.map { column in all.map { CharacterWidth.of($0[column]) }.max() ?? 0 }
        return all.map { row in
            "  " + row.enumerated().map { column, cell in
                cell + String(repeating: " ", count: widths[column] - CharacterWidth.of(cell))
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
        }.joined()
    }

    // MARK: CSV

    func csv(_ breakdown: Report.Breakdown?) -> String {
        if let breakdown {
            let grid = grid(breakdown)
            return ([grid.header] + grid.rows).map(csvLine).joined()
        }
        // Every figure in one long table: section, name, detail, value.
        var rows: [[String]] = [["section", "name", "detail", "value"]]
        for kind in ThroughputReport.stageOrder { rows.append(["stage", kind.rawValue, "", "\(report.count(kind))"]) }
        for figures in report.operators {
            let op = figures.operator.rawValue
            rows += [["operator", op, "finished", "\(figures.finished)"], ["operator", op, "rejected", "\(figures.rejected)"],
                     ["operator", op, "median_handling_seconds", figures.medianHandling.map(String.init) ?? ""],
                     ["operator", op, "longest_handling_seconds", figures.longestHandling.map(String.init) ?? ""],
                     ["operator", op, "signed_in_seconds", "\(figures.signedIn)"], ["operator", op, "break_seconds", "\(figures.onBreak)"]]
        }
        for figures in report.services {
            let name = "\(figures.service)/\(figures.speed.rawValue)"
            rows += [["service", name, "received", "\(figures.received)"], ["service", name, "finished", "\(figures.finished)"],
                     ["service", name, "breaches", "\(figures.breaches)"]]
        }
        for (hour, count) in report.finishedByHour.enumerated() { rows.append(["hour", ContractTime.pad(hour, 2), "finished", "\(count)"]) }
        for (offset, count) in report.finishedLast14Days.enumerated() {
            rows.append(["day", "\(report.range.last.adding(days: offset - 13))", "finished", "\(count)"])
        }
        for bucket in AgeBucket.allCases { rows.append(["backlog", bucket.rawValue, "open", "\(report.backlog.byAge[bucket] ?? 0)"]) }
        rows.append(["backlog", "carried_over", "open", "\(report.backlog.carriedOver)"])
        rows.append(["backlog", "overdue", "open", "\(report.backlog.overdueCount)"])
        for request in report.backlog.overdue {
            rows.append(["overdue", request.id.rawValue, request.service, ContractTime.format(request.dueAt)])
        }
        for reason in RejectionReason.allCases { rows.append(["rejection", reason.rawValue, "", "\(report.rejections[reason] ?? 0)"]) }
        for flag in report.duplicates { rows.append(["duplicate", flag.request.rawValue, "duplicate_of", flag.duplicateOf.rawValue]) }
        for figures in report.issuers {
            rows += [["issuer", figures.issuer, "forwarded", "\(figures.forwarded)"], ["issuer", figures.issuer, "returned", "\(figures.returned)"],
                     ["issuer", figures.issuer, "refused", "\(figures.refused)"], ["issuer", figures.issuer, "waiting", "\(figures.waiting)"],
                     ["issuer", figures.issuer, "late", "\(figures.late)"],
                     ["issuer", figures.issuer, "median_days", figures.medianDays.map(String.init) ?? ""]]
        }
        for flood in report.floods {
            let name = flood.applicant
            rows += [["flood", name, "phone", flood.phone], ["flood", name, "requests", "\(flood.requests)"],
                     ["flood", name, "people", "\(flood.people)"], ["flood", name, "services", flood.services.joined(separator: " ")],
                     ["flood", name, "first", ContractTime.format(flood.first)], ["flood", name, "last", ContractTime.format(flood.last)],
                     ["flood", name, "rejected_as_fake", "\(flood.rejectedAsFake)"], ["flood", name, "undecided", "\(flood.undecided)"]]
        }
        for figures in report.targets {
            let name = figures.measure.rawValue
            rows.append(["target", name, "target_seconds", "\(figures.target)"])
            rows += TargetBucket.allCases.map { ["target", name, $0.rawValue, "\(figures.buckets[$0] ?? 0)"] }
            rows.append(["target", name, "met_percent", figures.metPercent.map(String.init) ?? ""])
        }
        let delivery = report.delivery
        for age in ShelfAge.allCases { rows.append(["shelf", age.rawValue, "documents", "\(delivery.shelf[age] ?? 0)"]) }
        rows += [["delivery", "by_post", "", "\(delivery.deliveredByPost)"], ["delivery", "at_counter", "", "\(delivery.deliveredAtCounter)"],
                 ["post", "attempted", "", "\(delivery.postAttempted)"], ["post", "returning", "", "\(delivery.postReturning)"],
                 ["post", "expected_back", "", "\(delivery.expectedBack)"]]
        let sync = report.sync
        rows += [["sync", "last_import", "", sync.lastImport.map(ContractTime.format) ?? ""],
                 ["sync", "last_export", "", sync.lastExport.map(ContractTime.format) ?? ""],
                 ["sync", "waiting_seq", "", "\(sync.waitingSeq)"], ["sync", "quarantined", "", "\(sync.quarantined)"],
                 ["sync", "unacknowledged", "", "\(sync.unacknowledged)"],
                 ["sync", "oldest_unacknowledged", "", sync.oldestUnacknowledged.map(ContractTime.format) ?? ""]]
        return rows.map(csvLine).joined()
    }

    /// RFC 4180: quote a field holding a comma, a quote or a line break; double the quotes.
    func csvLine(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"\(field.replacingOccurrences(of: "\"", with: "\"\""))\"" : field
        }.joined(separator: ",") + "\r\n"
    }

    // MARK: JSON

    struct Document: Encodable {
        struct Range: Encodable {
            var from: String
            var to: String
        }
        struct Day: Encodable {
            var day: String
            var finished: Int
        }

        var center: String
        var range: Range
        var madeAt: Date
        var stages: [String: Int]?
        var operators: [OperatorFigures]?
        var services: [ServiceFigures]?
        var finishedByHour: [Int]?
        var last14Days: [Day]?
        var backlog: Backlog?
        var rejections: [String: Int]?
        var duplicates: [DuplicateFlag]?
        var sync: SyncHealth?
        var issuers: [IssuerFigures]?
        var delivery: DeliveryFigures?
        var floods: [FloodFigures]?
        var targets: [TargetFigures]?

        enum CodingKeys: String, CodingKey {
            case center, range, stages, operators, services, backlog, rejections, duplicates, sync, issuers, delivery, floods, targets
            case madeAt = "made_at", finishedByHour = "finished_by_hour", last14Days = "last_14_days"
        }
    }

    func json(_ breakdown: Report.Breakdown?) -> String {
        let all = breakdown == nil
        let document = Document(
            center: center, range: .init(from: "\(report.range.first)", to: "\(report.range.last)"), madeAt: report.madeAt,
            stages: all ? Dictionary(uniqueKeysWithValues: EventKind.allCases.map { ($0.rawValue, report.count($0)) }) : nil,
            operators: all || breakdown == .operator ? report.operators : nil,
            services: all || breakdown == .service ? report.services : nil,
            finishedByHour: all || breakdown == .hour ? report.finishedByHour : nil,
            last14Days: all ? report.finishedLast14Days.enumerated().map {
                Document.Day(day: "\(report.range.last.adding(days: $0.offset - 13))", finished: $0.element)
            } : nil,
            backlog: all ? report.backlog : nil,
            rejections: all ? Dictionary(uniqueKeysWithValues: RejectionReason.allCases.map { ($0.rawValue, report.rejections[$0] ?? 0) }) : nil,
            duplicates: all ? report.duplicates : nil, sync: all ? report.sync : nil,
            issuers: all ? report.issuers : nil, delivery: all ? report.delivery : nil, floods: all ? report.floods : nil,
            targets: all ? report.targets : nil)
        let encoder = Wire.makeEncoder()
        encoder.outputFormatting.insert(.prettyPrinted)
        // Encoding strings, numbers and dates cannot fail.
        let data = (try? encoder.encode(document)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
