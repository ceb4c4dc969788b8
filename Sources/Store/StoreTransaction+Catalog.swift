import Foundation
import GRDB
import ShubbakCore

/// The service catalog, its stamps and the civil-affairs records.
extension StoreTransaction {
    public func upsert(stamp: Stamp) throws {
        try execute(sql: """
            INSERT INTO stamp (code, name_ar, name_en) VALUES (?, ?, ?)
            ON CONFLICT(code) DO UPDATE SET name_ar = excluded.name_ar, name_en = excluded.name_en
            """, arguments: [stamp.code, stamp.name.ar, stamp.name.en])
    }

    public func stamps() throws -> [Stamp] {
        try fetchAll(Row.self, sql: "SELECT code, name_ar, name_en FROM stamp ORDER BY code").map(Stamp.init(row:))
    }

    public func upsert(service: Service) throws {
        try execute(sql: """
            INSERT INTO service (code, payload, speed, sla_hours, active) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(code) DO UPDATE SET payload = excluded.payload, speed = excluded.speed,
                sla_hours = excluded.sla_hours, active = excluded.active
            """, arguments: [service.code, try Self.json(service), service.speed.rawValue, service.slaHours, service.active])
        memo.serviceTerms[service.code] = nil
    }

    public func service(code: String) throws -> Service? {
        guard let payload = try fetchOne(String.self, sql: "SELECT payload FROM service WHERE code = ?", arguments: [code]) else {
            return nil
        }
        return try Self.decode(Service.self, payload)
    }

    /// True when the catalog holds the service.
    public func hasService(code: String) throws -> Bool {
        try serviceTerms(code) != nil
    }

    /// What a request row takes from its service, read once per transaction without decoding the whole record.
    func serviceTerms(_ code: String) throws -> TransactionMemo.ServiceTerms? {
        if let known = memo.serviceTerms[code] { return known }
        let terms = try fetchOne(Row.self, sql: "SELECT speed, sla_hours FROM service WHERE code = ?", arguments: [code])
            .map { TransactionMemo.ServiceTerms(speed: $0["speed"], slaHours: $0["sla_hours"]) }
        memo.serviceTerms[code] = .some(terms)
        return terms
    }

    public func services() throws -> [Service] {
        try fetchAll(String.self, sql: "SELECT payload FROM service ORDER BY code").map { try Self.decode(Service.self, $0) }
    }

    public func upsert(person: Person) throws {
        try upsert(person: PreparedPerson(person))
    }

    public func upsert(person prepared: PreparedPerson) throws {
        try execute(sql: """
            INSERT INTO person (national_no, payload, updated_at) VALUES (?, ?, ?)
            ON CONFLICT(national_no) DO UPDATE SET payload = excluded.payload, updated_at = excluded.updated_at
            """, arguments: [prepared.person.nationalNo.digits, prepared.payload, Self.seconds(prepared.person.updatedAt)])
    }

    public func person(_ number: NationalNumber) throws -> Person? {
        guard let payload = try fetchOne(String.self, sql: "SELECT payload FROM person WHERE national_no = ?",
                                                arguments: [number.digits]) else { return nil }
        return try Self.decode(Person.self, payload)
    }
}
