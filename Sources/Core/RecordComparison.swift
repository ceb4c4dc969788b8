import Foundation

/// The request's subject data set beside the civil-affairs record, field by field.
public struct RecordComparison: Hashable, Sendable {
    public enum Field: String, CaseIterable, Sendable {
        case first, father, mother, last
        case birthDate = "birth_date"
        case birthPlace = "birth_place"
    }

    public let verdicts: [Field: NameVerdict]

    public init(subject: Subject, record: Person) {
        var verdicts: [Field: NameVerdict] = [:]
        verdicts[.first] = ArabicName.compare(subject.name.first, record.name.first)
        verdicts[.father] = ArabicName.compare(subject.name.father, record.name.father)
        verdicts[.mother] = ArabicName.compare(subject.name.mother, record.name.mother)
        verdicts[.last] = ArabicName.compare(subject.name.last, record.name.last)
        verdicts[.birthDate] = subject.birthDate == record.birthDate ? .identical : .different
        verdicts[.birthPlace] = ArabicName.compare(subject.birthPlace, record.birthPlace)
        self.verdicts = verdicts
    }

    public func verdict(for field: Field) -> NameVerdict { verdicts[field] ?? .different }

    /// The worst verdict over every field.
    public var worst: NameVerdict { verdicts.values.max() ?? .identical }

    public var differing: [String] { Field.allCases.filter { verdict(for: $0) == .different }.map(\.rawValue) }
    public var probable: [String] { Field.allCases.filter { verdict(for: $0) == .probable }.map(\.rawValue) }

    /// The reason code an operator would most likely pick for this mismatch.
    public var suggestedReason: RejectionReason? {
        if verdict(for: .first) == .different || verdict(for: .last) == .different { return .nameMismatch }
        if verdict(for: .father) == .different { return .fatherMismatch }
        if verdict(for: .mother) == .different { return .motherMismatch }
        if verdict(for: .birthDate) == .different || verdict(for: .birthPlace) == .different { return .birthMismatch }
        return nil
    }
}
