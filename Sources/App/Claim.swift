import ArgumentParser
import Foundation
import ShubbakCore
import ShubbakStore

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
