import Foundation
import Testing
@testable import ShubbakCore

@Suite struct ValidationTests {
    @Test(arguments: ["05010012345", "00000000000"])
    func nationalNumbersOfElevenDigits(text: String) throws {
        #expect(try NationalNumber(text).digits == text)
    }

    @Test(arguments: ["0501001234", "050100123456", "0501001234a", "٠٥٠١٠٠١٢٣٤٥", " 5010012345", ""])
    func badNationalNumbers(text: String) {
        #expect(throws: ValidationError.nationalNumber(text)) { try NationalNumber(text) }
    }

    @Test func s10CheckDigitFromTheUPUExample() throws {
        #expect(TrackingNumber.checkDigit(serial: [4, 7, 3, 1, 2, 4, 8, 2]) == 9)
        #expect(try TrackingNumber("RR473124829SY").rawValue == "RR473124829SY")
        #expect(try TrackingNumber(service: "RR", serial: 47_312_482).rawValue == "RR473124829SY")
        #expect(throws: ValidationError.self) { try TrackingNumber("RR473124828SY") }
        #expect(throws: ValidationError.self) { try TrackingNumber("RR473124829GB") }
        #expect(throws: ValidationError.self) { try TrackingNumber("rr473124829SY") }
    }

    @Test func s10CheckDigitsTenAndElevenMapToZeroAndFive() {
        // sum mod 11 = 1 → 10 → 0; sum mod 11 = 0 → 11 → 5.
        #expect(TrackingNumber.checkDigit(serial: [0, 0, 0, 0, 0, 0, 0, 0]) == 5)
        #expect(TrackingNumber.checkDigit(serial: [0, 0, 0, 0, 0, 0, 0, 3]) == 1) // 21 mod 11 = 10 → 11 − 10 = 1
        #expect(TrackingNumber.checkDigit(serial: [0, 0, 0, 0, 0, 0, 0, 8]) == 0) // 56 mod 11 = 1 → 10 → 0
    }

    @Test func partyIDs() throws {
        #expect(try PartyID("HMA-01").isCenter)
        #expect(try PartyID("CENTRAL").isCenter == false)
        for bad in ["hma-01", "HMA01", "HMA-1", "HMAA-01", "CENTRAL ", ""] {
            #expect(throws: ValidationError.partyID(bad)) { try PartyID(bad) }
        }
    }

    /// The shortcut that skips normalising must never call a text NFC that normalising would change.
    @Test(arguments: ["محمد الحسين", "Hama 12/b", "café", "e\u{301}", "\u{0627}\u{0653}", "\u{064A}\u{0654}", "ﻻ", "آمنة",
                      "\u{0648}\u{0654}", "Å", "A\u{30A}", "\u{1100}\u{1161}"])
    func theNFCShortcutAgreesWithNormalisation(text: String) {
        let normalised = text.unicodeScalars.elementsEqual(text.precomposedStringWithCanonicalMapping.unicodeScalars)
        if TextRules.isPlainlyNFC(text) { #expect(normalised) }
        let accepted = (try? TextRules.check(text, field: "f")) != nil
        #expect(accepted == normalised)
    }

    @Test func textRulesRefuseControlsBidiControlsAndNonNFC() {
        #expect(throws: ValidationError.controlCharacter(field: "name", scalar: 0x1B)) { try TextRules.check("a\u{1B}[2J", field: "name") }
        #expect(throws: ValidationError.controlCharacter(field: "name", scalar: 0x85)) { try TextRules.check("a\u{85}", field: "name") }
        #expect(throws: ValidationError.bidiControl(field: "name", scalar: 0x202E)) { try TextRules.check("\u{202E}محمد", field: "name") }
        #expect(throws: ValidationError.bidiControl(field: "name", scalar: 0x061C)) { try TextRules.check("م\u{061C}", field: "name") }
        #expect(throws: ValidationError.notNFC(field: "name")) { try TextRules.check("\u{0627}\u{0653}منة", field: "name") }
        #expect(throws: ValidationError.length(field: "name", count: 0, allowed: 1...64)) {
            try TextRules.check("", field: "name", length: TextRules.namePartLength)
        }
        #expect(throws: Never.self) { try TextRules.check("آمنة", field: "name", length: TextRules.namePartLength) }
    }

    @Test func contractTimesRoundTripAndRefuseOffsets() throws {
        let date = try #require(ContractTime.parse("2026-11-22T09:41:07Z"))
        #expect(ContractTime.format(date) == "2026-11-22T09:41:07Z")
        #expect(date.timeIntervalSince1970 == 1_795_340_467)
        #expect(ContractTime.parse("2026-11-22T09:41:07.250Z")?.timeIntervalSince1970 == 1_795_340_467.25)
        for bad in ["2026-11-22T09:41:07+03:00", "2026-11-22 09:41:07Z", "2026-02-30T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T09:41:07z"] {
            #expect(ContractTime.parse(bad) == nil, "\(bad)")
        }
        #expect(ContractTime.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
    }

    @Test func eventLineIsTheContractsShapeAndChains() throws {
        let pending = PendingEvent(request: try RequestID("CSC-2026-00012345"), kind: .rejected,
                                   at: try #require(ContractTime.parse("2026-11-22T09:41:07Z")), actor: try OperatorID("op-07"),
                                   data: EventData(reason: .motherMismatch, fields: ["mother"], note: ""))
        let event = pending.numbered(1234)
        let line = event.line()
        #expect(line == #"{"at":"2026-11-22T09:41:07Z","data":{"fields":["mother"],"note":"","reason":"MOTHER_MISMATCH"},"id":1234,"kind":"rejected","operator":"op-07","request":"CSC-2026-00012345","type":"event"}"#)
        #expect(try Event(line: line) == event)
        let h1 = AuditChain.next(after: AuditChain.genesis, line: line)
        #expect(AuditChain.hex(h1).count == 64)
        #expect(AuditChain.next(after: AuditChain.genesis, line: line + " ") != h1)
    }

    @Test func recordsDecodeFromTheContractsJSON() throws {
        let json = #"{"type":"request","id":"CSC-2026-00012345","service":"CIVIL-EXTRACT","submitted_at":"2026-11-21T18:03:11Z","applicant":{"national_no":"05010012345","name":{"first":"محمد","father":"أحمد","mother":"فاطمة","last":"الحسين"},"phone":"+963933123456"},"subject":{"national_no":"05010012345","name":{"first":"محمد","father":"أحمد","mother":"فاطمة","last":"الحسين"},"birth_date":"1990-04-12","birth_place":"حماة"},"delivery":{"method":"center","center":"HMA-01"},"payment":{"amount":2000,"channel":"syriatel-cash","ref":"PAY-88231","paid_at":"2026-11-21T18:04:02Z"}}"#
        let record = try Wire.makeDecoder().decode(RequestRecord.self, from: Data(json.utf8))
        #expect(record.delivery == .center(try PartyID("HMA-01")))
        #expect(record.subject.birthDate.description == "1990-04-12")
        try record.validate()
        let bad = json.replacingOccurrences(of: "\"05010012345\",\"name\":{\"first\":\"محمد\",\"father\":\"أحمد\",\"mother\":\"فاطمة\",\"last\":\"الحسين\"},\"birth_date\"", with: "\"0501001234X\",\"name\":{\"first\":\"محمد\",\"father\":\"أحمد\",\"mother\":\"فاطمة\",\"last\":\"الحسين\"},\"birth_date\"")
        do {
            _ = try Wire.makeDecoder().decode(RequestRecord.self, from: Data(bad.utf8))
            Issue.record("a bad national number decoded")
        } catch {
            #expect(Wire.explain(error).contains("subject.national_no"))
            #expect(Wire.explain(error).contains("11 ASCII digits"))
        }
    }
}
