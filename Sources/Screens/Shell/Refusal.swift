import ShubbakCore

/// Why the app could not do what a screen asked. Screens word it in the operator's language.
public enum Refusal: Error, Sendable {
    case lifecycle(LifecycleError)
    /// One request of several was refused, so none was changed.
    case lifecycleOf(RequestID, LifecycleError)
    case notFound(String)
    case trackingInUse(TrackingNumber)
    case trackingRangeExhausted
    case invalid(ValidationError)
    case printFailed(String)
    case notPermitted
    /// Anything else (a database or file error), already in words.
    case failed(String)
}
