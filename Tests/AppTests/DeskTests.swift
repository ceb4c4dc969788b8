import Foundation
import Synchronization
import Testing
@testable import shubbak
@testable import ShubbakCore
import ShubbakSampleData
@testable import ShubbakScreens
@testable import ShubbakStore

/// Each screen's desk against a real center in a temporary folder: the command in, the store changed through the
/// lifecycle, the screen's answer out with what the transaction read (issue 14 item 3). No mocks.
@Suite struct DeskTests {
    let now = Date(timeIntervalSince1970: 1_796_000_000)
    let samer = Operator(id: OperatorID(stored: "op-01"), name: "سامر الحموي", role: .operator)
    let reem = Operator(id: OperatorID(stored: "op-02"), name: "ريم العلي", role: .operator)
    let hala = Operator(id: OperatorID(stored: "sup-01"), name: "هالة الأحمد", role: .supervisor)

    /// A center holding `count` requests whose data match their civil-affairs records, by post or for pickup, and the
    /// demo's staff; papers go to its spool folder.
    func center(_ count: Int = 3, delivery: Delivery.Method = .post, service: String = "CIVIL-EXTRACT") throws -> (CenterDirectory, [RequestRecord]) {
        let url = URL(fileURLWithPath: Shubbak.temporaryFolder())
        let directory = try CenterDirectory.create(at: url, center: .demo)
        try directory.createKeys(centralKey: CrashTests.samples.appendingPathComponent("keys/central-test.pub"))
        var generator = RequestGenerator(seed: 7, center: .demo, now: now)
        var records: [RequestRecord] = []
        try directory.store.write { tx in
            for stamp in SampleCatalog.stamps { try tx.upsert(stamp: stamp) }
            for service in SampleCatalog.services { try tx.upsert(service: service) }
            while records.count < count {
                let (generated, person) = generator.nextRequest()
                guard let person, person.status == .alive, !records.contains(where: { $0.subject.nationalNo == person.nationalNo }) else {
                    continue
                }
                var record = generated
                record.subject = Subject(nationalNo: person.nationalNo, name: person.name, birthDate: person.birthDate,
                                         birthPlace: person.birthPlace)
                record.service = service
                record.delivery = delivery == .post
                    ? .post(PostalAddress(governorate: "حماة", city: "حماة", area: "الحاضر", street: "شارع العلمين", building: "4", notes: ""))
                    : .center(.demo)
                try tx.upsert(person: person)
                try tx.receive(record, at: now)
                records.append(record)
            }
        }
        try Demo.addStaff(to: directory, at: now)
        return (directory, records)
    }

    func desks(_ directory: CenterDirectory) -> Desks {
        let clock = now
        return Desks(center: directory, printer: PrintDesk(center: directory), now: { clock })
    }

    /// The one answer of a command, opened for `screen`.
    func answer<S: Screen>(_ desks: Desks, _ command: Shell.Command, by session: Operator?, for screen: S.Type,
                           sourceLocation: SourceLocation = #_sourceLocation) throws -> S.ScreenMessage {
        let answers = desks.execute(command, session: session)
        #expect(answers.count == 1, "\(answers)", sourceLocation: sourceLocation)
        guard case .screen(let routed) = answers.first else { throw DeskTestError.unexpected("\(answers)") }
        return try #require(routed.message(of: S.self), sourceLocation: sourceLocation)
    }

    enum DeskTestError: Error { case unexpected(String) }

    func state(_ directory: CenterDirectory, _ id: RequestID) throws -> RequestState? {
        try directory.store.read { tx in try tx.request(id)?.progress.state }
    }

    // MARK: Sign-in

    @Test func signInCountsAWrongPasswordAndLetsTheRightOneIn() throws {
        let (directory, _) = try center(0)
        let desks = desks(directory)
        let refused = try answer(desks, .signIn(.signIn(samer.id, password: "wrong")), by: nil, for: SignInScreen.self)
        guard case .refused(.wrongPassword(let remaining)) = refused else { Issue.record("\(refused)"); return }
        #expect(remaining == SignInPolicy().maximumFailures - 1)
        let answers = desks.execute(.signIn(.signIn(samer.id, password: Demo.password)), session: nil)
        guard case .signedIn(let profile) = answers.first else { Issue.record("\(answers)"); return }
        #expect(profile.id == samer.id && profile.name == samer.name)
        let kinds = try directory.store.read { tx in try tx.sessionLog(limit: 10).filter { $0.operator == samer.id }.map(\.kind) }
        #expect(kinds == [.failed])
    }

    @Test func beforeSignInOnlyTheSignInDeskActs() throws {
        let (directory, records) = try center(1)
        let answers = desks(directory).execute(.queue(.claim(records[0].id)), session: nil)
        #expect(answers.isEmpty)
        #expect(try state(directory, records[0].id) == .received)
    }

    // MARK: Queue

    @Test func theQueueGivesItsPageAndAClaimIsOneOperatorsOnly() throws {
        let (directory, records) = try center(3)
        let desks = desks(directory)
        let page = try answer(desks, .queue(.loadPage(QueueFilter(), .top, limit: 2)), by: samer, for: QueueScreen.self)
        guard case .page(let slice, _, _) = page else { Issue.record("\(page)"); return }
        #expect(slice.rows.count == 2 && slice.total == 3 && slice.offset == 0)
        let id = records[1].id
        let claimed = desks.execute(.queue(.claim(id)), session: samer)
        guard case .screen(let routed) = claimed.first, case .claimed(let opened) = routed.message(of: CounterScreen.self) else {
            Issue.record("\(claimed)")
            return
        }
        #expect(try opened == id && state(directory, id) == .claimed)
        let refused = try answer(desks, .queue(.claim(id)), by: reem, for: QueueScreen.self)
        guard case .refused(.lifecycle(.claimedBy(let holder, _))) = refused else { Issue.record("\(refused)"); return }
        #expect(holder == samer.id)
    }

    /// Issue 18 goal 4: the page asked for every second is read again only when the store changed;
    /// a colleague's claim in another process (its own store connection) shows on the next ask.
    @Test func theSamePageIsReadAgainWhenAnotherCounterChangedTheStore() throws {
        let (directory, records) = try center(3)
        let desks = desks(directory)
        let ask = Shell.Command.queue(.loadPage(QueueFilter(), .top, limit: 3))
        func holders() throws -> [OperatorID?] {
            let page = try answer(desks, ask, by: samer, for: QueueScreen.self)
            guard case .page(let slice, _, _) = page else { throw DeskTestError.unexpected("\(page)") }
            return slice.rows.map(\.holder)
        }
        #expect(try holders() == [nil, nil, nil])
        #expect(try holders() == [nil, nil, nil])
        let colleague = try CenterDirectory.open(directory.url, busyTimeout: 5)
        try colleague.store.perform(.claim, on: records[0].id, by: reem.id, at: now, lifecycle: colleague.lifecycle)
        #expect(try holders().contains(reem.id))
    }

    /// Issue 18 goal 2: a page asked for from a row's key is where the screen thought, until the store
    /// moves; then the rows before it are counted again, so the position shown stays true.
    @Test func aPageKeepsItsTruePositionWhenRequestsAboveItLeave() throws {
        let (directory, _) = try center(12)
        let desks = desks(directory)
        let all = try directory.store.read { tx in try tx.queue(QueueFilter(), at: now, limit: 100) }
        // The tick's reload: the page from its own first row, the 7th of the queue.
        let ask = Shell.Command.queue(.loadPage(QueueFilter(), .near(all[6].key, delta: 0, position: 6), limit: 3))
        func page() throws -> QueueSlice {
            let page = try answer(desks, ask, by: samer, for: QueueScreen.self)
            guard case .page(let slice, _, _) = page else { throw DeskTestError.unexpected("\(page)") }
            return slice
        }
        #expect(try page().offset == 6 && page().rows.map(\.id) == all[6..<9].map(\.id))
        // The central office cancels two of the requests above the page.
        try directory.store.write { tx in
            for request in all[1...2] {
                try tx.perform(.cancel(reason: "withdrawn"), on: request.id, by: .system, at: now, lifecycle: directory.lifecycle)
            }
        }
        let moved = try page()
        #expect(moved.rows.map(\.id) == all[6..<9].map(\.id) && moved.offset == 4 && moved.total == 10)
    }

    // MARK: Counter

    @Test func theCounterTakesARequestFromVerificationToTheSealedEnvelope() throws {
        let (directory, records) = try center(1)
        let desks = desks(directory)
        let id = records[0].id
        _ = desks.execute(.queue(.claim(id)), session: samer)
        var message = try answer(desks, .counter(.load(id)), by: samer, for: CounterScreen.self)
        guard case .loaded(let loaded) = message else { Issue.record("\(message)"); return }
        #expect(loaded.record.id == id && loaded.progress.state == .claimed && loaded.comparison?.differing.isEmpty == true)

        message = try answer(desks, .counter(.perform(id, .verify(confirmProbable: false))), by: samer, for: CounterScreen.self)
        guard case .done(.verified, let verified) = message else { Issue.record("\(message)"); return }
        #expect(verified?.progress.state == .verified, "the answer carries what the transaction wrote")

        message = try answer(desks, .counter(.printDocument(id, reprintReason: nil)), by: samer, for: CounterScreen.self)
        guard case .done(.printed, let printed) = message else { Issue.record("\(message)"); return }
        #expect(printed?.progress.state == .printed && printed?.progress.copies == 1)
        let spooled = try FileManager.default.contentsOfDirectory(atPath: directory.url.appendingPathComponent("spool").path)
        #expect(spooled.contains { $0.contains(id.rawValue) && $0.hasSuffix(".pdf") }, "\(spooled)")

        message = try answer(desks, .counter(.printEnvelope(id, tracking: nil)), by: samer, for: CounterScreen.self)
        guard case .done(.envelopePrinted, let envelope) = message else { Issue.record("\(message)"); return }
        let tracking = try #require(envelope?.envelopeTracking, "the envelope's S10 is the one the transaction allocated")

        let service = try #require(try directory.store.read { tx in try tx.service(code: "CIVIL-EXTRACT") })
        for code in service.stamps {
            let revenue = code == Stamp.revenueCode
            message = try answer(desks, .counter(.perform(id, .stamp([code], revenueCancelled: revenue, paperSerial: "RS-1"))),
                                 by: samer, for: CounterScreen.self)
            guard case .done(.stamped, _) = message else { Issue.record("\(code): \(message)"); return }
        }
        message = try answer(desks, .counter(.seal(id, tracking: nil)), by: samer, for: CounterScreen.self)
        guard case .done(.sealedForPost(let sealedWith), let sealed) = message else { Issue.record("\(message)"); return }
        #expect(sealedWith == tracking, "sealed with the number printed on the envelope")
        #expect(try sealed?.progress.state == .sealed && state(directory, id) == .sealed)
    }

    @Test func aRefusedStepChangesNothingAndSaysWhy() throws {
        let (directory, records) = try center(1)
        let desks = desks(directory)
        let id = records[0].id
        let message = try answer(desks, .counter(.printDocument(id, reprintReason: nil)), by: samer, for: CounterScreen.self)
        guard case .refused(.lifecycle(.notAllowed(_, .received))) = message else { Issue.record("\(message)"); return }
        #expect(try state(directory, id) == .received)
        let spool = directory.url.appendingPathComponent("spool").path
        #expect((try? FileManager.default.contentsOfDirectory(atPath: spool))?.isEmpty ?? true, "nothing printed")
        let handOver = try answer(desks, .counter(.perform(id, .handOver(to: OperatorID(stored: "op-99"), note: ""))), by: samer,
                                  for: CounterScreen.self)
        guard case .refused(.notFound("op-99")) = handOver else { Issue.record("\(handOver)"); return }
    }

    /// Seals `records` for their delivery, as the counter does.
    func sealed(_ records: [RequestRecord], _ directory: CenterDirectory, _ desks: Desks) throws {
        let service = try #require(try directory.store.read { tx in try tx.service(code: "CIVIL-EXTRACT") })
        let stamps = LifecycleCommand.stamp(service.stamps, revenueCancelled: true, paperSerial: "RS-1")
        for record in records {
            let id = record.id
            let commands: [Shell.Command] = [
                .queue(.claim(id)), .counter(.perform(id, .verify(confirmProbable: false))), .counter(.printDocument(id, reprintReason: nil)),
                .counter(.printEnvelope(id, tracking: nil)), .counter(.perform(id, stamps)), .counter(.seal(id, tracking: nil)),
            ]
            for command in commands { _ = desks.execute(command, session: samer) }
        }
    }

    // MARK: Handoff

    @Test func theHandoffDispatchesOneManifestAndTakesAReturnBack() throws {
        let (directory, records) = try center(2)
        let desks = desks(directory)
        try sealed(records, directory, desks)
        var message = try answer(desks, .handoff(.load), by: samer, for: HandoffScreen.self)
        guard case .loaded(let envelopes, let reported) = message, reported.isEmpty else { Issue.record("\(message)"); return }
        #expect(Set(envelopes.map(\.id)) == Set(records.map(\.id)))
        let courier = Manifest.Courier(name: "خالد", id: "SP-1")
        message = try answer(desks, .handoff(.dispatch(records.map(\.id), courier: courier)), by: samer, for: HandoffScreen.self)
        guard case .dispatched(let manifest, let count, _) = message else { Issue.record("\(message)"); return }
        #expect(count == 2)
        #expect(manifest.contains(directory.calendar.day(of: now).description.replacingOccurrences(of: "-", with: "")),
                "the manifest is named for the center's day: \(manifest)")
        #expect(try records.allSatisfy { try state(directory, $0.id) == .dispatched })
        let tracking = try #require(envelopes.first { $0.id == records[0].id }?.tracking)
        message = try answer(desks, .handoff(.markReturned(search: tracking.rawValue, reason: "عنوان غير معروف", note: "the building has no number")), by: samer,
                             for: HandoffScreen.self)
        guard case .returned(let returned) = message else { Issue.record("\(message)"); return }
        #expect(try returned == records[0].id && state(directory, returned) == .returned)
        message = try answer(desks, .handoff(.keepForPickup(returned)), by: samer, for: HandoffScreen.self)
        guard case .keptForPickup(returned, _) = message else { Issue.record("\(message)"); return }
        #expect(try state(directory, returned) == .readyForPickup)
    }

    // MARK: Pickup

    @Test func thePickupShelfHandsAnEnvelopeOnlyToItsCollector() throws {
        let (directory, records) = try center(1, delivery: .center)
        let desks = desks(directory)
        try sealed(records, directory, desks)
        let id = records[0].id
        var message = try answer(desks, .pickup(.find("")), by: reem, for: PickupScreen.self)
        guard case .found(let shelf, _, let retention) = message, retention == 90 else { Issue.record("\(message)"); return }
        #expect(shelf.map(\.request.id) == [id])
        message = try answer(desks, .pickup(.deliver(id, collector: try NationalNumber("05010099998"))), by: reem, for: PickupScreen.self)
        guard case .refused(.lifecycle(.wrongCollector)) = message else { Issue.record("\(message)"); return }
        message = try answer(desks, .pickup(.deliver(id, collector: records[0].subject.nationalNo)), by: reem, for: PickupScreen.self)
        guard case .delivered(id) = message else { Issue.record("\(message)"); return }
        #expect(try state(directory, id) == .delivered)
    }

    /// Issue 15 item 4: a supervisor ends the documents that waited past the retention as
    /// uncollected, one event each; an operator cannot, and a document still within it stays.
    @Test func aSupervisorMarksTheDocumentsPastTheRetentionUncollected() throws {
        let (directory, records) = try center(2, delivery: .center)
        try sealed(records, directory, desks(directory))
        let later = Desks(center: directory, printer: PrintDesk(center: directory), now: { [now] in now.addingTimeInterval(91 * 86_400) })
        var message = try answer(later, .pickup(.find("")), by: hala, for: PickupScreen.self)
        guard case .found(let shelf, _, 90) = message else { Issue.record("\(message)"); return }
        #expect(shelf.allSatisfy { $0.daysWaiting(at: now.addingTimeInterval(91 * 86_400)) == 91 })
        let ids = records.map(\.id)
        message = try answer(later, .pickup(.markUncollected(ids)), by: samer, for: PickupScreen.self)
        guard case .refused(.notPermitted) = message else { Issue.record("\(message)"); return }
        // Within the retention the lifecycle refuses, and nothing of the batch is kept.
        message = try answer(desks(directory), .pickup(.markUncollected(ids)), by: hala, for: PickupScreen.self)
        guard case .refused(.lifecycle(.retentionNotOver)) = message else { Issue.record("\(message)"); return }
        #expect(try ids.allSatisfy { try state(directory, $0) == .readyForPickup })
        message = try answer(later, .pickup(.markUncollected(ids)), by: hala, for: PickupScreen.self)
        guard case .markedUncollected(2) = message else { Issue.record("\(message)"); return }
        #expect(try ids.allSatisfy { try state(directory, $0) == .uncollected })
        let lines = try directory.store.read { tx in try ids.flatMap { try tx.events(of: $0) }.filter { $0.kind == .uncollected } }
        #expect(lines.count == 2 && lines.allSatisfy { $0.data.days == 91 && $0.actor == hala.id })
    }

    /// Issue 15: a request forwarded to its ministry leaves the queue and waits on the issuers'
    /// list; its slip, scanned at the queue or on that list, brings it back to the counter at the
    /// stamps, held by whoever scanned it, and the queue lists it again (it is at a counter).
    @Test func aForwardedRequestComesBackWhereverItsSlipIsScanned() throws {
        let (directory, records) = try center(2, service: "HIGHER-EDU")
        let desks = desks(directory)
        for record in records {
            _ = desks.execute(.queue(.claim(record.id)), session: samer)
            _ = try answer(desks, .counter(.perform(record.id, .verify(confirmProbable: false))), by: samer, for: CounterScreen.self)
            let forwarded = try answer(desks, .counter(.forward(record.id)), by: samer, for: CounterScreen.self)
            guard case .done(.forwarded(let issuer, _, let receipt), _) = forwarded else { Issue.record("\(forwarded)"); return }
            #expect(issuer.en == "Ministry of Higher Education" && receipt.contains("transmittal-HMA-01-MOHE-\(record.id)"))
        }
        var message = try answer(desks, .issuers(.load), by: reem, for: IssuersScreen.self)
        guard case .loaded(let waiting, _) = message else { Issue.record("\(message)"); return }
        #expect(Set(waiting.map(\.id)) == Set(records.map(\.id)))
        let queue = try directory.store.read { try $0.queue(QueueFilter(), at: now, limit: 10) }
        #expect(queue.isEmpty, "at the issuer, not in the queue")

        // One slip scanned at the queue, the other on the issuers' list: both open at the counter for reem.
        let atQueue = desks.execute(.queue(.claim(try RequestID("HMA-01-MOHE-\(records[0].id)"))), session: reem)
        let onList = desks.execute(.issuers(.receive(reference: "HMA-01-MOHE-\(records[1].id)")), session: reem)
        for (answers, record) in [(atQueue, records[0]), (onList, records[1])] {
            guard case .screen(let routed) = answers.first, case .claimed(let id) = routed.message(of: CounterScreen.self) else {
                Issue.record("\(answers)"); return
            }
            #expect(id == record.id)
            let stored = try #require(try directory.store.read { try $0.request(record.id) })
            #expect(stored.progress.state == .documentReceived && stored.progress.holder == reem.id)
        }
        #expect(try directory.store.read { try $0.queue(QueueFilter(heldBy: reem.id), at: now, limit: 10) }.count == 2)
        message = try answer(desks, .issuers(.receive(reference: "HMA-01-MOHE-CSC-2026-99999999")), by: reem, for: IssuersScreen.self)
        guard case .failed(.notFound) = message else { Issue.record("\(message)"); return }
    }

    // MARK: Sync

    @Test func aSyncSendsTheCentersEventsAndReportsItsProgress() throws {
        let (directory, records) = try center(1)
        let desks = desks(directory)
        _ = desks.execute(.queue(.claim(records[0].id)), session: samer)
        let reports = Mutex<[SyncScreen.Progress]>([])
        let answers = desks.execute(.sync(.syncNow), session: samer) { progress in
            guard case .screen(let routed) = progress, case .progress(let step) = routed.message(of: SyncScreen.self) else { return }
            reports.withLock { $0.append(step) }
        }
        guard case .screen(let routed) = answers.first, case .synced(let imported, let exported, let snapshot) = routed.message(of: SyncScreen.self) else {
            Issue.record("\(answers)")
            return
        }
        #expect(imported == 0 && exported >= 1)
        #expect(snapshot.outbound.count == 1 && snapshot.lastExport != nil)
        #expect(reports.withLock { $0.last.map { $0.done == $0.total } ?? false }, "the last report is the whole bundle")
        #expect(desks.takesLong(.sync(.syncNow)) && !desks.takesLong(.sync(.load)))
    }

    // MARK: Dashboard

    @Test func theDashboardGivesTodaysFiguresAndRecordsAnOperatorsTry() throws {
        let (directory, records) = try center(2)
        let desks = desks(directory)
        _ = desks.execute(.queue(.claim(records[0].id)), session: samer)
        let day = directory.calendar.day(of: now)
        let message = try answer(desks, .dashboard(.loadReport(.day(day), compareWithWeekBefore: false)), by: hala, for: DashboardScreen.self)
        guard case .report(let report, nil) = message else { Issue.record("\(message)"); return }
        #expect(report.count(.claimed) == 1)
        _ = desks.execute(.dashboard(.recordRefusal), session: samer)
        let kinds = try directory.store.read { tx in try tx.sessionLog(limit: 10).filter { $0.operator == samer.id }.map(\.kind) }
        #expect(kinds.contains(.refused))
    }

    @Test func printsAndDispatchesRunInTheLongLane() throws {
        let (directory, records) = try center(1)
        let desks = desks(directory)
        let id = records[0].id
        #expect(desks.takesLong(.counter(.printDocument(id, reprintReason: nil))))
        #expect(desks.takesLong(.counter(.printEnvelope(id, tracking: nil))))
        #expect(desks.takesLong(.handoff(.dispatch([id], courier: Manifest.Courier(name: "خالد", id: "SP-1")))))
        #expect(!desks.takesLong(.counter(.load(id))) && !desks.takesLong(.queue(.claim(id))) && !desks.takesLong(.loadStatus))
    }
}
