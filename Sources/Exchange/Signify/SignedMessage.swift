import Crypto
import Foundation

/// A signify embedded signature (`signify-openbsd -S -e`) whose signature has been verified:
/// `untrusted comment: …`, base64 of "Ed" + key number + signature, then the message bytes.
public struct SignedMessage: Sendable {
    /// The text after `untrusted comment: `; it is not covered by the signature.
    public let comment: String
    public let keyNumber: SignifyKeyNumber
    /// The whole file; its indices start at 0.
    public let fileContents: Data
    /// Where the message starts in `fileContents`, for a caller that streams lines from there.
    public let messageOffset: Int

    /// The signed bytes, a slice of `fileContents`: its indices start at `messageOffset`.
    public var message: Data {
        fileContents[messageOffset...]
    }

    static let signatureByteCount = 2 + 8 + 64
    /// The largest bundle the exchange contract allows.
    public static let defaultMaximumMessageSize = 256 * 1024 * 1024
    static let maximumHeaderSize =
        SignifyFormat.commentPrefix.count + SignifyFormat.maximumCommentLength + 1
        + SignifyFormat.maximumBase64LineLength + 1

    /// The embedded-signature file signify would write for `message`: Ed25519 is deterministic,
    /// so with the same key and comment the bytes are identical to `signify-openbsd -S -e`'s.
    /// signify's own comment is "verify with NAME.pub".
    public static func sign(
        message: some DataProtocol, with key: SignifySecretKey, comment: String
    ) throws(SignifyError) -> Data {
        var builder = try Builder(comment: comment)
        builder.append(message)
        return try builder.sign(with: key)
    }

    /// An embedded-signature file built in one buffer: the message is appended after room kept for the
    /// two signify lines, which `sign` then fills in place. A bundle of hundreds of MiB is held once,
    /// not as a message and a signed copy of it.
    public struct Builder: Sendable {
        private var file: Data
        private let messageOffset: Int
        private let comment: String

        public init(comment: String) throws(SignifyError) {
            // The signature line has the same length whatever the signature: base64 of 74 bytes.
            file = try SignifyFormat.render(comment: comment, payload: [UInt8](repeating: 0, count: signatureByteCount))
            messageOffset = file.count
            self.comment = comment
        }

        public mutating func append(_ bytes: some Sequence<UInt8>) { file.append(contentsOf: bytes) }

        public mutating func reserveMessageCapacity(_ count: Int) { file.reserveCapacity(messageOffset + count) }

        /// The finished file: the same bytes `SignedMessage.sign(message:with:comment:)` gives. The
        /// builder hands its buffer over and is empty afterwards: the header is rewritten in place, so
        /// a bundle of hundreds of MiB is never copied (a builder captured by a closure would be, if
        /// this consumed a copy of it).
        public mutating func sign(with key: SignifySecretKey) throws(SignifyError) -> Data {
            let signature: Data
            do {
                signature = try key.signingKey.signature(for: file[messageOffset...])
            } catch {
                throw .signingFailed(reason: "\(error)")
            }
            let lines = try SignifyFormat.render(comment: comment, payload: SignifyFormat.algorithm + key.keyNumber.bytes + Array(signature))
            var signed = file
            file = Data()
            signed.replaceSubrange(0..<messageOffset, with: lines)
            return signed
        }
    }

    /// Verifies a whole file held in memory.
    public init(verifying fileContents: Data, with key: SignifyPublicKey) throws(SignifyError) {
        // Rebased so that offsets and indices agree, whatever slice the caller passed.
        let file = fileContents.startIndex == 0 ? fileContents : Data(fileContents)
        let header = try Self.parseHeader(file, for: key)
        guard key.isValidSignature(header.payload[10...], for: file[header.bodyOffset...]) else {
            throw .badSignature
        }
        self.comment = header.comment
        self.keyNumber = key.keyNumber
        self.fileContents = file
        self.messageOffset = header.bodyOffset
    }

    /// Reads the header lines from the handle's current position and checks them, so that a file
    /// that is not signify's or was signed by another key is refused before the message is read;
    /// then reads the message to the end and verifies the whole. Ed25519 needs every byte before
    /// it can say anything, so the file is read whole; it is read rather than memory-mapped
    /// because a carried file may be truncated under us, which would crash a mapping with SIGBUS
    /// instead of failing the signature.
    public init(
        verifying handle: FileHandle, with key: SignifyPublicKey,
        maximumMessageSize: Int = defaultMaximumMessageSize, path: String = "the signed file"
    ) throws(SignifyError) {
        var file = try SignifyFiles.read(handle, limit: Self.maximumHeaderSize, path: path, refusingMore: false)
        let header = try Self.parseHeader(file, for: key)
        let fileLimit = header.bodyOffset + maximumMessageSize
        // Refused by its size before the message is read: a 300 MiB file is never held in memory.
        guard file.count <= fileLimit, try SignifyFiles.size(of: handle, path: path) <= fileLimit else {
            throw .tooLarge(limit: fileLimit)
        }
        do {
            file.append(try SignifyFiles.read(handle, limit: fileLimit - file.count, path: path))
        } catch .tooLarge {
            // The limit that matters to the caller is the whole file's, not what was left to read.
            throw .tooLarge(limit: fileLimit)
        }
        try self.init(verifying: file, with: key)
    }

    public init(
        verifyingContentsOf url: URL, with key: SignifyPublicKey,
        maximumMessageSize: Int = defaultMaximumMessageSize
    ) throws(SignifyError) {
        let handle = try SignifyFiles.openForReading(url)
        defer { try? handle.close() }
        try self.init(verifying: handle, with: key, maximumMessageSize: maximumMessageSize, path: url.path)
    }

    /// The header, once its shape, algorithm and key number are known to be right.
    private static func parseHeader(
        _ file: Data, for key: SignifyPublicKey
    ) throws(SignifyError) -> SignifyFormat.Header {
        let header = try SignifyFormat.parseHeader(file)
        try SignifyFormat.requireLength(header.payload, signatureByteCount, of: "signature")
        try SignifyFormat.requireAlgorithm(header.payload)
        let keyNumber = SignifyKeyNumber(bytes: header.payload[2..<10])
        guard keyNumber == key.keyNumber else {
            throw .wrongKeyNumber(signedWith: keyNumber, expected: key.keyNumber)
        }
        return header
    }
}
