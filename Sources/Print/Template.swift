import Foundation

/// A page layout read from a JSON file of the templates folder (the format is docs/printing.md's).
/// Text is Pango markup in logical order with `{placeholders}`; blocks flow down the page unless placed.
struct Template: Sendable {
    enum Direction: String, Sendable { case rtl, ltr }
    enum Align: String, Sendable { case start, center, end }

    struct Column: Sendable {
        var title: String
        var cell: String
        var weight: Double
    }

    enum Content: Sendable {
        /// Pango markup with placeholders.
        case text(String)
        /// A Code 128 barcode of the filled value, with the value written under it.
        case barcode(String)
        /// A horizontal line, for signatures and separations.
        case rule
        /// Empty room.
        case space
        /// One row per item of a list the job carries (the manifest's envelopes).
        case table(rows: String, columns: [Column])
        /// A table of labels and values, both written in the template, `perRow` pairs to a row.
        case fields([(label: String, value: String)], weights: (label: Double, value: Double), perRow: Int)
        /// Every table of a report sheet, each under its title.
        case reportTables
    }

    struct Block: Sendable {
        var content: Content
        var font: String?
        var align: Align
        var top: Double?
        var left: Double?
        var width: Double?
        var height: Double?
        var spaceAfter: Double
        /// A flag of the job (`post`, `pickup`, `reprint`): the block is drawn only when it is set.
        var when: String?
        /// Starts at the top of the block before it (beside it, given widths that leave room), not below it.
        var sameRow: Bool
    }

    var file: String
    var widthMM: Double
    var heightMM: Double
    var marginMM: Double
    var direction: Direction
    var font: String
    var blocks: [Block]

    /// Reads and checks a template file; every fault is a `PrintError.template` naming the file.
    static func load(_ url: URL) throws(PrintError) -> Template {
        let file = url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .template(file: file, reason: "cannot be read (\(error.localizedDescription))")
        }
        let root: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw PrintError.template(file: file, reason: "the top level must be a JSON object")
            }
            root = object
        } catch let error as PrintError {
            throw error
        } catch {
            throw .template(file: file, reason: "is not valid JSON (\(error.localizedDescription))")
        }
        let reader = Reader(file: file, context: "the template", object: root)
        try reader.allow(["page", "direction", "font", "blocks"])
        let page = Reader(file: file, context: "page", object: try reader.object("page"))
        try page.allow(["width_mm", "height_mm", "margin_mm"])
        let directionText = try reader.string("direction") ?? "rtl"
        guard let direction = Direction(rawValue: directionText) else {
            throw .template(file: file, reason: "direction must be rtl or ltr, not \"\(directionText)\"")
        }
        var blocks: [Block] = []
        for (index, value) in try reader.array("blocks").enumerated() {
            guard let object = value as? [String: Any] else {
                throw .template(file: file, reason: "block \(index + 1) must be a JSON object")
            }
            blocks.append(try block(Reader(file: file, context: "block \(index + 1)", object: object)))
        }
        let template = Template(
            file: file, widthMM: try page.number("width_mm") ?? 210, heightMM: try page.number("height_mm") ?? 297,
            marginMM: try page.number("margin_mm") ?? 15, direction: direction,
            font: try reader.string("font") ?? "Amiri 11", blocks: blocks)
        guard template.widthMM > 2 * template.marginMM, template.heightMM > 2 * template.marginMM else {
            throw .template(file: file, reason: "the margins leave no room on the page")
        }
        return template
    }

    private static func block(_ reader: Reader) throws(PrintError) -> Block {
        let common = ["type", "font", "align", "top_mm", "left_mm", "width_mm", "height_mm", "space_after_mm", "when",
                      "same_row"]
        let type = try reader.string("type") ?? "text"
        let content: Content
        switch type {
        case "text":
            try reader.allow(common + ["text"])
            content = .text(try reader.required("text"))
        case "barcode":
            try reader.allow(common + ["value"])
            content = .barcode(try reader.required("value"))
        case "rule":
            try reader.allow(common)
            content = .rule
        case "space":
            try reader.allow(common)
            content = .space
        case "table":
            try reader.allow(common + ["rows", "columns"])
            var columns: [Column] = []
            for (index, value) in try reader.array("columns").enumerated() {
                guard let object = value as? [String: Any] else {
                    throw reader.fault("column \(index + 1) must be a JSON object")
                }
                let column = Reader(file: reader.file, context: "\(reader.context), column \(index + 1)", object: object)
                try column.allow(["title", "cell", "weight"])
                let weight = try column.number("weight") ?? 1
                guard weight > 0 else { throw column.fault("weight must be more than 0") }
                columns.append(Column(title: try column.required("title"), cell: try column.required("cell"), weight: weight))
            }
            guard !columns.isEmpty else { throw reader.fault("a table needs at least one column") }
            content = .table(rows: try reader.required("rows"), columns: columns)
        case "fields":
            try reader.allow(common + ["rows", "label_weight", "value_weight", "pairs_per_row"])
            var rows: [(label: String, value: String)] = []
            for (index, value) in try reader.array("rows").enumerated() {
                guard let pair = value as? [Any], pair.count == 2, let label = pair[0] as? String, let text = pair[1] as? String else {
                    throw reader.fault("row \(index + 1) must be a pair of strings, [\"label\", \"{value}\"]")
                }
                rows.append((label, text))
            }
            let weights = (label: try reader.number("label_weight") ?? 1, value: try reader.number("value_weight") ?? 2)
            guard weights.label > 0, weights.value > 0 else { throw reader.fault("weights must be more than 0") }
            let perRow = try reader.number("pairs_per_row") ?? 1
            guard perRow >= 1, perRow <= 4, perRow == perRow.rounded() else { throw reader.fault("pairs_per_row must be 1, 2, 3 or 4") }
            content = .fields(rows, weights: weights, perRow: Int(perRow))
        case "report_tables":
            try reader.allow(common)
            content = .reportTables
        default:
            throw reader.fault("unknown block type \"\(type)\" (text, barcode, rule, space, fields, table, report_tables)")
        }
        let alignText = try reader.string("align") ?? "start"
        guard let align = Align(rawValue: alignText) else {
            throw reader.fault("align must be start, center or end, not \"\(alignText)\"")
        }
        return Block(content: content, font: try reader.string("font"), align: align,
                     top: try reader.number("top_mm"), left: try reader.number("left_mm"),
                     width: try reader.number("width_mm"), height: try reader.number("height_mm"),
                     spaceAfter: try reader.number("space_after_mm") ?? 2, when: try reader.string("when"),
                     sameRow: try reader.bool("same_row") ?? false)
    }

    /// The placeholders a text uses, in order: `{request.id}` gives `request.id`.
    static func placeholders(in text: String, file: String) throws(PrintError) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw .template(file: file, reason: "a \"{\" is not closed in \"\(text)\"")
            }
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// Replaces every placeholder with its value; `escape` makes the values safe inside Pango markup.
    static func fill(_ text: String, values: [String: String], escape: Bool, file: String) throws(PrintError) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw .template(file: file, reason: "a \"{\" is not closed in \"\(text)\"")
            }
            result += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            guard let value = values[name] else {
                throw .template(file: file, reason: "unknown placeholder {\(name)}")
            }
            result += escape ? isolated(markupEscaped(value)) : value
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// A value inside a sentence keeps its own direction and does not reorder the words around it:
    /// a phone number stays "+963…" in an Arabic line, a date and time stay one run (Unicode's
    /// first-strong isolate, as HTML's <bdi>). A value with no letters is taken left to right.
    static func isolated(_ text: String) -> String { "\u{2068}" + text + "\u{2069}" }

    static func markupEscaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

/// Typed access to one JSON object of a template, with errors that say where.
private struct Reader {
    let file: String
    let context: String
    let object: [String: Any]

    func fault(_ reason: String) -> PrintError { .template(file: file, reason: "\(context): \(reason)") }

    /// Refuses keys the format does not have, so that a misspelt key is not silently ignored.
    func allow(_ keys: [String]) throws(PrintError) {
        if let unknown = object.keys.sorted().first(where: { !keys.contains($0) }) {
            throw fault("unknown key \"\(unknown)\" (allowed: \(keys.joined(separator: ", ")))")
        }
    }

    func string(_ key: String) throws(PrintError) -> String? {
        guard let value = object[key] else { return nil }
        guard let text = value as? String else { throw fault("\(key) must be a string") }
        return text
    }

    func bool(_ key: String) throws(PrintError) -> Bool? {
        guard let value = object[key] else { return nil }
        guard let number = value as? NSNumber, String(cString: number.objCType) == "c" else {
            throw fault("\(key) must be true or false")
        }
        return number.boolValue
    }

    func required(_ key: String) throws(PrintError) -> String {
        guard let text = try string(key) else { throw fault("\(key) is missing") }
        return text
    }

    func number(_ key: String) throws(PrintError) -> Double? {
        guard let value = object[key] else { return nil }
        // JSONSerialization gives a boolean as an NSNumber of type "c"; it is not a length.
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else {
            throw fault("\(key) must be a number")
        }
        let double = number.doubleValue
        guard double.isFinite, double >= 0 else { throw fault("\(key) must be a number of 0 or more") }
        return double
    }

    func object(_ key: String) throws(PrintError) -> [String: Any] {
        guard let value = object[key] else { throw fault("\(key) is missing") }
        guard let nested = value as? [String: Any] else { throw fault("\(key) must be a JSON object") }
        return nested
    }

    func array(_ key: String) throws(PrintError) -> [Any] {
        guard let value = object[key] else { throw fault("\(key) is missing") }
        guard let items = value as? [Any] else { throw fault("\(key) must be a JSON array") }
        return items
    }
}
