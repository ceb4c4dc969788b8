import Foundation
import Testing
@testable import ShubbakCore

/// `WireReader` may only ever read a line as the decoder would: whenever it gives a record, the
/// decoder gives the same record; when it gives up, the decoder has the last word.
@Suite struct WireReaderTests {
    /// A record line as the central office writes it: the record's fields and its `type`.
    struct Typed<Record: Encodable>: Encodable {
        let type: String
        let record: Record

        private enum TypeKey: String, CodingKey { case type }

        func encode(to encoder: any Encoder) throws {
            try record.encode(to: encoder)
            var container = encoder.container(keyedBy: TypeKey.self)
            try container.encode(type, forKey: .type)
        }
    }

    /// The record `WireReader` reads from a line, its `type` taken off as the importer does.
    static func read<T>(_ line: String, as reader: (WireValue) -> T?) -> T? {
        guard var members = WireReader.object(Data(line.utf8)), members.removeValue(forKey: "type") != nil else { return nil }
        return reader(.object(members))
    }

    /// Checks the reader against the decoder on `line`; true when the reader read it.
    @discardableResult
    static func agree<T: Decodable & Equatable>(_ line: String, _ type: T.Type, reader: (WireValue) -> T?) -> Bool {
        guard let read = read(line, as: reader) else { return false }
        #expect((try? Wire.makeDecoder().decode(T.self, from: Data(line.utf8))) == read, "\(line)")
        return true
    }

    static func line(_ record: some Encodable, type: String) throws -> String {
        String(decoding: try Wire.makeEncoder().encode(Typed(type: type, record: record)), as: UTF8.self)
    }

    @Test func plainLinesAreReadAsTheDecoderReadsThem() throws {
        var generator = WireWriterTests.Generator(state: 4)
        var plain = 0
        for round in 0..<2_000 {
            generator.plain = round % 2 == 0
            let person = try Self.line(generator.person(), type: "person")
            let request = try Self.line(generator.request(), type: "request")
            for (line, read) in [(person, Self.agree(person, Person.self) { Person(wire: $0) }),
                                 (request, Self.agree(request, RequestRecord.self) { RequestRecord(wire: $0) })] {
                // Only escapes stop it on a line the encoder wrote.
                #expect(read == !line.contains("\\"), "\(line)")
                if read { plain += 1 }
            }
        }
        #expect(plain >= 2_000)
    }

    @Test func whatItReadsFromAlteredLinesTheDecoderReadsTheSame() throws {
        let request = try Self.line(Fixtures.request(.post), type: "request")
        let person = try Self.line(Fixtures.person(), type: "person")
        #expect(Self.agree(request, RequestRecord.self) { RequestRecord(wire: $0) })
        #expect(Self.agree(person, Person.self) { Person(wire: $0) })
        let alterations: [(String, String)] = [
            ("\"amount\":2000", "\"amount\":-0"), ("\"amount\":2000", "\"amount\":2000.0"), ("\"amount\":2000", "\"amount\":2e3"),
            ("\"amount\":2000", "\"amount\":02000"), ("\"amount\":2000", "\"amount\":\"2000\""), ("\"amount\":2000", "\"amount\":null"),
            ("\"amount\":2000", "\"amount\":99999999999999999999"), ("\"amount\":2000", "\"amount\":-2000"),
            ("\"amount\":2000", "\"amount\" : 2000 "), ("\"ref\":", "\"extra\":1,\"ref\":"), ("\"ref\":", "\"ref\":\"x\",\"ref\":"),
            ("\"method\":\"post\"", "\"method\":\"center\""), ("\"method\":\"post\"", "\"method\":\"pigeon\""),
            ("\"id\":\"CSC", "\"id\":\"csc"), ("\"national_no\":\"0501", "\"national_no\":\"501"), ("2026", "2026x"),
            ("\"governorate\":", "\"governorate\":{},\"x\":"), ("\"first\":", "\"first\":[],\"y\":"), ("{", "{\"request\":\"R\","),
            ("\"gender\":\"M\"", "\"gender\":\"X\""), ("\"status\":\"alive\"", "\"status\":true"), ("Z\"", "+03:00\""),
            ("\"birth_date\":\"1990-04-12\"", "\"birth_date\":\"1990-02-30\""), ("}", "},"), ("\"phone\":", "\"phone\":\"\\u0041\",\"p\":"),
        ]
        for (from, to) in alterations {
            for line in [request, person] where line.contains(from) {
                var altered = line
                if let range = altered.range(of: from) { altered.replaceSubrange(range, with: to) }
                Self.agree(altered, RequestRecord.self) { RequestRecord(wire: $0) }
                Self.agree(altered, Person.self) { Person(wire: $0) }
            }
        }
        for cut in stride(from: 0, to: request.utf8.count, by: 7) {
            Self.agree(String(decoding: request.utf8.prefix(cut), as: UTF8.self), RequestRecord.self) { RequestRecord(wire: $0) }
        }
    }
}
