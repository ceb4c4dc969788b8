import Foundation
import Testing
@testable import ShubbakScreens
import ShubbakExchange
import ShubbakTerminal

/// Issue 15, walked in the real binary as a new operator would, each key read off the bar: a
/// higher-education request verified, forwarded to its ministry with a printed slip, its document
/// scanned back, stamped, sealed and handed to the post, then delivered on the post's report; a
/// finance clearance refused by its ministry.
@Suite(.serialized) struct IssuerWalkTests {
    typealias Walk = NewOperatorWalkTests

    /// A demo center that trusts the central office's TEST-ONLY key, so a `postal` bundle can reach it.
    static func center() throws -> String {
        let data = try Shubbak.demoCenter(requests: 80)
        let pinned = "\(data)/keys/CENTRAL.pub"
        try FileManager.default.removeItem(atPath: pinned)
        try FileManager.default.copyItem(atPath: CrashTests.samples.appendingPathComponent("keys/central-test.pub").path, toPath: pinned)
        return data
    }

    /// The post's report on `tracking`, signed by the central office and put in the inbox.
    static func deliverPostal(_ data: String, tracking: String, seq: Int) throws {
        let lines = [
            #"{"type":"header","format":"shubbak-exchange","version":1,"from":"CENTRAL","to":"HMA-01","seq":\#(seq),"created_at":"2026-12-03T09:00:00Z","records":2}"#,
            #"{"type":"postal","tracking":"\#(tracking)","event":"attempted","at":"2026-12-03T10:12:00Z","office":"حماة - البريد المركزي","reason":"العنوان غير مكتمل"}"#,
            #"{"type":"postal","tracking":"\#(tracking)","event":"delivered","at":"2026-12-03T16:40:00Z","office":"حماة - البريد المركزي","reason":""}"#,
        ]
        let key = try SignifySecretKey(fileContents: Data(contentsOf: CrashTests.samples.appendingPathComponent("keys/central-test.sec")))
        let signed = try SignedMessage.sign(message: Data((lines.joined(separator: "\n") + "\n").utf8), with: key, comment: "test")
        try signed.write(to: URL(fileURLWithPath: "\(data)/inbox/CENTRAL_HMA-01_\(String(format: "%08d", seq)).jsonl.sig"))
    }

    static func shown(_ text: Catalog.Text, _ language: Language) -> String {
        let words = Catalog.of(language)[text]
        return language == .arabic ? BidiText.visual(words, direction: .rightToLeft) : words
    }

    @Test(arguments: [(Language.english, 120, 40), (.arabic, 80, 24)])
    func aHigherEducationRequestGoesThroughItsMinistryToThePost(language: Language, width: Int, height: Int) throws {
        let data = try Self.center()
        let id = try cleanRequest(data, delivery: "post", issuer: "MOHE")
        let reference = "HMA-01-MOHE-\(id)"
        let tmux = try Walk.openSignedIn(data, language, width, height, as: "op-01")
        defer { tmux.stop() }
        try Walk.claim(tmux, data, id)
        _ = try Walk.waitForKey(tmux, "F2", .keyApprove, language)
        try tmux.keys("F2")
        try Walk.waitForState(data, id, "verified")
        // No print for a document the ministry issues: the bar offers the forwarding instead.
        let verified = try Walk.waitForKey(tmux, "F6", .keyForward, language)
        #expect(!Walk.bar(verified).contains(Walk.entry("F6", .keyPrint, language)))
        try tmux.keys("F6")
        try Walk.waitForState(data, id, "forwarded")
        #expect(try sqlite(data, "SELECT holder IS NULL FROM request WHERE id = '\(id)'") == "1")
        // The slip was printed, and its barcode reads back as the center's reference.
        let slip = "\(data)/spool/transmittal-\(reference).pdf"
        #expect(FileManager.default.fileExists(atPath: slip))
        #expect(try Self.barcodes(in: slip).contains(reference))
        let forwarded = try sqlite(data, "SELECT line FROM event WHERE request = '\(id)' AND kind = 'forwarded'")
        #expect(forwarded.contains(#""issuer":"MOHE""#) && forwarded.contains(#""reference":"\#(reference)""#)
                && forwarded.contains(#""expected_by":""#))

        // The ministry's document comes back: the issuers' list, and the slip scanned.
        try tmux.keys("M-7")
        _ = try tmux.waitFor(Self.shown(.issuersTitle, language))
        Walk.expectWhole(id, on: try tmux.waitFor(id))
        try tmux.keys(reference, "Enter")
        try Walk.waitForState(data, id, "document_received")
        _ = try Walk.waitForKey(tmux, "F7", .keyStamps, language)
        try tmux.keys("F7")
        _ = try Walk.certifyStamps(tmux, data, id, language)
        try tmux.keys("F8")
        _ = try Walk.waitForKey(tmux, "Enter", .keySubmit, language)
        try tmux.keys("Enter")      // the next number of the center's range
        usleep(500_000)
        _ = try Walk.waitForKey(tmux, "F2", .keySeal, language)
        try tmux.keys("F2")
        try Walk.waitForState(data, id, "sealed")
        let tracking = try sqlite(data, "SELECT tracking FROM request WHERE id = '\(id)'")

        // To the courier, as the handoff's bar says.
        try tmux.keys("M-3")
        _ = try Walk.waitForKey(tmux, "F2", .keyToCourier, language)
        _ = try tmux.waitFor(tracking)      // the envelope is listed
        try tmux.keys(tracking, "Enter")
        usleep(300_000)
        try tmux.keys("F2")
        _ = try tmux.waitFor(Self.shown(.courierName, language))
        try tmux.keys("Khaled Haddad", "Enter")
        usleep(300_000)
        try tmux.keys("SP-4471", "Enter")
        usleep(500_000)
        try tmux.keys("Tab", "Enter")
        try Walk.waitForState(data, id, "dispatched")

        // The post reports a failed attempt, then the delivery: the sync screen takes it in.
        try Self.deliverPostal(data, tracking: tracking, seq: 1)
        try tmux.keys("M-5")
        _ = try Walk.waitForKey(tmux, "F2", .keySyncNow, language)
        try tmux.keys("F2")
        try Walk.waitForState(data, id, "delivered")
        #expect(try sqlite(data, "SELECT group_concat(kind, ',') FROM (SELECT kind FROM event WHERE request = '\(id)' ORDER BY id)")
                == "received,claimed,verified,forwarded,document_received,stamped,sealed,dispatched,delivered")
        let delivered = try sqlite(data, "SELECT line FROM event WHERE request = '\(id)' AND kind = 'delivered'")
        #expect(delivered.contains(#""by":"post""#) && delivered.contains(#""operator":"system""#))
        // Support reads the whole story in one command.
        let shown = try Shubbak.run(["request", "show", id, "--json", "--data", data])
        #expect(shown.status == 0, "\(shown.stderr)")
        let sheet = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(sheet["state"] as? String == "delivered" && sheet["reference"] as? String == reference && sheet["tracking"] as? String == tracking)
        #expect((sheet["events"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }.last == "delivered")
        #expect((sheet["postal"] as? [[String: Any]])?.compactMap { $0["event"] as? String } == ["attempted", "delivered"])
        let text = try Shubbak.run(["request", "show", id, "--data", data]).stdout
        #expect(text.contains("forwarded   reference \(reference)") && text.contains("document_received"))
        let missing = try Shubbak.run(["request", "show", "CSC-2026-99999999", "--data", data])
        #expect(missing.status != 0 && missing.stderr.contains("no request CSC-2026-99999999 at this center"))
        try Self.expectTheExportKeepsToTheContract(data)
    }

    @Test(arguments: [(Language.arabic, 120, 40), (.english, 80, 24)])
    func aFinanceClearanceRefusedByItsMinistryIsRejected(language: Language, width: Int, height: Int) throws {
        let data = try Self.center()
        let id = try cleanRequest(data, delivery: "center", issuer: "MOF")
        let tmux = try Walk.openSignedIn(data, language, width, height, as: "op-01")
        defer { tmux.stop() }
        try Walk.claim(tmux, data, id)
        _ = try Walk.waitForKey(tmux, "F2", .keyApprove, language)
        try tmux.keys("F2")
        _ = try Walk.waitForKey(tmux, "F6", .keyForward, language)
        try tmux.keys("F6")
        try Walk.waitForState(data, id, "forwarded")
        try tmux.keys("M-7")
        _ = try Walk.waitForKey(tmux, "F3", .keyIssuerRefused, language)
        Walk.expectWhole(id, on: try tmux.waitFor(id))
        try tmux.keys("F3")
        _ = try Walk.waitForKey(tmux, "Enter", .keyReject, language)
        try tmux.keys("Enter")      // without the ministry's reason: refused, the dialog stays
        _ = try tmux.waitFor(Self.shown(.required, language))
        try tmux.keys("no record of the clearance at the ministry", "Enter")
        try Walk.waitForState(data, id, "rejected")
        let rejected = try sqlite(data, "SELECT line FROM event WHERE request = '\(id)' AND kind = 'rejected'")
        #expect(rejected.contains(#""reason":"ISSUER_REFUSED""#) && rejected.contains("no record of the clearance at the ministry"))
        try Self.expectTheExportKeepsToTheContract(data)
    }

    /// What the center exports verifies with signify, names only the contract's kinds and reason
    /// codes, and the audit chain verifies.
    static func expectTheExportKeepsToTheContract(_ data: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try Shubbak.run(["export", "--data", data]).status == 0, sourceLocation: sourceLocation)
        let kinds: Set<String> = ["received", "claimed", "released", "verified", "rejected", "forwarded", "document_received", "printed",
                                  "stamped", "sealed", "dispatched", "returned", "ready_for_pickup", "delivered", "uncollected", "cancelled"]
        let reasons: Set<String> = ["NOT_FOUND", "NAME_MISMATCH", "FATHER_MISMATCH", "MOTHER_MISMATCH", "BIRTH_MISMATCH", "DECEASED",
                                    "DOCUMENT_PROBLEM", "DUPLICATE", "SUSPECTED_FAKE", "ISSUER_REFUSED", "OTHER"]
        let outbox = try FileManager.default.contentsOfDirectory(atPath: "\(data)/outbox").filter { $0.hasSuffix(".jsonl.sig") }
        #expect(!outbox.isEmpty, sourceLocation: sourceLocation)
        for file in outbox {
            let message = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
            #expect(try runTool("/usr/bin/signify-openbsd", ["-V", "-e", "-p", "\(data)/keys/HMA-01.pub", "-x", "\(data)/outbox/\(file)",
                                                             "-m", message]).status == 0, sourceLocation: sourceLocation)
            for line in try String(contentsOfFile: message, encoding: .utf8).split(separator: "\n") where line.contains(#""type":"event""#) {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                let kind = object["kind"] as? String ?? ""
                #expect(kinds.contains(kind), "kind \(kind)", sourceLocation: sourceLocation)
                if kind == "rejected", let reason = (object["data"] as? [String: Any])?["reason"] as? String {
                    #expect(reasons.contains(reason), "reason \(reason)", sourceLocation: sourceLocation)
                }
            }
        }
        #expect(try Shubbak.run(["audit", "verify", "--data", data]).status == 0, sourceLocation: sourceLocation)
    }

    /// The barcodes zbarimg reads on the PDF's first page.
    static func barcodes(in pdf: String) throws -> String {
        let png = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        #expect(try runTool("/usr/bin/pdftoppm", ["-r", "200", "-png", "-singlefile", pdf, png]).status == 0)
        return try runTool("/usr/bin/zbarimg", ["--quiet", "--raw", png + ".png"]).output
    }
}
