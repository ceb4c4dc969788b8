import ShubbakCore

/// A request with the columns the store derives from it (its wire JSON and its search key),
/// worked out without the database: an import prepares the next lines on another core while the
/// writer applies these.
public struct PreparedRequest: Sendable {
    public let record: RequestRecord
    let payload: String
    let searchKey: String

    public init(_ record: RequestRecord) {
        self.record = record
        payload = WireWriter.json(record)
        searchKey = StoreTransaction.searchKey(record.subject.name)
    }
}

/// A civil-affairs record with its wire JSON, worked out without the database.
public struct PreparedPerson: Sendable {
    public let person: Person
    let payload: String

    public init(_ person: Person) {
        self.person = person
        payload = WireWriter.json(person)
    }
}
