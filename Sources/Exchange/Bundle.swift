import Crypto
import Foundation
import ShubbakCore

/// The contract's limits on a bundle.
public enum BundleLimits {
    public static let maximumBytes = 256 * 1024 * 1024
    public static let maximumLineBytes = 64 * 1024
    public static let maximumRecords = 1_000_000
}

/// The first line of every bundle.
public struct BundleHeader: Codable, Hashable, Sendable {
    public struct Audit: Codable, Hashable, Sendable {
        public var event: Int64
        public var sha256: String
    }

    public var type = "header"
    public var format: String
    public var version: Int
    public var from: String
    public var to: String
    public var seq: Int64
    public var createdAt: Date
    public var records: Int
    public var audit: Audit?

    enum CodingKeys: String, CodingKey {
        case type, format, version, from, to, seq, records, audit
        case createdAt = "created_at"
    }

    public static let formatName = "shubbak-exchange"
    public static let currentVersion = 1
}

/// Why a whole file is refused: said so a person can act on it.
public enum BundleRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    case signature(String)
    case notJSONLines(String)
    case header(String)
    case wrongRecipient(String)
    case unknownSender(String)
    case unknownFormat(String, Int)
    case recordCount(declared: Int, found: Int)
    case limits(String)
    case notAFile(String)

    public var description: String {
        switch self {
        case .signature(let detail): "the signature does not verify: \(detail)"
        case .notJSONLines(let detail): "the message is not JSON Lines as the contract says: \(detail)"
        case .header(let detail): "the header is not valid: \(detail)"
        case .wrongRecipient(let to): "the bundle is addressed to \(Sanitised.forMessage(to)), not to this center"
        case .unknownSender(let from): "the bundle comes from \(Sanitised.forMessage(from)), a party this center does not exchange with"
        case .unknownFormat(let format, let version): "unknown format \(Sanitised.forMessage(format)) version \(version)"
        case .recordCount(let declared, let found): "the header announces \(declared) records but the bundle holds \(found)"
        case .limits(let detail): "the bundle breaks the contract's limits: \(detail)"
        case .notAFile(let kind): "this is \(kind), not a regular file: it was not read"
        }
    }
}

/// A verified message split into its header and record lines, without decoding the records.
struct BundleMessage {
    let header: BundleHeader
    /// Record lines (without their newline), numbered from 2 as in the file's message.
    let lines: [Data]
    let sha256: String

    init(message: Data) throws(BundleRefusal) {
        guard message.count <= BundleLimits.maximumBytes else { throw .limits("the message is over 256 MiB") }
        guard message.last == 0x0A else { throw .notJSONLines("the last line does not end with a newline") }
        if message.starts(with: [0xEF, 0xBB, 0xBF]) { throw .notJSONLines("it starts with a byte-order mark") }
        var lines: [Data] = []
        var start = message.startIndex
        for end in Self.newlines(in: message) {
            let length = end - start
            guard length > 0 else { throw .notJSONLines("line \(lines.count + 1) is blank") }
            guard length <= BundleLimits.maximumLineBytes else { throw .limits("line \(lines.count + 1) is over 64 KiB") }
            lines.append(message[start..<end])
            guard lines.count <= BundleLimits.maximumRecords + 1 else { throw .limits("more than 1,000,000 records") }
            start = end + 1
        }
        guard let first = lines.first else { throw .notJSONLines("no header line") }
        let header: BundleHeader
        do {
            try Wire.checkIntegers(in: first)
            header = try Wire.makeDecoder().decode(BundleHeader.self, from: first)
        } catch {
            throw .header(Wire.explain(error))
        }
        guard header.type == "header" else { throw .header("the first line is not of type header") }
        guard header.format == BundleHeader.formatName, header.version == BundleHeader.currentVersion else {
            throw .unknownFormat(header.format, header.version)
        }
        guard header.seq >= 1 else { throw .header("seq must be 1 or more") }
        guard header.records == lines.count - 1 else { throw .recordCount(declared: header.records, found: lines.count - 1) }
        self.header = header
        self.lines = Array(lines.dropFirst())
        sha256 = AuditChain.hex(Array(SHA256.hash(data: message)))
    }

    /// The indices of the message's newlines, found with memchr: a byte-by-byte loop over Data
    /// showed in the import's profile. Stops two past the record limit, which is refused anyway.
    static func newlines(in message: Data) -> [Int] {
        message.withUnsafeBytes { buffer -> [Int] in
            guard let base = buffer.baseAddress else { return [] }
            var ends: [Int] = []
            var position = 0
            while position < buffer.count, ends.count <= BundleLimits.maximumRecords + 1,
                  let found = memchr(base + position, 0x0A, buffer.count - position) {
                let offset = base.distance(to: UnsafeRawPointer(found))
                ends.append(message.startIndex + offset)
                position = offset + 1
            }
            return ends
        }
    }
}

extension SignifySecretKey {
    /// The comment signify itself writes, naming the key to verify with.
    static func verifyComment(for party: PartyID) -> String { "verify with \(party).pub" }
}
