import Crypto
import Foundation

/// A signify public key file: `untrusted comment: …` then base64 of "Ed", key number, key.
public struct SignifyPublicKey: Sendable, Equatable {
    public let keyNumber: SignifyKeyNumber
    public let signingKey: Curve25519.Signing.PublicKey
    /// The text after `untrusted comment: `; nothing vouches for it.
    public var comment: String

    static let byteCount = 2 + 8 + 32

    public init(keyNumber: SignifyKeyNumber, signingKey: Curve25519.Signing.PublicKey, comment: String) {
        self.keyNumber = keyNumber
        self.signingKey = signingKey
        self.comment = comment
    }

    public init(fileContents: some RandomAccessCollection<UInt8>) throws(SignifyError) {
        let header = try SignifyFormat.parseKeyFile(fileContents)
        let payload = header.payload
        try SignifyFormat.requireLength(payload, Self.byteCount, of: "public key")
        try SignifyFormat.requireAlgorithm(payload)
        do {
            signingKey = try Curve25519.Signing.PublicKey(rawRepresentation: payload[10..<42])
        } catch {
            throw .invalidKey(reason: "\(error)")
        }
        keyNumber = SignifyKeyNumber(bytes: payload[2..<10])
        comment = header.comment
    }

    public init(contentsOf url: URL) throws(SignifyError) {
        try self.init(fileContents: SignifyFiles.read(url, limit: 4096))
    }

    /// The file as signify writes it, final newline included.
    public func fileContents() throws(SignifyError) -> Data {
        try SignifyFormat.render(
            comment: comment,
            payload: SignifyFormat.algorithm + keyNumber.bytes + Array(signingKey.rawRepresentation))
    }

    /// Writes a new file readable by everyone (mode 0644 before the umask); never replaces one.
    public func write(to url: URL) throws(SignifyError) {
        try SignifyFiles.createAtomically(url, contents: fileContents(), mode: 0o644)
    }

    /// Whether `signature` is this key's pure Ed25519 signature over `message`.
    public func isValidSignature(_ signature: some DataProtocol, for message: some DataProtocol) -> Bool {
        signingKey.isValidSignature(signature, for: message)
    }

    public static func == (lhs: SignifyPublicKey, rhs: SignifyPublicKey) -> Bool {
        lhs.keyNumber == rhs.keyNumber && lhs.comment == rhs.comment
            && lhs.signingKey.rawRepresentation == rhs.signingKey.rawRepresentation
    }
}

/// An unencrypted signify secret key, as `signify-openbsd -G -n` writes it (104 bytes):
/// "Ed", "BK", KDF rounds (0), salt, checksum, key number, seed and public key.
public struct SignifySecretKey: Sendable {
    public let keyNumber: SignifyKeyNumber
    public let signingKey: Curve25519.Signing.PrivateKey
    /// The text after `untrusted comment: `; nothing vouches for it.
    public var comment: String
    /// Unused with zero rounds, but kept so that a parsed key is written back byte for byte.
    let salt: [UInt8]

    static let byteCount = 104
    static let kdfAlgorithm: [UInt8] = Array("BK".utf8)

    public init(keyNumber: SignifyKeyNumber, signingKey: Curve25519.Signing.PrivateKey, comment: String) {
        var generator = SystemRandomNumberGenerator()
        self.init(
            keyNumber: keyNumber, signingKey: signingKey, comment: comment,
            salt: (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    init(keyNumber: SignifyKeyNumber, signingKey: Curve25519.Signing.PrivateKey, comment: String, salt: [UInt8]) {
        self.keyNumber = keyNumber
        self.signingKey = signingKey
        self.comment = comment
        self.salt = salt
    }

    public init(fileContents: some RandomAccessCollection<UInt8>) throws(SignifyError) {
        let header = try SignifyFormat.parseKeyFile(fileContents)
        let payload = header.payload
        try SignifyFormat.requireLength(payload, Self.byteCount, of: "secret key")
        try SignifyFormat.requireAlgorithm(payload)
        guard payload[2..<4].elementsEqual(Self.kdfAlgorithm) else {
            throw .unsupportedAlgorithm(String(decoding: payload[2..<4], as: UTF8.self))
        }
        let rounds = payload[4..<8].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        // With rounds > 0 the secret is XORed with a bcrypt_pbkdf output we cannot derive.
        guard rounds == 0 else { throw .passphraseProtected(rounds: rounds) }
        let secret = payload[40..<104]
        guard Self.checksum(of: secret).elementsEqual(payload[24..<32]) else { throw .checksumMismatch }
        do {
            signingKey = try Curve25519.Signing.PrivateKey(rawRepresentation: secret.prefix(32))
        } catch {
            throw .invalidKey(reason: "\(error)")
        }
        // The checksum only covers damage; a stored public half that the seed does not produce
        // would make every signature fail later, far from the cause.
        guard signingKey.publicKey.rawRepresentation.elementsEqual(secret.suffix(32)) else {
            throw .invalidKey(reason: "the stored public key does not belong to the secret seed")
        }
        keyNumber = SignifyKeyNumber(bytes: payload[32..<40])
        salt = Array(payload[8..<24])
        comment = header.comment
    }

    /// Reads a secret key file after checking that only its owner (and, with `groupMayRead`, its
    /// group, read only) can access it.
    public init(contentsOf url: URL, groupMayRead: Bool = false) throws(SignifyError) {
        try Self.checkPermissions(ofFileAt: url, groupMayRead: groupMayRead)
        try self.init(fileContents: SignifyFiles.read(url, limit: 4096))
    }

    /// The public half, under the given comment.
    public func publicKey(comment: String) -> SignifyPublicKey {
        SignifyPublicKey(keyNumber: keyNumber, signingKey: signingKey.publicKey, comment: comment)
    }

    /// The file as `signify-openbsd -G -n` writes it, final newline included.
    public func fileContents() throws(SignifyError) -> Data {
        let secret = Array(signingKey.rawRepresentation) + Array(signingKey.publicKey.rawRepresentation)
        let payload = SignifyFormat.algorithm + Self.kdfAlgorithm + [0, 0, 0, 0] + salt
            + Self.checksum(of: secret) + keyNumber.bytes + secret
        return try SignifyFormat.render(comment: comment, payload: payload)
    }

    /// Creates the file with mode 0600 under a temporary name and links it into place, so that
    /// no reader ever sees a partial key and an existing key is never replaced.
    public func write(to url: URL) throws(SignifyError) {
        try SignifyFiles.createAtomically(url, contents: fileContents(), mode: 0o600)
    }

    /// Refuses a secret key file that others (or the group, beyond reading when `groupMayRead`)
    /// can access in any way: readable leaks the key, writable lets someone swap it.
    public static func checkPermissions(ofFileAt url: URL, groupMayRead: Bool = false) throws(SignifyError) {
        let mode = try SignifyFiles.mode(of: url)
        if mode & (groupMayRead ? 0o037 : 0o077) != 0 {
            throw .insecurePermissions(path: url.path, mode: mode & 0o7777)
        }
    }

    static func checksum(of secret: some Collection<UInt8>) -> [UInt8] {
        Array(SHA512.hash(data: Array(secret)).prefix(8))
    }
}

/// A fresh key pair, as `signify-openbsd -G -n -c COMMENT` makes it.
public struct SignifyKeyPair: Sendable {
    public let publicKey: SignifyPublicKey
    public let secretKey: SignifySecretKey

    /// Random key number, salt and key; the files get signify's comments
    /// "COMMENT public key" and "COMMENT secret key" ("signify" is signify's default).
    public static func generate(comment: String = "signify") throws(SignifyError) -> SignifyKeyPair {
        try SignifyFormat.validate(comment: comment + " secret key")
        let secretKey = SignifySecretKey(
            keyNumber: .random(), signingKey: Curve25519.Signing.PrivateKey(), comment: comment + " secret key")
        return SignifyKeyPair(publicKey: secretKey.publicKey(comment: comment + " public key"), secretKey: secretKey)
    }

    /// Writes both files (secret with mode 0600); refuses to replace either.
    public func write(publicKeyTo publicURL: URL, secretKeyTo secretURL: URL) throws(SignifyError) {
        try secretKey.write(to: secretURL)
        try publicKey.write(to: publicURL)
    }
}
