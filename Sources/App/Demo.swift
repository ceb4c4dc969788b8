import ArgumentParser
import Foundation
import ShubbakCore
import ShubbakExchange
import ShubbakScreens
import ShubbakStore
import ShubbakTerminal

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a throwaway demo center with realistic Arabic data and open it.")

    @Option(help: "Where to build it (default: a new temporary folder).")
    var data: String?

    @Option(help: "How many requests.")
    var requests = 400

    @Option(help: "Seed of the generator: the same seed gives the same center.")
    var seed: UInt64 = 2026

    @Flag(help: "Print the queue instead of opening the terminal UI (also when the output is not a terminal).")
    var noUI = false

    @OptionGroup var ui: UIOptions

    func run() throws {
        let url = data.map(URL.init(fileURLWithPath:))
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("shubbak-demo-\(ProcessInfo.processInfo.processIdentifier)-\(Int(Date().timeIntervalSince1970))")
        let party = PartyID.demo
        let directory = try CenterDirectory.create(at: url, center: party)
        try directory.createKeys(centralKey: nil)
        let now = Date()
        var generator = DemoData(seed: seed, center: party, now: now)
        let catalog = DemoData.catalog
        do {
            try directory.store.write { tx in
                for stamp in catalog.stamps { try tx.upsert(stamp: stamp) }
                for service in catalog.services { try tx.upsert(service: service) }
                for _ in 0..<requests {
                    let (record, person) = generator.nextRequest()
                    if let person { try tx.upsert(person: person) }
                    try tx.receive(record, at: min(now, record.submittedAt.addingTimeInterval(600)))
                }
            }
        } catch { throw AppError.store(error) }
        try DemoData.addStaff(to: directory, at: now)
        try DemoData.playCentralOffice(for: directory, with: &generator, requests: max(requests / 10, 5), at: now)
        if !noUI && isatty(STDOUT_FILENO) == 1 && isatty(STDIN_FILENO) == 1 {
            let language = Language(rawValue: ui.lang ?? directory.config.language) ?? .arabic
            let hint = "\(Catalog.of(language)[.demoHint]) \(DemoData.staff.map(\.id).joined(separator: ", ")) · \(DemoData.password)"
            try TerminalApp(center: directory, options: ui, signInHint: hint).run()
            print("demo center \(party) kept in \(url.path)")
            return
        }
        print("demo center \(party) in \(url.path)")
        try QueuePrinter(store: directory.store, now: now).printQueue(limit: 40, json: false)
    }
}

extension DemoData {
    /// The demo's counter staff, all with the same password, shown on its sign-in screen.
    static let staff: [(id: String, name: String, role: Role)] = [
        ("op-01", "سامر الحموي", .operator), ("op-02", "ريم العلي", .operator), ("sup-01", "هالة الأحمد", .supervisor),
    ]
    static let password = "shubbak"

    /// The demo plays the central office once: its key is pinned and its next bundle waits in the inbox, so the sync
    /// screen (Alt+5, then F2) applies something real and sends the center's events back.
    static func playCentralOffice(for directory: CenterDirectory, with generator: inout DemoData, requests: Int,
                                  at now: Date) throws {
        do {
            let central = try SignifyKeyPair.generate(comment: "CENTRAL")
            try central.publicKey.write(to: directory.centralKeyURL)
            var bundle = CentralOfficeBundle(to: directory.partyID, seq: 1, createdAt: now)
            for _ in 0..<requests {
                let (record, person) = generator.nextRequest()
                if let person { try bundle.add(person: person) }
                try bundle.add(request: record)
            }
            let (name, bytes) = try bundle.signed(with: central.secretKey)
            try bytes.write(to: directory.folders.inbox.appendingPathComponent(name), options: .atomic)
        } catch {
            throw AppError.io("the demo's central office could not write its bundle: \(error)")
        }
    }

    static func addStaff(to directory: CenterDirectory, at now: Date) throws {
        let accounts = try staff.map { member in
            (Operator(id: try OperatorID(member.id), name: member.name, role: member.role),
             try PasswordHash(password: password))
        }
        do {
            try directory.store.write { tx in
                for (profile, hash) in accounts { try tx.add(profile, password: hash, at: now) }
            }
        } catch { throw AppError.store(error) }
    }
}

extension PartyID {
    /// The demo is the Hama center, like the central office's sample bundles.
    static var demo: PartyID { (try? PartyID("HMA-01")) ?? .central }
}

/// A deterministic generator of Syrian requests: names, variants, mismatches, deceased persons,
/// missing records, duplicates and overdue requests in realistic proportions.
struct DemoData {
    struct Catalog {
        var stamps: [Stamp]
        var services: [Service]
    }

    /// The catalog the central office's sample bundle carries.
    static let catalog = Catalog(
        stamps: [
            Stamp(code: "CENTER", name: LocalizedText(ar: "ختم المركز", en: "Center seal")),
            Stamp(code: "CIVIL_AFFAIRS", name: LocalizedText(ar: "ختم الشؤون المدنية", en: "Civil-affairs seal")),
            Stamp(code: "JUSTICE", name: LocalizedText(ar: "ختم وزارة العدل", en: "Ministry of Justice seal")),
            Stamp(code: "REVENUE", name: LocalizedText(ar: "طابع مالي", en: "Revenue stamp")),
            Stamp(code: "SIGNATURE", name: LocalizedText(ar: "توقيع الموظف المختص", en: "Authorized officer's signature")),
        ],
        services: [
            Service(code: "CIVIL-EXTRACT", name: LocalizedText(ar: "إخراج قيد فردي", en: "Individual civil-registry extract"),
                    speed: .fast, fee: 2000, slaHours: 48, stamps: ["CENTER", "CIVIL_AFFAIRS", "REVENUE"], active: true),
            Service(code: "FAMILY-EXTRACT", name: LocalizedText(ar: "بيان عائلي", en: "Family statement"),
                    speed: .fast, fee: 2500, slaHours: 48, stamps: ["CENTER", "CIVIL_AFFAIRS", "REVENUE"], active: true),
            Service(code: "CRIMINAL-RECORD", name: LocalizedText(ar: "لا حكم عليه", en: "Criminal-record certificate"),
                    speed: .fast, fee: 3000, slaHours: 48, stamps: ["CENTER", "JUSTICE", "REVENUE", "SIGNATURE"], active: true),
            Service(code: "EMPLOYEE-REGISTER", name: LocalizedText(ar: "بيان من سجل العاملين", en: "Public-employee register statement"),
                    speed: .fast, fee: 1500, slaHours: 72, stamps: ["CENTER", "SIGNATURE"], active: true),
            Service(code: "EDU-CERT", name: LocalizedText(ar: "وثيقة من وزارة التربية", en: "Ministry of Education document"),
                    speed: .fast, fee: 2000, slaHours: 72, stamps: ["CENTER", "REVENUE", "SIGNATURE"], active: true),
            Service(code: "HIGHER-EDU", name: LocalizedText(ar: "تصديق وثيقة تعليم عالي", en: "Higher-education document attestation"),
                    speed: .slow, fee: 5000, slaHours: 240, stamps: ["CENTER", "REVENUE", "SIGNATURE"], active: true),
            Service(code: "FINANCE-CLEARANCE", name: LocalizedText(ar: "براءة ذمة مالية", en: "Finance clearance"),
                    speed: .slow, fee: 4000, slaHours: 240, stamps: ["CENTER", "REVENUE"], active: true),
            Service(code: "REAL-ESTATE", name: LocalizedText(ar: "بيان قيد عقاري", en: "Real-estate registry statement"),
                    speed: .slow, fee: 6000, slaHours: 336, stamps: ["CENTER", "REVENUE", "SIGNATURE"], active: true),
        ])

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
    let center: PartyID
    let now: Date
    private var serial = 0
    private var issued: [(record: RequestRecord, person: Person?)] = []

    init(seed: UInt64, center: PartyID, now: Date) {
        random = SeededRandom(seed: seed)
        self.center = center
        self.now = now
    }

    private mutating func below(_ bound: Int) -> Int { random.below(bound) }
    private mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    private mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    /// The next request, and the civil-affairs record to hold for its subject (nil: no record).
    mutating func nextRequest() -> (RequestRecord, Person?) {
        serial += 1
        // One request in 25 repeats an earlier one: a flood of duplicates must be flagged.
        if serial > 10, chance(4), let earlier = issued.randomElement(using: &random) {
            var copy = earlier.record
            copy.id = requestID(serial)
            copy.submittedAt = earlier.record.submittedAt.addingTimeInterval(TimeInterval(600 + below(7_200)))
            if chance(50) { copy.payment.ref = "PAY-\(1_000_000 + below(8_999_999))" }
            return (copy, earlier.person)
        }
        let male = chance(50)
        let name = PersonName(first: male ? pick(Self.maleNames) : pick(Self.femaleNames), father: pick(Self.maleNames),
                              mother: pick(Self.femaleNames), last: pick(Self.families))
        let birth = (try? CivilDate("\(1940 + below(66))-\(ContractTime.pad(1 + below(12), 2))-\(ContractTime.pad(1 + below(28), 2))"))
        let number = (try? NationalNumber("05\(ContractTime.pad(10 + below(80), 2))\(ContractTime.pad(below(10_000_000), 7))"))
        guard let birth, let number else { preconditionFailure("the generator makes well-formed values") }
        let person = Person(nationalNo: number, name: name, birthDate: birth, birthPlace: "حماة", gender: male ? .male : .female,
                            registry: "حماة - \(pick(Self.areas)) - \(1 + below(600))", status: chance(2) ? .deceased : .alive,
                            updatedAt: now.addingTimeInterval(-86_400 * 3))
        var typed = name
        switch below(100) {
        case 0..<12: typed.first = variant(of: typed.first)      // spelling variant: normalised equal
        case 12..<18: typed.last = String(typed.last.dropFirst(2)) // article left out: probable
        case 18..<24: typed.mother = pick(Self.femaleNames.filter { $0 != name.mother }) // a real mismatch
        case 24..<27: typed.father = pick(Self.maleNames.filter { $0 != name.father })
        default: break
        }
        let service = pick(Self.catalog.services)
        // Most requests are recent; some are old enough to be overdue.
        let age = chance(15) ? TimeInterval(service.slaHours * 3_600 + below(5 * 86_400)) : TimeInterval(below(36 * 3_600))
        let submitted = ContractTime.wholeSeconds(now.addingTimeInterval(-age))
        let delivery: Delivery = chance(60)
            ? .post(PostalAddress(governorate: "حماة", city: "حماة", area: pick(Self.areas), street: pick(Self.streets),
                                  building: String(1 + below(120)), notes: chance(10) ? "قرب الجامع" : ""))
            : .center(center)
        let record = RequestRecord(
            id: requestID(serial), service: service.code, submittedAt: submitted,
            applicant: Applicant(nationalNo: number, name: name, phone: "+9639\(3 + below(7))\(ContractTime.pad(below(10_000_000), 7))"),
            subject: Subject(nationalNo: number, name: typed, birthDate: birth, birthPlace: "حماة"),
            delivery: delivery,
            payment: Payment(amount: service.fee, channel: pick(Self.channels), ref: "PAY-\(1_000_000 + below(8_999_999))",
                             paidAt: submitted.addingTimeInterval(50)))
        let held: Person? = chance(3) ? nil : person
        issued.append((record, held))
        return (record, held)
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


