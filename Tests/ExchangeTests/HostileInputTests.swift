import Foundation
import Testing
@testable import ShubbakCore
@testable import ShubbakExchange
@testable import ShubbakStore

/// What a hostile or careless bundle carries never goes back to the central office raw, and the
/// contract's exact limits hold (issue 12, items 4, 6 and 9).
@Suite struct HostileInputTests {
    /// The message of the bundle the center writes next, as text.
    func nextOutboundMessage(_ center: TestCenter) throws -> String {
        let report = try #require(try center.exporter.export(now: center.now))
        let bytes = try Data(contentsOf: center.folders.outbox.appendingPathComponent(report.file))
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func problemsAreTheCentersOwnWordsWithNothingHostileInThem() throws {
        let center = try TestCenter()
        var lines = center.catalog
        // line 5: a service whose speed is an escape sequence; line 6: a record whose id is one.
        lines.append(#"{"type":"service","code":"X-1","name":{"ar":"س","en":"S"},"speed":"\u001b[2J","fee":1,"sla_hours":1,"stamps":[],"active":true}"#)
        lines.append(#"{"type":"rumour","request":"\u001b[31mX\u202e"}"#)
        let outcome = try center.importFile(try center.deliver(TestCenter.message(seq: 1, lines: lines), seq: 1))
        #expect(outcome == .applied(seq: 1, records: 5, applied: 3, setAside: 2))
        let problems = try center.problems().sorted { $0.line < $1.line }
        #expect(problems[0].reason == "field speed is not one of the values the contract allows", "\(problems[0].reason)")
        #expect(problems[1].request == #"\u{1b}[31mX\u{202e}"#)
        for problem in problems {
            let texts = problem.reason + (problem.request ?? "")
            #expect(!texts.unicodeScalars.contains { TextRules.isControl($0) || TextRules.isBidiControl($0) }, "\(texts)")
            #expect(!texts.contains("Cannot initialize"))
        }
        let message = try nextOutboundMessage(center)
        #expect(!message.contains(#"\u001b"#) && !message.contains("\u{1B}") && !message.contains("\u{202E}"))
        #expect(message.contains(#""request":"\\u{1b}[31mX\\u{202e}""#), "\(message)")
    }

    @Test func aNamePartIsCountedInCodePoints() throws {
        let center = try TestCenter()
        // One letter under 5,000 combining marks: one character, 5,001 code points.
        let flood = "م" + String(repeating: "\u{0651}", count: 5_000)
        let lines = center.catalog + [TestCenter.person(number: "05010099999", first: flood)]
        let outcome = try center.importFile(try center.deliver(TestCenter.message(seq: 1, lines: lines), seq: 1))
        #expect(outcome == .applied(seq: 1, records: 4, applied: 3, setAside: 1))
        let reason = try #require(try center.problems().first?.reason)
        #expect(reason.contains("5001 code points; 1 to 64 are allowed"), "\(reason)")
    }

    @Test func seqMustBeAJSONIntegerFromOneTo2To53() throws {
        for (written, expected) in [("1.0", "seq must be a JSON integer"), ("1e0", "seq must be a JSON integer"),
                                    ("9223372036854775808", "seq out of range"), ("9007199254740993", "seq out of range")] {
            let center = try TestCenter()
            let text = String(decoding: TestCenter.message(seq: 1, lines: center.catalog), as: UTF8.self)
                .replacingOccurrences(of: #""seq":1,"#, with: #""seq":\#(written),"#)
            let outcome = try center.importFile(try center.deliver(Data(text.utf8), seq: 1))
            guard case .quarantined(let reason) = outcome else {
                Issue.record("seq \(written) was not refused: \(outcome)")
                continue
            }
            #expect(reason.contains(expected), "seq \(written): \(reason)")
            #expect(try center.requestCount() == 0)
        }
    }

    @Test func anAmountWithAFractionIsSetAside() throws {
        let center = try TestCenter()
        let request = TestCenter.request("CSC-2026-00000001").replacingOccurrences(of: #""amount":2000"#, with: #""amount":2000.0"#)
        let outcome = try center.importFile(try center.deliver(TestCenter.message(seq: 1, lines: center.catalog + [request]), seq: 1))
        #expect(outcome == .applied(seq: 1, records: 4, applied: 3, setAside: 1))
        let problem = try #require(try center.problems().first)
        #expect(problem.reason == "amount must be a JSON integer: no fraction, no exponent", "\(problem.reason)")
        #expect(problem.request == "CSC-2026-00000001")
    }

    @Test func problemsBeyondAThousandInOneBundleAreSummarised() throws {
        let center = try TestCenter()
        let bad = (1...1_500).map { #"{"type":"rumour","id":"R-\#($0)"}"# } + (1...30).map { _ in "not json" }
        let outcome = try center.importFile(try center.deliver(TestCenter.message(seq: 1, lines: center.catalog + bad), seq: 1))
        #expect(outcome == .applied(seq: 1, records: 1_533, applied: 3, setAside: 1_530))
        let problems = try center.store.read { try $0.problems(limit: 10_000) }
        #expect(problems.count == 1_002)
        let summaries = problems.filter { $0.request == nil && $0.reason.contains("not listed one by one") }
        #expect(summaries.map(\.reason).sorted() == [
            "30 more lines of bundle 1 from line 1505 on, not listed one by one: the line is not a JSON object",
            "500 more lines of bundle 1 from line 1005 on, not listed one by one: unknown record type rumour",
        ])
        let message = try nextOutboundMessage(center)
        #expect(message.split(separator: "\n").filter { $0.contains(#""type":"problem""#) }.count == 1_002)
    }
}
