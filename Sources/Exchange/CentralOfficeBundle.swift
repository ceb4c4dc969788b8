import Foundation
import ShubbakCore

/// A bundle as the central office writes it to a center: header, records, signature. shubbak never sends one in
/// production; the demo center uses it to play the central office, so "sync now" has something real to apply.
public struct CentralOfficeBundle {
    public let center: PartyID
    public let seq: Int64
    public let createdAt: Date
    private var records: [Data] = []
    private let encoder = Wire.makeEncoder()

    public init(to center: PartyID, seq: Int64, createdAt: Date) {
        self.center = center
        self.seq = seq
        self.createdAt = ContractTime.wholeSeconds(createdAt)
    }

    public var recordCount: Int { records.count }

    public mutating func add(stamp: Stamp) throws { try add("stamp", stamp) }
    public mutating func add(service: Service) throws { try add("service", service) }
    public mutating func add(person: Person) throws { try add("person", person) }
    public mutating func add(request: RequestRecord) throws { try add("request", request) }

    /// The file the central office would name it, and its signed bytes (signify's embedded form).
    public func signed(with key: SignifySecretKey) throws -> (name: String, bytes: Data) {
        let header = BundleHeader(format: BundleHeader.formatName, version: BundleHeader.currentVersion,
                                  from: PartyID.central.rawValue, to: center.rawValue, seq: seq, createdAt: createdAt,
                                  records: records.count, audit: nil)
        var message = try encoder.encode(header)
        message.append(0x0A)
        for record in records {
            message.append(record)
            message.append(0x0A)
        }
        let bytes = try SignedMessage.sign(message: message, with: key, comment: "verify with CENTRAL.pub")
        return (Exporter.fileName(from: .central, to: center, seq: seq), bytes)
    }

    private mutating func add(_ type: String, _ record: some Encodable) throws {
        records.append(try encoder.encode(TypedRecord(type: type, record: record)))
    }
}

/// A record line: the record's own fields and its `type`, in one JSON object.
struct TypedRecord<Record: Encodable>: Encodable {
    let type: String
    let record: Record

    private enum TypeKey: String, CodingKey { case type }

    func encode(to encoder: any Encoder) throws {
        try record.encode(to: encoder)
        var container = encoder.container(keyedBy: TypeKey.self)
        try container.encode(type, forKey: .type)
    }
}
