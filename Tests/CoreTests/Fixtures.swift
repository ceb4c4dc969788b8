import Foundation
@testable import ShubbakCore
import ShubbakSampleData

/// A request, its service and its subject's record, built from checked literals.
enum Fixtures {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)
    static let op1 = op("op-01")
    static let op2 = op("op-02")

    static func op(_ text: String) -> OperatorID { OperatorID(stored: text) }
    static func number(_ text: String) -> NationalNumber { (try? NationalNumber(text)) ?? number("00000000000") }
    static func tracking(_ text: String) -> TrackingNumber? { try? TrackingNumber(text) }

    static let service = SampleCatalog.service("CIVIL-EXTRACT")

    static let name = PersonName(first: "محمد", father: "أحمد", mother: "فاطمة", last: "الحسين")
    static let birth = (try? CivilDate("1990-04-12")) ?? (try? CivilDate("2000-01-01"))

    static func person(_ name: PersonName = name, status: LifeStatus = .alive) -> Person {
        Person(nationalNo: number("05010012345"), name: name, birthDate: birth ?? CivilDate.epoch, birthPlace: "حماة",
               gender: .male, registry: "حماة - الحاضر - 123", status: status, updatedAt: t0)
    }

    static func request(_ method: Delivery.Method, subject: PersonName = name) -> RequestRecord {
        let delivery: Delivery = method == .post
            ? .post(PostalAddress(governorate: "حماة", city: "حماة", area: "الحاضر", street: "شارع العلمين", building: "12", notes: ""))
            : .center(PartyID.demoCenter)
        return RequestRecord(
            id: (try? RequestID("CSC-2026-00012345")) ?? RequestID.fallback, service: service.code, submittedAt: t0,
            applicant: Applicant(nationalNo: number("05010099999"), name: name, phone: "+963933123456"),
            subject: Subject(nationalNo: number("05010012345"), name: subject, birthDate: birth ?? CivilDate.epoch, birthPlace: "حماة"),
            delivery: delivery,
            payment: Payment(amount: 2000, channel: "syriatel-cash", ref: "PAY-88231", paidAt: t0))
    }
}

extension PartyID {
    static var demoCenter: PartyID { (try? PartyID("HMA-01")) ?? .central }
}

extension RequestID {
    static var fallback: RequestID {
        guard let id = try? RequestID("CSC-2026-00000000") else { preconditionFailure("a well-formed request id") }
        return id
    }
}

extension CivilDate {
    static var epoch: CivilDate {
        guard let day = try? CivilDate("1970-01-01") else { preconditionFailure("a well-formed date") }
        return day
    }
}
