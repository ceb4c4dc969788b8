import Foundation
import ShubbakCore

/// A deterministic generator of Syrian requests: names, variants, mismatches, deceased persons,
/// missing records, duplicates and overdue requests in realistic proportions.
public struct RequestGenerator {
    static let maleNames = ["محمد", "أحمد", "علي", "عمر", "خالد", "يوسف", "إبراهيم", "مصطفى", "عبد الله", "حسن", "حسين",
                            "سامر", "ماهر", "طارق", "أنس", "بشار", "فادي", "رامي", "وائل", "مؤيد", "نزار", "هيثم"]
    static let femaleNames = ["فاطمة", "مريم", "هالة", "نور", "هبة", "رنا", "سعاد", "آمنة", "ليلى", "سلمى", "رؤى",
                              "عائشة", "زينب", "منى", "هدى", "ريم", "لمى", "دعاء", "سناء", "رشا"]
    static let families = ["الحسين", "الحلبي", "الخطيب", "العلي", "الأحمد", "الشامي", "المصري", "الحموي", "الزعبي",
                           "النجار", "الحداد", "الصباغ", "الدباغ", "القاسم", "البيطار", "الأسعد", "السقا", "طيارة"]
    static let areas = ["الحاضر", "السوق", "طريق حلب", "الشريعة", "البعث", "الأربعين", "جنوب الملعب", "المرابط"]
    static let streets = ["شارع العلمين", "شارع الثورة", "شارع القوتلي", "شارع ابن رشد", "شارع المتنبي", "شارع سعد بن أبي وقاص"]
    static let channels = ["syriatel-cash", "mtn-cash", "fawateer", "bank-card"]

    private var random: SeededRandom
    public let center: PartyID
    public let now: Date
    private var serial = 0
    private var issued: [(record: RequestRecord, person: Person?)] = []

    public init(seed: UInt64, center: PartyID, now: Date) {
        random = SeededRandom(seed: seed)
        self.center = center
        self.now = now
    }

    private mutating func below(_ bound: Int) -> Int { random.below(bound) }
    private mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    private mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    /// The next request, and the civil-affairs record to hold for its subject (nil: no record).
    public mutating func nextRequest() -> (RequestRecord, Person?) {
        serial += 1
        // One request in 25 repeats an earlier one: a flood of duplicates must be flagged.
        if serial > 10, chance(4), let earlier = issued.randomElement(using: &random) {
            var copy = earlier.record
            copy.id = requestID(serial)
            copy.submittedAt = earlier.record.submittedAt.addingTimeInterval(TimeInterval(600 + below(7_200)))
            if chance(50) { copy.payment.ref = "PAY-\(1_000_000 + below(8_999_999))" }
            return (copy, earlier.person)
        }
        let number = nationalNumber(10 + below(80), below(10_000_000))
        let person = newPerson(number, deceasedPercent: 2, updatedAt: now.addingTimeInterval(-86_400 * 3))
        let name = person.name
        var typed = name
        switch below(100) {
        case 0..<12: typed.first = variant(of: typed.first)      // spelling variant: normalised equal
        case 12..<18: typed.last = String(typed.last.dropFirst(2)) // article left out: probable
        case 18..<24: typed.mother = pick(Self.femaleNames.filter { $0 != name.mother }) // a real mismatch
        case 24..<27: typed.father = pick(Self.maleNames.filter { $0 != name.father })
        default: break
        }
        let service = pick(SampleCatalog.services)
        // Most requests are recent; some are old enough to be overdue.
        let age = chance(15) ? TimeInterval(service.slaHours * 3_600 + below(5 * 86_400)) : TimeInterval(below(36 * 3_600))
        let record = request(serial, of: person, typed: typed, service: service,
                             submittedAt: ContractTime.wholeSeconds(now.addingTimeInterval(-age)),
                             paymentRef: "PAY-\(1_000_000 + below(8_999_999))", notesPercent: 10)
        let held: Person? = chance(3) ? nil : person
        issued.append((record, held))
        return (record, held)
    }

    /// Request `serial` in a clean set, as the benchmarks want it: every subject distinct (the serial
    /// is in the national number and the payment reference, so none is flagged a duplicate), every
    /// name as the civil-affairs record has it, every record held, submitted within the last 30 days.
    public mutating func distinctRequest(_ serial: Int) -> (RequestRecord, Person) {
        let now = ContractTime.wholeSeconds(now)
        let person = newPerson(nationalNumber(10 + serial / 10_000_000 % 80, serial % 10_000_000), deceasedPercent: 0,
                               updatedAt: now.addingTimeInterval(-86_400))
        let record = request(serial, of: person, typed: person.name, service: pick(SampleCatalog.services),
                             submittedAt: now.addingTimeInterval(-TimeInterval(below(30 * 86_400))),
                             paymentRef: "PAY-\(ContractTime.pad(serial, 9))", notesPercent: 0)
        return (record, person)
    }

    /// A civil-affairs record with a random name, birth and registry.
    private mutating func newPerson(_ number: NationalNumber, deceasedPercent: Int, updatedAt: Date) -> Person {
        let male = chance(50)
        let name = PersonName(first: male ? pick(Self.maleNames) : pick(Self.femaleNames), father: pick(Self.maleNames),
                              mother: pick(Self.femaleNames), last: pick(Self.families))
        guard let birth = try? CivilDate("\(1940 + below(66))-\(ContractTime.pad(1 + below(12), 2))-\(ContractTime.pad(1 + below(28), 2))") else {
            preconditionFailure("the generator makes well-formed dates")
        }
        return Person(nationalNo: number, name: name, birthDate: birth, birthPlace: "حماة", gender: male ? .male : .female,
                      registry: "حماة - \(pick(Self.areas)) - \(1 + below(600))",
                      status: chance(deceasedPercent) ? .deceased : .alive, updatedAt: updatedAt)
    }

    /// The person's own request (applicant and subject), its name as typed on the portal.
    private mutating func request(_ serial: Int, of person: Person, typed: PersonName, service: Service, submittedAt: Date,
                                  paymentRef: String, notesPercent: Int) -> RequestRecord {
        let delivery: Delivery = chance(60)
            ? .post(PostalAddress(governorate: "حماة", city: "حماة", area: pick(Self.areas), street: pick(Self.streets),
                                  building: String(1 + below(120)), notes: chance(notesPercent) ? "قرب الجامع" : ""))
            : .center(center)
        return RequestRecord(
            id: requestID(serial), service: service.code, submittedAt: submittedAt,
            applicant: Applicant(nationalNo: person.nationalNo, name: person.name,
                                 phone: "+9639\(3 + below(7))\(ContractTime.pad(below(10_000_000), 7))"),
            subject: Subject(nationalNo: person.nationalNo, name: typed, birthDate: person.birthDate, birthPlace: person.birthPlace),
            delivery: delivery,
            payment: Payment(amount: service.fee, channel: pick(Self.channels), ref: paymentRef,
                             paidAt: submittedAt.addingTimeInterval(50)))
    }

    /// A Hama national number: 05, two digits of registry, seven of serial.
    private func nationalNumber(_ registry: Int, _ serial: Int) -> NationalNumber {
        guard let number = try? NationalNumber("05\(ContractTime.pad(registry, 2))\(ContractTime.pad(serial, 7))") else {
            preconditionFailure("the generator makes well-formed national numbers")
        }
        return number
    }

    private func requestID(_ serial: Int) -> RequestID {
        guard let id = try? RequestID("CSC-2026-\(ContractTime.pad(serial, 8))") else {
            preconditionFailure("the generator makes well-formed ids")
        }
        return id
    }

    /// How applicants really type names: without hamza on alef, ه for ة, ي for ى.
    private func variant(of name: String) -> String {
        name.replacingOccurrences(of: "أ", with: "ا").replacingOccurrences(of: "إ", with: "ا")
            .replacingOccurrences(of: "آ", with: "ا").replacingOccurrences(of: "ة", with: "ه")
            .replacingOccurrences(of: "ى", with: "ي").replacingOccurrences(of: "عبد الله", with: "عبدالله")
    }
}
