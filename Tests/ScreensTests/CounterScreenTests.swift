import Foundation
import Testing
@testable import ShubbakCore
@testable import ShubbakScreens
@testable import ShubbakTerminal

/// What the counter screens are given, built here the way the app would read it from the store.
enum CounterFixture {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)
    static let name = PersonName(first: "محمد", father: "أحمد", mother: "فاطمة", last: "الحسين")

    static func snapshot(_ state: RequestState, method: Delivery.Method = .post, recordName: PersonName = name,
                         applied: [String] = [], person: Bool = true, status: LifeStatus = .alive) throws -> CounterScreen.Snapshot {
        let delivery: Delivery = method == .post
            ? .post(PostalAddress(governorate: "حماة", city: "حماة", area: "الحاضر", street: "شارع العلمين", building: "12", notes: ""))
            : .center(try PartyID("HMA-01"))
        let number = try NationalNumber("05010012345")
        let birth = try CivilDate("1990-04-12")
        let record = RequestRecord(
            id: try RequestID("CSC-2026-00012345"), service: "CIVIL-EXTRACT", submittedAt: t0,
            applicant: Applicant(nationalNo: try NationalNumber("05010099999"), name: name, phone: "+963933123456"),
            subject: Subject(nationalNo: number, name: name, birthDate: birth, birthPlace: "حماة"),
            delivery: delivery, payment: Payment(amount: 2000, channel: "fawateer", ref: "PAY-1", paidAt: t0))
        let service = Service(code: "CIVIL-EXTRACT", name: LocalizedText(ar: "إخراج قيد فردي", en: "Civil-registry extract"),
                              speed: .fast, fee: 2000, slaHours: 48, stamps: ["CENTER", "REVENUE"], active: true)
        let stamps = [Stamp(code: "CENTER", name: LocalizedText(ar: "ختم المركز", en: "Center seal")),
                      Stamp(code: "REVENUE", name: LocalizedText(ar: "طابع مالي", en: "Revenue stamp"))]
        let civil = Person(nationalNo: number, name: recordName, birthDate: birth, birthPlace: "حماة", gender: .male,
                           registry: "حماة - الحاضر - 1", status: status, updatedAt: t0)
        let progress = RequestProgress(state: state, holder: OperatorID(stored: "op-01"), leaseUntil: t0.addingTimeInterval(900),
                                       appliedStamps: applied, copies: state == .claimed || state == .verified ? 0 : 1)
        return CounterScreen.Snapshot(record: record, service: service, stamps: stamps, person: person ? civil : nil, progress: progress)
    }
}

@Suite struct CounterScreenTests {
    let english = Catalog.of(.english)
    let arabic = Catalog.of(.arabic)
    let id = try? RequestID("CSC-2026-00012345")

    func loaded(_ snapshot: CounterScreen.Snapshot) throws -> CounterScreen.State {
        let id = try #require(id)
        return CounterScreen.update(CounterScreen.State(id: id), .loaded(snapshot), catalog: english).0
    }

    func press(_ state: CounterScreen.State, _ keys: Key...) -> (CounterScreen.State, [CounterScreen.Command]) {
        var state = state
        var commands: [CounterScreen.Command] = []
        for key in keys { (state, commands) = CounterScreen.update(state, .key(key), catalog: english) }
        return (state, commands)
    }

    @Test func approvingAnIdenticalRecordVerifiesAtOnce() throws {
        let state = try loaded(try CounterFixture.snapshot(.claimed))
        let (after, commands) = press(state, .function(2))
        #expect(commands == [.perform(try #require(id), .verify(confirmProbable: false))])
        #expect(after.isBusy)
        // Keys are ignored until the app answers.
        #expect(press(after, .function(3)).1.isEmpty)
    }

    @Test func aProbableMatchNeedsAnExplicitConfirmation() throws {
        var probable = CounterFixture.name
        probable.last = "حسين"          // the article left out: probable
        let state = try loaded(try CounterFixture.snapshot(.claimed, recordName: probable))
        var (after, commands) = press(state, .function(2))
        #expect(commands.isEmpty)
        guard case .confirmProbable = after.modal else { Issue.record("no confirmation asked"); return }
        (after, commands) = press(after, .enter)              // Enter on the default button: cancel
        #expect(commands.isEmpty && after.modal == nil)
        (after, commands) = press(after, .function(2), .tab, .enter)
        #expect(commands == [.perform(try #require(id), .verify(confirmProbable: true))])
    }

    @Test func rejectSuggestsTheReasonAndOtherNeedsANote() throws {
        var different = CounterFixture.name
        different.mother = "خديجة"
        let state = try loaded(try CounterFixture.snapshot(.claimed, recordName: different))
        var (after, commands) = press(state, .function(3))
        guard case .rejectReason(let list) = after.modal else { Issue.record("no reasons"); return }
        #expect(list.selectedItem?.english == english.reason(.motherMismatch))
        (after, commands) = press(after, .enter, .char("x"), .enter)
        #expect(commands == [.perform(try #require(id), .reject(.motherMismatch, fields: ["mother"], note: "x"))])
        // OTHER without a note is refused on the screen, with the reason in words.
        var other = press(state, .function(3)).0
        other = press(other, .end, .enter).0
        (after, commands) = press(other, .enter)
        #expect(commands.isEmpty)
        #expect(after.message?.english == english.describe(.lifecycle(.noteRequired)))
    }

    /// Issue 13 item 11: a printed document can still be rejected, and the reason offered is the document's.
    @Test func aPrintedDocumentIsRejectedAsADocumentProblem() throws {
        let printed = try loaded(try CounterFixture.snapshot(.printed))
        #expect(CounterScreen.keys(printed, english).barBindings.map(\.label).contains("Reject"))
        let (after, _) = press(printed, .function(3))
        guard case .rejectReason(let list) = after.modal else { Issue.record("no reasons"); return }
        #expect(list.selectedItem?.english == english.reason(.documentProblem))
    }

    /// Issue 13 item 10: Tab landed on an editable «Fields mother» line and the note was typed there.
    @Test func rejectFieldsAreTickedFromAListAndTheNoteIsItsOwnField() throws {
        var different = CounterFixture.name
        different.mother = "خديجة"
        let state = try loaded(try CounterFixture.snapshot(.claimed, recordName: different))
        var (after, commands) = press(state, .function(3), .enter)
        guard case .rejectNote(_, let details) = after.modal else { Issue.record("no details"); return }
        #expect(details.chosen == [.mother] && details.isInNote, "the differing field ticked, typing goes to the note")
        // Tab to the list, tick «father» (the second), typed letters do not land in the list.
        (after, commands) = press(after, .char("n"), .tab, .down, .char(" "), .char("z"), .tab, .char("o"))
        guard case .rejectNote(_, let edited) = after.modal else { Issue.record("the dialog closed"); return }
        #expect(edited.chosen == [.mother, .father])
        #expect(edited.note.text == "no")
        (after, commands) = press(after, .enter)
        #expect(commands == [.perform(try #require(id), .reject(.motherMismatch, fields: ["father", "mother"], note: "no"))])
        var buffer = Buffer(size: Size(width: 100, height: 30))
        CounterScreen.view(press(state, .function(3), .enter).0, into: &buffer, area: buffer.area, context: .english,
                           catalog: english, now: CounterFixture.t0)
        let lines = buffer.renderedLines()
        #expect(lines.contains { $0.contains("[x] mother") })
        #expect(lines.contains { $0.contains("[ ] father") })
    }

    @Test func aHandOverTakesTheColleagueThenTheNote() throws {
        let state = try loaded(try CounterFixture.snapshot(.claimed))
        var (after, commands) = press(state, .function(5), .scan("op-02"))
        guard case .handOver(let form) = after.modal else { Issue.record("no hand-over form"); return }
        #expect(form.focus == 1 && commands.isEmpty)
        (after, commands) = press(after, .scan("end of my shift"))
        #expect(commands == [.perform(try #require(id), .handOver(to: OperatorID(stored: "op-02"), note: "end of my shift"))])
        // Without a colleague nothing is sent and the field says so.
        (after, commands) = press(state, .function(5), .enter, .enter)
        guard case .handOver(let empty) = after.modal else { Issue.record("the form closed"); return }
        #expect(commands.isEmpty && empty.fields[0].message == "required" && empty.focus == 0)
    }

    @Test func sealWithAStampMissingIsRefusedBeforeAnythingIsSent() throws {
        let state = try loaded(try CounterFixture.snapshot(.stamped, applied: ["CENTER"]))
        let (after, commands) = press(state, .function(2))
        #expect(commands.isEmpty)
        #expect(after.message?.english == "Refused: stamp Revenue stamp not applied yet · F7 Stamps")
        let arabicState = CounterScreen.update(state, .key(.function(2)), catalog: arabic).0
        #expect(arabicState.message?.arabic == "تعذّر: لم توضع الأختام بعد: طابع مالي · F7 الأختام")
    }

    /// Issue 13 item 4: the checklist opened with every stamp ticked, and refusing the إبطال dropped them all.
    @Test func stampsStartUntickedAndARefusedRevenueCancellationKeepsTheTicks() throws {
        let state = try loaded(try CounterFixture.snapshot(.printed))
        var (after, commands) = press(state, .function(7))
        guard case .stamps(let chosen, _) = after.modal else { Issue.record("no checklist"); return }
        #expect(chosen.isEmpty, "a checklist starts unticked")
        // One Enter certifies nothing.
        (after, commands) = press(after, .enter)
        #expect(commands.isEmpty)
        #expect(after.message?.english == english[.chooseStamp])
        guard case .stamps = after.modal else { Issue.record("the checklist closed"); return }
        (after, commands) = press(after, .char(" "), .char(" "), .enter)   // Space ticks and moves on
        guard case .revenueConfirm(_, let dialog) = after.modal else { Issue.record("the revenue stamp was not confirmed"); return }
        #expect(dialog.focus == .cancel)
        // Refusing the إبطال records nothing and goes back to the checklist, both ticks kept.
        (after, commands) = press(after, .enter)
        #expect(commands.isEmpty && after.message?.english == english.describe(.lifecycle(.revenueStampNotCancelled)))
        guard case .stamps(let kept, _) = after.modal else { Issue.record("the ticks were dropped"); return }
        #expect(kept == ["CENTER", "REVENUE"])
        // In English [ Confirm ] is the left-hand button.
        (after, commands) = press(after, .enter, .left, .enter, .char("A"), .char("7"), .enter)
        #expect(commands == [.perform(try #require(id), .stamp(["CENTER", "REVENUE"], revenueCancelled: true, paperSerial: "A7"))])
    }

    /// Issue 13 item 4: a dialog's keys are on its own key bar, and say what Enter does now.
    @Test func anOpenDialogShowsItsOwnKeys() throws {
        let state = try loaded(try CounterFixture.snapshot(.printed))
        var (after, _) = press(state, .function(7))
        let modal = try #require(after.modal)
        #expect(CounterScreen.modalKeys(modal, english).barBindings.map(\.displayName) == ["Space", "Enter", "↑↓", "Esc"])
        (after, _) = press(after, .char(" "), .char(" "), .enter)
        let confirm = try #require(after.modal)
        #expect(CounterScreen.modalKeys(confirm, english).barBindings.map(\.label) == ["Cancel", "Button", "Cancel"])
        (after, _) = press(after, .left)
        #expect(CounterScreen.modalKeys(try #require(after.modal), english).barBindings.first?.label == "Confirm")
    }

    @Test func aBadS10CheckDigitIsRefusedAndAScannedLabelSeals() throws {
        let state = try loaded(try CounterFixture.snapshot(.stamped, applied: ["CENTER", "REVENUE"]))
        var (after, commands) = press(state, .function(2))
        guard case .tracking(let forSeal, _) = after.modal else { Issue.record("no tracking asked"); return }
        #expect(forSeal)
        (after, commands) = press(after, .scan("RR473124828SY"))     // check digit should be 9
        #expect(commands.isEmpty)
        #expect(after.message?.english.hasPrefix("Invalid value") == true)
        (after, commands) = press(after, .scan("RR473124829SY"))
        #expect(commands == [.seal(try #require(id), tracking: try TrackingNumber("RR473124829SY"))])
        let worded = CounterScreen.update(press(state, .function(2)).0, .key(.scan("RR473124828SY")), catalog: arabic).0
        #expect(worded.message?.arabic == "قيمة غير صحيحة: رقم التتبع «RR473124828SY» ليس رقم S10 صحيحاً: حرفان، ثمانية أرقام، رقم التحقق، SY")
    }

    @Test func finalStepsSendTheOperatorBackToTheQueue() throws {
        let state = try loaded(try CounterFixture.snapshot(.stamped, applied: ["CENTER", "REVENUE"]))
        let sealed = CounterScreen.update(state, .done(.sealedForPost(try TrackingNumber("RR473124829SY")), nil), catalog: english).0
        #expect(sealed.finished == .sealedForPost(try TrackingNumber("RR473124829SY")))
        #expect(sealed.message?.english == "Sealed for post RR473124829SY")
        let verified = CounterScreen.update(state, .done(.verified, nil), catalog: english).0
        #expect(verified.finished == nil)
    }

    /// Issue 13 item 9: after a seal for pickup the code flashed on the queue's status line and went.
    @Test func thePickupCodeStaysOnTheCounterUntilTheOperatorMovesOn() throws {
        let state = try loaded(try CounterFixture.snapshot(.stamped, method: .center, applied: ["CENTER", "REVENUE"]))
        let code = try PickupCode("482913")
        var sealed = CounterScreen.update(state, .done(.sealedForPickup(code), nil), catalog: english).0
        #expect(sealed.finished == nil, "the counter stays")
        #expect(CounterScreen.keys(sealed, english).barBindings.map(\.label) == ["Next request", "Back"])
        var buffer = Buffer(size: Size(width: 80, height: 24))
        CounterScreen.view(sealed, into: &buffer, area: buffer.area, context: .arabic, catalog: arabic, now: CounterFixture.t0)
        #expect(buffer.renderedLines().contains { $0.contains("4 8 2 9 1 3") }, "the code, in its order, on an Arabic screen")
        // Other keys do nothing; Enter ends the visit as the seal did.
        sealed = press(sealed, .function(7)).0
        #expect(sealed.modal == nil && sealed.finished == nil)
        sealed = press(sealed, .enter).0
        #expect(sealed.finished == .sealedForPickup(code))
    }

    /// Issue 14 item 4: the key bar and the state machine cannot disagree. In every state a request
    /// can be in at the counter, each step key is one the lifecycle accepts, and each accepted step
    /// of the counter has its key.
    @Test(arguments: [RequestState.claimed, .verified, .printed, .stamped])
    func everyStepKeyIsOneTheLifecycleAccepts(state: RequestState) throws {
        let screen = try loaded(try CounterFixture.snapshot(state))
        let accepted = Lifecycle.accepts(state)
        let kinds: [String: LifecycleCommand.Kind] = [
            "approve": .verify, "reject": .reject, "release": .release, "handOver": .handOver, "print": .print,
            "stamps": .stamp, "seal": .seal, "envelope": .seal,
        ]
        let actions = Set(CounterScreen.keys(screen, english).bindings.map(\.action))
        for action in actions {
            guard let kind = kinds[action] else { continue }     // back, next: not lifecycle steps
            #expect(accepted.contains(kind), "\(action) offered in \(state)")
        }
        for (action, kind) in kinds where accepted.contains(kind) && action != "stamps" && action != "envelope" {
            #expect(actions.contains(action), "\(kind) is accepted in \(state) but has no key")
        }
    }

    /// Issue 16 item 1: a request of a flood tells the operator who filed it and for how many people.
    @Test func aFloodsRequestSaysWhatItsApplicantFiled() throws {
        var snapshot = try CounterFixture.snapshot(.claimed)
        snapshot.floodFilings = ApplicantFilings(requests: 6, people: 6)
        let state = try loaded(snapshot)
        for (catalog, context, words) in [(english, RenderContext.english, "applicant filed 6 requests for 6 people in 24 h"),
                                          (arabic, RenderContext.arabic, BidiText.visual("المتقدّم قدّم 6 طلبات لـ 6 أشخاص خلال 24 ساعة",
                                                                                        direction: .rightToLeft))] {
            var buffer = Buffer(size: Size(width: 120, height: 30))
            CounterScreen.view(state, into: &buffer, area: buffer.area, context: context, catalog: catalog, now: CounterFixture.t0)
            #expect(buffer.renderedLines().contains { $0.contains(words) }, "\(buffer.renderedLines().joined(separator: "\n"))")
        }
        var plain = Buffer(size: Size(width: 120, height: 30))
        CounterScreen.view(try loaded(try CounterFixture.snapshot(.claimed)), into: &plain, area: plain.area, context: .english,
                           catalog: english, now: CounterFixture.t0)
        #expect(!plain.renderedLines().contains { $0.contains("applicant filed") })
    }

    @Test func theKeyBarOffersOnlyTheStepsOfTheCurrentState() throws {
        let claimed = try loaded(try CounterFixture.snapshot(.claimed))
        #expect(CounterScreen.keys(claimed, english).barBindings.map(\.label) == ["Matches", "Reject", "Release", "Hand over", "Back"])
        let printed = try loaded(try CounterFixture.snapshot(.printed))
        // Issue 13 item 7: F2 Seal showed before the stamps were on, F2 Matches on a record marked ✗.
        #expect(CounterScreen.keys(printed, english).barBindings.map(\.label) == ["Reject", "Reprint", "Stamps", "Envelope", "Back"])
        let stamped = try loaded(try CounterFixture.snapshot(.stamped, applied: ["CENTER", "REVENUE"]))
        #expect(CounterScreen.keys(stamped, english).barBindings.map(\.label) == ["Seal", "Reject", "Reprint", "Envelope", "Back"])
        var differs = CounterFixture.name
        differs.mother = "خديجة"
        let mismatch = try loaded(try CounterFixture.snapshot(.claimed, recordName: differs))
        #expect(!CounterScreen.keys(mismatch, english).barBindings.map(\.label).contains("Matches"))
        let noRecord = try loaded(try CounterFixture.snapshot(.claimed, person: false))
        #expect(!CounterScreen.keys(noRecord, english).barBindings.map(\.label).contains("Matches"))
    }

    /// Issue 13 item 12: the step bar did not tick «envelope» once it was printed.
    @Test func theStepBarTicksTheEnvelopeOncePrinted() throws {
        let stamped = try CounterFixture.snapshot(.stamped, applied: ["CENTER", "REVENUE"])
        #expect(CounterScreen.stepsLine(stamped, english) == "✓ verify  ›  ✓ print  ›  ✓ stamps  ›  ● envelope  ›  ○ seal")
        var printedEnvelope = stamped
        printedEnvelope.envelopeTracking = try TrackingNumber("RR473124829SY")
        #expect(CounterScreen.stepsLine(printedEnvelope, english) == "✓ verify  ›  ✓ print  ›  ✓ stamps  ›  ✓ envelope  ›  ● seal")
        // The envelope may be printed before the stamps: both show what is done.
        var early = try CounterFixture.snapshot(.printed)
        early.envelopeTracking = try TrackingNumber("RR473124829SY")
        #expect(CounterScreen.stepsLine(early, english) == "✓ verify  ›  ✓ print  ›  ● stamps  ›  ✓ envelope  ›  ○ seal")
    }

    @Test func verificationViewMarksEachFieldInBothLanguages() throws {
        var different = CounterFixture.name
        different.mother = "خديجة"
        different.first = "محمّد"         // a shadda: the same name once normalised
        let state = try loaded(try CounterFixture.snapshot(.claimed, recordName: different))
        var buffer = Buffer(size: Size(width: 100, height: 30))
        CounterScreen.view(state, into: &buffer, area: buffer.area, context: .english, catalog: english, now: CounterFixture.t0)
        let lines = buffer.renderedLines()
        #expect(lines[0].hasPrefix("CSC-2026-00012345 · Civil-registry extract · fast"))
        #expect(lines[1].hasPrefix("● verify  ›  ○ print"))
        #expect(lines.first { $0.contains("first name") }?.contains("≈ same spelling") == true)
        #expect(lines.first { $0.contains("mother") }?.contains("✗ different") == true)
        #expect(lines.first { $0.contains("father") }?.contains("✓ identical") == true)
        #expect(lines.contains { $0.contains("[ ] Revenue stamp (2000 SYP)") })

        var mirrored = Buffer(size: Size(width: 100, height: 30))
        CounterScreen.view(state, into: &mirrored, area: mirrored.area, context: .arabic, catalog: arabic, now: CounterFixture.t0)
        let arabicLines = mirrored.renderedLines()
        // The request id at the reading end of the title (the right), the field names on the right, shaped.
        #expect(arabicLines[0].hasSuffix("CSC-2026-00012345"))
        #expect(arabicLines.first { $0.contains("ﻡﻷﺍ ﻢﺳﺍ") }?.contains("ﻒﻠﺘﺨﻣ ✗") == true)
    }

    /// Issue 13 item 6: `9639815534+ · …` for `+963981553451`, and a 7-digit national number at 80×24.
    @Test(arguments: [Language.arabic, .english], [Size(width: 80, height: 24), Size(width: 120, height: 40)])
    func phoneAndNationalNumbersAreWholeAndInOrder(language: Language, size: Size) throws {
        let state = try loaded(try CounterFixture.snapshot(.verified))
        var buffer = Buffer(size: size)
        CounterScreen.view(state, into: &buffer, area: buffer.area, context: language.context, catalog: .of(language),
                           now: CounterFixture.t0)
        let lines = buffer.renderedLines()
        let applicant = try #require(lines.first { $0.contains("963") || $0.contains("0501009") },
                                     "no applicant numbers:\n\(lines.joined(separator: "\n"))")
        // Every run of digits on the line is one of the two numbers, whole.
        let runs = applicant.split { !$0.isNumber && $0 != "+" }.filter { $0.contains { $0.isNumber } }
        for run in runs { #expect(["+963933123456", "05010099999"].contains(String(run)), "cut or reordered: \(applicant)") }
        #expect(applicant.contains("+963933123456"), "the phone gave way before the name: \(applicant)")
        #expect(lines[0].contains("CSC-2026-00012345"))
    }

    @Test func noCivilRecordIsSaidPlainly() throws {
        let state = try loaded(try CounterFixture.snapshot(.claimed, person: false))
        var buffer = Buffer(size: Size(width: 100, height: 30))
        CounterScreen.view(state, into: &buffer, area: buffer.area, context: .english, catalog: english, now: CounterFixture.t0)
        #expect(buffer.renderedLines().contains { $0.contains("No civil-affairs record for national number 05010012345") })
        let (_, commands) = press(state, .function(3))
        #expect(commands.isEmpty)
        let suggested = press(state, .function(3)).0
        guard case .rejectReason(let list) = suggested.modal else { Issue.record("no reasons"); return }
        #expect(list.selectedItem?.english == english.reason(.notFound))
    }
}

/// Issue 16 item 2: the supervisor rejects a flood's request while an operator has it at the counter.
extension CounterScreenTests {
    @Test func aRequestEndedElsewhereIsSaidAtTheCounterWithinSeconds() throws {
        let id = try #require(id)
        var state = try loaded(try CounterFixture.snapshot(.claimed))
        let context = ScreenContext(catalog: english, now: Date(timeIntervalSince1970: 1_795_000_000), session: nil, center: "HMA-01")
        // Every five seconds, unless a dialog is open, the counter reads the request again.
        #expect(CounterScreen.tick(state, context).commands == [.load(id)])
        var later = context
        later.now = context.now.addingTimeInterval(1)
        #expect(CounterScreen.tick(state, later).commands.isEmpty)
        let (withDialog, _) = press(state, .function(3))
        #expect(withDialog.modal != nil && CounterScreen.tick(withDialog, context).commands.isEmpty)
        // A step started while the read is out still waits for its own answer.
        state = try #require(CounterScreen.tick(state, context).state)
        #expect(state.isRefreshing && CounterScreen.tick(state, context).commands.isEmpty)
        state.isBusy = true
        // It came back rejected: said, and the bar offers nothing but going back.
        state = CounterScreen.update(state, .loaded(try CounterFixture.snapshot(.rejected)), catalog: english).0
        #expect(state.isBusy && !state.isRefreshing)
        state.isBusy = false
        #expect(state.message?.text(in: .english) == "\(id): rejected — ended elsewhere; there is nothing more to do on it here")
        let bar = CounterScreen.keys(state, english).bindings.filter(\.showsInBar).map(\.key)
        #expect(bar == [.function(10)], "\(bar)")
    }
}
