import Foundation
import GRDB
import Testing
@testable import ShubbakCore
@testable import ShubbakStore

@Suite struct StoreTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)
    let op1 = OperatorID(stored: "op-01")
    let op2 = OperatorID(stored: "op-02")

    func makeStore() throws -> CenterStore {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shubbak-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try CenterStore(path: folder.appendingPathComponent("center.sqlite").path)
    }

    /// GRDB's WAL set-up would leave NORMAL: a commit then is not on disk when `write` returns.
    @Test func theConnectionThatWritesSyncsEveryCommit() throws {
        let store = try makeStore()
        #expect(try store.write { try Int.fetchOne($0.db, sql: "PRAGMA synchronous") } == 2)
        let reader = try CenterStore(readingAt: store.path)
        #expect(reader.isReadOnly)
        #expect(throws: StoreError.self) { try reader.write { try $0.db.execute(sql: "DELETE FROM stamp") } }
    }

    /// The writer keeps its large page cache (an import's transaction); readers a small one, so
    /// that a counter's memory does not grow with each reader's scans (issue 18 goal 9).
    @Test func readersKeepASmallPageCacheAndTheWriterItsLargeOne() throws {
        let store = try makeStore()
        #expect(try store.write { try Int.fetchOne($0.db, sql: "PRAGMA cache_size") } == -CenterStore.pageCacheMiB * 1024)
        #expect(try store.read { try Int.fetchOne($0.db, sql: "PRAGMA cache_size") } == -CenterStore.readerPageCacheMiB * 1024)
    }

    func record(_ serial: Int, subject: String = "05010012345", payment: String? = nil, method: Delivery.Method = .post,
                submitted: Date? = nil) throws -> RequestRecord {
        let name = PersonName(first: "محمد", father: "أحمد", mother: "فاطمة", last: "الحسين")
        let delivery: Delivery = method == .post
            ? .post(PostalAddress(governorate: "حماة", city: "حماة", area: "الحاضر", street: "شارع العلمين", building: "12", notes: ""))
            : .center(try PartyID("HMA-01"))
        return RequestRecord(
            id: try RequestID("CSC-2026-\(String(format: "%08d", serial))"), service: "CIVIL-EXTRACT",
            submittedAt: submitted ?? t0.addingTimeInterval(TimeInterval(serial)),
            applicant: Applicant(nationalNo: try NationalNumber(subject), name: name, phone: "+963933123456"),
            subject: Subject(nationalNo: try NationalNumber(subject), name: name, birthDate: try CivilDate("1990-04-12"), birthPlace: "حماة"),
            delivery: delivery, payment: Payment(amount: 2000, channel: "fawateer", ref: payment ?? "PAY-\(serial)", paidAt: t0))
    }

    func seed(_ store: CenterStore, count: Int) throws {
        try store.write { tx in
            try tx.upsert(service: Service(code: "CIVIL-EXTRACT", name: LocalizedText(ar: "إخراج قيد فردي", en: "Extract"),
                                           speed: .fast, fee: 2000, slaHours: 48, stamps: ["CENTER", "REVENUE"], active: true))
            try tx.upsert(person: Person(nationalNo: try NationalNumber("05010012345"),
                                         name: PersonName(first: "محمد", father: "احمد", mother: "فاطمه", last: "الحسين"),
                                         birthDate: try CivilDate("1990-04-12"), birthPlace: "حماة", gender: .male,
                                         registry: "حماة - الحاضر - 1", status: .alive, updatedAt: t0))
            for serial in 1...count {
                try tx.receive(try record(serial, subject: String(format: "050100%05d", serial == 1 ? 12345 : serial)), at: t0)
            }
        }
    }

    @Test func eventsAreNumberedWithoutAGapAndChained() throws {
        let store = try makeStore()
        try seed(store, count: 3)
        let id = try RequestID("CSC-2026-00000001")
        try store.perform(.claim, on: id, by: op1, at: t0)
        try store.perform(.verify(confirmProbable: false), on: id, by: op1, at: t0)
        let lines = try store.read { try $0.eventLines(after: 0, limit: 100) }
        #expect(lines.map(\.id) == [1, 2, 3, 4, 5])
        var hash = AuditChain.genesis
        for line in lines {
            hash = AuditChain.next(after: hash, line: line.line)
            #expect(line.hash == hash)
        }
        let report = try store.verifyAudit()
        #expect(report.firstProblem == nil)
        #expect(report.eventsChecked == 5)
        #expect(report.head == AuditChain.hex(hash))
    }

    @Test func theRequestRowIsTheProjectionOfItsEvents() throws {
        let store = try makeStore()
        try seed(store, count: 1)
        let id = try RequestID("CSC-2026-00000001")
        for command in [LifecycleCommand.claim, .verify(confirmProbable: false), .print(reprintReason: nil),
                        .stamp(["CENTER", "REVENUE"], revenueCancelled: true, paperSerial: nil),
                        .seal(tracking: try TrackingNumber("RR473124829SY"), pickupCode: nil)] {
            try store.perform(command, on: id, by: op1, at: t0)
        }
        let stored = try #require(try store.read { try $0.request(id) })
        let events = try store.read { try $0.events(of: id) }
        #expect(events.map(\.kind) == [.received, .claimed, .verified, .printed, .stamped, .sealed])
        #expect(RequestProgress.replay(events.map(\.pending)) == stored.progress)
        #expect(stored.progress.state == .sealed)
        #expect(stored.progress.tracking?.rawValue == "RR473124829SY")
    }

    @Test func aRefusedCommandWritesNothing() throws {
        let store = try makeStore()
        try seed(store, count: 1)
        let id = try RequestID("CSC-2026-00000001")
        try store.perform(.claim, on: id, by: op1, at: t0)
        #expect(throws: StoreError.self) { try store.perform(.claim, on: id, by: op2, at: t0.addingTimeInterval(10)) }
        #expect(throws: StoreError.self) { try store.perform(.seal(tracking: nil, pickupCode: nil), on: id, by: op1, at: t0) }
        #expect(try store.read { try $0.auditHead().event } == 2)
        #expect(try store.read { try $0.request(id)?.progress.holder } == op1)
    }

    @Test func theEventLogRefusesUpdatesDeletesAndGaps() throws {
        let store = try makeStore()
        try seed(store, count: 2)
        #expect(throws: StoreError.self) {
            try store.write { tx in try tx.db.execute(sql: "UPDATE event SET operator = 'op-99' WHERE id = 1") }
        }
        #expect(throws: StoreError.self) { try store.write { tx in try tx.db.execute(sql: "DELETE FROM event WHERE id = 2") } }
        #expect(throws: StoreError.self) {
            try store.write { tx in
                try tx.db.execute(sql: "INSERT INTO event (id, request, kind, at, operator, line, hash) VALUES (9, 'X', 'received', 0, 'system', '', zeroblob(32))")
            }
        }
        #expect(try store.verifyAudit().firstProblem == nil)
    }

    @Test func anInvalidStateCannotBeStored() throws {
        let store = try makeStore()
        try seed(store, count: 1)
        #expect(throws: StoreError.self) {
            try store.write { tx in try tx.db.execute(sql: "UPDATE request SET state = 'lost' WHERE id = 'CSC-2026-00000001'") }
        }
    }

    @Test func possibleDuplicatesAreFlagged() throws {
        let store = try makeStore()
        try seed(store, count: 1)
        try store.write { tx in
            try tx.receive(try record(2, subject: "05010012345", submitted: t0.addingTimeInterval(86_400)), at: t0)   // same subject and service
            try tx.receive(try record(3, subject: "05010077777", payment: "PAY-1"), at: t0)                         // same payment
            try tx.receive(try record(4, subject: "05010012345", submitted: t0.addingTimeInterval(40 * 86_400)), at: t0) // too late to count
        }
        let rows = try store.read { try $0.queue(QueueFilter(), at: t0, limit: 10) }
        let flags = Dictionary(uniqueKeysWithValues: rows.map { ($0.id.rawValue, $0.duplicateOf?.rawValue) })
        #expect(flags["CSC-2026-00000001"] == .some(nil))
        #expect(flags["CSC-2026-00000002"] == "CSC-2026-00000001")
        #expect(flags["CSC-2026-00000003"] == "CSC-2026-00000001")
        #expect(flags["CSC-2026-00000004"] == .some(nil))
    }

    /// Issue 16 item 1: an arrival that completes a flood flags the whole cluster, earlier requests
    /// included; a payment reference paying for two requests flags both; the rest stay clear.
    @Test func floodsAreFlaggedOnArrival() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shubbak-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try CenterStore(path: folder.appendingPathComponent("center.sqlite").path, floodRule: FloodRule(threshold: 3))
        func flagged() throws -> [String] {
            try store.read { tx in try tx.queue(QueueFilter(), at: t0, limit: 50).filter(\.isFlood).map(\.id.rawValue).sorted() }
        }
        try store.write { tx in
            try tx.upsert(service: Service(code: "CIVIL-EXTRACT", name: LocalizedText(ar: "إخراج قيد فردي", en: "Extract"),
                                           speed: .fast, fee: 2000, slaHours: 48, stamps: ["CENTER"], active: true))
            // One applicant (05019999999) for two people: not yet a flood at a threshold of 3.
            for serial in 1...2 {
                var request = try record(serial, subject: String(format: "050100%05d", serial))
                request.applicant.nationalNo = try NationalNumber("05019999999")
                try tx.receive(request, at: t0)
            }
        }
        #expect(try flagged().isEmpty)
        try store.write { tx in
            // A third person by the same phone but another national number: the phone joins them.
            var request = try record(3, subject: "05010000003")
            request.applicant.nationalNo = try NationalNumber("05018888888")
            try tx.receive(request, at: t0)
            // Two strangers, each with a phone of their own, paying with one payment reference.
            for serial in 4...5 {
                var request = try record(serial, subject: "0501000000\(serial)", payment: "PAY-SHARED")
                request.applicant.phone = "+96394400000\(serial)"
                try tx.receive(request, at: t0)
            }
            // Someone else entirely, a day and a half later.
            var other = try record(6, subject: "05010000006", submitted: t0.addingTimeInterval(36 * 3_600))
            other.applicant.phone = "+963944000000"
            try tx.receive(other, at: t0)
        }
        #expect(try flagged() == (1...5).map { String(format: "CSC-2026-%08d", $0) })
        let filings = try store.read { tx in try tx.applicantFilings(around: try record(1, subject: "05010000001")) }
        #expect(filings.requests == 3 && filings.people == 3, "the phone +963933123456 filed for three people")
    }

    /// Issue 13 item 9: the shelf is every envelope ready for pickup, the longest waiting first.
    @Test func thePickupShelfListsWhatIsReadyOldestFirst() throws {
        let store = try makeStore()
        try seed(store, count: 3)
        try store.write { tx in
            for (index, days) in [(1, 3.0), (3, 10.0)] {
                let id = try RequestID(String(format: "CSC-2026-%08d", index))
                // The row as the projection writes it (since revision 2 it keeps when the shelf took it).
                try tx.execute(sql: "UPDATE request SET state = 'ready_for_pickup', pickup_code = ?, ready_since = ? WHERE id = ?",
                               arguments: [String(format: "%06d", index), Int64(t0.timeIntervalSince1970 - days * 86_400), id.rawValue])
                // The event that put it on the shelf, at a chosen time (the chain is not what this test reads).
                try tx.execute(sql: """
                    INSERT INTO event (id, request, kind, at, operator, line, hash)
                    VALUES ((SELECT MAX(id) + 1 FROM event), ?, 'ready_for_pickup', ?, 'op-01', '{}', zeroblob(32))
                    """, arguments: [id.rawValue, Int64(t0.timeIntervalSince1970 - days * 86_400)])
            }
        }
        let shelf = try store.read { try $0.pickupShelf(search: "", at: t0, limit: 10) }
        #expect(shelf.map(\.request.id.rawValue) == ["CSC-2026-00000003", "CSC-2026-00000001"])
        #expect(shelf.map { $0.daysWaiting(at: t0) } == [10, 3])
        #expect(try store.read { try $0.pickupShelf(search: "000001", at: t0, limit: 10) }.map(\.request.id.rawValue) == ["CSC-2026-00000001"])
    }

    @Test func queueFiltersAndSearch() throws {
        let store = try makeStore()
        try seed(store, count: 30)
        try store.perform(.claim, on: try RequestID("CSC-2026-00000005"), by: op2, at: t0)
        let now = t0.addingTimeInterval(49 * 3_600)
        let all = try store.read { try $0.queueCount(QueueFilter(), at: now) }
        #expect(all == 30)
        let first = try #require(try store.read { try $0.queue(QueueFilter(), at: now, limit: 1) }.first)
        let page = try store.read { try $0.queuePage(QueueFilter(), at: now, .near(first.key, delta: 10, position: 0), limit: 5) }
        #expect(page.rows.map(\.id.rawValue) == (11...15).map { String(format: "CSC-2026-%08d", $0) })
        #expect(page.offset == 10 && page.total == 30)
        #expect(try store.read { try $0.queue(QueueFilter(heldBy: op2), at: now, limit: 5) }.map(\.id.rawValue) == ["CSC-2026-00000005"])
        #expect(try store.read { try $0.queueCount(QueueFilter(search: "05010012345"), at: now) } == 1)
        #expect(try store.read { try $0.queueCount(QueueFilter(search: "csc-2026-0000001"), at: now) } == 10)
        // Searching a name finds it whatever the spelling of hamza and ta marbuta.
        #expect(try store.read { try $0.queueCount(QueueFilter(search: "احمد فاطمه"), at: now) } == 30)
        #expect(try store.read { try $0.queueCount(QueueFilter(search: "سعاد"), at: now) } == 0)
        #expect(try store.read { try $0.queueCount(QueueFilter(overdueOnly: true), at: now) } == 30)
        #expect(try store.read { try $0.queueCount(QueueFilter(overdueOnly: true), at: t0) } == 0)
        #expect(try store.read { try $0.queueCount(QueueFilter(delivery: .center), at: now) } == 0)
        // Issue 13 item 8: an exact id, national number or S10 is found whatever the filters; a prefix stays within them.
        let centerOnly = QueueFilter(delivery: .center, overdueOnly: true, heldBy: op2)
        var exact = centerOnly
        exact.search = "CSC-2026-00000007"
        #expect(try store.read { try $0.queue(exact, at: now, limit: 5) }.map(\.id.rawValue) == ["CSC-2026-00000007"])
        exact.search = "05010012345"
        #expect(try store.read { try $0.queueCount(exact, at: now) } == 1)
        exact.search = "csc-2026-0000001"
        #expect(try store.read { try $0.queueCount(exact, at: now) } == 0)
        exact.search = "احمد"
        #expect(try store.read { try $0.queueCount(exact, at: now) } == 0, "a name stays within the filters")
    }

    @Test func amendmentsApplyOnlyWhileNobodyStarted() throws {
        let store = try makeStore()
        try seed(store, count: 2)
        var amended = try record(1, subject: "05010012345")
        amended.payment.channel = "mtn-cash"
        #expect(try store.write { try $0.amend(amended, at: t0) })
        try store.perform(.claim, on: try RequestID("CSC-2026-00000002"), by: op1, at: t0)
        #expect(try store.write { try $0.amend(try record(2, subject: "05010000002", payment: "PAY-X"), at: t0) } == false)
        #expect(try store.read { try $0.request(try RequestID("CSC-2026-00000001"))?.record.payment.channel } == "mtn-cash")
    }

    @Test func theQueueTallyFollowsEveryChangeOfARequest() throws {
        let store = try makeStore()
        try seed(store, count: 12)
        try store.write { tx in
            try tx.upsert(service: Service(code: "REAL-ESTATE", name: LocalizedText(ar: "بيان قيد عقاري", en: "Real estate"),
                                           speed: .slow, fee: 6000, slaHours: 336, stamps: ["CENTER"], active: true))
        }
        func id(_ serial: Int) throws -> RequestID { try RequestID(String(format: "CSC-2026-%08d", serial)) }
        try store.perform(.claim, on: try id(3), by: op1, at: t0)
        try store.perform(.claim, on: try id(4), by: op2, at: t0)
        try store.perform(.cancel(reason: "the citizen withdrew"), on: try id(5), by: .system, at: t0)
        var slow = try record(6, subject: "05010000006")
        slow.service = "REAL-ESTATE"
        #expect(try store.write { try $0.amend(slow, at: t0) })

        let filters = [QueueFilter(), QueueFilter(speed: .fast), QueueFilter(speed: .slow), QueueFilter(states: [.claimed]),
                       QueueFilter(states: [.cancelled]), QueueFilter(speed: .slow, states: [.received]),
                       QueueFilter(states: Set(RequestState.allCases))]
        for filter in filters {
            let (tallied, counted) = try store.read { tx in (try tx.queueCount(filter, at: t0), try tx.countedQueue(filter, at: t0)) }
            #expect(tallied == counted, "\(filter)")
        }
        // 12 received, one cancelled: 11 open, two of them claimed, one moved to the slow service.
        #expect(try store.read { try $0.queueCount(QueueFilter(), at: t0) } == 11)
        #expect(try store.read { try $0.queueCount(QueueFilter(states: [.claimed]), at: t0) } == 2)
        #expect(try store.read { try $0.queueCount(QueueFilter(speed: .slow), at: t0) } == 1)
        #expect(try store.read { try $0.queueCount(QueueFilter(speed: .fast), at: t0) } == 10)
        #expect(try store.verifyAudit().firstProblem == nil)
    }

    @Test func auditVerifyNamesATallyThatDrifted() throws {
        let store = try makeStore()
        try seed(store, count: 3)
        try store.write { tx in try tx.db.execute(sql: "UPDATE request_tally SET n = n + 1 WHERE state = 'received'") }
        let finding = try store.verifyAudit().firstProblem
        #expect(finding?.problem == "the queue tally says 4 received fast requests, the rows 3")
    }

    @Test func aQueuePageReadsTheOrderIndexWithoutSortingEveryOpenRequest() throws {
        let store = try makeStore()
        try seed(store, count: 5)
        let key = QueueKey(dueAt: t0, id: try RequestID("CSC-2026-00000003"))
        let reads: [StoreTransaction.QueueRead] = [.forward(from: nil, skip: 0), .forward(from: key, skip: 5), .backward(before: key),
                                                   .backward(before: nil)]
        for filter in [QueueFilter(), QueueFilter(speed: .fast), QueueFilter(overdueOnly: true)] {
            for read in reads {
                let (sql, arguments) = StoreTransaction.queueQuery(filter, at: t0, read, limit: 10)
                let plan = try store.read { tx in
                    try Row.fetchAll(tx.db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
                }
                #expect(plan.contains { $0.contains("request_queue_order") }, "\(plan)")
                #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
                // From a key the index is entered at the key (a SEARCH on due_at), not scanned from its start.
                if case .forward(from: nil, _) = read {} else if case .backward(before: nil) = read {} else {
                    #expect(plan.contains { $0.contains("SEARCH") && $0.contains("due_at") }, "\(plan)")
                }
            }
        }
    }

    /// A request taken in as the releases before migration 8 wrote it: its `received` event, the
    /// row with the columns migration 1 made, and the tally (today's `receive` writes later columns).
    /// Today's `append` notes an operator's step in `operator_presence` (migration 11): an older
    /// schema written with today's code gets a temporary table in its place, gone with the connection.
    static let presenceStandIn = "CREATE TEMP TABLE operator_presence (operator TEXT PRIMARY KEY, active_at INTEGER, seen_at INTEGER)"

    func receiveAsReleasedBefore(_ record: RequestRecord, in tx: StoreTransaction) throws {
        let due = StoreTransaction.seconds(record.due(slaHours: 48))
        let event = try tx.append(Lifecycle.receive(record.id, at: t0).event,
                                  facts: Rollups.RequestFacts(service: record.service, speed: "fast", dueAt: due))
        var governorate: String?
        if case .post(let address) = record.delivery { governorate = address.governorate }
        try tx.db.execute(sql: """
            INSERT INTO request (id, payload, service, speed, subject_no, applicant_no, subject_name, search_key, delivery, governorate,
                payment_ref, submitted_at, due_at, state, last_event, updated_at)
            VALUES (?, ?, ?, 'fast', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?)
            """, arguments: [record.id.rawValue, WireWriter.json(record), record.service, record.subject.nationalNo.digits,
                             record.applicant.nationalNo.digits, record.subject.name.display, StoreTransaction.searchKey(record.subject.name),
                             record.delivery.method.rawValue, governorate, record.payment.ref, StoreTransaction.seconds(record.submittedAt),
                             due, event.id, StoreTransaction.seconds(t0)])
        try tx.db.execute(sql: """
            INSERT INTO request_tally (state, speed, n) VALUES ('received', 'fast', 1) ON CONFLICT (state, speed) DO UPDATE SET n = n + 1
            """)
    }

    @Test func aCenterUpgradedWithRequestsGetsATallyThatMatchesThem() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shubbak-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("center.sqlite").path
        // A database as the release before the tally left it, with requests in it.
        let old = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(old, upTo: "4-rollups")
        try old.write { db in
            // That release kept no tally: the one today's `receive` keeps goes into a temporary table
            // (found before the main schema's) that ends with this connection.
            try db.execute(sql: "CREATE TEMP TABLE request_tally (state TEXT, speed TEXT, n INTEGER, PRIMARY KEY (state, speed))")
            try db.execute(sql: Self.presenceStandIn)
            let tx = StoreTransaction(db: db)
            try tx.upsert(service: Service(code: "CIVIL-EXTRACT", name: LocalizedText(ar: "إخراج قيد فردي", en: "Extract"),
                                           speed: .fast, fee: 2000, slaHours: 48, stamps: ["CENTER"], active: true))
            for serial in 1...7 { try receiveAsReleasedBefore(try record(serial, subject: String(format: "050100%05d", serial)), in: tx) }
            // A claim as that release wrote it (today's projection writes columns it did not have yet).
            let claimed = try RequestID("CSC-2026-00000002")
            let lease = t0.addingTimeInterval(900)
            let claim = try tx.append(PendingEvent(request: claimed, kind: .claimed, at: t0, actor: op1, data: EventData(leaseUntil: lease)))
            try db.execute(sql: "UPDATE request SET state = 'claimed', holder = ?, lease_until = ?, last_event = ? WHERE id = ?",
                           arguments: [op1.rawValue, Int64(lease.timeIntervalSince1970), claim.id, claimed.rawValue])
            try tx.writePendingCounts()
        }
        try old.close()

        let store = try CenterStore(path: path)
        #expect(try store.read { try $0.queueCount(QueueFilter(), at: t0) } == 7)
        #expect(try store.read { try $0.queueCount(QueueFilter(states: [.claimed]), at: t0) } == 1)
        let last = try store.read { try $0.queuePage(QueueFilter(), at: t0, .bottom, limit: 2) }
        #expect(last.rows.map(\.id.rawValue) == ["CSC-2026-00000006", "CSC-2026-00000007"] && last.offset == 5)
        #expect(try store.verifyAudit().firstProblem == nil)
    }

    /// Issue 15: migration 8 widens the CHECKs of `request.state` and `event.kind` by making the two
    /// tables again; every row, index and trigger of a center made before it is still there.
    @Test func aCenterMadeBeforeRevisionTwoKeepsItsRowsIndexesAndTriggers() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shubbak-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("center.sqlite").path
        let old = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(old, upTo: "7-search-by-name")
        let ready = try RequestID("CSC-2026-00000003")
        let readyAt = t0.addingTimeInterval(3_600)
        try old.write { db in
            try db.execute(sql: Self.presenceStandIn)
            let tx = StoreTransaction(db: db)
            try tx.upsert(service: Service(code: "CIVIL-EXTRACT", name: LocalizedText(ar: "إخراج قيد فردي", en: "Extract"),
                                           speed: .fast, fee: 2000, slaHours: 48, stamps: ["CENTER"], active: true))
            for serial in 1...4 { try receiveAsReleasedBefore(try record(serial, subject: String(format: "050100%05d", serial)), in: tx) }
            // An envelope on the shelf, as that release wrote it (it had no ready_since column).
            let event = try tx.append(PendingEvent(request: ready, kind: .readyForPickup, at: readyAt, actor: op1))
            try db.execute(sql: "UPDATE request SET state = 'ready_for_pickup', last_event = ? WHERE id = ?",
                           arguments: [event.id, ready.rawValue])
            try tx.writePendingCounts()
        }
        func schema(_ db: Database) throws -> Set<String> {
            Set(try String.fetchAll(db, sql: "SELECT type || ' ' || name FROM sqlite_master WHERE tbl_name IN ('request', 'event')"))
        }
        let before = try old.read(schema)
        #expect(before.contains("trigger event_is_append_only_delete") && before.contains("trigger request_tally_update"))
        try old.close()

        let store = try CenterStore(path: path)
        let after = try store.read { try schema($0.db) }
        // …and the indexes of migrations 8 (issuers), 9 and 10 (floods).
        #expect(after == before.union(["index request_at_issuer", "index request_by_reference", "index request_by_applicant",
                                       "index request_by_phone", "index request_flooded"]))
        #expect(try store.read { try $0.request(ready)?.progress.readySince } == readyAt)
        #expect(try store.read { try $0.queueCount(QueueFilter(states: Set(RequestState.allCases)), at: t0) } == 4)
        // The new states and kinds are accepted, the log is still append-only, the tally still follows.
        try store.write { tx in
            try tx.db.execute(sql: "UPDATE request SET state = 'forwarded' WHERE id = 'CSC-2026-00000001'")
            _ = try tx.append(PendingEvent(request: try RequestID("CSC-2026-00000001"), kind: .forwarded, at: t0, actor: op1))
        }
        #expect(try store.read { try $0.queueCount(QueueFilter(states: [.forwarded]), at: t0) } == 1)
        #expect(throws: (any Error).self) { try store.write { try $0.db.execute(sql: "DELETE FROM event WHERE id = 1") } }
        #expect(throws: (any Error).self) { try store.write { try $0.db.execute(sql: "UPDATE request SET state = 'lost'") } }
    }
}
