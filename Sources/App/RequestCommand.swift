import ArgumentParser
import Foundation
import ShubbakCore
import ShubbakStore

/// `shubbak request show ID`: everything the center holds on one request, for supervisors and support.
struct RequestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request", abstract: "Look at one request.", subcommands: [Show.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A request's data, state, issuer, tracking, pickup code and its whole history of events.",
            discussion: "With --json: one JSON object (the request as the central office sent it, its progress, every event with its data, and the post's reports).")

        @Argument(help: "The request's id, such as CSC-2026-00012345.")
        var id: String

        @Flag(help: "One JSON object, for scripts.")
        var json = false

        @OptionGroup var options: CenterOptions

        func run() throws {
            let requestID: RequestID
            do { requestID = try RequestID(id.trimmingCharacters(in: .whitespaces).uppercased()) } catch {
                throw AppError.invalid("\(Sanitised.forMessage(id)) is not a request id (such as CSC-2026-00012345)")
            }
            let center = try options.centerToRead()
            let found: (StoredRequest, Service?, [Event], [PostalReport])?
            do {
                found = try center.store.read { tx in
                    guard let stored = try tx.request(requestID) else { return nil }
                    return (stored, try tx.service(code: stored.record.service), try tx.events(of: requestID),
                            try tx.postalReports(for: requestID))
                }
            } catch { throw AppError.store(error) }
            guard let (stored, service, events, postal) = found else { throw AppError.invalid("no request \(requestID) at this center") }
            let shown = RequestSheet(stored: stored, service: service, events: events, postal: postal, calendar: center.calendar)
            if json {
                print(String(decoding: try Wire.makeEncoder().encode(shown.json), as: UTF8.self))
            } else {
                print(shown.text)
            }
        }
    }
}

/// One request as `request show` prints it.
struct RequestSheet {
    let stored: StoredRequest
    let service: Service?
    let events: [Event]
    let postal: [PostalReport]
    let calendar: CenterCalendar

    struct JSON: Encodable {
        var request: RequestRecord
        var state: String
        var holder: String?
        var dueAt: Date
        var issuer: String?
        var reference: String?
        var expectedBy: String?
        var tracking: String?
        var pickupCode: String?
        var manifest: String?
        var duplicateOf: String?
        var events: [EventJSON]
        var postal: [PostalReport]

        /// An event as the contract's record has it.
        struct EventJSON: Encodable {
            var id: Int64
            var kind: String
            var at: Date
            var `operator`: String
            var data: EventData
        }

        enum CodingKeys: String, CodingKey {
            case request, state, holder, issuer, reference, tracking, manifest, events, postal
            case dueAt = "due_at", expectedBy = "expected_by", pickupCode = "pickup_code", duplicateOf = "duplicate_of"
        }
    }

    var json: JSON {
        let progress = stored.progress
        return JSON(request: stored.record, state: progress.state.rawValue, holder: progress.holder?.rawValue, dueAt: stored.dueAt,
                    issuer: progress.forwarding?.issuer, reference: progress.forwarding?.reference,
                    expectedBy: progress.forwarding?.expectedBy.description, tracking: progress.tracking?.rawValue,
                    pickupCode: progress.pickupCode?.rawValue, manifest: progress.manifest, duplicateOf: stored.duplicateOf?.rawValue,
                    events: events.map { JSON.EventJSON(id: $0.id, kind: $0.kind.rawValue, at: $0.at, operator: $0.actor.rawValue, data: $0.data) },
                    postal: postal)
    }

    var text: String {
        let record = stored.record
        let progress = stored.progress
        func safe(_ text: String) -> String { Sanitised.forMessage(text) }
        var lines = ["\(record.id)  \(safe(service.map { "\($0.name.en) (\($0.code))" } ?? record.service))  \(progress.state.rawValue)"]
        lines.append("subject     \(safe(record.subject.name.display))  \(record.subject.nationalNo)  born \(record.subject.birthDate) \(safe(record.subject.birthPlace))")
        lines.append("applicant   \(safe(record.applicant.name.display))  \(record.applicant.nationalNo)  \(safe(record.applicant.phone))")
        switch record.delivery {
        case .post(let address): lines.append("delivery    post: \(safe(address.lines.joined(separator: ", ")))")
        case .center(let center): lines.append("delivery    pickup at \(center)")
        }
        lines.append("payment     \(record.payment.amount) SYP  \(safe(record.payment.channel))  \(safe(record.payment.ref))")
        lines.append("due         \(calendar.text(of: stored.dueAt))")
        if let holder = progress.holder { lines.append("held by     \(holder)\(progress.leaseUntil.map { " until \(calendar.text(of: $0))" } ?? "")") }
        if let issuer = service?.issuer { lines.append("issuer      \(safe(issuer.name.en)) (\(issuer.code)), \(issuer.days) days") }
        if let forwarding = progress.forwarding {
            lines.append("forwarded   reference \(forwarding.reference), expected back by \(forwarding.expectedBy)")
        }
        if let tracking = progress.tracking { lines.append("tracking    \(tracking)\(progress.manifest.map { "  manifest \($0)" } ?? "")") }
        if let code = progress.pickupCode { lines.append("pickup code \(code)") }
        if let duplicate = stored.duplicateOf { lines.append("possible duplicate of \(duplicate)") }
        lines.append("")
        lines.append("history")
        for event in events {
            lines.append("  \(String(repeating: " ", count: max(0, 6 - String(event.id).count)))\(event.id)  \(calendar.text(of: event.at))  \(event.kind.rawValue.padding(toLength: 17, withPad: " ", startingAt: 0)) \(event.actor)  \(details(event.data))")
        }
        for report in postal {
            lines.append("  post    \(calendar.text(of: report.at))  \(report.event.rawValue)  \(safe(report.office))  \(safe(report.reason))")
        }
        return lines.joined(separator: "\n")
    }

    /// What an event's data says, in a few words.
    private func details(_ data: EventData) -> String {
        var parts: [String] = []
        if let reason = data.reason { parts.append(reason.rawValue) }
        if let reason = data.returnReason { parts.append("post: \(reason)") }
        if let fields = data.fields, !fields.isEmpty { parts.append(fields.joined(separator: ",")) }
        if let note = data.note, !note.isEmpty { parts.append("note: \(note)") }
        if let stamps = data.stamps { parts.append(stamps.joined(separator: ",")) }
        if let tracking = data.tracking { parts.append(tracking.rawValue) }
        if let manifest = data.manifest { parts.append(manifest) }
        if let code = data.pickupCode { parts.append("code \(code)") }
        if let issuer = data.issuer { parts.append(issuer) }
        if let reference = data.reference { parts.append(reference) }
        if let expected = data.expectedBy { parts.append("expected \(expected)") }
        if let by = data.by { parts.append("by \(by.rawValue)") }
        if let collector = data.collector { parts.append("collector \(collector)") }
        if let handedTo = data.handedTo { parts.append("to \(handedTo)") }
        if let days = data.days { parts.append("\(days) days on the shelf") }
        if let copy = data.copy, copy > 1 { parts.append("copy \(copy)") }
        return Sanitised.forMessage(parts.joined(separator: "  "))
    }
}
