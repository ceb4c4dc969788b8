import ArgumentParser
import Foundation
import ShubbakCore
import ShubbakScreens
import ShubbakStore
import ShubbakTerminal

struct Claim: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Claim a request for an operator (the next due one when no id is given); print what was claimed.")

    @Option(name: .customLong("operator"), help: "The operator's id, such as op-07.")
    var operatorID: String

    @Argument(help: "The request to claim.")
    var request: String?

    @Option(help: "Claim up to this many of the next due requests, one after another.")
    var count = 1

    @OptionGroup var options: CenterOptions

    func run() throws {
        let actor: OperatorID
        do { actor = try OperatorID(operatorID) } catch { throw AppError.invalid(error.description) }
        let center = try options.center()
        do {
            // Only someone who can sign in at this center may hold a request, as at the counter.
            guard let account = try center.store.read({ try $0.account(actor) }) else {
                throw AppError.invalid("\(StoreError.unknownOperator(actor).description): add the operator with `shubbak user add \(actor) --role operator` first")
            }
            let catalog = Catalog.of(Language(rawValue: center.config.language) ?? .arabic, calendar: center.calendar)
            guard !account.disabled else { throw AppError.invalid("\(actor): \(catalog[.signInDisabled])") }
            if let request {
                let id: RequestID
                do { id = try RequestID(request) } catch { throw AppError.invalid(error.description) }
                let event = try center.store.perform(.claim, on: id, by: actor, at: Date(), lifecycle: center.lifecycle)
                print("\(event.request) claimed by \(actor) (event \(event.id))")
                return
            }
            for _ in 0..<max(count, 0) {
                guard let event = try center.store.claimNext(by: actor, at: Date(), lifecycle: center.lifecycle) else { break }
                print("\(event.request) claimed by \(actor) (event \(event.id))")
            }
        } catch let error as StoreError {
            throw AppError.store(error)
        }
    }
}
