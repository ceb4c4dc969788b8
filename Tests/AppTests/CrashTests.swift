import Foundation
import Testing
import ShubbakExchange

/// `shubbak import` killed with SIGKILL at random moments leaves all of a bundle or none of it.
@Suite(.serialized) struct CrashTests {
    static let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/samples")

    static let requestCount = 1_000

    /// A bundle of catalog, persons and requests, signed with the central office's TEST-ONLY key.
    static func bigBundle(requests: Int = requestCount, seq: Int = 1, firstSerial: Int = 1) throws -> Data {
        var lines = [
            #"{"type":"stamp","code":"REVENUE","name":{"ar":"طابع مالي","en":"Revenue stamp"}}"#,
            #"{"type":"service","code":"CIVIL-EXTRACT","name":{"ar":"إخراج قيد فردي","en":"Extract"},"speed":"fast","fee":2000,"sla_hours":48,"stamps":["REVENUE"],"active":true}"#,
        ]
        let name = #"{"first":"محمد","father":"أحمد","mother":"فاطمة","last":"الحسين"}"#
        for serial in firstSerial..<(firstSerial + requests) {
            let number = String(format: "0501%07d", serial)
            lines.append(#"{"type":"person","national_no":"\#(number)","name":\#(name),"birth_date":"1990-04-12","birth_place":"حماة","gender":"M","registry":"حماة - 1","status":"alive","updated_at":"2026-11-20T08:00:00Z"}"#)
            lines.append(#"{"type":"request","id":"CSC-2026-\#(String(format: "%08d", serial))","service":"CIVIL-EXTRACT","submitted_at":"2026-11-21T18:03:11Z","applicant":{"national_no":"\#(number)","name":\#(name),"phone":"+963933123456"},"subject":{"national_no":"\#(number)","name":\#(name),"birth_date":"1990-04-12","birth_place":"حماة"},"delivery":{"method":"center","center":"HMA-01"},"payment":{"amount":2000,"channel":"fawateer","ref":"PAY-\#(serial)","paid_at":"2026-11-21T18:04:02Z"}}"#)
        }
        var text = #"{"type":"header","format":"shubbak-exchange","version":1,"from":"CENTRAL","to":"HMA-01","seq":\#(seq),"created_at":"2026-11-22T09:00:00Z","records":\#(lines.count)}"# + "\n"
        for line in lines { text += line + "\n" }
        let key = try SignifySecretKey(fileContents: Data(contentsOf: samples.appendingPathComponent("keys/central-test.sec")))
        return try SignedMessage.sign(message: Data(text.utf8), with: key, comment: "verify with central.pub")
    }

    @Test func fiftyRandomKillsLeaveAllOrNothing() throws {
        let bundle = try Self.bigBundle()
        var generator = SystemRandomNumberGenerator()
        var outcomes: [String: Int] = [:]
        for run in 1...50 {
            let data = Shubbak.temporaryFolder()
            #expect(try Shubbak.run(["init", "--center", "HMA-01", "--data", data,
                                     "--central-key", Self.samples.appendingPathComponent("keys/central-test.pub").path]).status == 0)
            try bundle.write(to: URL(fileURLWithPath: "\(data)/inbox/CENTRAL_HMA-01_00000001.jsonl.sig"))
            let started = try Shubbak.start(["import", "--data", data])
            usleep(UInt32.random(in: 0...400_000, using: &generator))
            kill(started.0.processIdentifier, SIGKILL)
            _ = Shubbak.finish(started)

            let count = try Shubbak.run(["queue", "--json", "--limit", "1000000", "--data", data]).stdout
                .split(separator: "\n").count
            #expect(count == 0 || count == Self.requestCount, "run \(run): \(count) requests applied")
            outcomes[count == 0 ? "none" : "all", default: 0] += 1
            let integrity = try sqlite(data, "PRAGMA integrity_check;")
            #expect(integrity == "ok", "run \(run)")
            #expect(try Shubbak.run(["audit", "verify", "--data", data]).status == 0, "run \(run)")
            // Whatever the kill left, the next import finishes the job exactly once.
            #expect(try Shubbak.run(["import", "--data", data]).status == 0)
            #expect(try Shubbak.run(["queue", "--json", "--limit", "1000000", "--data", data]).stdout.split(separator: "\n").count
                    == Self.requestCount, "run \(run)")
            try? FileManager.default.removeItem(atPath: data)
        }
        // Both sides were hit: the kills fell before and after the commit.
        #expect(outcomes["none", default: 0] > 0)
    }
}
