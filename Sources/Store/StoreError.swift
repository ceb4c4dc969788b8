import GRDB
import Foundation
import ShubbakCore

/// Why the store could not do what was asked, in plain words.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case open(path: String, reason: String)
    case requestNotFound(RequestID)
    case unknownService(String)
    case lifecycle(LifecycleError)
    /// One request among several (a flood's) was refused: nothing of the decision was written.
    case refused(RequestID, LifecycleError)
    /// Only a supervisor may do this.
    case notPermitted(OperatorID)
    /// A bundle this center sent could not be taken back into a restored log.
    case recovery(RecoveryError)
    case corrupt(String)
    case database(String)
    case operatorExists(OperatorID)
    case unknownOperator(OperatorID)
    case trackingRangeExhausted(prefix: String, last: Int)
    case trackingInUse(TrackingNumber)
    /// SQLite found no room on the disk; `doing` says what was being written ("applying bundle …").
    case diskFull(doing: String?)

    public var description: String {
        switch self {
        case .open(let path, let reason): "cannot open the database \(path): \(reason)"
        case .requestNotFound(let id): "no request \(id) at this center"
        case .unknownService(let code): "service \(code) is not in the catalog"
        case .lifecycle(let error): error.description
        case .refused(let id, let error): "\(id): \(error.description); nothing was changed"
        case .notPermitted(let id): "\(id) is not a supervisor: only a supervisor may do this"
        case .recovery(let error): error.description
        case .corrupt(let detail): "the database is inconsistent: \(detail)"
        case .database(let detail): "database error: \(detail)"
        case .operatorExists(let id): "operator \(id) exists already"
        case .unknownOperator(let id): "no operator \(id) at this center"
        case .trackingRangeExhausted(let prefix, let last):
            "the tracking range \(prefix) is used up (last serial \(last)): configure a new range"
        case .trackingInUse(let tracking): "tracking number \(tracking) is already on another envelope"
        case .diskFull(let doing):
            "the disk is full\(doing.map { " while \($0)" } ?? ""): nothing of it was written; "
                + "free space on the disk that holds the center's data, then try again (sync again for a bundle)"
        }
    }

    public static func wrap(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? LifecycleError { return .lifecycle(error) }
        if let error = error as? RecoveryError { return .recovery(error) }
        if let error = error as? DatabaseError, error.resultCode == .SQLITE_FULL { return .diskFull(doing: nil) }
        return .database(String(describing: error))
    }
}
