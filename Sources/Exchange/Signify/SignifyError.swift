import ShubbakCore

/// Why a signify key or signature was refused. Each case carries enough for a person to act on.
public enum SignifyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes do not have signify's shape (`untrusted comment:` line, base64 line).
    case notSignifyFile(reason: String)
    /// The file ends before the part named in `missing`.
    case truncated(missing: String)
    /// A header line is longer than any signify tool writes; `line` counts from 1.
    case lineTooLong(line: Int, limit: Int)
    /// The decoded base64 line has the wrong size for `what`.
    case wrongLength(what: String, expected: Int, actual: Int)
    /// The algorithm tag is not `Ed` (or the secret key's KDF tag is not `BK`).
    case unsupportedAlgorithm(String)
    /// The secret key is encrypted with a passphrase; only `-n` keys are supported.
    case passphraseProtected(rounds: UInt32)
    /// The secret key's stored checksum does not match its secret bytes.
    case checksumMismatch
    /// The key bytes are not a usable Ed25519 key.
    case invalidKey(reason: String)
    /// The signature was made by another key than the one we check against.
    case wrongKeyNumber(signedWith: SignifyKeyNumber, expected: SignifyKeyNumber)
    /// The signature does not match the message: it was altered, truncated or forged.
    case badSignature
    /// A comment we were asked to write cannot be read back.
    case invalidComment(reason: String)
    /// The file is larger than the caller allows.
    case tooLarge(limit: Int)
    /// Group or others have access to a secret key file.
    case insecurePermissions(path: String, mode: UInt32)
    /// Writing would replace an existing key file.
    case fileExists(path: String)
    case unreadable(path: String, reason: String)
    /// A FIFO, device, socket or folder where a file was expected: never opened for reading, since
    /// a FIFO would hang the reader until someone writes to it.
    case notRegularFile(path: String, kind: String)
    case unwritable(path: String, reason: String)
    case signingFailed(reason: String)

    public var description: String {
        switch self {
        case .notSignifyFile(let reason):
            "not a signify file: \(reason)"
        case .truncated(let missing):
            "the signify file is truncated: \(missing) is missing"
        case .lineTooLong(let line, let limit):
            "line \(line) of the signify file is longer than \(limit) bytes; this is not a signify file"
        case .wrongLength(let what, let expected, let actual):
            "the \(what) is \(actual) bytes long instead of \(expected)"
        case .unsupportedAlgorithm(let tag):
            "unsupported signify algorithm \"\(tag)\" (only Ed25519 keys without a passphrase are supported)"
        case .passphraseProtected(let rounds):
            "the secret key is protected by a passphrase (\(rounds) KDF rounds); "
                + "only keys made with `signify-openbsd -G -n` (no passphrase) are supported"
        case .checksumMismatch:
            "the secret key's checksum does not match: the key file is damaged"
        case .invalidKey(let reason):
            "invalid Ed25519 key: \(reason)"
        case .wrongKeyNumber(let signedWith, let expected):
            "signed with key number \(signedWith), but the public key has number \(expected): "
                + "the file was signed with a different key"
        case .badSignature:
            "the signature does not verify: the file was altered, truncated or not signed by this key"
        case .invalidComment(let reason):
            "invalid untrusted comment: \(reason)"
        case .tooLarge(let limit):
            "the file is larger than the limit of \(limit) bytes"
        case .insecurePermissions(let path, let mode):
            "the secret key file \(Sanitised.forPath(path)) has mode \(String(mode, radix: 8)): group or others have access to it; "
                + "run `chmod 600 \(path)`"
        case .fileExists(let path):
            "\(Sanitised.forPath(path)) already exists; a key file is never overwritten"
        case .unreadable(let path, let reason):
            "cannot read \(Sanitised.forPath(path)): \(reason)"
        case .notRegularFile(let path, let kind):
            "\(Sanitised.forPath(path)) is \(kind), not a regular file: it was not read"
        case .unwritable(let path, let reason):
            "cannot write \(Sanitised.forPath(path)): \(reason)"
        case .signingFailed(let reason):
            "signing failed: \(reason)"
        }
    }
}
