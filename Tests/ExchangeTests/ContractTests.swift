import Foundation
import Testing
@testable import ShubbakCore
@testable import ShubbakExchange
import ShubbakSampleData
@testable import ShubbakStore

/// A center HMA-01 in a temporary folder, with the central office's TEST-ONLY keys from shared/samples.
struct TestCenter {
    static let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/samples")

    let root: URL
    let store: CenterStore
    let folders: ExchangeFolders
    let centralSecret: SignifySecretKey
    let centerSecret: SignifySecretKey
    let importer: Importer
    let exporter: Exporter
    let center = PartyID.testCenter
    let now = Date(timeIntervalSince1970: 1_795_400_000)

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("shubbak-exchange-\(UUID().uuidString)")
        folders = ExchangeFolders(root: root)
        for folder in [folders.inbox, folders.outbox, folders.processed, folders.quarantine] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        store = try CenterStore(path: root.appendingPathComponent("center.sqlite").path)
        let keys = Self.samples.appendingPathComponent("keys")
        centralSecret = try SignifySecretKey(fileContents: Data(contentsOf: keys.appendingPathComponent("central-test.sec")))
        centerSecret = try SignifySecretKey(fileContents: Data(contentsOf: keys.appendingPathComponent("HMA-01-test.sec")))
        let centralPublic = try SignifyPublicKey(fileContents: Data(contentsOf: keys.appendingPathComponent("central-test.pub")))
        importer = Importer(store: store, center: center, centralKey: centralPublic, folders: folders)
        exporter = Exporter(store: store, center: center, secretKey: centerSecret, folders: folders)
    }

    /// A message as the central office writes it; `records` overrides the header's count.
    static func message(seq: Int64, lines: [String], to: String = "HMA-01", version: Int = 1, records: Int? = nil) -> Data {
        var text = #"{"type":"header","format":"shubbak-exchange","version":\#(version),"from":"CENTRAL","to":"\#(to)","seq":\#(seq),"created_at":"2026-11-22T09:00:00Z","records":\#(records ?? lines.count)}"# + "\n"
        for line in lines { text += line + "\n" }
        return Data(text.utf8)
    }

    /// Signs a message with the central office's key and drops it in the inbox.
    @discardableResult
    func deliver(_ message: Data, seq: Int64, signer: SignifySecretKey? = nil, name: String? = nil) throws -> URL {
        let bytes = try SignedMessage.sign(message: message, with: signer ?? centralSecret, comment: "verify with central.pub")
        let url = folders.inbox.appendingPathComponent(name ?? "CENTRAL_HMA-01_\(String(format: "%08d", seq)).jsonl.sig")
        try bytes.write(to: url)
        return url
    }

    func importFile(_ url: URL) throws -> InboundOutcome { try importer.importFile(url, now: now).outcome }

    /// Puts the central office's sample bundles of these seqs into the inbox.
    func deliverSamples(_ seqs: ClosedRange<Int>) throws {
        for seq in seqs {
            let name = String(format: "CENTRAL_HMA-01_%08d.jsonl.sig", seq)
            try FileManager.default.copyItem(at: Self.samples.appendingPathComponent(name), to: folders.inbox.appendingPathComponent(name))
        }
    }

    var catalog: [String] {
        [#"{"type":"stamp","code":"REVENUE","name":{"ar":"طابع مالي","en":"Revenue stamp"}}"#,
         #"{"type":"service","code":"CIVIL-EXTRACT","name":{"ar":"إخراج قيد فردي","en":"Individual civil-registry extract"},"speed":"fast","fee":2000,"sla_hours":48,"stamps":["REVENUE"],"active":true}"#,
         Self.person()]
    }

    static func person(number: String = "05010012345", first: String = "محمد") -> String {
        #"{"type":"person","national_no":"\#(number)","name":{"first":"\#(first)","father":"أحمد","mother":"فاطمة","last":"الحسين"},"birth_date":"1990-04-12","birth_place":"حماة","gender":"M","registry":"حماة - الحاضر - 123","status":"alive","updated_at":"2026-11-20T08:00:00Z"}"#
    }

    static func request(_ id: String, number: String = "05010012345", first: String = "محمد", method: String = "post") -> String {
        let name = #"{"first":"\#(first)","father":"أحمد","mother":"فاطمة","last":"الحسين"}"#
        let delivery = method == "post"
            ? #"{"method":"post","address":{"governorate":"حماة","city":"حماة","area":"الحاضر","street":"شارع العلمين","building":"12","notes":""}}"#
            : #"{"method":"center","center":"HMA-01"}"#
        return #"{"type":"request","id":"\#(id)","service":"CIVIL-EXTRACT","submitted_at":"2026-11-21T18:03:11Z","applicant":{"national_no":"\#(number)","name":\#(name),"phone":"+963933123456"},"subject":{"national_no":"\#(number)","name":\#(name),"birth_date":"1990-04-12","birth_place":"حماة"},"delivery":\#(delivery),"payment":{"amount":2000,"channel":"syriatel-cash","ref":"PAY-\#(id)","paid_at":"2026-11-21T18:04:02Z"}}"#
    }

    func requestCount() throws -> Int { try store.read { try $0.queueCount(QueueFilter(states: Set(RequestState.allCases)), at: now) } }
    func problems() throws -> [StoreTransaction.Problem] { try store.read { try $0.problems(limit: 100) } }
    func eventCount() throws -> Int64 { try store.read { try $0.auditHead().event } }
}

extension PartyID {
    static var testCenter: PartyID { (try? PartyID("HMA-01")) ?? .central }
}

@Suite struct ContractTests {
    func quarantined(_ outcome: InboundOutcome) -> String? {
        if case .quarantined(let reason) = outcome { return reason }
        return nil
    }

    @Test func theCentralOfficesSamplesImportAndWhatWeSendVerifiesWithSignify() throws {
        let center = try TestCenter()
        for name in ["CENTRAL_HMA-01_00000002.jsonl.sig", "CENTRAL_HMA-01_00000001.jsonl.sig"] {
            try FileManager.default.copyItem(at: TestCenter.samples.appendingPathComponent(name),
                                             to: center.folders.inbox.appendingPathComponent(name))
        }
        let reports = try center.importer.importInbox(now: center.now)
        #expect(reports.map(\.outcome) == [.applied(seq: 1, records: 73, applied: 73, setAside: 0),
                                           .applied(seq: 2, records: 25, applied: 25, setAside: 0)])
        #expect(try center.requestCount() == 42)
        let cancelled = try center.store.read { try $0.request(try RequestID("CSC-2026-1101000003")) }
        #expect(cancelled?.progress.state == .cancelled)
        #expect(try FileManager.default.contentsOfDirectory(atPath: center.folders.inbox.path).isEmpty)

        let report = try #require(try center.exporter.export(now: center.now))
        #expect(report.events == 43)
        #expect(report.ack == 2)
        let file = center.folders.outbox.appendingPathComponent(report.file)
        let out = center.root.appendingPathComponent("out.jsonl")
        let verify = try run("/usr/bin/signify-openbsd", ["-V", "-e", "-p", TestCenter.samples.appendingPathComponent("keys/HMA-01-test.pub").path,
                                                          "-x", file.path, "-m", out.path])
        #expect(verify == 0)
        // The header's audit head is the chain recomputed from the lines sent, as the central office does it.
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n").map(String.init)
        var hash = AuditChain.genesis
        for line in lines.dropFirst() where line.contains(#""type":"event""#) { hash = AuditChain.next(after: hash, line: line) }
        let header = try Wire.makeDecoder().decode(BundleHeader.self, from: Data(lines[0].utf8))
        #expect(header.audit?.sha256 == AuditChain.hex(hash))
        #expect(header.audit?.event == 43)
        #expect(header.records == lines.count - 1)
        #expect(lines.last == #"{"seq":2,"type":"ack"}"#)
    }

    /// Issue 14 item 8: the demo, the benchmarks and the tests build on `SampleCatalog`; it is the
    /// catalog the central office's newest sample bundle (revision 2, with issuers) carries, stamp for stamp.
    @Test func theSampleCatalogIsTheCentralOfficesSample() throws {
        let center = try TestCenter()
        try center.deliverSamples(1...3)
        _ = try center.importer.importInbox(now: center.now)
        let (stamps, services) = try center.store.read { tx in (try tx.stamps(), try tx.services()) }
        #expect(stamps == SampleCatalog.stamps.sorted { $0.code < $1.code })
        #expect(services == SampleCatalog.services.sorted { $0.code < $1.code })
    }

    /// Issue 15: the revision-2 sample imports: its issuers are stored, the flood is taken in, and
    /// both `postal` records (tracking numbers this center never dispatched) go back as problems.
    @Test func theRevisionTwoSampleImportsAndItsPostalRecordsGoBackAsProblems() throws {
        let center = try TestCenter()
        try center.deliverSamples(1...3)
        let reports = try center.importer.importInbox(now: center.now)
        #expect(reports.map(\.outcome).last == .applied(seq: 3, records: 44, applied: 42, setAside: 2))
        let services = try center.store.read { try $0.services() }
        #expect(Dictionary(uniqueKeysWithValues: services.compactMap { service in service.issuer.map { (service.code, $0.code) } })
                == ["HIGHER-EDU": "MOHE", "FINANCE-CLEARANCE": "MOF", "REAL-ESTATE": "REDIR"])
        #expect(services.first { $0.code == "HIGHER-EDU" }?.issuer?.days == 10)
        // 42 requests of seq 1 and 2, and 8 + 6 of seq 3.
        #expect(try center.requestCount() == 56)
        let flood = try center.store.read { tx in
            try (0...5).compactMap { try tx.request(try RequestID("CSC-2026-F03000000\($0)")) }
        }
        #expect(flood.count == 6 && Set(flood.map(\.record.applicant.nationalNo.digits)) == ["10253153211"])
        // Issue 16: the six form one flood; no other request of the three bundles is flagged so.
        let flagged = try center.store.read { tx in
            try tx.queue(QueueFilter(states: Set(RequestState.allCases)), at: center.now, limit: 100).filter(\.isFlood).map(\.id.rawValue)
        }
        #expect(Set(flagged) == Set((0...5).map { "CSC-2026-F03000000\($0)" }))
        let postal = try center.problems().filter { $0.bundle == 3 }.sorted { $0.line < $1.line }.map { "\($0.line) \($0.reason)" }
        #expect(postal == ["44 postal delivered for RR000000014SY, which this center never dispatched",
                           "45 postal attempted for RR000000028SY, which this center never dispatched"])

        let report = try #require(try center.exporter.export(now: center.now))
        let out = center.root.appendingPathComponent("out.jsonl")
        #expect(try run("/usr/bin/signify-openbsd", ["-V", "-e", "-p", TestCenter.samples.appendingPathComponent("keys/HMA-01-test.pub").path,
                                                     "-x", center.folders.outbox.appendingPathComponent(report.file).path, "-m", out.path]) == 0)
        let sent = try String(contentsOf: out, encoding: .utf8)
        #expect(sent.contains(#"{"bundle":3,"line":44,"reason":"postal delivered for RR000000014SY, which this center never dispatched","type":"problem"}"#))
        #expect(sent.contains(#"{"bundle":3,"line":45,"reason":"postal attempted for RR000000028SY, which this center never dispatched","type":"problem"}"#))
    }

    /// Issue 16 item 2: the revision-2 sample's six requests are one cluster; an operator cannot
    /// reject it, a refusal of one member leaves all six as they were, and the supervisor's decision
    /// goes to the central office as six `rejected` events with SUSPECTED_FAKE and the note.
    @Test func theSupervisorRejectsTheSamplesFloodAsFakeAndTheExportCarriesIt() throws {
        let center = try TestCenter()
        try center.deliverSamples(1...3)
        _ = try center.importer.importInbox(now: center.now)
        let hash = try PasswordHash(password: "secret-7", cost: 10)
        let supervisor = OperatorID(stored: "sup-1"), clerk = OperatorID(stored: "op-1")
        try center.store.write { tx in
            try tx.add(Operator(id: supervisor, name: "ريم", role: .supervisor), password: hash, at: center.now)
            try tx.add(Operator(id: clerk, name: "سامر", role: .operator), password: hash, at: center.now)
        }
        let clusters = try center.store.read { tx in try tx.undecidedFloodClusters(at: center.now) }
        #expect(clusters.count == 1)
        let cluster = try #require(clusters.first)
        let six = (0...5).map { "CSC-2026-F03000000\($0)" }
        #expect(cluster.members.map(\.request.rawValue) == six && cluster.applicant.digits == "10253153211" && cluster.people == 6)
        let ids = cluster.rejectable.map(\.request)
        let lifecycle = Lifecycle(leaseDuration: 900)
        let before = try center.eventCount()

        #expect(throws: StoreError.self) {
            try center.store.write { tx in try tx.rejectAsSuspectedFake(ids, note: "broker", by: clerk, at: center.now, lifecycle: lifecycle) }
        }
        // Meanwhile the central office cancels one: the decision on all six is refused, none written.
        try center.store.perform(.cancel(reason: "withdrawn"), on: ids[5], by: .system, at: center.now, lifecycle: lifecycle)
        let refusal = Result { () throws -> [Event] in
            try center.store.write { tx in try tx.rejectAsSuspectedFake(ids, note: "broker", by: supervisor, at: center.now, lifecycle: lifecycle) }
        }
        #expect("\(refusal)".contains("\(ids[5]): cannot reject as a suspected fake a request that is cancelled"), "\(refusal)")
        #expect(try center.eventCount() == before + 1, "only the cancel")

        let events = try center.store.write { tx in
            try tx.rejectAsSuspectedFake(Array(ids.prefix(5)), note: "one applicant, six strangers", by: supervisor, at: center.now,
                                         lifecycle: lifecycle)
        }
        #expect(events.count == 5 && events.allSatisfy { $0.kind == .rejected && $0.data.reason == .suspectedFake })
        #expect(try center.store.read { tx in try tx.undecidedFloodClusters(at: center.now) }.isEmpty)
        // The report of the day they arrived names the flood; that of the day of the decision counts the rejections.
        let arrival = try center.store.read { tx in try tx.throughputReport(.day(CenterCalendar.damascus.day(of: cluster.first)), now: center.now) }
        #expect(arrival.floods.map(\.rejectedAsFake) == [5] && arrival.floods.map(\.undecided) == [0] && arrival.floods.map(\.requests) == [6])
        let decision = try center.store.read { tx in try tx.throughputReport(.day(CenterCalendar.damascus.day(of: center.now)), now: center.now) }
        #expect(decision.rejections[.suspectedFake] == 5)

        let exported = try #require(try center.exporter.export(now: center.now))
        let out = center.root.appendingPathComponent("out.jsonl")
        #expect(try run("/usr/bin/signify-openbsd", ["-V", "-e", "-p", TestCenter.samples.appendingPathComponent("keys/HMA-01-test.pub").path,
                                                     "-x", center.folders.outbox.appendingPathComponent(exported.file).path, "-m", out.path]) == 0)
        let fakes = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
            .filter { $0.contains(#""kind":"rejected""#) && $0.contains(#""reason":"SUSPECTED_FAKE""#) }
        #expect(fakes.count == 5)
        #expect(fakes.allSatisfy { $0.contains(#""note":"one applicant, six strangers""#) && $0.contains(#""operator":"sup-1""#) })
    }

    @Test func aBundleSignedByTheRealSignifyImports() throws {
        let center = try TestCenter()
        let message = center.root.appendingPathComponent("m.jsonl")
        try TestCenter.message(seq: 1, lines: center.catalog + [TestCenter.request("CSC-2026-00000001")]).write(to: message)
        let signed = center.folders.inbox.appendingPathComponent("CENTRAL_HMA-01_00000001.jsonl.sig")
        #expect(try run("/usr/bin/signify-openbsd", ["-S", "-e", "-s", TestCenter.samples.appendingPathComponent("keys/central-test.sec").path,
                                                     "-m", message.path, "-x", signed.path]) == 0)
        #expect(try center.importFile(signed) == .applied(seq: 1, records: 4, applied: 4, setAside: 0))
    }

    @Test func wholeFilesAreRefusedWithAReasonAndNothingApplied() throws {
        let good = TestCenter.message(seq: 1, lines: [TestCenter.person()])
        let cases: [(String, (TestCenter) throws -> URL, String)] = [
            ("wrong key", { try $0.deliver(good, seq: 1, signer: $0.centerSecret) }, "key number"),
            ("tampered byte", { center in
                let url = try center.deliver(good, seq: 1)
                var bytes = try Data(contentsOf: url)
                bytes[bytes.count - 10] ^= 0x01
                try bytes.write(to: url)
                return url
            }, "signature"),
            ("truncated", { center in
                let url = try center.deliver(good, seq: 1)
                try Data(contentsOf: url).prefix(120).write(to: url)
                return url
            }, "signature"),
            ("wrong recipient", { try $0.deliver(TestCenter.message(seq: 1, lines: [TestCenter.person()], to: "ALP-01"), seq: 1) }, "ALP-01"),
            ("unknown version", { try $0.deliver(TestCenter.message(seq: 1, lines: [TestCenter.person()], version: 2), seq: 1) }, "version 2"),
            ("wrong record count", { try $0.deliver(TestCenter.message(seq: 1, lines: [TestCenter.person()], records: 2), seq: 1) }, "announces 2"),
            ("line over 64 KiB", { try $0.deliver(TestCenter.message(seq: 1, lines: [TestCenter.person(first: String(repeating: "م", count: 40_000))]), seq: 1) }, "64 KiB"),
            ("blank line", { try $0.deliver(TestCenter.message(seq: 1, lines: ["", TestCenter.person()], records: 2), seq: 1) }, "blank"),
        ]
        for (label, make, words) in cases {
            let center = try TestCenter()
            let url = try make(center)
            let reason = try #require(quarantined(try center.importFile(url)), "\(label)")
            #expect(reason.contains(words), "\(label): \(reason)")
            #expect(try center.eventCount() == 0, "\(label)")
            let reasonFile = center.folders.quarantine.appendingPathComponent(url.lastPathComponent + ".reason.txt")
            #expect(try String(contentsOf: reasonFile, encoding: .utf8).contains(words), "\(label)")
            #expect(!FileManager.default.fileExists(atPath: url.path), "\(label) left in the inbox")
            #expect(try center.store.read { try $0.nextInboundSeq(from: .central) } == 1)
        }
    }

    @Test func badRecordsAreSetAsideAndTheRestApplied() throws {
        let center = try TestCenter()
        var lines = center.catalog
        lines.append(TestCenter.request("CSC-2026-00000001"))
        // Lines 2–4 are the catalog, line 5 a good request.
        lines.append("this is not json")                                                     // line 6
        lines.append(#"{"type":"rumour","id":"CSC-2026-00000009"}"#)                          // line 7
        lines.append(TestCenter.request("CSC-2026-00000002", number: "0501001234X"))           // line 8
        lines.append(TestCenter.request("CSC-2026-00000003", first: #"محمد\u001b[2J"#))       // line 9: ESC, escaped in JSON
        lines.append(TestCenter.request("CSC-2026-00000004", first: "\u{202E}محمد"))            // line 10
        lines.append(TestCenter.request("CSC-2026-00000005"))
        var message = TestCenter.message(seq: 1, lines: lines + ["X"])
        // The last line holds a byte that is not UTF-8.
        message[message.count - 2] = 0xFF
        let outcome = try center.importFile(try center.deliver(message, seq: 1))
        #expect(outcome == .applied(seq: 1, records: 11, applied: 5, setAside: 6))
        #expect(try center.requestCount() == 2)
        let problems = try center.problems().sorted { $0.line < $1.line }
        #expect(problems.map(\.line) == [6, 7, 8, 9, 10, 12])
        #expect(problems[1].reason.contains("unknown record type rumour"))
        #expect(problems[1].request == "CSC-2026-00000009")
        #expect(problems[2].reason.contains("11 ASCII digits"))
        #expect(problems[3].reason.contains("control character U+001B"))
        #expect(problems[4].reason.contains("bidirectional control U+202E"))
        #expect(problems[5].reason.contains("UTF-8"))

        // The problems go back to the central office once, in the next bundle.
        let report = try #require(try center.exporter.export(now: center.now))
        #expect(report.problems == 6)
        let again = try center.exporter.export(now: center.now)
        #expect(again == nil)
    }

    /// Lines are read, decoded and checked a chunk ahead of the writer: past a chunk's edge the
    /// records still apply in file order, and problems keep their line numbers.
    @Test func aBundleLongerThanOnePreparedChunkAppliesInOrder() throws {
        let center = try TestCenter()
        let chunk = PreparedLines.chunkSize
        func id(_ serial: Int) -> String { String(format: "CSC-2026-%08d", serial) }
        var lines = center.catalog
        for serial in 1...(2 * chunk + 500) {
            lines.append(TestCenter.request(id(serial), number: String(format: "0501%07d", serial)))
        }
        // Bad lines on both sides of the chunks' edges; their line numbers are index + 2.
        for index in [chunk - 1, chunk, 2 * chunk - 1] { lines[index] = "not json at \(index)" }
        // A cancel and an amendment, in the third chunk, of requests from the first.
        lines.append(#"{"type":"cancel","request":"\#(id(7))","at":"2026-11-22T07:00:00Z","reason":"withdrawn by citizen"}"#)
        lines.append(TestCenter.request(id(8), number: String(format: "0501%07d", 8), first: "أحمد"))
        let outcome = try center.importFile(try center.deliver(TestCenter.message(seq: 1, lines: lines), seq: 1))
        let requests = 2 * chunk + 500 - 3
        #expect(outcome == .applied(seq: 1, records: lines.count, applied: lines.count - 3, setAside: 3))
        #expect(try center.problems().map(\.line).sorted() == [chunk + 1, chunk + 2, 2 * chunk + 1])
        #expect(try center.requestCount() == requests)
        // One `received` per request in file order, then the cancel.
        let received = try center.store.read { tx in
            try tx.eventLines(after: 0, limit: 10_000).map { try Event(line: $0.line) }.filter { $0.kind == .received }.map(\.request.rawValue)
        }
        #expect(received == (1...(2 * chunk + 500)).filter { ![chunk - 3, chunk - 2, 2 * chunk - 3].contains($0) }.map(id))
        #expect(try center.store.read { try $0.request(try RequestID(id(7)))?.progress.state } == .cancelled)
        #expect(try center.store.read { try $0.request(try RequestID(id(8)))?.record.subject.name.first } == "أحمد")
        #expect(try center.eventCount() == Int64(requests + 1))
        #expect(try center.store.verifyAudit().firstProblem == nil)
    }

    @Test func duplicatesConflictsAndGaps() throws {
        let center = try TestCenter()
        let first = TestCenter.message(seq: 1, lines: center.catalog + [TestCenter.request("CSC-2026-00000001")])
        let second = TestCenter.message(seq: 2, lines: [TestCenter.request("CSC-2026-00000002")])
        // Seq 2 arrives first: it waits and says which seq is missing.
        try center.deliver(second, seq: 2)
        #expect(try center.importer.importInbox(now: center.now).map(\.outcome) == [.waiting(seq: 2, missing: 1)])
        #expect(try center.requestCount() == 0)
        // Seq 1 fills the gap: both apply, in order.
        try center.deliver(first, seq: 1)
        #expect(try center.importer.importInbox(now: center.now).map(\.outcome)
                == [.applied(seq: 1, records: 4, applied: 4, setAside: 0), .applied(seq: 2, records: 1, applied: 1, setAside: 0)])
        let events = try center.eventCount()
        // The same bundle again: a quiet duplicate, nothing changes.
        #expect(try center.importFile(try center.deliver(first, seq: 1)) == .duplicate(seq: 1))
        #expect(try center.eventCount() == events)
        // Other content under an applied seq: a conflict, quarantined for the supervisor.
        let other = TestCenter.message(seq: 1, lines: [TestCenter.request("CSC-2026-00000003")])
        let reason = try #require(quarantined(try center.importFile(try center.deliver(other, seq: 1))))
        #expect(reason.contains("conflict"))
        #expect(try center.store.read { try $0.quarantineCount() } == 1)
        #expect(try center.requestCount() == 2)
        #expect(try center.store.verifyAudit().firstProblem == nil)
    }

    /// Issue 15 item 2: the post's `delivered` ends a dispatched request (its own `delivered`, by
    /// post); `attempted` and `returning` change nothing but are kept for the handoff screen; a
    /// second `delivered`, or a report on an envelope not dispatched, is a problem.
    @Test func thePostsReportsOnDispatchedEnvelopes() throws {
        let center = try TestCenter()
        try center.importFile(try center.deliver(TestCenter.message(seq: 1, lines: center.catalog + [
            TestCenter.request("CSC-2026-00000001"), TestCenter.request("CSC-2026-00000002"), TestCenter.request("CSC-2026-00000003"),
        ]), seq: 1)).assertApplied()
        let op = OperatorID(stored: "op-07")
        let trackings = ["RR473124829SY", "RR000000014SY", "RR000000028SY"]
        for (serial, tracking) in trackings.enumerated() {
            var steps: [LifecycleCommand] = [.claim, .verify(confirmProbable: false), .print(reprintReason: nil),
                                             .stamp(["REVENUE"], revenueCancelled: true, paperSerial: nil),
                                             .seal(tracking: try TrackingNumber(tracking), pickupCode: nil)]
            // The third envelope is sealed but still at the center.
            if serial < 2 { steps.append(.dispatch(manifest: "HMA-01-20261122-01", tracking: nil)) }
            for command in steps {
                try center.store.perform(command, on: try RequestID("CSC-2026-0000000\(serial + 1)"), by: op, at: center.now)
            }
        }
        func postal(_ tracking: String, _ event: String, _ reason: String = "") -> String {
            #"{"type":"postal","tracking":"\#(tracking)","event":"\#(event)","at":"2026-11-24T10:12:00Z","office":"حماة - البريد المركزي","reason":"\#(reason)"}"#
        }
        let outcome = try center.importFile(try center.deliver(TestCenter.message(seq: 2, lines: [
            postal("RR473124829SY", "delivered"), postal("RR000000014SY", "attempted", "العنوان غير مكتمل"),
            postal("RR000000014SY", "returning", "المرسل إليه غير معروف"), postal("RR473124829SY", "delivered"),
            postal("RR000000028SY", "delivered"),
        ]), seq: 2))
        #expect(outcome == .applied(seq: 2, records: 5, applied: 3, setAside: 2))
        let delivered = try #require(try center.store.read { try $0.request(try RequestID("CSC-2026-00000001")) })
        #expect(delivered.progress.state == .delivered)
        let events = try center.store.read { try $0.events(of: try RequestID("CSC-2026-00000001")) }
        #expect(events.last?.kind == .delivered && events.last?.data.by == .post && events.last?.actor == .system)
        #expect(events.last?.line().contains(#""by":"post""#) == true)
        // The attempt and the return on its way leave the envelope dispatched, and show as expected back.
        #expect(try center.store.read { try $0.request(try RequestID("CSC-2026-00000002"))?.progress.state } == .dispatched)
        let expectedBack = try center.store.read { try $0.envelopesReportedByPost(limit: 10) }
        #expect(expectedBack.map { "\($0.request) \($0.report.event.rawValue) \($0.report.reason)" }
                == ["CSC-2026-00000002 returning المرسل إليه غير معروف"])
        #expect(try center.store.read { try $0.postalReports(for: try RequestID("CSC-2026-00000002")) }.map(\.event) == [.attempted, .returning])
        let reasons = try center.problems().filter { $0.bundle == 2 }.sorted { $0.line < $1.line }.map(\.reason)
        #expect(reasons == ["a second postal delivered for RR473124829SY (request CSC-2026-00000001)",
                            "postal delivered for RR000000028SY, which this center never dispatched"])
        #expect(try center.store.verifyAudit().firstProblem == nil)
    }

    @Test func acksCancelsAndAmendments() throws {
        let center = try TestCenter()
        try center.importFile(try center.deliver(TestCenter.message(seq: 1, lines: center.catalog + [
            TestCenter.request("CSC-2026-00000001"), TestCenter.request("CSC-2026-00000002"), TestCenter.request("CSC-2026-00000003"),
        ]), seq: 1)).assertApplied()
        let op = OperatorID(stored: "op-07")
        let dispatched = try RequestID("CSC-2026-00000001")
        for command in [LifecycleCommand.claim, .verify(confirmProbable: false), .print(reprintReason: nil),
                        .stamp(["REVENUE"], revenueCancelled: true, paperSerial: nil),
                        .seal(tracking: try TrackingNumber("RR473124829SY"), pickupCode: nil),
                        .dispatch(manifest: "HMA-01-20261122-01", tracking: nil)] {
            try center.store.perform(command, on: dispatched, by: op, at: center.now)
        }
        try center.store.perform(.claim, on: try RequestID("CSC-2026-00000002"), by: op, at: center.now)
        #expect(try center.exporter.export(now: center.now)?.seq == 1)

        let amendedName = TestCenter.request("CSC-2026-00000002", first: "أحمد")
        let amendedUntouched = TestCenter.request("CSC-2026-00000003", first: "أحمد")
        let outcome = try center.importFile(try center.deliver(TestCenter.message(seq: 2, lines: [
            #"{"type":"cancel","request":"CSC-2026-00000001","at":"2026-11-22T07:00:00Z","reason":"withdrawn by citizen"}"#,
            amendedName, amendedUntouched,
            #"{"type":"ack","seq":7}"#, #"{"type":"ack","seq":1}"#,
        ]), seq: 2))
        #expect(outcome == .applied(seq: 2, records: 5, applied: 2, setAside: 3))
        let reasons = try center.problems().map(\.reason)
        #expect(reasons.contains { $0.contains("cancel of a request already dispatched") })
        #expect(reasons.contains { $0.contains("amendment of a request already claimed") })
        #expect(reasons.contains { $0.contains("ack of seq 7") })
        #expect(try center.store.read { try $0.request(dispatched)?.progress.state } == .dispatched)
        #expect(try center.store.read { try $0.request(try RequestID("CSC-2026-00000003"))?.record.subject.name.first } == "أحمد")
        #expect(try center.store.read { try $0.unacknowledgedBundles() }.isEmpty)
    }

    @Test func everyEventIsSentOnceInOrderAndResendIsByteIdentical() throws {
        let center = try TestCenter()
        try center.importFile(try center.deliver(TestCenter.message(seq: 1, lines: center.catalog + [TestCenter.request("CSC-2026-00000001")]), seq: 1)).assertApplied()
        let first = try #require(try center.exporter.export(now: center.now))
        try center.store.perform(.claim, on: try RequestID("CSC-2026-00000001"), by: OperatorID(stored: "op-01"), at: center.now)
        let second = try #require(try center.exporter.export(now: center.now))
        #expect((first.seq, first.events, second.seq, second.events) == (1, 1, 2, 1))
        #expect(second.ack == nil)
        let url = center.folders.outbox.appendingPathComponent(second.file)
        let original = try Data(contentsOf: url)
        try FileManager.default.removeItem(at: url)
        #expect(try center.exporter.resend() == [first.file, second.file])
        #expect(try Data(contentsOf: url) == original)
        let names = try FileManager.default.contentsOfDirectory(atPath: center.folders.outbox.path)
        #expect(names.allSatisfy { !$0.hasPrefix(".") && !$0.hasSuffix(".tmp") })
    }
}

extension InboundOutcome {
    func assertApplied(sourceLocation: SourceLocation = #_sourceLocation) {
        if case .applied(_, _, _, let setAside) = self, setAside == 0 { return }
        Issue.record("expected a clean apply, got \(self)", sourceLocation: sourceLocation)
    }
}

@discardableResult
func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}
