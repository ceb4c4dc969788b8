import Foundation
import ShubbakCore

/// Why the store could not do what was asked, in plain words.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case open(path: String, reason: String)
    case requestNotFound(RequestID)
    case unknownService(String)
    case lifecycle(LifecycleError)
    case corrupt(String)
    case database(String)

    public var description: String {
        switch self {
        case .open(let path, let reason): "cannot open the database \(path): \(reason)"
        case .requestNotFound(let id): "no request \(id) at this center"
        case .unknownService(let code): "service \(code) is not in the catalog"
        case .lifecycle(let error): error.description
        case .corrupt(let detail): "the database is inconsistent: \(detail)"
        case .database(let detail): "database error: \(detail)"
        }
    }

    public static func wrap(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? LifecycleError { return .lifecycle(error) }
        return .database(String(describing: error))
    }
}
