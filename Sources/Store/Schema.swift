import Foundation
import GRDB
import ShubbakCore

/// Migrations, in order. A released migration is never edited: add a new one.
enum Schema {
    static var migrator: DatabaseMigrator { migrator(calendar: .damascus) }

    /// The roll-ups a migration builds count days on `calendar`.
    static func migrator(calendar: CenterCalendar) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1-requests-and-event-log") { db in
            // The states and kinds of revision 1, as this migration was released; migration 8 widens them.
            let states = quoted(["received", "claimed", "verified", "rejected", "printed", "stamped", "sealed", "dispatched",
                                 "returned", "ready_for_pickup", "delivered", "cancelled"])
            let kinds = quoted(["received", "claimed", "released", "verified", "rejected", "printed", "stamped", "sealed",
                                "dispatched", "returned", "ready_for_pickup", "delivered", "cancelled"])
            try db.execute(sql: """
                CREATE TABLE stamp (
                    code TEXT PRIMARY KEY,
                    name_ar TEXT NOT NULL,
                    name_en TEXT NOT NULL
                );
                CREATE TABLE service (
                    code TEXT PRIMARY KEY,
                    payload TEXT NOT NULL,
                    speed TEXT NOT NULL CHECK (speed IN ('fast', 'slow')),
                    sla_hours INTEGER NOT NULL,
                    active INTEGER NOT NULL
                );
                CREATE TABLE person (
                    national_no TEXT PRIMARY KEY,
                    payload TEXT NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE TABLE request (
                    id TEXT PRIMARY KEY,
                    payload TEXT NOT NULL,
                    service TEXT NOT NULL,
                    speed TEXT NOT NULL CHECK (speed IN ('fast', 'slow')),
                    subject_no TEXT NOT NULL,
                    applicant_no TEXT NOT NULL,
                    subject_name TEXT NOT NULL,
                    search_key TEXT NOT NULL,
                    delivery TEXT NOT NULL CHECK (delivery IN ('post', 'center')),
                    governorate TEXT,
                    payment_ref TEXT NOT NULL,
                    submitted_at INTEGER NOT NULL,
                    due_at INTEGER NOT NULL,
                    state TEXT NOT NULL CHECK (state IN (\(states))),
                    holder TEXT,
                    lease_until INTEGER,
                    stamps TEXT NOT NULL DEFAULT '',
                    copies INTEGER NOT NULL DEFAULT 0,
                    tracking TEXT,
                    pickup_code TEXT,
                    manifest TEXT,
                    duplicate_of TEXT,
                    last_event INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE INDEX request_by_state_due ON request(state, due_at);
                CREATE INDEX request_by_due ON request(due_at);
                CREATE INDEX request_by_subject ON request(subject_no, service);
                CREATE INDEX request_by_payment ON request(payment_ref);
                CREATE INDEX request_by_holder ON request(holder) WHERE holder IS NOT NULL;
                CREATE INDEX request_by_pickup ON request(pickup_code) WHERE pickup_code IS NOT NULL;
                CREATE UNIQUE INDEX request_by_tracking ON request(tracking) WHERE tracking IS NOT NULL;

                -- The source of truth: append-only, ids without a gap, each line hashed into the audit chain.
                CREATE TABLE event (
                    id INTEGER PRIMARY KEY,
                    request TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN (\(kinds))),
                    at INTEGER NOT NULL,
                    operator TEXT NOT NULL,
                    line TEXT NOT NULL,
                    hash BLOB NOT NULL CHECK (length(hash) = 32)
                );
                CREATE INDEX event_by_request ON event(request, id);
                CREATE INDEX event_by_time ON event(at);
                CREATE TRIGGER event_ids_have_no_gap BEFORE INSERT ON event
                    WHEN NEW.id IS NOT (SELECT COALESCE(MAX(id), 0) + 1 FROM event)
                    BEGIN SELECT RAISE(ABORT, 'event ids must follow each other without a gap'); END;
                CREATE TRIGGER event_is_append_only_update BEFORE UPDATE ON event
                    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                CREATE TRIGGER event_is_append_only_delete BEFORE DELETE ON event
                    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                """)
        }
        migrator.registerMigration("2-exchange") { db in
            try db.execute(sql: """
                -- Every bundle applied from a sender, with the SHA-256 of its message to tell duplicates from conflicts.
                CREATE TABLE inbound_bundle (
                    sender TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    sha256 TEXT NOT NULL,
                    file TEXT NOT NULL,
                    records INTEGER NOT NULL,
                    applied INTEGER NOT NULL,
                    set_aside INTEGER NOT NULL,
                    applied_at INTEGER NOT NULL,
                    PRIMARY KEY (sender, seq)
                );
                -- Records the center could not apply: kept for the supervisor, reported back once.
                CREATE TABLE problem (
                    id INTEGER PRIMARY KEY,
                    sender TEXT NOT NULL,
                    bundle INTEGER NOT NULL,
                    line INTEGER NOT NULL,
                    request TEXT,
                    reason TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    sent_in INTEGER
                );
                CREATE INDEX problem_unsent ON problem(id) WHERE sent_in IS NULL;
                -- Files refused whole, for the supervisor.
                CREATE TABLE quarantine (
                    id INTEGER PRIMARY KEY,
                    file TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    at INTEGER NOT NULL
                );
                -- Every bundle sent, with its exact bytes until the receiver acknowledges it.
                CREATE TABLE outbound_bundle (
                    seq INTEGER PRIMARY KEY,
                    recipient TEXT NOT NULL,
                    file TEXT NOT NULL,
                    bytes BLOB NOT NULL,
                    created_at INTEGER NOT NULL,
                    last_event INTEGER NOT NULL,
                    records INTEGER NOT NULL,
                    acked INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE manifest (
                    id TEXT PRIMARY KEY,
                    payload TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    sent_in INTEGER
                );
                -- The last inbound seq acknowledged in an outbound bundle, per peer.
                CREATE TABLE ack_sent (
                    peer TEXT PRIMARY KEY,
                    seq INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("3-operators") { db in
            let roles = Role.allCases.map { "'\($0.rawValue)'" }.joined(separator: ",")
            let sessionKinds = SessionEventKind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ",")
            try db.execute(sql: """
                CREATE TABLE operator (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN (\(roles))),
                    password_hash TEXT NOT NULL,
                    disabled INTEGER NOT NULL DEFAULT 0,
                    failed_attempts INTEGER NOT NULL DEFAULT 0,
                    locked_until INTEGER,
                    created_at INTEGER NOT NULL
                );
                ALTER TABLE request ADD COLUMN handed_to TEXT;
                -- Every sign-in, sign-out, lock and refusal, for the supervisor and the auditors.
                CREATE TABLE operator_session (
                    id INTEGER PRIMARY KEY,
                    operator TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN (\(sessionKinds))),
                    at INTEGER NOT NULL,
                    detail TEXT NOT NULL DEFAULT ''
                );
                CREATE INDEX operator_session_by_time ON operator_session(at);
                -- S10 numbers taken from the center's range: each is given once, even if its envelope is spoilt.
                CREATE TABLE tracking_allocation (
                    tracking TEXT PRIMARY KEY,
                    prefix TEXT NOT NULL,
                    serial INTEGER NOT NULL,
                    request TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    UNIQUE (prefix, serial)
                );
                -- The pickup code printed on an envelope before it is sealed.
                CREATE TABLE pickup_reservation (
                    request TEXT PRIMARY KEY,
                    code TEXT NOT NULL,
                    at INTEGER NOT NULL
                );
                -- What was printed, where it went, and whether it went.
                CREATE TABLE print_job (
                    id INTEGER PRIMARY KEY,
                    request TEXT,
                    kind TEXT NOT NULL,
                    operator TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    target TEXT NOT NULL,
                    outcome TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("4-rollups") { db in
            try db.execute(sql: Rollups.createTables)
            try Rollups.backfill(db, calendar: calendar)
        }
        migrator.registerMigration("5-queue-at-scale") { db in
            // The queue's order with the columns its plain filters test: a page is read in index order
            // (no sort of every open request) and rows skipped by OFFSET never touch the table.
            // It starts with due_at, so it serves everything request_by_due did.
            // The tally gives the queue's total for a plain filter (states, speed) without counting a
            // million rows per key; triggers keep it in the same statement as every change of a request row.
            try db.execute(sql: """
                CREATE INDEX request_queue_order ON request(due_at, id, state, speed);
                DROP INDEX request_by_due;
                CREATE TABLE request_tally (
                    state TEXT NOT NULL,
                    speed TEXT NOT NULL,
                    n INTEGER NOT NULL CHECK (n >= 0),
                    PRIMARY KEY (state, speed)
                ) WITHOUT ROWID;
                INSERT INTO request_tally (state, speed, n) SELECT state, speed, COUNT(*) FROM request GROUP BY state, speed;
                CREATE TRIGGER request_tally_insert AFTER INSERT ON request BEGIN
                    INSERT INTO request_tally (state, speed, n) VALUES (NEW.state, NEW.speed, 1)
                        ON CONFLICT (state, speed) DO UPDATE SET n = n + 1;
                END;
                CREATE TRIGGER request_tally_update AFTER UPDATE OF state, speed ON request
                    WHEN OLD.state IS NOT NEW.state OR OLD.speed IS NOT NEW.speed BEGIN
                    UPDATE request_tally SET n = n - 1 WHERE state = OLD.state AND speed = OLD.speed;
                    INSERT INTO request_tally (state, speed, n) VALUES (NEW.state, NEW.speed, 1)
                        ON CONFLICT (state, speed) DO UPDATE SET n = n + 1;
                END;
                CREATE TRIGGER request_tally_delete AFTER DELETE ON request BEGIN
                    UPDATE request_tally SET n = n - 1 WHERE state = OLD.state AND speed = OLD.speed;
                END;
                """)
        }
        migrator.registerMigration("6-tally-kept-by-receive") { db in
            // SQLite gives an INSERT that fires a trigger its own statement journal, and with eight
            // indexes on request that journal copies every page the row touches: 100,000 one-row
            // INSERTs took 4.9 s with the trigger and 2.0 s without (docs/benchmarks.md). `receive`,
            // the one place that inserts requests, keeps the tally instead; the update and delete
            // triggers stay (a counter changes one row at a time). `shubbak audit verify` compares the
            // tally with a count of the rows.
            try db.execute(sql: "DROP TRIGGER request_tally_insert")
        }
        migrator.registerMigration("7-search-by-name") { db in
            // A name searched as it is typed tests every open request's name: on this index it reads
            // the names and the queue's order (a few bytes each), not the whole rows with their
            // records (about 600 bytes each, 35 MB at 20,000 requests). The name comes last: the
            // planner also takes this index for a state's requests by due time (the next to claim,
            // the overdue), and with the name before the due time each of those sorted the state's
            // every request (a claim of the next due took seconds at a million).
            try db.execute(sql: "CREATE INDEX request_search ON request(state, due_at, id, search_key)")
        }
        migrator.registerMigration("8-contract-revision-2") { db in
            // Revision 2: requests wait at the issuer of their service, the post reports on envelopes,
            // and a document left on the shelf past the retention ends uncollected.
            try db.execute(sql: """
                ALTER TABLE request ADD COLUMN issuer TEXT;
                ALTER TABLE request ADD COLUMN reference TEXT;
                ALTER TABLE request ADD COLUMN expected_by TEXT;
                ALTER TABLE request ADD COLUMN ready_since INTEGER;
                UPDATE request SET ready_since = (
                    SELECT MAX(at) FROM event WHERE event.request = request.id AND kind = 'ready_for_pickup')
                WHERE state = 'ready_for_pickup';
                """)
            try widenCheck(of: "request", column: "state", to: RequestState.allCases.map(\.rawValue), in: db)
            try widenCheck(of: "event", column: "kind", to: EventKind.allCases.map(\.rawValue), in: db)
            try db.execute(sql: """
                CREATE INDEX request_at_issuer ON request(expected_by, id) WHERE state = 'forwarded';
                CREATE UNIQUE INDEX request_by_reference ON request(reference) WHERE reference IS NOT NULL;
                CREATE TABLE postal_report (
                    id INTEGER PRIMARY KEY,
                    tracking TEXT NOT NULL,
                    request TEXT NOT NULL,
                    event TEXT NOT NULL CHECK (event IN ('delivered', 'attempted', 'returning')),
                    at INTEGER NOT NULL,
                    office TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    bundle INTEGER NOT NULL,
                    line INTEGER NOT NULL
                );
                CREATE INDEX postal_report_by_request ON postal_report(request, at);
                CREATE INDEX postal_report_by_time ON postal_report(at);
                """)
        }
        migrator.registerMigration("9-floods") { db in
            // One applicant filing for many people in a day (issue 16): found by national number or
            // phone within 24 hours, at each arrival; the flag is kept on the row for the queue.
            try db.execute(sql: """
                ALTER TABLE request ADD COLUMN applicant_phone TEXT NOT NULL DEFAULT '';
                ALTER TABLE request ADD COLUMN flood INTEGER NOT NULL DEFAULT 0;
                UPDATE request SET applicant_phone = COALESCE(json_extract(payload, '$.applicant.phone'), '');
                CREATE INDEX request_by_applicant ON request(applicant_no, submitted_at);
                CREATE INDEX request_by_phone ON request(applicant_phone, submitted_at);
                """)
            // The requests still to be worked on are flagged as if they had arrived today, with the default threshold.
            let tx = StoreTransaction(db: db, calendar: calendar)
            let open = QueueFilter.openStates.map { "'\($0.rawValue)'" }.joined(separator: ",")
            for id in try String.fetchAll(db, sql: "SELECT id FROM request WHERE state IN (\(open))") {
                guard let requestID = try? RequestID(id), let stored = try tx.request(requestID) else { continue }
                try tx.markFlood(stored.record)
            }
        }
        migrator.registerMigration("10-flood-clusters") { db in
            // The supervisor's clusters read the flagged requests only: few, among many.
            try db.execute(sql: "CREATE INDEX request_flooded ON request(submitted_at) WHERE flood = 1")
        }
        migrator.registerMigration("11-live-counters") { db in
            // Who is at a counter now (a heartbeat keeps the row; a counter that stopped beating is
            // gone), and every change of status, for break time. The lists are this migration's own.
            try db.execute(sql: """
                CREATE TABLE operator_presence (
                    operator TEXT PRIMARY KEY,
                    status TEXT NOT NULL CHECK (status IN ('serving', 'break', 'back_office')),
                    status_since INTEGER NOT NULL,
                    signed_in_at INTEGER NOT NULL,
                    seen_at INTEGER NOT NULL,
                    active_at INTEGER
                );
                CREATE TABLE operator_status (
                    id INTEGER PRIMARY KEY,
                    operator TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('serving', 'break', 'back_office', 'away')),
                    at INTEGER NOT NULL
                );
                CREATE INDEX operator_status_by_operator ON operator_status(operator, at);
                CREATE INDEX operator_status_by_time ON operator_status(at);
                """)
        }
        migrator.registerMigration("12-targets") { db in
            // Each request's wait at the center before its first claim, on that claim's local day
            // (the targets' waiting time); filled from the event log as `Rollups.recordWait` keeps it.
            try db.execute(sql: """
                CREATE TABLE rollup_wait (
                    request TEXT PRIMARY KEY,
                    day INTEGER NOT NULL,
                    speed TEXT NOT NULL,
                    wait INTEGER NOT NULL
                );
                CREATE INDEX rollup_wait_by_day ON rollup_wait(day, speed, wait);
                """)
            let firstClaims = try Row.fetchAll(db, sql: """
                SELECT c.request, c.at, COALESCE(r.speed, 'fast') AS speed FROM event c LEFT JOIN request r ON r.id = c.request
                WHERE c.kind = 'claimed' AND c.id = (SELECT MIN(id) FROM event WHERE request = c.request AND kind = 'claimed')
                """)
            for row in firstClaims {
                let at: Int64 = row["at"]
                let day = calendar.dayAndHour(of: Date(timeIntervalSince1970: TimeInterval(at))).day
                try Rollups.recordWait(of: row["request"], claimedAt: at, day: day, speed: row["speed"], in: db)
            }
        }
        migrator.registerMigration("13-restore-point") { db in
            // A center restored from a backup: what the backup held, and what the central office's
            // acks later said it holds. While it waits, nothing is exported (StoreTransaction.restoreHold).
            try db.execute(sql: """
                CREATE TABLE restore_point (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    restored_at INTEGER NOT NULL,
                    backup_made_at INTEGER NOT NULL,
                    backup_event INTEGER NOT NULL,
                    backup_seq INTEGER NOT NULL,
                    central_holds INTEGER,
                    cleared_at INTEGER
                );
                """)
        }
        return migrator
    }

    private static func quoted(_ values: [String]) -> String {
        values.map { "'\($0)'" }.joined(separator: ",")
    }

    /// Lets `column` hold `values`. SQLite cannot alter a CHECK, so the table is made again as
    /// https://sqlite.org/lang_altertable.html#otheralter says: a new table with the wider CHECK,
    /// the rows copied, the old one dropped (its triggers go first, so none fires), the new one
    /// renamed, and the old one's indexes and triggers made again.
    private static func widenCheck(of table: String, column: String, to values: [String], in db: Database) throws {
        guard let created = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                                                arguments: [table]),
              let check = created.range(of: "CHECK (\(column) IN ("),
              let end = created[check.upperBound...].range(of: "))"),
              let name = created.range(of: table) else {
            throw DatabaseError(message: "table \(table) has no CHECK on \(column) to widen")
        }
        var widened = created
        widened.replaceSubrange(check.lowerBound..<end.upperBound, with: "CHECK (\(column) IN (\(quoted(values))))")
        widened.replaceSubrange(name, with: "\(table)_widened")
        let dependents = try String.fetchAll(db, sql: """
            SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid
            """, arguments: [table])
        try db.execute(sql: widened)
        try db.execute(sql: "INSERT INTO \(table)_widened SELECT * FROM \(table)")
        try db.execute(sql: "DROP TABLE \(table)")
        try db.execute(sql: "ALTER TABLE \(table)_widened RENAME TO \(table)")
        for statement in dependents { try db.execute(sql: statement) }
    }
}
