import Foundation
import Logging
import ShubbakCore
import ShubbakScreens
import ShubbakStore

/// Checks a sign-in against the operator's account, counting failures and locking after too many.
struct SignInDesk: Desk {
    typealias Served = SignInScreen

    let center: CenterDirectory
    let now: @Sendable () -> Date
    let logger = Logger(label: "shubbak.sign-in")

    func execute(_ command: SignInScreen.Command, by session: Operator?,
                 report: @escaping @Sendable (Shell.Message) -> Void) -> [Shell.Message] {
        switch command {
        case .signIn(let id, let password): [signIn(id, password)]
        }
    }

    private func signIn(_ id: OperatorID, _ password: String) -> Shell.Message {
        let policy = SignInPolicy()
        do {
            guard let account = try center.store.read({ tx in try tx.account(id) }) else {
                try center.store.write { tx in try tx.log(.failed, of: id, at: now(), detail: "unknown operator") }
                return answer(.refused(.unknownOperator))
            }
            // The hash is checked outside the write transaction: it takes a quarter of a second on purpose.
            let matches = account.password.matches(password)
            let outcome: SignInPolicy.Outcome = try center.store.write { tx in
                let current = try tx.account(id) ?? account
                let (updated, outcome) = policy.attempt(current, passwordMatches: { matches }, at: now())
                try tx.update(updated)
                switch outcome {
                case .wrongPassword: try tx.log(.failed, of: id, at: now(), detail: "wrong password")
                case .lockedOut(let until): try tx.log(.lockedOut, of: id, at: now(), detail: "until \(ContractTime.format(until))")
                case .locked: try tx.log(.failed, of: id, at: now(), detail: "account locked")
                case .disabled: try tx.log(.failed, of: id, at: now(), detail: "account disabled")
                case .signedIn: break
                }
                return outcome
            }
            switch outcome {
            case .signedIn: return .signedIn(account.profile)
            case .wrongPassword(let remaining): return answer(.refused(.wrongPassword(remaining: remaining)))
            case .lockedOut(let until), .locked(let until): return answer(.refused(.locked(until: until)))
            case .disabled: return answer(.refused(.disabled))
            }
        } catch {
            logger.error("sign-in failed", metadata: ["error": "\(error)"])
            return answer(.refused(.failed("\(error)")))
        }
    }
}
