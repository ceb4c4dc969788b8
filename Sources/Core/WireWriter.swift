import Foundation

/// Writes the records the import stores and the event lines the audit chain hashes, byte for byte
/// as `Wire.makeEncoder()` would (sorted keys, unescaped slashes, contract times), without
/// Foundation's encoder: it was a third of the import's time. Each type lists its keys in sorted
/// order by hand; `WireWriterTests` holds every type against the encoder.
public struct WireWriter {
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false

    public init() { bytes.reserveCapacity(512) }

    /// The JSON text of a value.
    public static func json(_ value: some WireWritable) -> String {
        var writer = WireWriter()
        value.write(to: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Writes `{ … }`; `body` writes the members, keys in sorted order.
    public mutating func object(_ body: (inout WireWriter) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func array(_ body: (inout WireWriter) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
        body(&self)
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Starts a member: the key and its colon; the value written next belongs to it.
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        needsComma = false
    }

    public mutating func string(_ text: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                appendEscape(byte)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    public mutating func integer(_ value: some BinaryInteger) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    public mutating func boolean(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        needsComma = true
    }

    public mutating func time(_ date: Date) { string(ContractTime.format(date)) }

    public mutating func strings(_ values: [String]) {
        array { writer in for value in values { writer.string(value) } }
    }

    /// `"key":value`, only when the value is there, as the synthesised `encodeIfPresent` leaves it out.
    public mutating func member<T>(_ name: StaticString, _ value: T?, _ write: (inout WireWriter, T) -> Void) {
        guard let value else { return }
        key(name)
        write(&self, value)
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func appendEscape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                      hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
        }
    }
}

/// A value `WireWriter` can write exactly as `Wire.makeEncoder()` encodes it.
public protocol WireWritable {
    func write(to writer: inout WireWriter)
}

extension PersonName: WireWritable {
    public func write(to writer: inout WireWriter) {
        writer.object { w in
            w.key("father"); w.string(father)
            w.key("first"); w.string(first)
            w.key("last"); w.string(last)
            w.key("mother"); w.string(mother)
        }
    }
}

extension Person: WireWritable {
    public func write(to writer: inout WireWriter) {
        writer.object { w in
            w.key("birth_date"); w.string(birthDate.description)
            w.key("birth_place"); w.string(birthPlace)
            w.key("gender"); w.string(gender.rawValue)
            w.key("name"); name.write(to: &w)
            w.key("national_no"); w.string(nationalNo.digits)
            w.key("registry"); w.string(registry)
            w.key("status"); w.string(status.rawValue)
            w.key("updated_at"); w.time(updatedAt)
        }
    }
}

extension RequestRecord: WireWritable {
    public func write(to writer: inout WireWriter) {
        writer.object { w in
            w.key("applicant")
            w.object { w in
                w.key("name"); applicant.name.write(to: &w)
                w.key("national_no"); w.string(applicant.nationalNo.digits)
                w.key("phone"); w.string(applicant.phone)
            }
            w.key("delivery"); delivery.write(to: &w)
            w.key("id"); w.string(id.rawValue)
            w.key("payment")
            w.object { w in
                w.key("amount"); w.integer(payment.amount)
                w.key("channel"); w.string(payment.channel)
                w.key("paid_at"); w.time(payment.paidAt)
                w.key("ref"); w.string(payment.ref)
            }
            w.key("service"); w.string(service)
            w.key("subject")
            w.object { w in
                w.key("birth_date"); w.string(subject.birthDate.description)
                w.key("birth_place"); w.string(subject.birthPlace)
                w.key("name"); subject.name.write(to: &w)
                w.key("national_no"); w.string(subject.nationalNo.digits)
            }
            w.key("submitted_at"); w.time(submittedAt)
        }
    }
}

extension Delivery: WireWritable {
    public func write(to writer: inout WireWriter) {
        writer.object { w in
            switch self {
            case .post(let address):
                w.key("address")
                w.object { w in
                    w.key("area"); w.string(address.area)
                    w.key("building"); w.string(address.building)
                    w.key("city"); w.string(address.city)
                    w.key("governorate"); w.string(address.governorate)
                    w.key("notes"); w.string(address.notes)
                    w.key("street"); w.string(address.street)
                }
            case .center(let center):
                w.key("center"); w.string(center.description)
            }
            w.key("method"); w.string(method.rawValue)
        }
    }
}

extension EventData: WireWritable {
    public func write(to writer: inout WireWriter) {
        writer.object { w in
            w.member("by", by) { $0.string($1.rawValue) }
            w.member("collector", collector) { $0.string($1.digits) }
            w.member("copy", copy) { $0.integer($1) }
            w.member("days", days) { $0.integer($1) }
            w.member("expected_by", expectedBy) { $0.string($1.description) }
            w.member("fields", fields) { $0.strings($1) }
            w.member("handed_to", handedTo) { $0.string($1.rawValue) }
            w.member("issuer", issuer) { $0.string($1) }
            w.member("lease_until", leaseUntil) { $0.time($1) }
            w.member("manifest", manifest) { $0.string($1) }
            w.member("match", match) { $0.string($1) }
            w.member("note", note) { $0.string($1) }
            w.member("office", office) { $0.string($1) }
            w.member("paper_serial", paperSerial) { $0.string($1) }
            w.member("pickup_code", pickupCode) { $0.string($1.rawValue) }
            // The contract's one `reason`: a rejection's code, or the post's words on a `returned` event.
            w.member("reason", reason?.rawValue ?? returnReason) { $0.string($1) }
            w.member("reference", reference) { $0.string($1) }
            w.member("reprint_reason", reprintReason) { $0.string($1) }
            w.member("revenue_cancelled", revenueCancelled) { $0.boolean($1) }
            w.member("stamps", stamps) { $0.strings($1) }
            w.member("tracking", tracking) { $0.string($1.rawValue) }
        }
    }
}
