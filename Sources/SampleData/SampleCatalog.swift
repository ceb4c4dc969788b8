import ShubbakCore

/// The stamps and services the central office's sample bundle carries
/// (`../shared/samples/CENTRAL_HMA-01_00000001.jsonl.sig`): the one catalog the demo center, the
/// benchmarks and the tests build on, so their stamp lists cannot drift apart.
public enum SampleCatalog {
    public static let stamps = [
        Stamp(code: "CENTER", name: LocalizedText(ar: "ختم المركز", en: "Center seal")),
        Stamp(code: "CIVIL_AFFAIRS", name: LocalizedText(ar: "ختم الشؤون المدنية", en: "Civil-affairs seal")),
        Stamp(code: "JUSTICE", name: LocalizedText(ar: "ختم وزارة العدل", en: "Ministry of Justice seal")),
        Stamp(code: "REVENUE", name: LocalizedText(ar: "طابع مالي", en: "Revenue stamp")),
        Stamp(code: "SIGNATURE", name: LocalizedText(ar: "توقيع الموظف المختص", en: "Authorized officer's signature")),
    ]

    public static let services = [
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
                speed: .slow, fee: 5000, slaHours: 240, stamps: ["CENTER", "REVENUE", "SIGNATURE"], active: true,
                issuer: Issuer(code: "MOHE", name: LocalizedText(ar: "وزارة التعليم العالي", en: "Ministry of Higher Education"), days: 10)),
        Service(code: "FINANCE-CLEARANCE", name: LocalizedText(ar: "براءة ذمة مالية", en: "Finance clearance"),
                speed: .slow, fee: 4000, slaHours: 240, stamps: ["CENTER", "REVENUE"], active: true,
                issuer: Issuer(code: "MOF", name: LocalizedText(ar: "وزارة المالية", en: "Ministry of Finance"), days: 5)),
        Service(code: "REAL-ESTATE", name: LocalizedText(ar: "بيان قيد عقاري", en: "Real-estate registry statement"),
                speed: .slow, fee: 6000, slaHours: 336, stamps: ["CENTER", "REVENUE", "SIGNATURE"], active: true,
                issuer: Issuer(code: "REDIR", name: LocalizedText(ar: "المديرية العامة للمصالح العقارية", en: "Directorate of Real Estate"), days: 7)),
    ]

    /// The sample's service with this code. Only for codes the sample holds: asking for another is a
    /// mistake in the caller, not bad input.
    public static func service(_ code: String) -> Service {
        guard let service = services.first(where: { $0.code == code }) else {
            preconditionFailure("the sample catalog has no service \(code)")
        }
        return service
    }
}
