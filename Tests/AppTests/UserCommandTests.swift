import Foundation
import Testing

/// `shubbak user …` as a supervisor's script would run it.
@Suite struct UserCommandTests {
    func run(_ arguments: [String], input: String) throws -> Shubbak.Output { try Shubbak.run(arguments, input: input) }

    @Test func addListDisableAndChangeAPassword() throws {
        let data = Shubbak.temporaryFolder()
        #expect(try Shubbak.run(["init", "--center", "ALP-01", "--data", data]).status == 0)
        let nobody = try Shubbak.run(["open", "--data", data])
        #expect(nobody.status != 0 && nobody.stderr.contains("add an operator with `shubbak user add ID --role admin`"))
        let added = try run(["user", "add", "op-07", "--role", "supervisor", "--name", "هالة", "--password-stdin", "--data", data],
                            input: "a-long-secret\n")
        #expect(added.status == 0)
        #expect(added.stdout.contains("operator op-07 added (supervisor)"))
        let again = try run(["user", "add", "op-07", "--password-stdin", "--data", data], input: "another-secret\n")
        #expect(again.status != 0 && again.stderr.contains("operator op-07 exists already"))
        let short = try run(["user", "add", "op-08", "--password-stdin", "--data", data], input: "123\n")
        #expect(short.status != 0 && short.stderr.contains("at least 6 characters"))
        let role = try run(["user", "add", "op-09", "--role", "boss", "--password-stdin", "--data", data], input: "a-long-secret\n")
        #expect(role.status != 0 && role.stderr.contains("--role takes operator, supervisor or admin"))
        // Without a terminal and without --password-stdin nothing is added.
        let noTerminal = try run(["user", "add", "op-10", "--data", data], input: "")
        #expect(noTerminal.status != 0 && noTerminal.stderr.contains("--password-stdin"))
        #expect(try run(["user", "disable", "op-07", "--data", data], input: "").status == 0)
        let listed = try Shubbak.run(["user", "list", "--data", data])
        #expect(listed.stdout.contains("op-07") && listed.stdout.contains("supervisor") && listed.stdout.contains("disabled"))
        #expect(!listed.stdout.contains("op-08"))
        let changed = try run(["user", "passwd", "op-07", "--password-stdin", "--data", data], input: "a-new-secret\n")
        #expect(changed.status == 0 && changed.stdout.contains("password of op-07 changed"))
        let hash = try sqlite(data, "SELECT password_hash FROM operator WHERE id = 'op-07'")
        #expect(hash.hasPrefix("scrypt$15$8$1$") && !hash.contains("a-new-secret"))
    }
}

/// `shubbak report --format pdf`: the supervisor's day on paper.
@Suite struct ReportPaperTests {
    @Test func theDaysReportIsAnA4PaperWithTheCenterAndTheFigures() throws {
        let data = try Shubbak.demoCenter(requests: 30)
        #expect(try Shubbak.run(["claim", "--operator", "op-02", "--count", "2", "--data", data]).status == 0)
        // Today in Damascus (UTC+3 all year).
        let today = String(ISO8601DateFormatter().string(from: Date().addingTimeInterval(3 * 3_600)).prefix(10))
        let paper = "\(data)/report.pdf"
        let made = try Shubbak.run(["report", "--data", data, "--from", today, "--format", "pdf", "--output", paper, "--lang", "en"])
        #expect(made.status == 0 && made.stdout.contains(paper))
        let info = try runTool("/usr/bin/pdfinfo", [paper]).output
        #expect(info.contains("x 841.89 pts (A4)"))
        #expect(info.contains("Title:           Throughput report — \(today)\n"))
        let text = try runTool("/usr/bin/pdftotext", [paper, "-"]).output
        #expect(text.contains("HMA-01"))
        #expect(text.contains("Throughput report"))
        #expect(text.contains(today))
        #expect(text.contains("op-02"))
        let missing = try Shubbak.run(["report", "--data", data, "--from", "2026-13-01", "--format", "pdf"])
        #expect(missing.status != 0 && missing.stderr.contains("YYYY-MM-DD"))
    }
}
