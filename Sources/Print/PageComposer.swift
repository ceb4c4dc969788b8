import Foundation

/// What a job fills its template with: text values, flags for `when`, lists for tables, and a report's tables.
struct JobValues {
    struct RowList {
        /// Every key a row carries, so that a template is checked even when the list is empty.
        var keys: Set<String>
        var rows: [[String: String]]
    }

    var values: [String: String]
    var flags: [String: Bool] = [:]
    var lists: [String: RowList] = [:]
    var report: ReportSheet?
}

/// Lays a template's blocks out on the pages of a PDF canvas.
struct PageComposer {
    let template: Template
    let job: JobValues

    private static let cellPadding = 0.8

    func render(title: String) throws(PrintError) -> Data {
        try check()
        let canvas = try PDFCanvas(widthMM: template.widthMM, heightMM: template.heightMM,
                                   direction: template.direction, title: title)
        var cursor = template.marginMM
        var previousTop = cursor
        for block in template.blocks where block.when.map({ job.flags[$0] == true }) ?? true {
            let top = block.top ?? (block.sameRow ? previousTop : cursor)
            let placed = try draw(block, at: top, on: canvas)
            previousTop = placed.top
            let bottom = placed.bottom + block.spaceAfter
            // Beside the previous block, the next one goes below the lower of the two.
            cursor = block.sameRow ? max(cursor, bottom) : bottom
        }
        return try canvas.finish()
    }

    /// Refuses a template that names a placeholder, flag or list the job does not have — for every block,
    /// also those a flag leaves out of this job, so that a fault shows on the first print, not the rare one.
    private func check() throws(PrintError) {
        func known(_ text: String, extra: Set<String> = [], markup: Bool = true) throws(PrintError) {
            for name in try Template.placeholders(in: text, file: template.file)
            where job.values[name] == nil && !extra.contains(name) {
                throw .template(file: template.file, reason: "unknown placeholder {\(name)}; this paper has "
                                + (job.values.keys.sorted() + extra.sorted()).map { "{\($0)}" }.joined(separator: " "))
            }
            guard markup else { return }
            let values = job.values.merging(extra.map { ($0, "") }) { value, _ in value }
            try PDFCanvas.checkMarkup(try Template.fill(text, values: values, escape: true, file: template.file),
                                      file: template.file)
        }
        for block in template.blocks {
            if let flag = block.when, job.flags[flag] == nil {
                throw .template(file: template.file, reason: "unknown flag \"\(flag)\" in when; this paper has "
                                + (job.flags.isEmpty ? "none" : job.flags.keys.sorted().joined(separator: ", ")))
            }
            switch block.content {
            case .text(let text): try known(text)
            case .barcode(let value): try known(value, markup: false)
            case .table(let rows, let columns):
                guard let list = job.lists[rows] else {
                    throw .template(file: template.file, reason: "unknown rows \"\(rows)\"; this paper has "
                                    + (job.lists.isEmpty ? "none" : job.lists.keys.sorted().joined(separator: ", ")))
                }
                for column in columns {
                    try known(column.title)
                    try known(column.cell, extra: list.keys)
                }
            case .fields(let rows, _, _):
                for row in rows {
                    try known(row.label)
                    try known(row.value)
                }
            case .reportTables:
                guard job.report != nil else {
                    throw .template(file: template.file, reason: "report_tables belongs in the report template only")
                }
            case .rule, .space: break
            }
        }
    }

    private var contentWidth: Double { template.widthMM - 2 * template.marginMM }
    private var bottom: Double { template.heightMM - template.marginMM }

    /// The left edge of a box: its own, else the start side of the page (the right side in Arabic).
    private func left(of block: Block, width: Double) -> Double {
        if let left = block.left { return left }
        return template.direction == .rtl ? template.widthMM - template.marginMM - width : template.marginMM
    }

    private typealias Block = Template.Block

    /// Draws a block whose top is `top`, or at the top of a new page when a flowing block does not fit.
    private func draw(_ block: Block, at top: Double, on canvas: PDFCanvas) throws(PrintError) -> (top: Double, bottom: Double) {
        var top = top
        let bottom = try drawContent(block, at: &top, on: canvas)
        return (top, bottom)
    }

    /// Draws the block's content from `top`, which it moves to the new page's top when it breaks; returns the bottom.
    private func drawContent(_ block: Block, at top: inout Double, on canvas: PDFCanvas) throws(PrintError) -> Double {
        let font = block.font ?? template.font
        let width = block.width ?? (block.left.map { template.widthMM - template.marginMM - $0 } ?? contentWidth)
        func room(for height: Double) {
            if block.top == nil, !block.sameRow, top + height > bottom, top > template.marginMM + 0.1 {
                canvas.newPage()
                top = template.marginMM
            }
        }
        switch block.content {
        case .text(let text):
            let markup = try Template.fill(text, values: job.values, escape: true, file: template.file)
            let paragraph = try canvas.paragraph(markup: markup, font: font, width: width, align: block.align,
                                                 file: template.file)
            let height = max(paragraph.height, block.height ?? 0)
            room(for: height)
            canvas.draw(paragraph, x: left(of: block, width: width), y: top)
            return top + height
        case .barcode(let text):
            let value = try Template.fill(text, values: job.values, escape: false, file: template.file)
            let barcode = try Barcode(code128: value)
            let barWidth = block.width ?? 60
            let barHeight = block.height ?? 12
            let caption = try canvas.paragraph(markup: Template.markupEscaped(value), font: font, width: barWidth,
                                               align: .center, file: template.file)
            room(for: barHeight + caption.height)
            let x: Double
            if let left = block.left {
                x = left
            } else {
                let start = left(of: block, width: barWidth)
                let end = template.direction == .rtl ? template.marginMM : template.widthMM - template.marginMM - barWidth
                switch block.align {
                case .start: x = start
                case .end: x = end
                case .center: x = (template.widthMM - barWidth) / 2
                }
            }
            canvas.draw(barcode, x: x, y: top, width: barWidth, height: barHeight)
            canvas.draw(caption, x: x, y: top + barHeight + 0.5)
            return top + barHeight + 0.5 + caption.height
        case .rule:
            let x = left(of: block, width: width)
            canvas.line(from: (x, top), to: (x + width, top))
            return top
        case .space:
            return top + (block.height ?? 5)
        case .table(let rows, let columns):
            let list = job.lists[rows]?.rows ?? []
            var cells: [[String]] = []
            for row in list {
                let values = job.values.merging(row) { _, rowValue in rowValue }
                var line: [String] = []
                for column in columns {
                    line.append(try Template.fill(column.cell, values: values, escape: true, file: template.file))
                }
                cells.append(line)
            }
            var header: [String] = []
            for column in columns {
                header.append(try Template.fill(column.title, values: job.values, escape: true, file: template.file))
            }
            return try table(header: header, rows: cells, weights: columns.map(\.weight), font: font,
                             x: left(of: block, width: width), width: width, top: top, on: canvas)
        case .fields(let rows, let weights, let perRow):
            var cells: [[String]] = []
            for (index, row) in rows.enumerated() {
                if index % perRow == 0 { cells.append([]) }
                cells[cells.count - 1] += [try Template.fill(row.label, values: job.values, escape: true, file: template.file),
                                           try Template.fill(row.value, values: job.values, escape: true, file: template.file)]
            }
            let rowWeights = Array(repeating: [weights.label, weights.value], count: perRow).flatMap { $0 }
            return try table(header: nil, rows: cells, weights: rowWeights, font: font,
                             x: left(of: block, width: width), width: width, top: top, on: canvas)
        case .reportTables:
            for table in job.report?.tables ?? [] {
                let title = try canvas.paragraph(markup: "<b>\(Template.markupEscaped(table.title))</b>", font: font,
                                                 width: width, align: .start, file: template.file)
                room(for: title.height + 12)
                canvas.draw(title, x: left(of: block, width: width), y: top)
                top += title.height + 1
                top = try self.table(header: table.columns.map(Template.markupEscaped),
                                     rows: table.rows.map { $0.map(Template.markupEscaped) },
                                     weights: table.columns.map { _ in 1 }, font: font,
                                     x: left(of: block, width: width), width: width, top: top, on: canvas) + 5
            }
            return top
        }
    }

    /// A ruled table whose first column is on the start side; the heading row, if any, repeats on each new page.
    private func table(header: [String]?, rows: [[String]], weights: [Double], font: String, x: Double, width: Double,
                       top: Double, on canvas: PDFCanvas) throws(PrintError) -> Double {
        let total = weights.reduce(0, +)
        let widths = weights.map { width * $0 / total }
        // Column edges from the start side.
        var edges: [Double] = []
        var offset = 0.0
        for columnWidth in widths {
            edges.append(template.direction == .rtl ? x + width - offset - columnWidth : x + offset)
            offset += columnWidth
        }
        func layout(_ cells: [String], bold: Bool) throws(PrintError) -> (paragraphs: [Paragraph], height: Double) {
            var paragraphs: [Paragraph] = []
            // A short row gets empty cells; cells beyond the columns are not drawn.
            for index in widths.indices {
                let cell = index < cells.count ? cells[index] : ""
                paragraphs.append(try canvas.paragraph(markup: bold ? "<b>\(cell)</b>" : cell, font: font,
                                                       width: widths[index] - 2 * Self.cellPadding, align: .start,
                                                       file: template.file))
            }
            return (paragraphs, (paragraphs.map(\.height).max() ?? 0) + 2 * Self.cellPadding)
        }
        func drawRow(_ row: (paragraphs: [Paragraph], height: Double), at y: Double, grey: Double?) {
            for (index, paragraph) in row.paragraphs.enumerated() {
                canvas.rectangle(x: edges[index], y: y, width: widths[index], height: row.height, fillGrey: grey)
                canvas.draw(paragraph, x: edges[index] + Self.cellPadding, y: y + Self.cellPadding)
            }
        }
        let heading = try header.map { cells throws(PrintError) in try layout(cells, bold: true) }
        var y = top
        func startPage() {
            canvas.newPage()
            y = template.marginMM
            if let heading {
                drawRow(heading, at: y, grey: 0.88)
                y += heading.height
            }
        }
        if let heading {
            if y + heading.height * 2 > bottom, y > template.marginMM + 0.1 {
                canvas.newPage()
                y = template.marginMM
            }
            drawRow(heading, at: y, grey: 0.88)
            y += heading.height
        }
        for cells in rows {
            let row = try layout(cells, bold: false)
            if y + row.height > bottom, y > template.marginMM + (heading?.height ?? 0) + 0.1 {
                startPage()
            }
            drawRow(row, at: y, grey: nil)
            y += row.height
        }
        return y
    }
}
