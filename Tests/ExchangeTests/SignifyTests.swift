import Foundation
import Testing

@testable import ShubbakExchange

/// `shared/` sits beside the package root (…/Tests/ExchangeTests/this file → root → ../shared).
private let samples = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/samples")
private let keys = samples.appendingPathComponent("keys")
private let signifyTool = URL(fileURLWithPath: "/usr/bin/signify-openbsd")

private func sample(_ name: String) throws -> Data {
    try Data(contentsOf: samples.appendingPathComponent(name))
}

private func key(_ name: String) throws -> Data {
    try Data(contentsOf: keys.appendingPathComponent(name))
}

private func centralKey() throws -> SignifyPublicKey {
    try SignifyPublicKey(fileContents: key("central-test.pub"))
}

/// Runs the real signify; returns its exit status and what it wrote on stderr.
private func signify(_ arguments: [String]) throws -> (status: Int32, errors: String) {
    let process = Process()
    process.executableURL = signifyTool
    process.arguments = arguments
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
}

private func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("signify-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

/// Replaces the base64 line of a signify file with `transform` applied to its decoded bytes.
private func rewritingPayload(of file: Data, _ transform: (inout [UInt8]) -> Void) throws -> Data {
    let lines = file.split(separator: UInt8(ascii: "\n"), maxSplits: 2, omittingEmptySubsequences: false)
    var payload = try #require(Data(base64Encoded: Data(lines[1]))).map { $0 }
    transform(&payload)
    var result = Data(lines[0])
    result.append(UInt8(ascii: "\n"))
    result.append(Data(payload).base64EncodedData())
    result.append(UInt8(ascii: "\n"))
    if lines.count > 2 { result.append(Data(lines[2])) }
    return result
}

@Suite("signify keys")
struct SignifyKeyTests {
    @Test func parsesTheSampleKeysAndWritesThemBackByteForByte() throws {
        for name in ["central-test", "HMA-01-test"] {
            let publicBytes = try key("\(name).pub")
            let secretBytes = try key("\(name).sec")
            let publicKey = try SignifyPublicKey(fileContents: publicBytes)
            let secretKey = try SignifySecretKey(fileContents: secretBytes)
            #expect(publicKey.keyNumber == secretKey.keyNumber)
            #expect(secretKey.publicKey(comment: publicKey.comment) == publicKey)
            #expect(publicKey.comment.hasSuffix("TEST ONLY public key"))
            #expect(try publicKey.fileContents() == publicBytes)
            #expect(try secretKey.fileContents() == secretBytes)
        }
        #expect(try centralKey().keyNumber != SignifyPublicKey(fileContents: key("HMA-01-test.pub")).keyNumber)
    }

    @Test func refusesAPassphraseProtectedSecretKey() throws {
        let encrypted = try rewritingPayload(of: key("HMA-01-test.sec")) { $0[4..<8] = [0, 0, 0, 42] }
        #expect(throws: SignifyError.passphraseProtected(rounds: 42)) {
            try SignifySecretKey(fileContents: encrypted)
        }
        #expect(SignifyError.passphraseProtected(rounds: 42).description.contains("passphrase"))
    }

    @Test func refusesASecretKeyWhoseChecksumDoesNotMatch() throws {
        let damaged = try rewritingPayload(of: key("HMA-01-test.sec")) { $0[50] ^= 1 }
        #expect(throws: SignifyError.checksumMismatch) { try SignifySecretKey(fileContents: damaged) }
    }

    @Test func refusesKeysOfTheWrongShape() throws {
        #expect(throws: SignifyError.wrongLength(what: "public key", expected: 42, actual: 104)) {
            try SignifyPublicKey(fileContents: key("HMA-01-test.sec"))
        }
        #expect(throws: SignifyError.notSignifyFile(reason: "the first line does not start with \"untrusted comment: \"")) {
            try SignifyPublicKey(fileContents: Data("ssh-ed25519 AAAA\n".utf8))
        }
        var trailing = try key("HMA-01-test.pub")
        trailing.append(contentsOf: "more\n".utf8)
        #expect(throws: SignifyError.notSignifyFile(reason: "a key file has text after its second line")) {
            try SignifyPublicKey(fileContents: trailing)
        }
    }

    @Test func generatedKeysRoundTripAndDiffer() throws {
        let pair = try SignifyKeyPair.generate(comment: "HMA-01")
        let other = try SignifyKeyPair.generate(comment: "HMA-01")
        #expect(pair.publicKey.keyNumber != other.publicKey.keyNumber)
        #expect(pair.publicKey.comment == "HMA-01 public key")
        #expect(pair.secretKey.comment == "HMA-01 secret key")
        let publicFile = try pair.publicKey.fileContents()
        let secretFile = try pair.secretKey.fileContents()
        #expect(try SignifyPublicKey(fileContents: publicFile) == pair.publicKey)
        #expect(try SignifySecretKey(fileContents: secretFile).fileContents() == secretFile)
        #expect(secretFile.count == "untrusted comment: HMA-01 secret key\n".utf8.count + 140 + 1)
    }

    @Test func secretKeyFilesAreCreatedOwnerOnlyAndNeverReplaced() throws {
        try withTemporaryDirectory { directory in
            let pair = try SignifyKeyPair.generate(comment: "test")
            let secretURL = directory.appendingPathComponent("test.sec")
            let publicURL = directory.appendingPathComponent("test.pub")
            try pair.write(publicKeyTo: publicURL, secretKeyTo: secretURL)
            let mode = try #require(
                FileManager.default.attributesOfItem(atPath: secretURL.path)[.posixPermissions] as? Int)
            #expect(mode == 0o600)
            try SignifySecretKey.checkPermissions(ofFileAt: secretURL)
            #expect(try SignifySecretKey(contentsOf: secretURL).fileContents() == pair.secretKey.fileContents())
            #expect(try SignifyPublicKey(contentsOf: publicURL) == pair.publicKey)
            #expect(throws: SignifyError.fileExists(path: secretURL.path)) { try pair.secretKey.write(to: secretURL) }
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            #expect(Set(leftovers) == ["test.sec", "test.pub"])
        }
    }

    @Test func permissionCheckRefusesAKeyOthersCanRead() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("open.sec")
            try key("HMA-01-test.sec").write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
            #expect(throws: SignifyError.insecurePermissions(path: url.path, mode: 0o644)) {
                try SignifySecretKey.checkPermissions(ofFileAt: url)
            }
            #expect(throws: SignifyError.insecurePermissions(path: url.path, mode: 0o644)) {
                try SignifySecretKey(contentsOf: url)
            }
            #expect(SignifyError.insecurePermissions(path: url.path, mode: 0o644).description.contains("644"))
        }
    }
}

@Suite("signify embedded signatures")
struct SignedMessageTests {
    @Test(arguments: ["CENTRAL_HMA-01_00000001.jsonl.sig", "CENTRAL_HMA-01_00000002.jsonl.sig"])
    func verifiesTheSampleBundles(name: String) throws {
        let url = samples.appendingPathComponent(name)
        let verified = try SignedMessage(verifyingContentsOf: url, with: centralKey())
        #expect(verified.comment == "verify with central.pub")
        #expect(verified.message.starts(with: Data("{\"type\": \"header\"".utf8)))
        #expect(verified.message.startIndex == verified.messageOffset)
        let lines = verified.fileContents.split(separator: UInt8(ascii: "\n"), maxSplits: 2)
        #expect(verified.messageOffset == lines[0].count + lines[1].count + 2)
        try withTemporaryDirectory { directory in
            let out = directory.appendingPathComponent("out.jsonl")
            let result = try signify(["-V", "-e", "-p", keys.appendingPathComponent("central-test.pub").path,
                                      "-x", url.path, "-m", out.path])
            #expect(result.status == 0, "\(result.errors)")
            #expect(try Data(contentsOf: out) == verified.message)
        }
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        #expect(try SignedMessage(verifying: handle, with: centralKey()).message == verified.message)
    }

    @Test func aTamperedMessageByteFails() throws {
        var file = try sample("CENTRAL_HMA-01_00000002.jsonl.sig")
        file[file.count - 2] ^= 0x20
        #expect(throws: SignifyError.badSignature) { try SignedMessage(verifying: file, with: centralKey()) }
    }

    @Test func aTamperedSignatureByteFails() throws {
        let file = try rewritingPayload(of: sample("CENTRAL_HMA-01_00000002.jsonl.sig")) { $0[40] ^= 1 }
        #expect(throws: SignifyError.badSignature) { try SignedMessage(verifying: file, with: centralKey()) }
    }

    @Test func theWrongKeyIsNamedByKeyNumber() throws {
        let wrong = try SignifyPublicKey(fileContents: key("HMA-01-test.pub"))
        let expected = SignifyError.wrongKeyNumber(signedWith: try centralKey().keyNumber, expected: wrong.keyNumber)
        #expect(throws: expected) {
            try SignedMessage(verifying: sample("CENTRAL_HMA-01_00000001.jsonl.sig"), with: wrong)
        }
        #expect(throws: expected) {
            try SignedMessage(verifyingContentsOf: samples.appendingPathComponent("CENTRAL_HMA-01_00000001.jsonl.sig"), with: wrong)
        }
        #expect(expected.description.contains(wrong.keyNumber.description))
        #expect(expected.description.contains(try centralKey().keyNumber.description))
    }

    @Test func truncatedFilesFail() throws {
        let file = try sample("CENTRAL_HMA-01_00000002.jsonl.sig")
        #expect(throws: SignifyError.truncated(missing: "the untrusted comment line")) {
            try SignedMessage(verifying: Data(), with: centralKey())
        }
        #expect(throws: SignifyError.truncated(missing: "the end of the comment line")) {
            try SignedMessage(verifying: file.prefix(20), with: centralKey())
        }
        #expect(throws: SignifyError.truncated(missing: "the end of the base64 line")) {
            try SignedMessage(verifying: file.prefix(60), with: centralKey())
        }
        #expect(throws: SignifyError.badSignature) {
            try SignedMessage(verifying: file.prefix(file.count - 100), with: centralKey())
        }
    }

    @Test func headerLinesAreBounded() throws {
        var longComment = Data("untrusted comment: ".utf8)
        longComment.append(Data(repeating: UInt8(ascii: "a"), count: 5000))
        #expect(throws: SignifyError.lineTooLong(line: 1, limit: 1042)) {
            try SignedMessage(verifying: longComment, with: centralKey())
        }
        var longSignature = Data("untrusted comment: x\n".utf8)
        longSignature.append(Data(repeating: UInt8(ascii: "A"), count: 5000))
        #expect(throws: SignifyError.lineTooLong(line: 2, limit: 1024)) {
            try SignedMessage(verifying: longSignature, with: centralKey())
        }
        #expect(throws: SignifyError.notSignifyFile(reason: "the first line does not start with \"untrusted comment: \"")) {
            try SignedMessage(verifying: Data("{\"type\":\"header\"}\n".utf8), with: centralKey())
        }
    }

    @Test func aFileOverTheSizeLimitIsRefused() throws {
        let url = samples.appendingPathComponent("CENTRAL_HMA-01_00000002.jsonl.sig")
        let headerSize = "untrusted comment: verify with central.pub\n".utf8.count + 101
        #expect(throws: SignifyError.tooLarge(limit: headerSize + 1000)) {
            try SignedMessage(verifyingContentsOf: url, with: centralKey(), maximumMessageSize: 1000)
        }
        #expect(throws: SignifyError.tooLarge(limit: headerSize + 10)) {
            try SignedMessage(verifyingContentsOf: url, with: centralKey(), maximumMessageSize: 10)
        }
        let size = try sample("CENTRAL_HMA-01_00000002.jsonl.sig").count
        let exact = try SignedMessage(verifyingContentsOf: url, with: centralKey(), maximumMessageSize: size - headerSize)
        #expect(exact.fileContents.count == size)
    }

    @Test func ourSignatureIsByteIdenticalToSignifysAndVerifiesWithIt() throws {
        let secretKey = try SignifySecretKey(fileContents: key("HMA-01-test.sec"))
        let message = Data("{\"type\":\"ack\",\"seq\":41}\nسلام\n".utf8)
        let ours = try SignedMessage.sign(message: message, with: secretKey, comment: "verify with HMA-01-test.pub")
        try withTemporaryDirectory { directory in
            let messageURL = directory.appendingPathComponent("msg")
            let theirsURL = directory.appendingPathComponent("theirs.sig")
            let oursURL = directory.appendingPathComponent("ours.sig")
            let outURL = directory.appendingPathComponent("out")
            try message.write(to: messageURL)
            try ours.write(to: oursURL)
            let signed = try signify(["-S", "-e", "-s", keys.appendingPathComponent("HMA-01-test.sec").path,
                                      "-m", messageURL.path, "-x", theirsURL.path])
            #expect(signed.status == 0, "\(signed.errors)")
            #expect(try Data(contentsOf: theirsURL) == ours)
            let verified = try signify(["-V", "-e", "-p", keys.appendingPathComponent("HMA-01-test.pub").path,
                                        "-x", oursURL.path, "-m", outURL.path])
            #expect(verified.status == 0, "\(verified.errors)")
            #expect(try Data(contentsOf: outURL) == message)
        }
        let publicKey = try SignifyPublicKey(fileContents: key("HMA-01-test.pub"))
        #expect(try SignedMessage(verifying: ours, with: publicKey).message == message)
    }

    @Test func generatedKeysWorkWithSignifyBothWays() throws {
        try withTemporaryDirectory { directory in
            let pair = try SignifyKeyPair.generate(comment: "generated")
            let secretURL = directory.appendingPathComponent("generated.sec")
            let publicURL = directory.appendingPathComponent("generated.pub")
            try pair.write(publicKeyTo: publicURL, secretKeyTo: secretURL)
            let message = Data("line one\nline two\n".utf8)
            let messageURL = directory.appendingPathComponent("msg")
            try message.write(to: messageURL)

            let theirsURL = directory.appendingPathComponent("theirs.sig")
            let signed = try signify(["-S", "-e", "-s", secretURL.path, "-m", messageURL.path, "-x", theirsURL.path])
            #expect(signed.status == 0, "\(signed.errors)")
            let verified = try SignedMessage(verifyingContentsOf: theirsURL, with: pair.publicKey)
            #expect(verified.message == message)
            #expect(verified.comment == "verify with generated.pub")

            let oursURL = directory.appendingPathComponent("ours.sig")
            try SignedMessage.sign(message: message, with: pair.secretKey, comment: "from shubbak").write(to: oursURL)
            let outURL = directory.appendingPathComponent("out")
            let checked = try signify(["-V", "-e", "-p", publicURL.path, "-x", oursURL.path, "-m", outURL.path])
            #expect(checked.status == 0, "\(checked.errors)")
            #expect(try Data(contentsOf: outURL) == message)

            let otherPublic = try SignifyKeyPair.generate().publicKey
            let otherURL = directory.appendingPathComponent("other.pub")
            try otherPublic.write(to: otherURL)
            let refused = try signify(["-V", "-e", "-p", otherURL.path, "-x", oursURL.path, "-m", outURL.path])
            #expect(refused.status != 0)
        }
    }
}
