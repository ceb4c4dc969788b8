import Foundation

/// The eight random bytes signify puts in every key and signature so that a verifier can tell
/// "signed by another key" apart from "damaged".
public struct SignifyKeyNumber: Hashable, Sendable, CustomStringConvertible {
    /// The bytes read as a big-endian integer, the order they appear in the file.
    public let rawValue: UInt64

    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    init(bytes: some Collection<UInt8>) {
        rawValue = bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }

    static func random() -> SignifyKeyNumber {
        var generator = SystemRandomNumberGenerator()
        return SignifyKeyNumber(rawValue: generator.next())
    }

    var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: rawValue >> (56 - 8 * $0)) }
    }

    /// Sixteen hex digits, the way a person compares two key numbers.
    public var description: String {
        let hex = String(rawValue, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// The two-line layout shared by signify's keys and signatures.
enum SignifyFormat {
    static let commentPrefix = Array("untrusted comment: ".utf8)
    /// signify refuses comments of 1024 bytes or more (COMMENTMAXLEN); we do the same, so every
    /// comment we write is one signify can read.
    static let maximumCommentLength = 1023
    /// A base64 line of a secret key is 140 bytes; anything much longer is not signify's.
    static let maximumBase64LineLength = 1024
    static let algorithm: [UInt8] = Array("Ed".utf8)
    static let newline = UInt8(ascii: "\n")

    /// The comment, the decoded second line and the offset of the first byte after it.
    struct Header {
        var comment: String
        var payload: [UInt8]
        var bodyOffset: Int
    }

    /// Reads the two header lines of `bytes`, looking at no more than the bounded line lengths,
    /// so that a huge file without newlines is refused without scanning it.
    static func parseHeader(_ bytes: some RandomAccessCollection<UInt8>) throws(SignifyError) -> Header {
        guard !bytes.isEmpty else { throw .truncated(missing: "the untrusted comment line") }
        guard bytes.starts(with: commentPrefix.prefix(bytes.count)) else {
            throw .notSignifyFile(reason: "the first line does not start with \"untrusted comment: \"")
        }
        let commentLine = try line(in: bytes, from: 0, number: 1, limit: commentPrefix.count + maximumCommentLength)
        guard commentLine.count >= commentPrefix.count else {
            throw .notSignifyFile(reason: "the first line does not start with \"untrusted comment: \"")
        }
        let comment = String(decoding: commentLine.dropFirst(commentPrefix.count), as: UTF8.self)
        let secondStart = commentLine.count + 1
        guard secondStart < bytes.count else { throw .truncated(missing: "the base64 line") }
        let base64Line = try line(in: bytes, from: secondStart, number: 2, limit: maximumBase64LineLength)
        guard let decoded = Data(base64Encoded: Data(base64Line)) else {
            throw .notSignifyFile(reason: "the second line is not base64")
        }
        return Header(comment: comment, payload: Array(decoded), bodyOffset: secondStart + base64Line.count + 1)
    }

    /// The bytes of the line starting at `start` (an offset), without its newline.
    private static func line(
        in bytes: some RandomAccessCollection<UInt8>, from start: Int, number: Int, limit: Int
    ) throws(SignifyError) -> [UInt8] {
        let rest = bytes.dropFirst(start).prefix(limit + 1)
        guard let end = rest.firstIndex(of: newline) else {
            if rest.count > limit { throw .lineTooLong(line: number, limit: limit) }
            throw .truncated(missing: number == 1 ? "the end of the comment line" : "the end of the base64 line")
        }
        return Array(rest[rest.startIndex..<end])
    }

    /// A key file is exactly the two lines: anything after them means it is not one.
    static func parseKeyFile(_ bytes: some RandomAccessCollection<UInt8>) throws(SignifyError) -> Header {
        let header = try parseHeader(bytes)
        guard header.bodyOffset == bytes.count else {
            throw .notSignifyFile(reason: "a key file has text after its second line")
        }
        return header
    }

    static func validate(comment: String) throws(SignifyError) {
        if comment.utf8.count > maximumCommentLength {
            throw .invalidComment(reason: "longer than \(maximumCommentLength) bytes")
        }
        if comment.utf8.contains(where: { $0 == newline || $0 == UInt8(ascii: "\r") }) {
            throw .invalidComment(reason: "it contains a line break")
        }
    }

    static func render(comment: String, payload: [UInt8]) throws(SignifyError) -> Data {
        try validate(comment: comment)
        var data = Data(commentPrefix)
        data.append(contentsOf: comment.utf8)
        data.append(newline)
        data.append(Data(payload).base64EncodedData())
        data.append(newline)
        return data
    }

    static func requireLength(_ payload: [UInt8], _ expected: Int, of what: String) throws(SignifyError) {
        guard payload.count == expected else {
            throw .wrongLength(what: what, expected: expected, actual: payload.count)
        }
    }

    static func requireAlgorithm(_ payload: [UInt8]) throws(SignifyError) {
        guard payload.starts(with: algorithm) else {
            throw .unsupportedAlgorithm(String(decoding: payload.prefix(2), as: UTF8.self))
        }
    }
}
