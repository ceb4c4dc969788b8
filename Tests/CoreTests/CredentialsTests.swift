import Foundation
import Testing
@testable import ShubbakCore

@Suite struct CredentialsTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func aPasswordMatchesOnlyItself() throws {
        // A low cost keeps the test fast; the parameters travel in the stored text.
        let hash = try PasswordHash(password: "سرّي-2026", cost: 10)
        #expect(hash.encoded.hasPrefix("scrypt$10$8$1$"))
        #expect(hash.matches("سرّي-2026"))
        #expect(!hash.matches("سري-2026"))
        #expect(!hash.matches(""))
        let again = try PasswordHash(password: "سرّي-2026", cost: 10)
        #expect(again.encoded != hash.encoded, "two hashes of one password must differ by their salt")
        #expect(try PasswordHash(stored: hash.encoded).matches("سرّي-2026"))
    }

    @Test func shortPasswordsAndUnreadableHashesAreRefused() {
        #expect(throws: PasswordHash.Failure.tooShort(minimum: 6)) { try PasswordHash(password: "12345", cost: 10) }
        #expect(throws: PasswordHash.Failure.unreadable) { try PasswordHash(stored: "md5$abc") }
        #expect(throws: PasswordHash.Failure.unreadable) { try PasswordHash(stored: "scrypt$30$8$1$AAAA$AAAA") }
    }

    @Test func fiveFailuresLockTheAccountForFiveMinutes() throws {
        let policy = SignInPolicy()
        let profile = Operator(id: OperatorID(stored: "op-01"), name: "سامر", role: .operator)
        var account = SignInPolicy.Account(profile: profile, password: try PasswordHash(password: "correct", cost: 10))
        var outcome: SignInPolicy.Outcome
        for attempt in 1...4 {
            (account, outcome) = policy.attempt(account, passwordMatches: { false }, at: t0)
            #expect(outcome == .wrongPassword(remaining: 5 - attempt))
        }
        (account, outcome) = policy.attempt(account, passwordMatches: { false }, at: t0)
        let until = t0.addingTimeInterval(300)
        #expect(outcome == .lockedOut(until: until))
        // While locked even the right password is not checked.
        var checked = false
        (account, outcome) = policy.attempt(account, passwordMatches: { checked = true; return true }, at: t0.addingTimeInterval(299))
        #expect(outcome == .locked(until: until))
        #expect(!checked)
        (account, outcome) = policy.attempt(account, passwordMatches: { true }, at: until)
        #expect(outcome == .signedIn)
        #expect(account.failedAttempts == 0 && account.lockedUntil == nil)
    }

    @Test func aDisabledAccountNeverSignsIn() throws {
        let profile = Operator(id: OperatorID(stored: "op-09"), name: "x", role: .supervisor, disabled: true)
        let account = SignInPolicy.Account(profile: profile, password: try PasswordHash(password: "correct", cost: 10))
        #expect(SignInPolicy().attempt(account, passwordMatches: { true }, at: t0).1 == .disabled)
    }
}
