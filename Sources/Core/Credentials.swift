import Crypto
import _CryptoExtras
import Foundation

/// A password kept as an scrypt hash: `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>` (salt and hash in base64).
/// The parameters travel with the hash, so they can be raised later without breaking old accounts.
public struct PasswordHash: Hashable, Sendable, CustomStringConvertible {
    public let encoded: String

    /// N = 2^15, r = 8, p = 1: about a quarter of a second here, costly to guess offline.
    public static let standardCost = 15

    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        case tooShort(minimum: Int)
        case unreadable

        public var description: String {
            switch self {
            case .tooShort(let minimum): "a password needs at least \(minimum) characters"
            case .unreadable: "the stored password hash is not readable"
            }
        }
    }

    public static let minimumLength = 6

    public init(stored: String) throws(Failure) {
        guard Self.parse(stored) != nil else { throw .unreadable }
        encoded = stored
    }

    /// Hashes a new password with a fresh random salt.
    public init(password: String, cost: Int = PasswordHash.standardCost) throws(Failure) {
        guard password.count >= Self.minimumLength else { throw .tooShort(minimum: Self.minimumLength) }
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max) }
        let hash = Self.derive(password, salt: salt, cost: cost, blockSize: 8, parallelism: 1)
        encoded = "scrypt$\(cost)$8$1$\(Data(salt).base64EncodedString())$\(Data(hash).base64EncodedString())"
    }

    public var description: String { "scrypt hash" }

    /// Constant-time comparison of the derived key with the stored one.
    public func matches(_ password: String) -> Bool {
        guard let parts = Self.parse(encoded) else { return false }
        let candidate = Self.derive(password, salt: parts.salt, cost: parts.cost, blockSize: parts.blockSize,
                                    parallelism: parts.parallelism)
        guard candidate.count == parts.hash.count else { return false }
        return zip(candidate, parts.hash).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func parse(_ text: String) -> (cost: Int, blockSize: Int, parallelism: Int, salt: [UInt8], hash: [UInt8])? {
        let parts = text.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "scrypt", let cost = Int(parts[1]), (10...20).contains(cost),
              let blockSize = Int(parts[2]), (1...16).contains(blockSize),
              let parallelism = Int(parts[3]), (1...4).contains(parallelism),
              let salt = Data(base64Encoded: String(parts[4])), let hash = Data(base64Encoded: String(parts[5])),
              hash.count == 32 else { return nil }
        return (cost, blockSize, parallelism, [UInt8](salt), [UInt8](hash))
    }

    private static func derive(_ password: String, salt: [UInt8], cost: Int, blockSize: Int, parallelism: Int) -> [UInt8] {
        // The parameters are validated above and scrypt only fails on invalid ones or memory exhaustion.
        guard let key = try? KDF.Scrypt.deriveKey(from: Array(password.utf8), salt: salt, outputByteCount: 32,
                                                  rounds: 1 << cost, blockSize: blockSize, parallelism: parallelism) else {
            return []
        }
        return key.withUnsafeBytes { [UInt8]($0) }
    }
}

/// What the sign-in screen decides from an account and a password: pure, so the rules are tested alone.
public struct SignInPolicy: Sendable {
    public var maximumFailures: Int
    public var lockDuration: TimeInterval

    public init(maximumFailures: Int = 5, lockDuration: TimeInterval = 5 * 60) {
        self.maximumFailures = maximumFailures
        self.lockDuration = lockDuration
    }

    public enum Outcome: Hashable, Sendable {
        case signedIn
        /// Wrong password; `remaining` tries before the account locks.
        case wrongPassword(remaining: Int)
        /// This failure locked the account.
        case lockedOut(until: Date)
        /// Locked by earlier failures; the password was not even checked.
        case locked(until: Date)
        case disabled
    }

    /// The account's counters after an attempt, and what to tell the person.
    public func attempt(_ account: Account, passwordMatches: () -> Bool, at now: Date) -> (Account, Outcome) {
        var account = account
        if account.disabled { return (account, .disabled) }
        if let until = account.lockedUntil, until > now { return (account, .locked(until: until)) }
        if passwordMatches() {
            account.failedAttempts = 0
            account.lockedUntil = nil
            return (account, .signedIn)
        }
        account.failedAttempts += 1
        if account.failedAttempts >= maximumFailures {
            let until = now.addingTimeInterval(lockDuration)
            account.failedAttempts = 0
            account.lockedUntil = until
            return (account, .lockedOut(until: until))
        }
        return (account, .wrongPassword(remaining: maximumFailures - account.failedAttempts))
    }

    /// An operator's sign-in state as stored.
    public struct Account: Hashable, Sendable {
        public var profile: Operator
        public var password: PasswordHash
        public var failedAttempts: Int
        public var lockedUntil: Date?

        public var disabled: Bool { profile.disabled }

        public init(profile: Operator, password: PasswordHash, failedAttempts: Int = 0, lockedUntil: Date? = nil) {
            self.profile = profile
            self.password = password
            self.failedAttempts = failedAttempts
            self.lockedUntil = lockedUntil
        }
    }
}

/// The kinds of rows in the operators' session log.
public enum SessionEventKind: String, Codable, Sendable, CaseIterable {
    case signedIn = "signed_in", signedOut = "signed_out", idleLocked = "idle_locked", unlocked
    case failed, lockedOut = "locked_out", refused
}
