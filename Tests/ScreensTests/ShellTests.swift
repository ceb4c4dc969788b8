import Foundation
import Testing
@testable import ShubbakCore
@testable import ShubbakScreens
@testable import ShubbakTerminal

/// The whole application headless: messages in, commands out, as the app's run loop drives it.
@Suite struct ShellTests {
    let t0 = CounterFixture.t0
    let operatorOne = Operator(id: OperatorID(stored: "op-01"), name: "سامر", role: .operator)

    func started(idle: TimeInterval? = 600) -> Shell.State {
        Shell.State(language: .english, status: StatusInfo(center: "HMA-01", now: t0), idleLimit: idle)
    }

    func type(_ text: String, into state: Shell.State) -> Shell.State {
        text.reduce(state) { Shell.update($0, .key(.char($1))).0 }
    }

    func signedIn() -> Shell.State {
        Shell.update(started(), .signedIn(operatorOne)).0
    }

    @Test func signingInAsksTheAppAndOpensTheQueue() throws {
        var state = type("op-01", into: started())
        var commands: [Shell.Command]
        (state, commands) = Shell.update(state, .key(.enter))
        #expect(commands.isEmpty && state.signIn.form.focus == 1)
        state = type("shubbak", into: state)
        (state, commands) = Shell.update(state, .key(.enter))
        #expect(commands == [.signIn(.signIn(OperatorID(stored: "op-01"), password: "shubbak"))])
        (state, commands) = Shell.update(state, .signIn(.refused(.wrongPassword(remaining: 4))))
        #expect(state.signIn.password.isEmpty)
        var buffer = Buffer(size: Size(width: 80, height: 24))
        Shell.view(state, into: &buffer)
        #expect(buffer.renderedLines().contains { $0.contains("Unknown operator or wrong password (tries left 4)") })
        (state, commands) = Shell.update(state, .signedIn(operatorOne))
        #expect(state.route == .queue)
        #expect(commands.contains(.log(.signedIn, OperatorID(stored: "op-01"), detail: "")))
        #expect(commands.contains(.queue(.loadServices)))
        #expect(state.queue.viewer == OperatorID(stored: "op-01"))
    }

    @Test func thePasswordIsNeverDrawn() {
        let state = type("secret99", into: Shell.update(type("op-01", into: started()), .key(.tab)).0)
        var buffer = Buffer(size: Size(width: 80, height: 24))
        Shell.view(state, into: &buffer)
        let screen = buffer.renderedLines().joined(separator: "\n")
        #expect(!screen.contains("secret99"))
        #expect(screen.contains("••••••••"))
    }

    @Test func theQueueReloadsEverySecondAndTheStatusCountsEveryFewSeconds() {
        let state = signedIn()
        let ticks = (1...10).map { Shell.update(state, .tick(t0.addingTimeInterval(Double($0)))).1 }
        #expect(ticks.allSatisfy { commands in commands.contains { if case .screen(let routed) = $0 { routed.route == .queue } else { false } } })
        #expect(ticks.filter { $0.contains(.loadStatus) }.count == 10 / Shell.statusRefreshSeconds)
    }

    @Test func anIdleCounterLocksAndOnlyThePasswordIsAskedAgain() {
        var state = signedIn()
        var commands: [Shell.Command]
        (state, commands) = Shell.update(state, .tick(t0.addingTimeInterval(599)))
        #expect(state.route == .queue)
        (state, commands) = Shell.update(state, .tick(t0.addingTimeInterval(600)))
        #expect(state.route == .signIn)
        #expect(state.signIn.lockedOperator == OperatorID(stored: "op-01"))
        #expect(commands == [.log(.idleLocked, OperatorID(stored: "op-01"), detail: "")])
        (state, commands) = Shell.update(type("shubbak", into: state), .key(.enter))
        #expect(commands == [.signIn(.signIn(OperatorID(stored: "op-01"), password: "shubbak"))])
        (state, commands) = Shell.update(state, .signedIn(operatorOne))
        #expect(commands.first == .log(.unlocked, OperatorID(stored: "op-01"), detail: ""))
    }

    @Test func keysKeepTheCounterAwake() {
        var state = signedIn()
        state = Shell.update(state, .tick(t0.addingTimeInterval(500))).0
        state = Shell.update(state, .key(.down)).0
        state = Shell.update(state, .tick(t0.addingTimeInterval(1_000))).0
        #expect(state.route == .queue)
    }

    @Test func aClaimOpensTheCounterAndTheFinalStepComesBack() throws {
        var state = signedIn()
        let id = try RequestID("CSC-2026-00012345")
        var commands: [Shell.Command]
        (state, commands) = Shell.update(state, .claimed(id))
        #expect(state.route == .counter && commands == [.counter(.load(id))])
        (state, _) = Shell.update(state, .counter(.loaded(try CounterFixture.snapshot(.claimed))))
        (state, commands) = Shell.update(state, .counter(.done(.rejected, nil)))
        #expect(state.route == .queue)
        #expect(state.counter == nil)
        #expect(state.queue.message?.english == "Rejected")
        #expect(commands.contains(.loadStatus))
    }

    /// Issue 13 item 12: English screens showed the Arabic center name, and `op-07 op-07` for a user without a name.
    @Test func theStatusLineNamesTheCenterInTheScreensLanguageAndTheOperatorOnce() {
        var status = StatusInfo(center: "HMA-01", centerName: LocalizedText(ar: "مركز حماة", en: "Hama center"), now: t0)
        status.operatorName = Operator(id: OperatorID(stored: "op-07"), name: "op-07", role: .operator).shownName
        #expect(status.line(.of(.english), message: nil).leading.plain.hasSuffix("HMA-01 Hama center"))
        #expect(status.line(.of(.arabic), message: nil).leading.plain.hasSuffix("HMA-01 مركز حماة"))
        #expect(status.line(.of(.english), message: nil).leading.plain.hasPrefix("op-07 · "))
        #expect(Operator(id: OperatorID(stored: "op-01"), name: "سامر", role: .operator).shownName == "op-01 سامر")
    }

    /// Issue 13 item 12: a status message stayed until something replaced it.
    @Test func aMessageGoesAfterTenSeconds() throws {
        var state = signedIn()
        (state, _) = Shell.update(state, .queue(.refused(.notFound("CSC-2026-00000001"))))
        let message = try #require(state.queue.message)
        (state, _) = Shell.update(state, .tick(t0.addingTimeInterval(1)))
        (state, _) = Shell.update(state, .tick(t0.addingTimeInterval(9)))
        #expect(state.queue.message == message, "still there after 8 seconds")
        (state, _) = Shell.update(state, .tick(t0.addingTimeInterval(10.5)))
        #expect(state.queue.message == message, "10 seconds are counted from when it showed")
        (state, _) = Shell.update(state, .tick(t0.addingTimeInterval(11)))
        #expect(state.queue.message == nil)
    }

    /// Issue 13 item 7: F1 did nothing on the sign-in screen, and the bar did not say it could.
    @Test func helpWorksOnTheSignInScreen() {
        let state = started()
        #expect(Shell.keys(state).barBindings.map(\.displayName) == ["F1", "Enter", "F10", "F9"])
        let helped = Shell.update(state, .key(.function(1))).0
        #expect(helped.showsHelp)
        #expect(Shell.keys(helped).bindings.contains { $0.key == .tab }, "the help lists Tab")
    }

    /// Issue 13 item 7: F1 lists every key of each screen, arrows and Esc included, not only the bar's.
    @Test func theHelpOfEveryScreenListsArrowsAndEsc() {
        let catalog = Catalog.of(.english)
        for (screen, table) in [("queue", QueueScreen.keys(catalog)), ("handoff", HandoffScreen.keys(catalog)),
                                ("pickup", PickupScreen.keys(catalog))] {
            let keys = table.bindings.map(\.key)
            #expect(keys.contains(.up) || keys.contains(.down), "\(screen): no arrows in the help")
        }
        for (screen, table) in [("handoff", HandoffScreen.keys(catalog)), ("pickup", PickupScreen.keys(catalog)),
                                ("sync", SyncScreen.keys(catalog))] {
            #expect(table.bindings.contains { $0.key == .escape }, "\(screen): no Esc in the help")
        }
    }

    /// Issue 13 item 4: while a dialog is open the bar shows its keys, not the screen's F-keys.
    @Test func anOpenDialogPutsItsKeysOnTheBar() throws {
        var state = signedIn()
        let id = try RequestID("CSC-2026-00012345")
        (state, _) = Shell.update(state, .claimed(id))
        (state, _) = Shell.update(state, .counter(.loaded(try CounterFixture.snapshot(.printed))))
        #expect(Shell.keys(state).barBindings.map(\.displayName).contains("F7"))
        (state, _) = Shell.update(state, .key(.function(7)))
        let bar = Shell.keys(state).barBindings.map(\.displayName)
        #expect(bar == ["F1", "Space", "Enter", "↑↓", "Esc", "F9"])
    }

    /// A message is worded in both languages when it is made: after F9 the one on screen is in the new language.
    @Test func theMessageOnScreenTurnsWithTheLanguage() {
        func screen(_ state: Shell.State) -> String {
            var buffer = Buffer(size: Size(width: 100, height: 24))
            Shell.view(state, into: &buffer)
            return buffer.renderedLines().joined(separator: "\n")
        }
        func shaped(_ text: String) -> String {
            var line = Buffer(size: Size(width: 100, height: 1))
            line.drawText(text, in: line.area, style: Style(.normal), context: .arabic)
            return line.renderedLines()[0].trimmingCharacters(in: .whitespaces)
        }
        var state = signedIn()
        (state, _) = Shell.update(state, .key(.alt("2")))
        #expect(state.route == .queue && screen(state).contains("No request at the counter now"))
        (state, _) = Shell.update(state, .key(.function(9)))
        #expect(state.language == .arabic)
        #expect(screen(state).contains(shaped(Catalog.of(.arabic)[.noRequestAtCounter])))
        #expect(!screen(state).contains("No request at the counter now"))
    }

    @Test func navigationHelpLanguageThemeAndSignOut() {
        var state = signedIn()
        var commands: [Shell.Command]
        (state, commands) = Shell.update(state, .key(.alt("3")))
        #expect(state.route == .handoff && commands == [.handoff(.load)])
        (state, commands) = Shell.update(state, .key(.alt("5")))
        #expect(state.route == .sync && commands == [.sync(.load)])
        (state, _) = Shell.update(state, .key(.alt("2")))
        #expect(state.route == .sync && state.queue.message?.english == "No request at the counter now")
        (state, commands) = Shell.update(state, .key(.alt("t")))
        #expect(commands == [.nextTheme])
        (state, _) = Shell.update(state, .key(.function(1)))
        var buffer = Buffer(size: Size(width: 100, height: 30))
        Shell.view(state, into: &buffer)
        #expect(buffer.renderedLines().contains { $0.contains("Alt+T") && $0.contains("Switch theme") })
        (state, _) = Shell.update(state, .key(.char("x")))
        #expect(!state.showsHelp)
        (state, _) = Shell.update(state, .key(.function(9)))
        #expect(state.language == .arabic)
        (state, _) = Shell.update(state, .key(.function(10)))
        #expect(state.route == .queue)
        (state, commands) = Shell.update(state, .key(.function(10)))
        #expect(state.route == .signIn && state.session == nil)
        #expect(commands == [.log(.signedOut, OperatorID(stored: "op-01"), detail: "")])
        (state, _) = Shell.update(state, .key(.function(10)))
        #expect(state.quit)
    }

    @Test func theDashboardIsForSupervisorsAndAnOperatorsTryIsRecorded() {
        var state = signedIn()
        var commands: [Shell.Command]
        (state, commands) = Shell.update(state, .key(.alt("6")))
        #expect(state.route == .dashboard && commands == [.dashboard(.recordRefusal)])
        (state, commands) = Shell.update(state, .key(.function(10)))
        #expect(state.route == .queue && state.dashboard == nil)
        let supervisor = Operator(id: OperatorID(stored: "sup-01"), name: "هالة", role: .supervisor)
        state = Shell.update(state, .signedIn(supervisor)).0
        (state, commands) = Shell.update(state, .key(.alt("6")))
        guard case .screen(let routed) = commands.first, case .loadReport = routed.command(of: DashboardScreen.self) else {
            Issue.record("no report asked: \(commands)")
            return
        }
        // F9 inside the dashboard switches the whole application's language.
        (state, _) = Shell.update(state, .key(.function(9)))
        #expect(state.language == .arabic)
        (state, _) = Shell.update(state, .key(.alt("1")))
        #expect(state.route == .queue && state.dashboard == nil)
    }

    @Test func typingInTheSearchBoxDoesNotTriggerSharedKeys() {
        var state = signedIn()
        state = Shell.update(state, .key(.function(2))).0
        let (after, commands) = Shell.update(state, .key(.alt("3")))
        #expect(after.route == .queue && commands.isEmpty)
    }
}

@Suite struct HandoffAndPickupTests {
    let english = Catalog.of(.english)

    func envelopes() throws -> [QueueRow] {
        try (1...3).map { index in
            QueueRow(id: try RequestID("CSC-2026-0000000\(index)"), service: "CIVIL-EXTRACT", speed: .fast,
                     subjectName: "محمد أحمد الحسين", subjectNo: try NationalNumber("05010012345"), delivery: .post,
                     governorate: "حماة", submittedAt: CounterFixture.t0, dueAt: CounterFixture.t0, state: index == 3 ? .returned : .sealed,
                     holder: nil, leaseUntil: nil, duplicateOf: nil,
                     tracking: try TrackingNumber(service: "RR", serial: index))
        }
    }

    @Test func scanningLabelsChoosesEnvelopesAndTheCourierIsRequired() throws {
        var state = HandoffScreen.update(HandoffScreen.State(), .loaded(try envelopes()), catalog: english).0
        var commands: [HandoffScreen.Command]
        (state, commands, _) = HandoffScreen.update(state, .key(.function(2)), catalog: english)
        #expect(state.message?.english == "Choose the envelopes first (Space or scan)")
        let label = try TrackingNumber(service: "RR", serial: 2).rawValue
        (state, _, _) = HandoffScreen.update(state, .key(.scan(label)), catalog: english)
        #expect(state.chosen == [try RequestID("CSC-2026-00000002")])
        (state, _, _) = HandoffScreen.update(state, .key(.scan("RR999999995SY")), catalog: english)
        #expect(state.message?.english == "Not waiting for the post: RR999999995SY")
        (state, _, _) = HandoffScreen.update(state, .key(.function(2)), catalog: english)
        (state, commands, _) = HandoffScreen.update(state, .key(.enter), catalog: english)   // to the courier's id
        (state, commands, _) = HandoffScreen.update(state, .key(.enter), catalog: english)   // submit: both empty
        guard case .courier(let form) = state.modal else { Issue.record("no courier form"); return }
        #expect(form.focus == 0)
        #expect(form.fields[0].message == "required" && commands.isEmpty)
        (state, _, _) = HandoffScreen.update(state, .key(.scan("Khaled")), catalog: english)
        (state, _, _) = HandoffScreen.update(state, .key(.scan("SP-1")), catalog: english)
        guard case .confirm = state.modal else { Issue.record("no confirmation"); return }
        (state, commands, _) = HandoffScreen.update(state, .key(.tab), catalog: english)
        (state, commands, _) = HandoffScreen.update(state, .key(.enter), catalog: english)
        #expect(commands == [.dispatch([try RequestID("CSC-2026-00000002")], courier: Manifest.Courier(name: "Khaled", id: "SP-1"))])
    }

    /// Issue 13 item 5: an S10 typed by hand, or a scanner burst with its Enter late, did nothing and said nothing.
    @Test func anS10TypedByHandOrScannedSlowlyChoosesItsEnvelopeAndABadOneIsRefused() throws {
        var state = HandoffScreen.update(HandoffScreen.State(), .loaded(try envelopes()), catalog: english).0
        let label = try TrackingNumber(service: "RR", serial: 1).rawValue
        for character in label { (state, _, _) = HandoffScreen.update(state, .key(.char(character)), catalog: english) }
        #expect(state.scanField.text == label)
        var buffer = Buffer(size: Size(width: 100, height: 12))
        HandoffScreen.view(state, into: &buffer, area: buffer.area, context: .english, catalog: english)
        #expect(buffer.renderedLines()[1].contains("Scan or type an S10, then Enter: \(label)"), "the typed number is seen")
        (state, _, _) = HandoffScreen.update(state, .key(.enter), catalog: english)
        #expect(state.chosen == [try RequestID("CSC-2026-00000001")])
        #expect(state.scanField.text.isEmpty)
        // A wrong check digit is refused, saying why; so is a number no envelope here carries.
        for character in "RR000000018SY" { (state, _, _) = HandoffScreen.update(state, .key(.char(character)), catalog: english) }
        (state, _, _) = HandoffScreen.update(state, .key(.enter), catalog: english)
        #expect(state.message?.english.hasPrefix("Invalid value") == true, "\(state.message?.english ?? "")")
        for character in "RR999999995SY" { (state, _, _) = HandoffScreen.update(state, .key(.char(character)), catalog: english) }
        (state, _, _) = HandoffScreen.update(state, .key(.enter), catalog: english)
        #expect(state.message?.english == "Not waiting for the post: RR999999995SY")
        #expect(state.chosen.count == 1)
        // Esc clears what was typed without leaving the screen.
        (state, _, _) = HandoffScreen.update(state, .key(.char("R")), catalog: english)
        let (cleared, _, leaves) = HandoffScreen.update(state, .key(.escape), catalog: english)
        #expect(cleared.scanField.text.isEmpty && !leaves)
    }

    @Test func onlyAReturnedEnvelopeIsKeptForPickup() throws {
        var state = HandoffScreen.update(HandoffScreen.State(), .loaded(try envelopes()), catalog: english).0
        var commands: [HandoffScreen.Command]
        (state, commands, _) = HandoffScreen.update(state, .key(.function(4)), catalog: english)
        #expect(commands.isEmpty && state.message?.english == "Choose a returned envelope")
        (state, _, _) = HandoffScreen.update(state, .key(.end), catalog: english)
        (state, commands, _) = HandoffScreen.update(state, .key(.function(4)), catalog: english)
        #expect(commands == [.keepForPickup(try RequestID("CSC-2026-00000003"))])
    }

    /// Issue 15 item 2: what the post said of envelopes still out (a failed attempt, a return on its
    /// way) shows under the list, whole numbers first, so the operator expects them back.
    @Test func thePostsReportsShowUnderTheEnvelopes() throws {
        let report = PostalReport(tracking: try TrackingNumber("RR000000014SY"), event: .returning, at: Date(timeIntervalSince1970: 1_795_400_000),
                                  office: "حماة", reason: "المرسل إليه غير معروف")
        let (state, _, _) = HandoffScreen.update(HandoffScreen.State(), .loaded(try envelopes(), reported: [
            ReportedEnvelope(request: try RequestID("CSC-2026-00000009"), report: report),
        ]), catalog: english)
        var buffer = Buffer(size: Size(width: 80, height: 24))
        HandoffScreen.view(state, into: &buffer, area: buffer.area, context: .english, catalog: english)
        let lines = buffer.renderedLines()
        #expect(lines.contains { $0.contains("From the post: envelopes expected back") })
        #expect(lines.contains { $0.contains("RR000000014SY CSC-2026-00000009 · coming back to the center") }, "\(lines.joined(separator: "\n"))")
        // The envelopes to hand over are still listed above it.
        #expect(lines.contains { $0.contains("CSC-2026-00000003") })
    }

    @Test func aReturnNeedsTheNumberAndThePostsReason() throws {
        var state = HandoffScreen.State()
        var commands: [HandoffScreen.Command]
        (state, _, _) = HandoffScreen.update(state, .key(.function(3)), catalog: english)
        (state, _, _) = HandoffScreen.update(state, .key(.scan("RR000000014SY")), catalog: english)
        (state, commands, _) = HandoffScreen.update(state, .key(.enter), catalog: english)
        #expect(commands.isEmpty)
        (state, commands, _) = HandoffScreen.update(state, .key(.scan("عنوان غير معروف")), catalog: english)
        #expect(commands.isEmpty)
        // The note is the contract's too, and may stay empty.
        (state, commands, _) = HandoffScreen.update(state, .key(.enter), catalog: english)
        #expect(commands == [.markReturned(search: "RR000000014SY", reason: "عنوان غير معروف", note: "")])
    }

    /// Issue 15 item 4: the shelf marks what waited past the retention; a supervisor's bar offers
    /// F4, which asks before it ends those documents (and only those) as uncollected.
    @Test func aSupervisorEndsWhatWaitedPastTheRetentionAfterConfirming() throws {
        let rows = try envelopes()
        let t0 = CounterFixture.t0
        let shelf = [ShelfRow(request: rows[0], readySince: t0.addingTimeInterval(-95 * 86_400)),
                     ShelfRow(request: rows[1], readySince: t0.addingTimeInterval(-10 * 86_400))]
        var operatorState = PickupScreen.update(PickupScreen.State(), .found(shelf, now: t0, retentionDays: 90), catalog: english).0
        #expect(!PickupScreen.keys(operatorState, english).barBindings.contains { $0.label == "Uncollected" })
        var commands: [PickupScreen.Command]
        (operatorState, commands, _) = PickupScreen.update(operatorState, .key(.function(4)), catalog: english)
        #expect(commands.isEmpty && operatorState.confirmUncollected == nil)

        var state = PickupScreen.update(PickupScreen.State(canMarkUncollected: true), .found(shelf, now: t0, retentionDays: 90),
                                        catalog: english).0
        #expect(state.pastRetention.map(\.request.id) == [rows[0].id])
        #expect(PickupScreen.keys(state, english).barBindings.contains { $0.label == "Uncollected" })
        var buffer = Buffer(size: Size(width: 80, height: 24))
        PickupScreen.view(state, into: &buffer, area: buffer.area, context: .english, catalog: english)
        #expect(buffer.renderedLines().contains { $0.contains("95 d") })
        (state, commands, _) = PickupScreen.update(state, .key(.function(4)), catalog: english)
        #expect(commands.isEmpty && state.confirmUncollected != nil, "it asks first")
        // The dialog opens on Cancel: Enter there ends nothing.
        (state, commands, _) = PickupScreen.update(state, .key(.enter), catalog: english)
        #expect(commands.isEmpty && state.confirmUncollected == nil)
        (state, _, _) = PickupScreen.update(state, .key(.function(4)), catalog: english)
        (state, _, _) = PickupScreen.update(state, .key(.left), catalog: english)
        (state, commands, _) = PickupScreen.update(state, .key(.enter), catalog: english)
        #expect(commands == [.markUncollected([rows[0].id])])
    }

    @Test func pickupAsksTheCollectorAndShowsAWrongOne() throws {
        var state = PickupScreen.State()
        var commands: [PickupScreen.Command]
        (state, commands, _) = PickupScreen.update(state, .key(.scan("123456")), catalog: english)
        #expect(commands == [.find("123456")])
        let row = try envelopes()[0]
        (state, _, _) = PickupScreen.update(state, .found([ShelfRow(request: row, readySince: CounterFixture.t0)], now: CounterFixture.t0),
                                            catalog: english)
        #expect(state.collector != nil)
        (state, commands, _) = PickupScreen.update(state, .key(.scan("0501")), catalog: english)
        #expect(commands.isEmpty && state.message?.english.hasPrefix("Invalid value") == true)
        (state, commands, _) = PickupScreen.update(state, .key(.scan("05010099998")), catalog: english)
        #expect(commands == [.deliver(row.id, collector: try NationalNumber("05010099998"))])
        (state, _, _) = PickupScreen.update(state, .refused(.lifecycle(.wrongCollector(try NationalNumber("05010099998")))),
                                            catalog: english)
        #expect(state.message?.english == "Refused: 05010099998 is neither the subject nor the applicant of this request")
        #expect(state.collector?.fields[0].input.text.isEmpty == true)
    }

    /// Issue 13 item 9: the pickup screen was empty until a search. It opens on the shelf, oldest
    /// first with its days, and Enter hands over the envelope the operator is on.
    @Test func thePickupScreenOpensOnTheShelf() throws {
        let t0 = CounterFixture.t0
        var shell = Shell.update(Shell.State(language: .english, status: StatusInfo(center: "HMA-01", now: t0), idleLimit: nil),
                                 .signedIn(Operator(id: OperatorID(stored: "op-01"), name: "سامر", role: .operator))).0
        var commands: [Shell.Command]
        (shell, commands) = Shell.update(shell, .key(.alt("4")))
        #expect(shell.route == .pickup && commands == [.pickup(.find(""))])
        let rows = try envelopes()
        let shelf = [ShelfRow(request: rows[1], readySince: t0.addingTimeInterval(-12 * 86_400)),
                     ShelfRow(request: rows[0], readySince: t0.addingTimeInterval(-2 * 86_400))]
        (shell, _) = Shell.update(shell, .pickup(.found(shelf, now: t0)))
        #expect(shell.pickup.collector == nil, "showing the shelf asks nothing")
        var buffer = Buffer(size: Size(width: 100, height: 20))
        PickupScreen.view(shell.pickup, into: &buffer, area: buffer.area, context: .english, catalog: english)
        let lines = buffer.renderedLines()
        let first = try #require(lines.firstIndex { $0.contains("CSC-2026-00000002") })
        #expect(lines[first].contains("12 d"), "\(lines[first])")
        #expect(lines[first + 1].contains("CSC-2026-00000001") && lines[first + 1].contains("2 d"))
        // Enter with nothing typed asks for the collector of the selected envelope.
        (shell, _) = Shell.update(shell, .key(.enter))
        #expect(shell.pickup.collector != nil && shell.pickup.selectedRow?.id == rows[1].id)
    }
}

/// Issue 16 item 3: one key says what the operator does, the status line says it back, and the counter beats.
extension ShellTests {
    @Test func altBGoesToABreakThenTheBackOfficeThenServingAndTheLineSaysIt() throws {
        var state = signedIn()
        var commands: [Shell.Command]
        let id = operatorOne.id
        var seen: [OperatorStatus] = []
        for _ in 0..<3 {
            (state, commands) = Shell.update(state, .key(.alt("b")))
            #expect(commands.count == 1)
            if case .setStatus(let status, let who) = commands.first, who == id { seen.append(status) }
            var buffer = Buffer(size: Size(width: 120, height: 30))
            Shell.view(state, into: &buffer)
            let line = buffer.renderedLines()[28]
            #expect(line.hasPrefix(state.status.operatorStatus == .serving ? "op-01" : Catalog.of(.english).status(state.status.operatorStatus)),
                    "\(line)")
        }
        #expect(seen == [.onBreak, .backOffice, .serving])
        // The help lists the key.
        (state, _) = Shell.update(state, .key(.function(1)))
        var buffer = Buffer(size: Size(width: 120, height: 30))
        Shell.view(state, into: &buffer)
        #expect(buffer.renderedLines().contains { $0.contains("Alt+B") && $0.contains(Catalog.of(.english)[.keyStatus]) })
        // Every ten seconds, on any screen, the counter beats.
        let beat = Date(timeIntervalSince1970: (t0.timeIntervalSince1970 / 10).rounded(.up) * 10)
        #expect(Shell.update(signedIn(), .tick(beat)).1.contains(.heartbeat(id)))
        #expect(!Shell.update(signedIn(), .tick(beat.addingTimeInterval(1))).1.contains(.heartbeat(id)))
    }
}

/// Issue 16 item 4: every counter's status line warns of the next hour's deadlines and of an outbox
/// the central office has not answered, after what the operator must read now.
extension ShellTests {
    @Test func theStatusLineWarnsOfTheHoursDeadlinesAndAnUnansweredOutbox() throws {
        var state = signedIn()
        state.status.now = t0
        var counts = StatusInfo(center: "", now: t0, openRequests: 12, overdueRequests: 1)
        (state, _) = Shell.update(state, .status(counts))
        var buffer = Buffer(size: Size(width: 160, height: 30))
        Shell.view(state, into: &buffer)
        #expect(!buffer.renderedLines()[28].contains("⚠"))
        #expect(buffer[0, 28].style.slot == .statusbar)

        counts.dueWithinHour = 3
        counts.firstDueSoon = try RequestID("CSC-2026-00012345")
        counts.unansweredSince = t0.addingTimeInterval(-26 * 3_600)
        (state, _) = Shell.update(state, .status(counts))
        buffer = Buffer(size: Size(width: 160, height: 30))
        Shell.view(state, into: &buffer)
        let line = buffer.renderedLines()[28]
        #expect(line.hasPrefix("⚠ 3 due within the hour, first CSC-2026-00012345 · ⚠ outbox unacknowledged for 1d 2h · op-01"), "\(line)")
        #expect(buffer[0, 28].style.slot == .warn)
        // The alerts stay when the counts are read again, until the store no longer finds them.
        counts.dueWithinHour = 0
        counts.unansweredSince = nil
        (state, _) = Shell.update(state, .status(counts))
        buffer = Buffer(size: Size(width: 160, height: 30))
        Shell.view(state, into: &buffer)
        #expect(!buffer.renderedLines()[28].contains("⚠"))
    }
}
