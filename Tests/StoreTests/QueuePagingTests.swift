import Foundation
import GRDB
import Testing
@testable import ShubbakCore
@testable import ShubbakStore

/// Issue 18 goal 2: queue pages found by key give the rows an OFFSET would, at the top, at the
/// bottom, across rows due at the same second, and under every kind of filter.
@Suite struct QueuePagingTests {
    let base = StoreTests()
    var t0: Date { base.t0 }

    /// 137 requests, ten at a time submitted in the same second (so due at the same second, told
    /// apart by id), fast and slow, by post and at the center; some claimed, one by op-02.
    func store() throws -> CenterStore {
        let store = try base.makeStore()
        try store.write { tx in
            try tx.upsert(service: Service(code: "CIVIL-EXTRACT", name: LocalizedText(ar: "إخراج قيد فردي", en: "Extract"),
                                           speed: .fast, fee: 2000, slaHours: 48, stamps: ["CENTER"], active: true))
            try tx.upsert(service: Service(code: "REAL-ESTATE", name: LocalizedText(ar: "بيان عقاري", en: "Real estate"),
                                           speed: .slow, fee: 5000, slaHours: 24, stamps: ["CENTER"], active: true))
            // Submitted out of id order, so that the queue's order is not the ids' order.
            for serial in (1...137).reversed() {
                var record = try base.record(serial, subject: String(format: "050100%05d", serial),
                                             method: serial % 3 == 0 ? .center : .post,
                                             submitted: t0.addingTimeInterval(TimeInterval((serial * 7 % 137) / 10 * 60)))
                if serial % 4 == 0 { record.service = "REAL-ESTATE" }
                if serial % 5 == 0 {
                    record.subject.name = PersonName(first: "سعاد", father: "خالد", mother: "منى", last: "الحلبي")
                }
                try tx.receive(record, at: t0)
            }
        }
        for serial in [3, 40, 41, 99] {
            try store.perform(.claim, on: try RequestID(String(format: "CSC-2026-%08d", serial)),
                              by: serial == 41 ? base.op2 : base.op1, at: t0)
        }
        return store
    }

    var now: Date { t0.addingTimeInterval(30 * 3_600) }

    var filters: [QueueFilter] {
        [QueueFilter(), QueueFilter(speed: .fast), QueueFilter(speed: .slow), QueueFilter(service: "REAL-ESTATE"),
         QueueFilter(delivery: .center), QueueFilter(overdueOnly: true), QueueFilter(heldBy: base.op1),
         QueueFilter(search: "سعاد"), QueueFilter(search: "CSC-2026-0000012"), QueueFilter(speed: .fast, search: "الحلبي")]
    }

    @Test func pagingForwardAndBackByKeyGivesTheRowsInQueueOrder() throws {
        let store = try store()
        for filter in filters {
            let all = try store.read { tx in try tx.queue(filter, at: now, limit: 1_000) }
            #expect(all.count == (try store.read { tx in try tx.queueCount(filter, at: now) }), "\(filter)")
            #expect(all.map(\.key) == all.map(\.key).sorted { ($0.dueAt, $0.id.rawValue) < ($1.dueAt, $1.id.rawValue) })
            for limit in [1, 7, 20] {
                // PgDn from the top to the end, each page from the one before.
                var page = try store.read { tx in try tx.queuePage(filter, at: now, .top, limit: limit) }
                var seen = page.rows
                while let first = page.rows.first, page.offset + page.rows.count < page.total {
                    page = try store.read { tx in
                        try tx.queuePage(filter, at: now, .near(first.key, delta: limit, position: page.offset), limit: limit)
                    }
                    #expect(page.offset == seen.count, "\(filter) limit \(limit)")
                    seen += page.rows
                }
                #expect(seen.map(\.id) == all.map(\.id), "\(filter) limit \(limit)")
                // PgUp from the end back to the top.
                page = try store.read { tx in try tx.queuePage(filter, at: now, .bottom, limit: limit) }
                #expect(page.offset == max(all.count - limit, 0))
                var back = page.rows
                while let first = page.rows.first, page.offset > 0 {
                    page = try store.read { tx in
                        try tx.queuePage(filter, at: now, .near(first.key, delta: -limit, position: page.offset), limit: limit)
                    }
                    #expect(page.rows.map(\.id) == Array(all[page.offset..<min(page.offset + limit, all.count)]).map(\.id))
                    back = page.rows.filter { row in !back.contains { $0.id == row.id } } + back
                }
                #expect(back.map(\.id) == all.map(\.id), "\(filter) limit \(limit)")
            }
        }
    }

    @Test func aJumpFromAnyRowLandsWhereAnOffsetWouldAndTheTopStopsIt() throws {
        let store = try store()
        var generator = SeededRandom(seed: 18)
        for filter in filters {
            let all = try store.read { tx in try tx.queue(filter, at: now, limit: 1_000) }
            guard !all.isEmpty else { continue }
            for _ in 0..<40 {
                let position = Int(generator.next() % UInt64(all.count))
                let delta = Int(generator.next() % 61) - 30
                let page = try store.read { tx in
                    try tx.queuePage(filter, at: now, .near(all[position].key, delta: delta, position: position), limit: 9)
                }
                let start = min(max(position + delta, 0), all.count)
                #expect(page.offset == start, "\(filter) from \(position) by \(delta)")
                #expect(page.rows.map(\.id) == Array(all[start..<min(start + 9, all.count)]).map(\.id), "\(filter) from \(position) by \(delta)")
                // The position counted instead of worked out: the same, as nothing changed.
                let counted = try store.read { tx in
                    try tx.queuePage(filter, at: now, .near(all[position].key, delta: delta, position: 0), limit: 9, exactPosition: true)
                }
                if !counted.rows.isEmpty { #expect(counted.offset == start, "\(filter) from \(position) by \(delta)") }
            }
        }
    }

    /// Issue 18 goal 3: a name searched as it is typed is looked for on `request_search`, which holds
    /// the names and the order, not in the whole rows; only the page's rows are read whole.
    @Test func aNameIsSearchedOnItsIndexAndOnlyThePageIsReadWhole() throws {
        let store = try store()
        let filter = QueueFilter(search: "سعاد")
        let key = QueueKey(dueAt: t0, id: try RequestID("CSC-2026-00000005"))
        for read in [StoreTransaction.QueueRead.forward(from: nil, skip: 0), .forward(from: key, skip: 3), .backward(before: key)] {
            let (sql, arguments) = StoreTransaction.queueQuery(filter, at: now, read, limit: 10)
            let plan = try store.read { tx in
                try Row.fetchAll(tx.db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
            }
            #expect(plan.contains { $0.contains("COVERING INDEX request_search") }, "\(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN request") && !$0.contains("INDEX") }, "\(plan)")
        }
        let count = try store.read { tx in
            try Row.fetchAll(tx.db, sql: "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM request WHERE state IN ('received') AND search_key LIKE '%x%'")
                .map { $0["detail"] as String }
        }
        #expect(count.contains { $0.contains("COVERING INDEX request_search") }, "\(count)")
        #expect(try store.read { tx in try tx.queueCount(filter, at: now) } == 137 / 5)
        // The next to claim, and the overdue, are read in due order from an index, never sorted whole.
        for sql in ["SELECT id FROM request WHERE state = 'received' ORDER BY due_at, id LIMIT 1",
                    "SELECT COUNT(*) FROM request WHERE state IN ('received', 'claimed') AND due_at < 0"] {
            let plan = try store.read { tx in try Row.fetchAll(tx.db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String } }
            #expect(!plan.contains("USE TEMP B-TREE FOR ORDER BY") && plan.contains { $0.contains("due_at") || $0.contains("COVERING") },
                    "\(plan)")
        }
    }

    /// A name that matches more than are counted: the first page is still the first in queue order,
    /// and the total says «at least».
    @Test func aNameMatchingMoreThanAreCountedGivesTheFirstPageAndSaysThereIsMore() throws {
        let store = try base.makeStore()
        try store.write { tx in
            try tx.upsert(service: Service(code: "CIVIL-EXTRACT", name: LocalizedText(ar: "إخراج قيد فردي", en: "Extract"),
                                           speed: .fast, fee: 2000, slaHours: 48, stamps: ["CENTER"], active: true))
            for serial in 1...(QueueSlice.countedNames + 20) {
                try tx.receive(try base.record(serial, subject: String(format: "050100%05d", serial),
                                               submitted: t0.addingTimeInterval(TimeInterval(-serial))), at: t0)
            }
        }
        let filter = QueueFilter(search: "محمد")
        let page = try store.read { tx in try tx.queuePage(filter, at: now, .top, limit: 7) }
        #expect(page.hasMore && page.total == QueueSlice.countedNames)
        let newest = QueueSlice.countedNames + 20
        #expect(page.rows.map(\.id.rawValue) == (0..<7).map { String(format: "CSC-2026-%08d", newest - $0) })
        #expect(try store.read { tx in try tx.queueCount(filter, at: now) } == newest, "the count asked for alone is exact")
        let few = try store.read { tx in try tx.queuePage(QueueFilter(search: "أحمد فاطمة"), at: now, .top, limit: 7) }
        #expect(few.hasMore && few.rows.count == 7)
        let none = try store.read { tx in try tx.queuePage(QueueFilter(search: "سعاد"), at: now, .top, limit: 7) }
        #expect(!none.hasMore && none.total == 0 && none.rows.isEmpty)
    }

    @Test func aPageFromARowThatLeftTheQueueStartsAfterWhereItWas() throws {
        let store = try store()
        let all = try store.read { tx in try tx.queue(QueueFilter(), at: now, limit: 1_000) }
        // A waiting row near the middle is cancelled by the central office: the page from it starts at
        // the next one, and counting the rows before gives its true position.
        let position = try #require(all.indices.first { $0 >= 50 && all[$0].state == .received })
        let gone = all[position]
        try store.write { tx in
            try tx.perform(.cancel(reason: "withdrawn"), on: gone.id, by: .system, at: t0, lifecycle: Lifecycle())
        }
        let page = try store.read { tx in
            try tx.queuePage(QueueFilter(), at: now, .near(gone.key, delta: 0, position: 0), limit: 5, exactPosition: true)
        }
        #expect(page.rows.map(\.id) == all[(position + 1)...(position + 5)].map(\.id))
        #expect(page.offset == position && page.total == all.count - 1)
    }
}

