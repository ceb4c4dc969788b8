import Foundation
import GRDB
import ShubbakCore
import Synchronization

/// The center's SQLite database. Several `shubbak` processes (one per counter) may open the same
/// file: WAL, a busy timeout, and every write in one IMMEDIATE transaction keep them consistent.
public final class CenterStore: Sendable {
    let pool: DatabasePool
    public let path: String

    /// Whether this store was opened only to read (`init(readingAt:)`): writes fail.
    public let isReadOnly: Bool

    /// The center's days: roll-ups and reports count on it.
    public let calendar: CenterCalendar
    public let floodRule: FloodRule

    private let lockWatch: LockWatch

    /// Since when a statement of this process has waited for another process's lock (an import's write);
    /// nil when none waits.
    public var waitingForLockSince: Date? { lockWatch.waitingSince }

    public init(path: String, busyTimeout: TimeInterval = 15, calendar: CenterCalendar = .damascus,
                floodRule: FloodRule = FloodRule()) throws(StoreError) {
        self.path = path
        self.calendar = calendar
        self.floodRule = floodRule
        isReadOnly = false
        let lockWatch = LockWatch()
        self.lockWatch = lockWatch
        do {
            pool = try DatabasePool(path: path, configuration: Self.configuration(busyTimeout: busyTimeout, watch: lockWatch))
            // GRDB's WAL set-up runs `synchronous = NORMAL` after `prepareDatabase`; the writer is the one
            // connection that commits, so FULL is set on it here: a commit is on disk when `write` returns.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try Schema.migrator(calendar: calendar).migrate(pool)
        } catch {
            // SQLite says "disk I/O error" when the shared-memory file cannot grow: name the cause.
            if case .diskFull = StoreError.wrap(error) { throw .diskFull(doing: "opening the database") }
            if Self.diskIsFull(path) { throw .diskFull(doing: "opening the database") }
            throw .open(path: path, reason: String(describing: error))
        }
    }

    /// True when the file system holding `path` has no block left for this user.
    static func diskIsFull(_ path: String) -> Bool {
        var status = statvfs()
        guard statvfs((path as NSString).deletingLastPathComponent, &status) == 0 else { return false }
        return UInt64(status.f_bavail) * UInt64(status.f_frsize) < 64 * 1024
    }

    /// Opens an existing, migrated database without ever writing to it, for commands that only
    /// read (`queue`, `audit verify`, `report`): they still answer when the disk is full.
    public init(readingAt path: String, busyTimeout: TimeInterval = 15, calendar: CenterCalendar = .damascus) throws(StoreError) {
        self.path = path
        self.calendar = calendar
        floodRule = FloodRule()
        isReadOnly = true
        let lockWatch = LockWatch()
        self.lockWatch = lockWatch
        var configuration = Self.configuration(busyTimeout: busyTimeout, watch: lockWatch)
        configuration.readonly = true
        do {
            pool = try Self.openForReading(path, configuration: configuration)
            guard try pool.read({ try Schema.migrator.hasCompletedMigrations($0) }) else {
                throw StoreError.open(path: path, reason: "the database was made by an older version of shubbak; run a command that writes (such as `shubbak sync`) once to upgrade it")
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .open(path: path, reason: String(describing: error))
        }
    }

    private static func openForReading(_ path: String, configuration: Configuration) throws -> DatabasePool {
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            _ = try pool.read { try Int.fetchOne($0, sql: "SELECT 1") }
            return pool
        } catch let error as DatabaseError where hasEmptyWAL(path) {
            // A WAL reader needs the shared-memory file, which a full disk cannot grow. With nothing
            // left in the WAL the database file alone is the whole truth: read it as immutable.
            guard let uri = immutableURI(path) else { throw error }
            return try DatabasePool(path: uri, configuration: configuration)
        }
    }

    private static func hasEmptyWAL(_ path: String) -> Bool {
        var status = stat()
        return stat(path + "-wal", &status) != 0 || status.st_size == 0
    }

    private static func immutableURI(_ path: String) -> String? {
        var components = URLComponents()
        components.scheme = "file"
        components.path = path
        components.queryItems = [URLQueryItem(name: "immutable", value: "1")]
        return components.string
    }

    /// The writer's page cache: 64 MiB instead of SQLite's 2.
    static let pageCacheMiB = 64
    /// A reader's: a counter's pages and counts read a few pages each, and a scan of the names
    /// (a search) passes through; with the writer's 64 MiB each of the pool's readers grew a
    /// counter to 75 MiB on a center of a million requests (issue 18 goal 9).
    static let readerPageCacheMiB = 8

    private static func configuration(busyTimeout: TimeInterval, watch: LockWatch) -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .callback { tries in watch.keepWaiting(tries: tries, timeout: busyTimeout) }
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // A bundle of 100,000 requests is one transaction, and with the
            // default cache its dirty pages spill to the WAL before the commit (about a fifth of
            // that import's time, docs/benchmarks.md).
            let cache = db.configuration.readonly ? readerPageCacheMiB : pageCacheMiB
            try db.execute(sql: "PRAGMA cache_size = -\(cache * 1024)")
        }
        return configuration
    }

    /// Runs `body` in one IMMEDIATE write transaction: all of it is kept, or none.
    public func write<T>(_ body: (StoreTransaction) throws -> T) throws(StoreError) -> T {
        defer { lockWatch.waited() }
        do {
            return try pool.write { db in
                let transaction = StoreTransaction(db: db, calendar: calendar, floodRule: floodRule)
                let result = try body(transaction)
                try transaction.writePendingCounts()
                return result
            }
        } catch {
            throw StoreError.wrap(error)
        }
    }

    /// Runs `body` in one write transaction with a smaller page cache: an export writes a bundle of
    /// up to 256 MiB once and reads nothing twice, so a large cache only holds memory.
    public func write<T>(pageCacheMiB: Int, _ body: (StoreTransaction) throws -> T) throws(StoreError) -> T {
        do {
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -\(pageCacheMiB * 1024)") }
            defer { try? pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -\(Self.pageCacheMiB * 1024)") } }
            return try write(body)
        } catch {
            throw StoreError.wrap(error)
        }
    }

    /// Runs `body` on a consistent snapshot.
    public func read<T>(_ body: (StoreTransaction) throws -> T) throws(StoreError) -> T {
        defer { lockWatch.waited() }
        do {
            return try pool.read { db in try body(StoreTransaction(db: db, calendar: calendar, floodRule: floodRule)) }
        } catch {
            throw StoreError.wrap(error)
        }
    }

    /// Performs one lifecycle command on a request, in its own transaction.
    @discardableResult
    public func perform(_ command: LifecycleCommand, on id: RequestID, by actor: OperatorID, at now: Date,
                        lifecycle: Lifecycle = Lifecycle()) throws(StoreError) -> Event {
        try write { tx in try tx.perform(command, on: id, by: actor, at: now, lifecycle: lifecycle) }
    }

    /// Claims the waiting request that falls due first, if any.
    public func claimNext(by actor: OperatorID, at now: Date, lifecycle: Lifecycle = Lifecycle()) throws(StoreError) -> Event? {
        try write { tx in
            guard let id = try tx.firstWaitingRequest() else { return nil }
            return try tx.perform(.claim, on: id, by: actor, at: now, lifecycle: lifecycle)
        }
    }

    public func integrityCheck() throws(StoreError) -> [String] {
        try read { tx in try String.fetchAll(tx.db, sql: "PRAGMA integrity_check") }
    }
}

/// Keeps a statement that meets another process's lock waiting, up to the busy timeout, and remembers since when,
/// so the counter can say what it waits for instead of looking frozen.
final class LockWatch: Sendable {
    private let since = Mutex<Date?>(nil)

    var waitingSince: Date? { since.withLock { $0 } }

    /// SQLite's busy handler: `tries` counts from 0 for each statement that finds the lock taken.
    func keepWaiting(tries: Int, timeout: TimeInterval) -> Bool {
        let now = Date()
        let start = since.withLock { since in
            if tries == 0 || since == nil { since = now }
            return since ?? now
        }
        guard now.timeIntervalSince(start) < timeout else { return false }
        // Short sleeps first: most locks are a colleague's claim and last milliseconds.
        usleep(tries < 20 ? 1_000 : 20_000)
        return true
    }

    /// The statement got its lock (or gave up).
    func waited() {
        since.withLock { $0 = nil }
    }
}

extension CenterStore {
    /// What a backup holds: the last event, the last bundle sent, the last bundle applied from the central office.
    public struct BackupPoint: Hashable, Sendable {
        public var event: Int64
        public var outboundSeq: Int64
        public var inboundSeq: Int64
    }

    /// Copies the database to a new file at `path` with SQLite's online backup, page by page, while
    /// counters go on working; the copy is one consistent moment of the center.
    public func backup(to path: String) throws(StoreError) -> BackupPoint {
        do {
            let copy = try DatabaseQueue(path: path)
            try pool.backup(to: copy)
            let point = try copy.read { db in
                let tx = StoreTransaction(db: db, calendar: calendar)
                return BackupPoint(event: try tx.lastEventID(), outboundSeq: try tx.nextOutboundSeq() - 1,
                                   inboundSeq: try tx.nextInboundSeq(from: .central) - 1)
            }
            try copy.close()
            return point
        } catch {
            throw .wrap(error)
        }
    }
}
