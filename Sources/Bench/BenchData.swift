import Foundation
import ShubbakCore

/// Deterministic synthetic requests and civil records, shaped like the central office's bundles.
struct BenchData {
    static let stamps = [
        Stamp(code: "CENTER", name: LocalizedText(ar: "ختم المركز", en: "Center seal")),
        Stamp(code: "REVENUE", name: LocalizedText(ar: "طابع مالي", en: "Revenue stamp")),
        Stamp(code: "SIGNATURE", name: LocalizedText(ar: "توقيع الموظف المختص", en: "Authorized officer's signature")),
    ]

    static let services = [
        Service(code: "CIVIL-EXTRACT", name: LocalizedText(ar: "إخراج قيد فردي", en: "Individual civil-registry extract"),
                speed: .fast, fee: 2000, slaHours: 48, stamps: ["CENTER", "REVENUE"], active: true),
        Service(code: "CRIMINAL-RECORD", name: LocalizedText(ar: "لا حكم عليه", en: "Criminal-record certificate"),
                speed: .fast, fee: 3000, slaHours: 48, stamps: ["CENTER", "REVENUE", "SIGNATURE"], active: true),
        Service(code: "EMPLOYEE-REGISTER", name: LocalizedText(ar: "بيان من سجل العاملين", en: "Public-employee register statement"),
                speed: .fast, fee: 1500, slaHours: 72, stamps: ["CENTER", "SIGNATURE"], active: true),
        Service(code: "REAL-ESTATE", name: LocalizedText(ar: "بيان قيد عقاري", en: "Real-estate registry statement"),
                speed: .slow, fee: 6000, slaHours: 336, stamps: ["CENTER", "REVENUE", "SIGNATURE"], active: true),
    ]

    static let firstNames = ["محمد", "أحمد", "علي", "عمر", "خالد", "يوسف", "فاطمة", "مريم", "هالة", "نور", "لمى", "رؤى"]
    static let fatherNames = ["إبراهيم", "مصطفى", "عبد الله", "حسن", "سامر", "طارق", "بشار", "وائل"]
    static let motherNames = ["سعاد", "آمنة", "ليلى", "سلمى", "زينب", "منى", "هدى", "ريم"]
    static let families = ["الحسين", "الحلبي", "الخطيب", "العلي", "الأحمد", "الشامي", "الحموي", "النجار", "البيطار"]
    static let areas = ["الحاضر", "السوق", "طريق حلب", "الشريعة", "البعث"]

    private var random: SeededRandom
    let now: Date
    let center: PartyID

    init(seed: UInt64 = 2026, now: Date, center: PartyID) {
        random = SeededRandom(seed: seed)
        self.now = ContractTime.wholeSeconds(now)
        self.center = center
    }

    private mutating func below(_ bound: Int) -> Int { random.below(bound) }
    private mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// Request `serial` with a distinct subject, and that subject's civil record.
    mutating func request(_ serial: Int) throws -> (RequestRecord, Person) {
        let name = PersonName(first: pick(Self.firstNames), father: pick(Self.fatherNames),
                              mother: pick(Self.motherNames), last: pick(Self.families))
        // Serial in the last 7 digits keeps every subject distinct, so no request is flagged as a duplicate.
        let number = try NationalNumber("05\(ContractTime.pad(10 + serial / 10_000_000 % 80, 2))\(ContractTime.pad(serial % 10_000_000, 7))")
        let birth = try CivilDate("\(1940 + below(66))-\(ContractTime.pad(1 + below(12), 2))-\(ContractTime.pad(1 + below(28), 2))")
        let service = pick(Self.services)
        let submitted = now.addingTimeInterval(-TimeInterval(below(30 * 86_400)))
        let delivery: Delivery = below(10) < 6
            ? .post(PostalAddress(governorate: "حماة", city: "حماة", area: pick(Self.areas), street: "شارع العلمين",
                                  building: String(1 + below(120)), notes: ""))
            : .center(center)
        let record = RequestRecord(
            id: try RequestID("CSC-2026-\(ContractTime.pad(serial, 8))"), service: service.code, submittedAt: submitted,
            applicant: Applicant(nationalNo: number, name: name, phone: "+963933\(ContractTime.pad(below(1_000_000), 6))"),
            subject: Subject(nationalNo: number, name: name, birthDate: birth, birthPlace: "حماة"),
            delivery: delivery,
            payment: Payment(amount: service.fee, channel: "syriatel-cash", ref: "PAY-\(ContractTime.pad(serial, 9))",
                             paidAt: submitted.addingTimeInterval(50)))
        let person = Person(nationalNo: number, name: name, birthDate: birth, birthPlace: "حماة",
                            gender: below(2) == 0 ? .male : .female, registry: "حماة - \(pick(Self.areas)) - \(1 + below(600))",
                            status: .alive, updatedAt: now.addingTimeInterval(-86_400))
        return (record, person)
    }
}
