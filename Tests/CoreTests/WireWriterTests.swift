import Foundation
import Testing
@testable import ShubbakCore

/// `WireWriter` must give the very bytes `Wire.makeEncoder()` gives: the stored payloads are compared
/// and the event lines are hashed into the audit chain.
@Suite struct WireWriterTests {
    /// A reproducible stream of values (SplitMix64), so a failure can be replayed.
    struct Generator {
        var state: UInt64
        /// Leaves out what JSON escapes, for lines a reader can take without unescaping.
        var plain = false

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

        /// Text mixing what JSON must escape (quotes, backslashes, every control character) with
        /// what it must not (slashes, DEL, Arabic, marks, bidi controls, U+2028, emoji).
        mutating func text() -> String {
            let pieces: [String] = ["\"", "\\", "/", "\u{7F}", "محمد", "الحسين", "\u{064B}", "\u{200F}", "\u{202E}",
                                    "\u{2028}", "\u{2029}", "\u{FEFF}", "😀", "a", "Z", " ", "-", "'", "<", "&", "é"]
            var text = ""
            for _ in 0..<below(8) {
                if below(3) == 0, !plain {
                    text.unicodeScalars.append(Unicode.Scalar(UInt8(below(0x20))))
                } else {
                    let piece = pieces[below(pieces.count)]
                    if !(plain && (piece == "\"" || piece == "\\")) { text += piece }
                }
            }
            return text
        }

        mutating func digits(_ count: Int) -> String { String((0..<count).map { _ in Character(String(below(10))) }) }

        mutating func number() -> NationalNumber { (try? NationalNumber(digits(11))) ?? Fixtures.number("00000000000") }

        /// Any second from 1900 to 2100, so every part of the contract time is exercised.
        mutating func date() -> Date { Date(timeIntervalSince1970: TimeInterval(below(6_311_390_400)) - 2_208_988_800) }

        mutating func civilDate() -> CivilDate {
            (try? CivilDate("\(1900 + below(200))-\(ContractTime.pad(1 + below(12), 2))-\(ContractTime.pad(1 + below(28), 2))"))
                ?? CivilDate.epoch
        }

        mutating func name() -> PersonName { PersonName(first: text(), father: text(), mother: text(), last: text()) }

        mutating func person() -> Person {
            Person(nationalNo: number(), name: name(), birthDate: civilDate(), birthPlace: text(),
                   gender: below(2) == 0 ? .male : .female, registry: text(), status: below(2) == 0 ? .alive : .deceased,
                   updatedAt: date())
        }

        mutating func request() -> RequestRecord {
            let delivery: Delivery = below(2) == 0
                ? .post(PostalAddress(governorate: text(), city: text(), area: text(), street: text(), building: text(), notes: text()))
                : .center(PartyID.demoCenter)
            return RequestRecord(
                id: (try? RequestID("CSC-\(digits(4))-\(digits(8))")) ?? RequestID.fallback, service: text(), submittedAt: date(),
                applicant: Applicant(nationalNo: number(), name: name(), phone: text()),
                subject: Subject(nationalNo: number(), name: name(), birthDate: civilDate(), birthPlace: text()),
                delivery: delivery,
                payment: Payment(amount: below(2) == 0 ? below(1_000_000) : -below(1_000), channel: text(), ref: text(), paidAt: date()))
        }

        mutating func maybe<T>(_ make: (inout Generator) -> T) -> T? { below(2) == 0 ? nil : make(&self) }

        /// `reason` is a rejection's code, or the post's words on a `returned` event (one member on the wire).
        mutating func eventData(_ kind: EventKind) -> EventData {
            var data = EventData(
                reason: maybe { RejectionReason.allCases[$0.below(RejectionReason.allCases.count)] },
                fields: maybe { generator in (0..<generator.below(3)).map { _ in generator.text() } },
                note: maybe { $0.text() }, stamps: maybe { generator in (0..<generator.below(4)).map { _ in generator.text() } },
                revenueCancelled: maybe { $0.below(2) == 0 }, paperSerial: maybe { $0.text() }, copy: maybe { $0.below(10) },
                reprintReason: maybe { $0.text() },
                tracking: maybe { try? TrackingNumber(service: "RR", serial: $0.below(100_000_000)) } ?? nil,
                manifest: maybe { $0.text() }, pickupCode: maybe { PickupCode(random: $0.next()) },
                collector: maybe { $0.number() }, match: maybe { $0.text() }, leaseUntil: maybe { $0.date() },
                returnReason: maybe { $0.text() }, handedTo: maybe { _ in Fixtures.op2 }, issuer: maybe { $0.text() },
                reference: maybe { $0.text() }, expectedBy: maybe { $0.civilDate() }, by: maybe { $0.below(2) == 0 ? .post : .counter },
                office: maybe { $0.text() }, days: maybe { $0.below(400) })
            if kind == .returned { data.reason = nil } else { data.returnReason = nil }
            return data
        }
    }

    /// The contract's event record as an `Encodable`, to encode with Foundation beside the writer.
    struct EncodableEventLine: Encodable {
        var type = "event"
        var id: Int64
        var request: RequestID
        var kind: EventKind
        var at: Date
        var `operator`: OperatorID
        var data: EventData
    }

    static func encoded(_ value: some Encodable) throws -> String {
        String(decoding: try Wire.makeEncoder().encode(value), as: UTF8.self)
    }

    @Test func everyControlCharacterIsEscapedAsTheEncoderDoes() throws {
        for scalar in 0...0x7F {
            let text = "a\(Character(Unicode.Scalar(UInt8(scalar))))b"
            var writer = WireWriter()
            writer.string(text)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == (try Self.encoded([text])).dropFirst().dropLast(),
                    "scalar \(scalar)")
        }
    }

    @Test func personsAndRequestsAreWrittenByteForByteAsTheEncoderWritesThem() throws {
        var generator = Generator(state: 20_261_123)
        for _ in 0..<2_000 {
            let person = generator.person()
            #expect(WireWriter.json(person) == (try Self.encoded(person)))
            let request = generator.request()
            #expect(WireWriter.json(request) == (try Self.encoded(request)))
        }
    }

    @Test func eventLinesAreWrittenByteForByteAndReadBack() throws {
        var generator = Generator(state: 7)
        for _ in 0..<2_000 {
            let kind = EventKind.allCases[generator.below(EventKind.allCases.count)]
            let pending = PendingEvent(request: generator.request().id, kind: kind, at: generator.date(),
                                       actor: generator.below(2) == 0 ? .system : Fixtures.op1, data: generator.eventData(kind))
            let event = pending.numbered(Int64(generator.below(Int(Int32.max))) + 1)
            let expected = try Self.encoded(EncodableEventLine(id: event.id, request: event.request, kind: event.kind, at: event.at,
                                                               operator: event.actor, data: event.data))
            #expect(event.line() == expected)
            #expect(try Event(line: event.line()) == event)
        }
    }
}
