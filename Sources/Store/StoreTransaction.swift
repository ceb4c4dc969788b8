import Foundation
import GRDB
import ShubbakCore

/// A request as stored: the central office's record and the fold of its events.
public struct StoredRequest: Hashable, Sendable {
    public var record: RequestRecord
    public var progress: RequestProgress
    public var speed: ServiceSpeed
    public var dueAt: Date
    public var duplicateOf: RequestID?
    public var lastEvent: Int64
    /// Part of a flood (`FloodRule`).
    public var isFlood = false
}

/// The store's operations inside one transaction. Exchange applies a whole bundle through one of these.
public struct StoreTransaction {
    let db: Database
    /// The center's days, for the roll-ups and the reports.
    var calendar: CenterCalendar = .damascus
    /// When one applicant's filings for different people make a flood (config.toml's `flood_threshold`).
    var floodRule = FloodRule()
    /// What this transaction has already read and may reuse: it alone writes while it is open.
    let memo = TransactionMemo()

    // MARK: Values as the tables hold them

    static func searchKey(_ name: PersonName) -> String {
        ArabicName.safeNormalised("\(name.first) \(name.father) \(name.mother) \(name.last)")
    }

    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }
    static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try Wire.makeEncoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try Wire.makeDecoder().decode(type, from: Data(text.utf8))
    }
}
