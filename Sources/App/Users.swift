import ArgumentParser
import Foundation
import ShubbakCore
import ShubbakStore

/// `shubbak user add|list|disable|passwd`: the center's operators.
struct User: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the operators who sign in at this center's counters.",
        subcommands: [Add.self, List.self, Disable.self, Passwd.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an operator (the password is asked twice).")

        @Argument(help: "The operator's id, e.g. op-07.")
        var id: String

        @Option(help: "operator, supervisor or admin.")
        var role: String = "operator"

        @Option(help: "The name shown on screen and in reports.")
        var name: String?

        @OptionGroup var password: PasswordSource

        @OptionGroup var options: CenterOptions

        func run() throws {
            let center = try options.center()
            let operatorID = try PasswordInput.operatorID(id)
            guard let role = Role(rawValue: role) else { throw AppError.invalid("--role takes operator, supervisor or admin") }
            let hash = try PasswordInput.newHash(fromStandardInput: password.passwordStdin)
            let profile = Operator(id: operatorID, name: name ?? id, role: role)
            do { try center.store.write { tx in try tx.add(profile, password: hash, at: Date()) } } catch {
                throw AppError.store(error)
            }
            print("operator \(operatorID) added (\(role.rawValue))")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the operators.")

        @OptionGroup var options: CenterOptions

        func run() throws {
            let center = try options.center()
            let accounts: [SignInPolicy.Account]
            do {
                accounts = try center.store.read { tx in try tx.operators().compactMap { try tx.account($0.id) } }
            } catch { throw AppError.store(error) }
            if accounts.isEmpty { print("no operator yet: add one with `shubbak user add ID --role operator`") }
            for account in accounts {
                var flags: [String] = []
                if account.profile.disabled { flags.append("disabled") }
                if let until = account.lockedUntil, until > Date() { flags.append("locked until \(ContractTime.format(until))") }
                let id = account.profile.id.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
                let role = account.profile.role.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
                print("\(id)\(role)\(account.profile.name)\(flags.isEmpty ? "" : "  (\(flags.joined(separator: ", ")))")")
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop an operator from signing in (history is kept).")

        @Argument var id: String
        @OptionGroup var options: CenterOptions

        func run() throws {
            let center = try options.center()
            let operatorID = try PasswordInput.operatorID(id)
            try PasswordInput.change(operatorID, in: center) { account, tx in
                account.profile.disabled = true
                try tx.log(.refused, of: operatorID, at: Date(), detail: "account disabled")
            }
            print("operator \(operatorID) disabled")
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set an operator's password (also unlocks the account).")

        @Argument var id: String

        @OptionGroup var password: PasswordSource

        @OptionGroup var options: CenterOptions

        func run() throws {
            let center = try options.center()
            let operatorID = try PasswordInput.operatorID(id)
            let hash = try PasswordInput.newHash(fromStandardInput: password.passwordStdin)
            try PasswordInput.change(operatorID, in: center) { account, _ in
                account.password = hash
                account.failedAttempts = 0
                account.lockedUntil = nil
            }
            print("password of \(operatorID) changed")
        }
    }
}

/// Where a new password comes from: asked twice on a terminal, or one line of standard input.
struct PasswordSource: ParsableArguments {
    @Flag(help: "Read the password from the first line of standard input, for scripts.")
    var passwordStdin = false
}

enum PasswordInput {
    /// Reads an operator's account, lets `body` change it, writes it back: one transaction.
    static func change(_ id: OperatorID, in center: CenterDirectory,
                       _ body: (inout SignInPolicy.Account, StoreTransaction) throws -> Void) throws(AppError) {
        do {
            try center.store.write { tx in
                guard var account = try tx.account(id) else { throw StoreError.unknownOperator(id) }
                try body(&account, tx)
                try tx.update(account)
            }
        } catch { throw .store(error) }
    }

    static func operatorID(_ text: String) throws(AppError) -> OperatorID {
        do { return try OperatorID(text) } catch { throw .invalid(error.description) }
    }

    /// Asked twice without echo on a terminal; one line of standard input for scripts.
    static func newHash(fromStandardInput: Bool) throws(AppError) -> PasswordHash {
        let password: String
        if fromStandardInput {
            guard let line = readLine(strippingNewline: true) else { throw .invalid("no password on standard input") }
            password = line
        } else {
            guard isatty(STDIN_FILENO) == 1 else { throw .invalid("not a terminal: give the password with --password-stdin") }
            let first = String(cString: getpass("Password: "))
            let second = String(cString: getpass("Again: "))
            guard first == second else { throw .invalid("the two passwords differ") }
            password = first
        }
        do { return try PasswordHash(password: password) } catch { throw .invalid(error.description) }
    }
}
