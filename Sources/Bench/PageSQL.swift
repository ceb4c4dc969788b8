import ArgumentParser
import Foundation
import GRDB
import ShubbakCore
import ShubbakStore

/// The queue's first page as one SQL text with its arguments written in, for `sqlite3` to run: the
/// anchor of scripts/bench-terminal (a counter's start against sqlite3 opening the same database).
struct PageSQL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "page-sql", abstract: "Print the SQL of the queue's first page, arguments inlined, as sqlite3 runs it.")

    @Option(help: "Rows on the page (53 on a 200×60 screen).")
    var limit = 53

    func run() throws {
        let (sql, arguments) = StoreTransaction.queueQuery(QueueFilter(), at: Date(), .forward(from: nil, skip: 0), limit: limit)
        // SQLite quotes each argument itself: one `quote(?)` per placeholder, the same arguments bound.
        let placeholders = sql.filter { $0 == "?" }.count
        let literals = try DatabaseQueue().read { db in
            try Row.fetchOne(db, sql: "SELECT " + Array(repeating: "quote(?)", count: placeholders).joined(separator: ", "),
                             arguments: arguments).map { row in (0..<placeholders).map { row[$0] as String } }
        } ?? []
        var literal = literals.makeIterator()
        print(sql.map { $0 == "?" ? (literal.next() ?? "NULL") : String($0) }.joined() + ";")
    }
}
