import Foundation
import Logging
import Synchronization
import ShubbakCore
import ShubbakScreens
import ShubbakStore

/// The queue's pages, the service catalog for its names, and claims.
struct QueueDesk: Desk {
    typealias Served = QueueScreen

    let center: CenterDirectory
    let now: @Sendable () -> Date
    let logger = Logger(label: "shubbak.queue")
    /// The page last read: the screen asks for it again every second.
    let memo = PageMemo()

    func execute(_ command: QueueScreen.Command, by session: Operator?,
                 report: @escaping @Sendable (Shell.Message) -> Void) -> [Shell.Message] {
        guard let actor = session?.id else { return [] }
        let now = now()
        do {
            switch command {
            case .loadPage(let filter, let page, let limit):
                let request = PageMemo.Request(filter: filter, page: page, limit: limit)
                let slice = try center.store.read { tx in
                    let mark = try tx.queueChangeMark()
                    if let known = memo.page(for: request, mark: mark, at: now) { return known }
                    // Once the store moved, requests may have come or gone above the page: their count is taken again.
                    let slice = try tx.queuePage(filter, at: now, page, limit: limit, exactPosition: memo.moved(from: mark))
                    memo.keep(slice, for: request, mark: mark, at: now)
                    return slice
                }
                return [answer(.page(slice, of: page, now: now))]
            case .loadServices:
                return [answer(.services(try center.store.read { tx in try tx.services() }))]
            case .claim(let id):
                let opened = try center.store.write { tx -> RequestID in
                    do {
                        try tx.perform(.claim, on: id, by: actor, at: now, lifecycle: center.lifecycle)
                        return id
                    } catch StoreError.requestNotFound {
                        // A transmittal slip scanned at the queue: the issuer's document is back, and it opens like a claim.
                        guard let back = try tx.receiveDocument(reference: id.rawValue, by: actor, at: now, lifecycle: center.lifecycle) else {
                            throw StoreError.requestNotFound(id)
                        }
                        return back
                    }
                }
                return [.claimed(opened)]
            }
        } catch {
            return [answer(.refused(Refusal(error, logger: logger)))]
        }
    }
}

/// The queue page last read and the store's change mark it was read at. An idle counter asks for
/// the same page every second; while the mark stays the same the page cannot have changed, except
/// through time (an overdue filter, a lease running out), so it is read again at least every
/// `maximumAge` seconds.
final class PageMemo: Sendable {
    struct Request: Hashable, Sendable {
        let filter: QueueFilter
        let page: QueuePage
        let limit: Int
    }

    private struct Kept: Sendable {
        let request: Request
        let mark: [Int64]
        let at: Date
        let page: QueueSlice
    }

    static let maximumAge: TimeInterval = 30
    private let kept = Mutex<Kept?>(nil)

    func page(for request: Request, mark: [Int64], at now: Date) -> QueueSlice? {
        kept.withLock { kept in
            guard let kept, kept.request == request, kept.mark == mark,
                  now.timeIntervalSince(kept.at) < Self.maximumAge, now >= kept.at else { return nil }
            return kept.page
        }
    }

    func keep(_ page: QueueSlice, for request: Request, mark: [Int64], at now: Date) {
        kept.withLock { $0 = Kept(request: request, mark: mark, at: now, page: page) }
    }

    /// Whether the store changed since the last page was read.
    func moved(from mark: [Int64]) -> Bool {
        kept.withLock { kept in kept.map { $0.mark != mark } ?? false }
    }
}
