import ArgumentParser
import Foundation
import ShubbakExchange

struct SigningKeys: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Signify keys for the exchange with the central office.", subcommands: [Generate.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new signify key pair, as `signify-openbsd -G -n` does (the secret file has mode 0600).")

        @Option(help: "Where to write the secret key.")
        var secret: String

        @Option(name: .customLong("public"), help: "Where to write the public key.")
        var publicKey: String

        @Option(help: "The keys' comment: the files say \"COMMENT secret key\" and \"COMMENT public key\".")
        var comment = "signify"

        func run() throws {
            let secretURL = URL(fileURLWithPath: secret), publicURL = URL(fileURLWithPath: publicKey)
            guard secretURL.standardizedFileURL != publicURL.standardizedFileURL else {
                throw AppError.invalid("--secret and --public name the same file")
            }
            for url in [secretURL, publicURL] where FileManager.default.fileExists(atPath: url.path) {
                throw AppError.invalid("\(url.path) exists already; nothing was written (a key is never replaced)")
            }
            do throws(SignifyError) {
                let pair = try SignifyKeyPair.generate(comment: comment)
                try pair.secretKey.write(to: secretURL)
                do throws(SignifyError) {
                    try pair.publicKey.write(to: publicURL)
                } catch {
                    // A secret without its public half is of no use and must not be left behind.
                    try? FileManager.default.removeItem(at: secretURL)
                    throw error
                }
            } catch {
                throw AppError.io(error.description)
            }
            print("secret key: \(secretURL.path) (mode 0600, keep it private)")
            print("public key: \(publicURL.path)")
        }
    }
}
