import Foundation
import ShubbakCore
import ShubbakTerminal

extension CounterScreen {
    /// The steps a request goes through at the counter, for the progress line.
    static let steps: [RequestState] = [.claimed, .verified, .printed, .stamped, .sealed]

    public static func view(_ state: State, into buffer: inout Buffer, area: Rect, context: RenderContext, catalog: Catalog,
                            now: Date) {
        guard let snapshot = state.snapshot else {
            Paragraph(state.message?.text(in: catalog.language) ?? catalog[.loading]).render(into: &buffer, area: area, context: context)
            return
        }
        let record = snapshot.record
        let speed = catalog[snapshot.service.speed == .fast ? .fast : .slow]
        let serviceName = catalog.name(snapshot.service.name)
        let parts = Layout.split(area, .vertical, [.fixed(1), .fixed(1), .fixed(10), .fill()])
        StatusLine(line: "\(whole: record.id.rawValue) · \(serviceName) · \(speed)",
                   trailing: catalog.state(snapshot.progress.state), style: Style(.title))
            .render(into: &buffer, area: parts[0], context: context)
        buffer.drawText(stepsLine(snapshot, catalog), in: parts[1], style: Style(.hint), context: context)

        let comparisonBlock = Block(title: catalog[.verificationTitle])
        comparisonBlock.render(into: &buffer, area: parts[2], context: context)
        let inner = comparisonBlock.inner(parts[2])
        if let person = snapshot.person {
            comparisonTable(snapshot, person: person, catalog: catalog).render(into: &buffer, area: inner, context: context)
        } else {
            buffer.drawLine("\(catalog[.noCivilRecord]) \(whole: record.subject.nationalNo)", in: inner.row(0),
                            style: Style(.error), context: context)
        }

        let lower = Layout.split(parts[3], .horizontal, [.percentage(50), .fill()], direction: context.direction)
        let flagsBlock = Block(title: catalog[.documentTitle])
        flagsBlock.render(into: &buffer, area: lower[0], context: context)
        var lines: [(TextLine, Style)] = []
        if snapshot.person?.status == .deceased { lines.append((TextLine(catalog[.personDeceased]), Style(.error))) }
        if let duplicate = snapshot.duplicateOf { lines.append(("\(catalog[.duplicateOf]) \(whole: duplicate)", Style(.warn))) }
        if let filings = snapshot.floodFilings { lines.append((TextLine(catalog.describe(filings)), Style(.warn))) }
        if let due = snapshot.dueAt {
            let left = Int(due.timeIntervalSince(now))
            lines.append(left < 0 ? ("\(catalog[.overdue]) \(catalog.duration(-left)) · \(catalog.dayAndTime(due))", Style(.overdue))
                                  : ("\(catalog[.columnDue]): \(catalog.duration(left)) · \(catalog.dayAndTime(due))", .normal))
        }
        if let issuer = snapshot.service.issuer {
            // The issuer makes the document; once it is back, it is the paper the stamps go on.
            lines.append(("\(catalog[.issuedBy]) \(catalog.name(issuer.name)) (\(whole: issuer.code)) · \(issuer.days) \(catalog[.daysShort])", .normal))
            if let forwarding = snapshot.progress.forwarding {
                lines.append(("\(catalog[.reference]) \(whole: forwarding.reference)", .normal))
            }
        } else {
            lines.append(("\(catalog[.copies]): \(snapshot.progress.copies)", .normal))
        }
        for code in snapshot.service.stamps {
            let applied = snapshot.progress.appliedStamps.contains(code)
            let name = snapshot.stamps.first { $0.code == code }.map { catalog.name($0.name) } ?? code
            let amount = code == Stamp.revenueCode ? " (\(snapshot.service.fee) \(catalog[.pounds]))" : ""
            lines.append(("[\(applied ? "✓" : " ")] \(name)\(amount)", Style(applied ? .ok : .normal)))
        }
        draw(lines, in: flagsBlock.inner(lower[0]), buffer: &buffer, context: context)

        let deliveryBlock = Block(title: catalog[.envelopeTitle])
        deliveryBlock.render(into: &buffer, area: lower[1], context: context)
        var delivery: [(TextLine, Style)] = []
        switch record.delivery {
        case .post(let address):
            delivery.append(("\(catalog[.post]): \(address.governorate)", Style(.title)))
            delivery += address.lines.map { (TextLine($0), .normal) }
        case .center:
            delivery.append((TextLine(catalog[.pickupAtCenter]), Style(.title)))
        }
        // The numbers have a line of their own: at 80 columns they would give way to the name.
        delivery.append(("\(catalog[.applicant]): \(record.applicant.name.display)", .normal))
        delivery.append(("\(whole: record.applicant.nationalNo) · \(whole: record.applicant.phone)", .normal))
        if let tracking = snapshot.progress.tracking ?? snapshot.envelopeTracking {
            delivery.append(("\(catalog[.trackingNumber]): \(whole: tracking)", Style(.ok)))
        }
        if let code = snapshot.progress.pickupCode ?? snapshot.envelopePickupCode { delivery.append(("\(catalog[.pickupCode]): \(whole: code)", Style(.ok))) }
        draw(delivery, in: deliveryBlock.inner(lower[1]), buffer: &buffer, context: context)

        if let modal = state.modal { drawModal(modal, snapshot: snapshot, into: &buffer, area: area, context: context, catalog: catalog) }
        if let code = state.sealedPickupCode {
            // Large enough to read out across the counter; it stays until Enter.
            let box = area.centered(width: min(max(CharacterWidth.of(catalog[.tellPickupCode]) + 8, 40), area.width), height: 5)
            let block = Block(title: catalog[.tellPickupCode], borderStyle: Style(.dialog),
                              titleStyle: Style(.dialog, attributes: .bold), fillStyle: Style(.dialog))
            block.render(into: &buffer, area: box, context: context)
            let inner = block.inner(box)
            let spaced = code.rawValue.map(String.init).joined(separator: " ")
            buffer.drawLine(.whole(spaced), in: inner.row(1), style: Style(.title, attributes: .bold), alignment: .center,
                            context: context)
        }
    }

    /// Each step ticked once it is done, the first one not done marked as current. The envelope is
    /// its own step: it is done once printed, which may come before or after the stamps.
    static func stepsLine(_ snapshot: Snapshot, _ catalog: Catalog) -> String {
        // The issuer's document stands where the center's print would.
        let state = snapshot.progress.state == .documentReceived ? .printed : snapshot.progress.state
        let reached = steps.firstIndex(of: state) ?? -1
        let envelopePrinted = snapshot.envelopeTracking != nil || snapshot.envelopePickupCode != nil
            || snapshot.progress.tracking != nil || snapshot.progress.pickupCode != nil
        let done = steps.indices.map { index in
            switch steps[index] {
            case .stamped: envelopePrinted || reached > index
            // A service without stamps has nothing to do at this step once printed.
            case .printed: reached > index || (reached == index && snapshot.missingStamps.isEmpty)
            default: reached > index
            }
        }
        let current = done.firstIndex(of: false)
        return steps.enumerated().map { index, step in
            let mark = done[index] ? "✓" : index == current ? "●" : "○"
            // For a service another body issues, the step after verification is the issuer's.
            let name = step == .verified && snapshot.service.issuer != nil ? catalog.step(.forwarded) : catalog.step(step)
            return "\(mark) \(name)"
        }.joined(separator: "  ›  ")
    }

    static func comparisonTable(_ snapshot: Snapshot, person: Person, catalog: Catalog) -> Table {
        let subject = snapshot.record.subject
        let comparison = RecordComparison(subject: subject, record: person)
        let values: [(RecordComparison.Field, String, String)] = [
            (.first, subject.name.first, person.name.first),
            (.father, subject.name.father, person.name.father),
            (.mother, subject.name.mother, person.name.mother),
            (.last, subject.name.last, person.name.last),
            (.birthDate, subject.birthDate.description, person.birthDate.description),
            (.birthPlace, subject.birthPlace, person.birthPlace),
        ]
        let rows = values.map { field, requested, recorded in
            let verdict = comparison.verdict(for: field)
            let style: Style = switch verdict {
            case .identical, .normalisedEqual: Style(.ok)
            case .probable: Style(.warn)
            case .different: Style(.error)
            }
            return TableRow([catalog.field(field.rawValue), requested, recorded, catalog.verdict(verdict)], style: style)
        } + [TableRow([catalog[.nationalNumber], subject.nationalNo.digits, person.nationalNo.digits, catalog.verdict(.identical)])]
        let columns = [
            TableColumn(catalog[.columnField], width: .fixed(14)),
            TableColumn(catalog[.columnRequestData], width: .fill()),
            TableColumn(catalog[.columnCivilRecord], width: .fill()),
            TableColumn(catalog[.columnVerdict], width: .fixed(17)),
        ]
        return Table(columns: columns, rowCount: rows.count) { offset, limit in Array(rows.dropFirst(offset).prefix(limit)) }
    }

    static func draw(_ lines: [(TextLine, Style)], in area: Rect, buffer: inout Buffer, context: RenderContext) {
        for (index, line) in lines.prefix(area.height).enumerated() {
            buffer.drawLine(line.0, in: area.row(index), style: line.1, context: context)
        }
    }

    static func drawModal(_ modal: Modal, snapshot: Snapshot, into buffer: inout Buffer, area: Rect, context: RenderContext,
                          catalog: Catalog) {
        func box(_ title: String, height: Int) -> Rect {
            let rect = area.centered(width: min(70, area.width), height: min(height, area.height))
            let block = Block(title: title, borderStyle: Style(.dialog), titleStyle: Style(.dialog, attributes: .bold),
                              fillStyle: Style(.dialog))
            block.render(into: &buffer, area: rect, context: context)
            return block.inner(rect).inset(left: 1, right: 1)
        }
        switch modal {
        case .confirmProbable(let dialog), .revenueConfirm(_, let dialog):
            dialog.render(into: &buffer, area: area, context: context)
        case .rejectReason(let list):
            let inner = box(catalog[.rejectTitle], height: RejectionReason.atCounter.count + 2)
            list.render(into: &buffer, area: inner, context: context)
        case .rejectNote(let reason, let details):
            let fields = RecordComparison.Field.allCases
            let inner = box("\(catalog[.rejectTitle]): \(catalog.reason(reason))", height: fields.count + 5)
            buffer.drawText(catalog[.rejectFields], in: inner.row(0), style: Style(details.isInNote ? .dialog : .title),
                            context: context)
            for (index, field) in fields.enumerated() where index + 1 < inner.height - 2 {
                let style = Style(!details.isInNote && index == details.cursor ? .selected : .dialog)
                buffer.drawText("[\(details.chosen.contains(field) ? "x" : " ")] \(catalog.field(field.rawValue))",
                                in: inner.row(index + 1), style: style, context: context)
            }
            let noteLabel = catalog[details.noteIsRequired ? .noteRequired : .note]
            let noteRow = Layout.split(inner.row(inner.height - 1), .horizontal,
                                       [.fixed(CharacterWidth.of(noteLabel)), .fixed(1), .fill()], direction: context.direction)
            buffer.drawText(noteLabel, in: noteRow[0], style: Style(details.isInNote ? .title : .dialog), context: context)
            TextField(details.note, isFocused: details.isInNote).render(into: &buffer, area: noteRow[2], context: context)
        case .release(let form):
            form.render(into: &buffer, area: box(catalog[.releaseTitle], height: 4), context: context)
        case .handOver(let form):
            form.render(into: &buffer, area: box(catalog[.handOverTitle], height: 5), context: context)
        case .reprint(let form):
            form.render(into: &buffer, area: box(catalog[.reprintTitle], height: 4), context: context)
        case .stamps(let chosen, let cursor):
            let missing = snapshot.missingStamps
            let inner = box(catalog[.stampsTitle], height: missing.count + 3)
            for (index, code) in missing.enumerated() where index < inner.height - 1 {
                let name = snapshot.stamps.first { $0.code == code }.map { catalog.name($0.name) } ?? code
                let style = Style(index == cursor ? .selected : .dialog)
                buffer.drawText("[\(chosen.contains(code) ? "x" : " ")] \(name)", in: inner.row(index), style: style, context: context)
            }
            buffer.drawText(catalog[.stampsHint], in: inner.row(inner.height - 1), style: Style(.hint), context: context)
        case .paperSerial(_, let form):
            form.render(into: &buffer, area: box(catalog[.stampsTitle], height: 4), context: context)
        case .tracking(let forSeal, let form):
            form.render(into: &buffer, area: box(forSeal ? catalog[.sealTitle] : catalog[.envelopeTitle], height: 4), context: context)
        }
    }
}
