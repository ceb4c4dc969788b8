import Foundation

/// A request waiting at the body that issues its document, as the issuers' list shows it.
public struct WaitingAtIssuer: Hashable, Sendable {
    public var id: RequestID
    public var service: String
    public var subjectName: String
    public var subjectNo: NationalNumber
    public var forwarding: Forwarding
    /// The issuer's name, from the service catalog.
    public var issuerName: LocalizedText?

    public init(id: RequestID, service: String, subjectName: String, subjectNo: NationalNumber, forwarding: Forwarding,
                issuerName: LocalizedText?) {
        self.id = id
        self.service = service
        self.subjectName = subjectName
        self.subjectNo = subjectNo
        self.forwarding = forwarding
        self.issuerName = issuerName
    }

    /// Days past the expected day on `today`; 0 while it is not late.
    public func daysLate(today: CivilDate) -> Int { max(0, today.dayNumber - forwarding.expectedBy.dayNumber) }
}
