import Foundation
import Testing

/// Issue 17 item 2: one center, many counters. Two Unix accounts of the center's group each claim
/// requests at their own terminal against the same database; an account outside the group is
/// refused by the file system, and a file opened to every account is refused by shubbak.
@Suite(.serialized) struct GroupSharingTests {
    static let group = "shubbak-test"
    static let members = ["shubbak-c1", "shubbak-c2"]
    static let outsider = "shubbak-out"

    /// Runs `command` as root; the accounts and the group are made once per machine.
    @discardableResult
    static func root(_ command: String) -> Int32 { system(command + " >/dev/null 2>&1") }

    static func makeAccounts() {
        root("getent group \(group) || groupadd \(group)")
        for account in members + [outsider] { root("id \(account) || useradd -M -s /bin/sh \(account)") }
        for account in members { root("usermod -aG \(group) \(account)") }
    }

    /// `shubbak` as `account`, from a copy of the binary every account can run.
    static func run(as account: String, _ binary: String, _ arguments: [String], input: String? = nil) throws -> Shubbak.Output {
        try Shubbak.run(["-u", account, "--", binary] + arguments, input: input, executable: URL(fileURLWithPath: "/usr/sbin/runuser"))
    }

    @Test(.enabled(if: getuid() == 0, "makes Unix accounts and a group: run as root, as CI does"))
    func twoAccountsOfTheGroupClaimOnOneCenterAndOthersAreRefused() throws {
        Self.makeAccounts()
        // A binary and a data directory outside the build folder and the test's own, which other accounts may not traverse.
        let shared = "/tmp/shubbak-group-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        defer { try? FileManager.default.removeItem(atPath: shared) }
        let binary = "\(shared)/shubbak"
        try FileManager.default.copyItem(atPath: Shubbak.binary.path, toPath: binary)
        let data = "\(shared)/center"
        let made = try Shubbak.run(["init", "--center", "HMA-01", "--group", Self.group, "--data", data,
                                    "--central-key", CrashTests.samples.appendingPathComponent("keys/central-test.pub").path])
        #expect(made.status == 0, "\(made.stderr)")
        // The group owns everything; the signing key is the group's to read, nobody's to write.
        var info = stat()
        #expect(stat(data, &info) == 0 && info.st_mode & 0o7777 == 0o2770)
        #expect(stat("\(data)/keys/HMA-01.sec", &info) == 0 && info.st_mode & 0o777 == 0o640)
        #expect(stat("\(data)/center.sqlite", &info) == 0 && info.st_mode & 0o777 == 0o660 && info.st_gid == getgrnam(Self.group).pointee.gr_gid)
        for seq in 1...2 {
            let name = String(format: "CENTRAL_HMA-01_%08d.jsonl.sig", seq)
            try FileManager.default.copyItem(atPath: CrashTests.samples.appendingPathComponent(name).path, toPath: "\(data)/inbox/\(name)")
        }
        // A member imports, both add their operators and claim, the other exports: each writes the same database.
        let imported = try Self.run(as: Self.members[0], binary, ["import", "--data", data])
        #expect(imported.status == 0, "\(imported.stderr)")
        for (account, id) in zip(Self.members, ["op-01", "op-02"]) {
            #expect(try Self.run(as: account, binary, ["user", "add", id, "--password-stdin", "--data", data], input: "shubbak\n").status == 0)
            let claimed = try Self.run(as: account, binary, ["claim", "--operator", id, "--count", "2", "--data", data])
            #expect(claimed.status == 0, "\(account): \(claimed.stderr)")
        }
        #expect(try sqlite(data, "SELECT group_concat(holder || ':' || n) FROM (SELECT holder, COUNT(*) AS n FROM request WHERE holder IS NOT NULL GROUP BY holder ORDER BY holder)")
                == "op-01:2,op-02:2")
        let exported = try Self.run(as: Self.members[1], binary, ["export", "--data", data])
        #expect(exported.status == 0, "\(exported.stderr)")

        // Outside the group: the file system says no, and shubbak says why.
        let outside = try Self.run(as: Self.outsider, binary, ["queue", "--data", data])
        #expect(outside.status != 0 && outside.stderr.contains("may not open") && outside.stderr.contains("group"), "\(outside.stderr)")
        #expect(Self.root("/usr/sbin/runuser -u \(Self.outsider) -- cat \(data)/center.sqlite") != 0)
        // A file of it opened to others (an editor writing config.toml 0644) is still out of their reach…
        chmod("\(data)/config.toml", 0o664)
        #expect(Self.root("/usr/sbin/runuser -u \(Self.outsider) -- cat \(data)/config.toml") != 0)
        #expect(try Self.run(as: Self.members[0], binary, ["queue", "--data", data]).status == 0)
        // …but the center's directory opened to every account is refused, and nothing is read.
        chmod(data, 0o2775)
        let open = try Self.run(as: Self.members[0], binary, ["queue", "--data", data])
        #expect(open.status != 0 && open.stderr.contains("chmod o-rwx \(data)"), "\(open.stderr)")
    }
}
