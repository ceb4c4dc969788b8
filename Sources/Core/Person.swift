import Foundation

/// A person's four-part name as civil affairs records it.
public struct PersonName: Codable, Hashable, Sendable {
    public var first: String
    public var father: String
    public var mother: String
    public var last: String

    public init(first: String, father: String, mother: String, last: String) {
        self.first = first
        self.father = father
        self.mother = mother
        self.last = last
    }

    public enum Part: String, CaseIterable, Sendable, Codable {
        case first, father, mother, last
    }

    public subscript(part: Part) -> String {
        switch part {
        case .first: first
        case .father: father
        case .mother: mother
        case .last: last
        }
    }

    /// First, father's and family name, as a person is called at the counter.
    public var display: String { "\(first) \(father) \(last)" }

    public func validate(field: String) throws(ValidationError) {
        for part in Part.allCases {
            try TextRules.check(self[part], field: "\(field).\(part.rawValue)", length: TextRules.namePartLength)
        }
    }
}

public enum Gender: String, Codable, Sendable {
    case male = "M", female = "F"
}

public enum LifeStatus: String, Codable, Sendable {
    case alive, deceased
}

/// The civil-affairs record of a person.
public struct Person: Codable, Hashable, Sendable {
    public var nationalNo: NationalNumber
    public var name: PersonName
    public var birthDate: CivilDate
    public var birthPlace: String
    public var gender: Gender
    public var registry: String
    public var status: LifeStatus
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case name, gender, registry, status
        case nationalNo = "national_no", birthDate = "birth_date", birthPlace = "birth_place", updatedAt = "updated_at"
    }

    public init(nationalNo: NationalNumber, name: PersonName, birthDate: CivilDate, birthPlace: String,
                gender: Gender, registry: String, status: LifeStatus, updatedAt: Date) {
        self.nationalNo = nationalNo
        self.name = name
        self.birthDate = birthDate
        self.birthPlace = birthPlace
        self.gender = gender
        self.registry = registry
        self.status = status
        self.updatedAt = updatedAt
    }

    public func validate() throws(ValidationError) {
        try name.validate(field: "person.name")
        try TextRules.check(birthPlace, field: "person.birth_place", length: 1...64)
        try TextRules.check(registry, field: "person.registry", length: 1...128)
    }
}
