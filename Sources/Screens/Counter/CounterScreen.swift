import Foundation
import ShubbakCore
import ShubbakTerminal

/// One request at the counter: verification against the civil-affairs record, then the document, the stamps,
/// the envelope and the seal. Every step is a lifecycle command the app carries out through the store.
public enum CounterScreen {
    /// All the counter needs about one request, read in one transaction.
    public struct Snapshot: Hashable, Sendable {
        public var record: RequestRecord
        public var service: Service
        /// Every stamp of the catalog, for the names of the service's stamps.
        public var stamps: [Stamp]
        public var person: Person?
        public var progress: RequestProgress
        /// A tracking number given to this request's envelope but not sealed yet.
        public var envelopeTracking: TrackingNumber?
        /// The pickup code printed on the envelope of a request collected at the center.
        public var envelopePickupCode: PickupCode?
        public var duplicateOf: RequestID?
        /// `sla_hours` after submission.
        public var dueAt: Date?
        /// For a request flagged as part of a flood: what its applicant filed within 24 hours.
        public var floodFilings: ApplicantFilings?

        public init(record: RequestRecord, service: Service, stamps: [Stamp], person: Person?, progress: RequestProgress,
                    envelopeTracking: TrackingNumber? = nil, envelopePickupCode: PickupCode? = nil,
                    duplicateOf: RequestID? = nil, dueAt: Date? = nil, floodFilings: ApplicantFilings? = nil) {
            self.record = record
            self.service = service
            self.stamps = stamps
            self.person = person
            self.progress = progress
            self.envelopeTracking = envelopeTracking
            self.envelopePickupCode = envelopePickupCode
            self.duplicateOf = duplicateOf
            self.dueAt = dueAt
            self.floodFilings = floodFilings
        }

        public var comparison: RecordComparison? { person.map { RecordComparison(subject: record.subject, record: $0) } }
        public var missingStamps: [String] { service.stamps.filter { !progress.appliedStamps.contains($0) } }
        /// A living civil-affairs record with no field that differs: what "matches" needs.
        public var canBeMatched: Bool {
            person?.status == .alive && comparison.map { $0.differing.isEmpty } == true
        }
    }

    public enum Modal: Sendable {
        case confirmProbable(ConfirmDialog)
        case rejectReason(ChoiceList)
        case rejectNote(RejectionReason, RejectDetails)
        case release(Form)
        case handOver(Form)
        case reprint(Form)
        /// The service's stamps not applied yet; `chosen` are ticked.
        case stamps(chosen: Set<String>, cursor: Int)
        case revenueConfirm(codes: [String], ConfirmDialog)
        case paperSerial(codes: [String], Form)
        /// An S10 number scanned from a pre-printed label or typed; empty takes the next of the center's range.
        case tracking(forSeal: Bool, Form)
    }

    /// What a rejection names: the fields that differ, ticked in a list (those the comparison
    /// marked ✗ come ticked), and a note of its own. Tab goes between the two; Enter sends.
    public struct RejectDetails: Sendable {
        public var chosen: Set<RecordComparison.Field>
        public var cursor = 0
        public var note = TextInput("", maximumLength: 500)
        public var isInNote: Bool
        public var noteIsRequired: Bool

        public init(chosen: Set<RecordComparison.Field>, noteIsRequired: Bool) {
            self.chosen = chosen
            self.noteIsRequired = noteIsRequired
            // With the fields already ticked, or none to tick, the note is what is left to write.
            isInNote = true
        }

        /// Keys other than Enter and Esc. Returns whether the key was used.
        mutating func handle(_ key: Key, direction: LayoutDirection) -> Bool {
            let fields = RecordComparison.Field.allCases
            switch key {
            case .tab, .backTab:
                isInNote.toggle()
                return true
            case .up where !isInNote: cursor = max(cursor - 1, 0)
            case .down where !isInNote: cursor = min(cursor + 1, fields.count - 1)
            case .char(" ") where !isInNote:
                let field = fields[cursor]
                if chosen.contains(field) { chosen.remove(field) } else { chosen.insert(field) }
            default:
                return isInNote && note.handle(key, direction: direction)
            }
            return true
        }

        /// The ticked fields in the contract's order and names.
        var fieldNames: [String] { RecordComparison.Field.allCases.filter(chosen.contains).map(\.rawValue) }
    }

    /// What happened, for the message line; the final ones send the operator back to the queue.
    public enum Outcome: Hashable, Sendable {
        case claimed, verified, rejected, released, handedOver(OperatorID), printed(receipt: String), stamped
        case envelopePrinted(receipt: String), sealedForPost(TrackingNumber), sealedForPickup(PickupCode)
        /// Sent to its issuer with the slip; the request waits there until the document comes back.
        case forwarded(issuer: LocalizedText, expectedBy: CivilDate, receipt: String)

        public var endsVisit: Bool {
            switch self {
            case .rejected, .released, .handedOver, .sealedForPost, .sealedForPickup, .forwarded: true
            default: false
            }
        }
    }

    public struct State: Sendable {
        public var id: RequestID
        public var snapshot: Snapshot?
        public var modal: Modal?
        public var message: Notice?
        public var isBusy = false
        /// Set when the request has left this counter (rejected, released, sealed): the shell goes back to the queue.
        public var finished: Outcome?
        /// The pickup code of the envelope just sealed: it stays on the counter, to be told to the
        /// citizen or written on the receipt, until the operator moves on.
        public var sealedPickupCode: PickupCode?
        /// A read of the request on the clock is out: its answer must not end a wait for a step's.
        public var isRefreshing = false

        public init(id: RequestID) {
            self.id = id
        }
    }

    public enum Command: Hashable, Sendable {
        case load(RequestID)
        case perform(RequestID, LifecycleCommand)
        /// Renders and sends the document; the `printed` event is appended only when the job was sent.
        case printDocument(RequestID, reprintReason: String?)
        /// Prints the transmittal slip for the service's issuer; `forwarded` is appended only when it was sent.
        case forward(RequestID)
        /// Prints the envelope; for post, with the scanned number or the next of the range.
        case printEnvelope(RequestID, tracking: TrackingNumber?)
        /// Seals: for post with the envelope's number (or the one given), for pickup with a new pickup code.
        case seal(RequestID, tracking: TrackingNumber?)
    }

    public enum Message: Sendable {
        /// The app claimed the request for this operator: the counter opens on it.
        case claimed(RequestID)
        case key(Key)
        case loaded(Snapshot)
        case done(Outcome, Snapshot?)
        case refused(Refusal)
    }

    public enum Action: String, Sendable {
        case approve, reject, release, handOver, print, forward, stamps, envelope, seal, back, next
    }

    /// The keys that make sense in the request's current step; the bar shows only those.
    public static func keys(_ state: State, _ catalog: Catalog) -> KeyTable {
        if state.sealedPickupCode != nil {
            return KeyTable([KeyBinding(.enter, action: Action.next.rawValue, label: catalog[.keyNextRequest]),
                             KeyBinding(.function(10), action: Action.next.rawValue, label: catalog[.keyBack])])
        }
        guard let snapshot = state.snapshot else {
            return KeyTable([KeyBinding(.function(10), action: Action.back.rawValue, label: catalog[.keyBack])])
        }
        let step = snapshot.progress.state
        // What the state accepts comes from the lifecycle itself: the bar cannot offer a refused step.
        let accepts = Lifecycle.accepts(step, issuedElsewhere: snapshot.service.issuer != nil)
        var bindings: [KeyBinding] = []
        // F2 is on the bar only when it would be accepted: matches needs a living record with no
        // field marked ✗, seal needs every stamp of the service. Off the bar it still answers,
        // saying which fields differ or which stamps are missing.
        if accepts.contains(.verify) {
            bindings.append(KeyBinding(.function(2), action: Action.approve.rawValue, label: catalog[.keyApprove],
                                       showsInBar: snapshot.canBeMatched))
        } else if accepts.contains(.seal) {
            bindings.append(KeyBinding(.function(2), action: Action.seal.rawValue, label: catalog[.keySeal],
                                       showsInBar: snapshot.missingStamps.isEmpty))
        }
        if accepts.contains(.reject) {
            bindings.append(KeyBinding(.function(3), action: Action.reject.rawValue, label: catalog[.keyReject]))
        }
        if accepts.contains(.release) {
            bindings.append(KeyBinding(.function(4), action: Action.release.rawValue, label: catalog[.keyRelease]))
        }
        if accepts.contains(.handOver) {
            bindings.append(KeyBinding(.function(5), action: Action.handOver.rawValue, label: catalog[.keyHandOver]))
        }
        if accepts.contains(.print) {
            // The first print, or a reprint (with a reason) once there is a copy.
            bindings.append(KeyBinding(.function(6), action: Action.print.rawValue,
                                       label: catalog[step == .verified ? .keyPrint : .keyReprint]))
        }
        if accepts.contains(.forward) {
            // The issuer makes the document: the slip goes with the request instead of a print.
            bindings.append(KeyBinding(.function(6), action: Action.forward.rawValue, label: catalog[.keyForward]))
        }
        if accepts.contains(.stamp) && !snapshot.missingStamps.isEmpty {
            bindings.append(KeyBinding(.function(7), action: Action.stamps.rawValue, label: catalog[.keyStamps]))
        }
        if accepts.contains(.seal) {
            // The envelope is printed for the seal.
            bindings.append(KeyBinding(.function(8), action: Action.envelope.rawValue, label: catalog[.keyEnvelope]))
        }
        bindings.append(KeyBinding(.function(10), action: Action.back.rawValue, label: catalog[.keyBack]))
        bindings.append(KeyBinding(.escape, action: Action.back.rawValue, label: catalog[.keyBack], showsInBar: false))
        return KeyTable(bindings)
    }

    /// The keys of the open dialog: while it is open they are the bar's, and the screen's own keys wait.
    public static func modalKeys(_ modal: Modal, _ catalog: Catalog) -> KeyTable {
        let escape = KeyBinding(.escape, action: "cancel", label: catalog[.cancel])
        func form(_ form: Form) -> [KeyBinding] {
            let last = form.focus >= form.fields.count - 1
            return [KeyBinding(.enter, action: "enter", label: catalog[last ? .keySubmit : .keyNextField]),
                    KeyBinding(.tab, action: "next", label: catalog[.keyNextField], showsInBar: form.fields.count > 1),
                    escape]
        }
        switch modal {
        case .confirmProbable(let dialog), .revenueConfirm(_, let dialog):
            return dialog.keys(catalog)
        case .rejectReason:
            return KeyTable([KeyBinding(.enter, action: "choose", label: catalog[.keyChooseReason]),
                             KeyBinding(.up, action: "move", label: catalog[.keyMoveChoice], keyName: "↑↓"),
                             KeyBinding(.down, action: "move", label: catalog[.keyMoveChoice], showsInBar: false), escape])
        case .stamps:
            return KeyTable([KeyBinding(.char(" "), action: "tick", label: catalog[.keyTick]),
                             KeyBinding(.enter, action: "apply", label: catalog[.keyApplyTicked]),
                             KeyBinding(.up, action: "move", label: catalog[.keyMoveChoice], keyName: "↑↓"),
                             KeyBinding(.down, action: "move", label: catalog[.keyMoveChoice], showsInBar: false), escape])
        case .rejectNote(_, let details):
            return KeyTable([KeyBinding(.enter, action: "send", label: catalog[.keyReject]),
                             KeyBinding(.tab, action: "switch", label: catalog[details.isInNote ? .rejectFields : .note]),
                             KeyBinding(.char(" "), action: "tick", label: catalog[.keyTick], showsInBar: !details.isInNote),
                             KeyBinding(.up, action: "move", label: catalog[.keyMoveChoice], showsInBar: !details.isInNote,
                                        keyName: "↑↓"),
                             escape])
        case .release(let fields), .handOver(let fields), .reprint(let fields),
             .paperSerial(_, let fields), .tracking(_, let fields):
            return KeyTable(form(fields))
        }
    }

    /// Pure: the new state and the commands to run.
    public static func update(_ state: State, _ message: Message, catalog: Catalog) -> (State, [Command]) {
        var state = state
        switch message {
        case .claimed(let id):
            return (State(id: id), [.load(id)])
        case .loaded(let snapshot):
            let before = state.snapshot?.progress.state
            state.snapshot = snapshot
            if state.isRefreshing { state.isRefreshing = false } else { state.isBusy = false }
            // Ended while it was here, by someone else (the supervisor's decision on a flood, a cancel
            // from the central office): said, so no one works on it any longer.
            if let before, before != snapshot.progress.state, snapshot.progress.state.isFinal {
                let id = state.id, ended = snapshot.progress.state
                state.message = Notice { catalog in "\(id): \(catalog.state(ended)) — \(catalog[.endedElsewhere])" }
            }
            return (state, [])
        case .done(let outcome, let snapshot):
            state.isBusy = false
            state.modal = nil
            if let snapshot { state.snapshot = snapshot }
            state.message = Notice { catalog in catalog.describe(outcome) }
            if case .sealedForPickup(let code) = outcome {
                state.sealedPickupCode = code
            } else if outcome.endsVisit {
                state.finished = outcome
            }
            return (state, [])
        case .refused(let refusal):
            state.isBusy = false
            state.message = Notice(catalog) { catalog in catalog.describe(refusal) }
            return (state, [.load(state.id)])
        case .key(let key):
            guard !state.isBusy else { return (state, []) }
            if state.modal != nil { return updateModal(state, key, catalog: catalog) }
            guard let snapshot = state.snapshot,
                  let action = keys(state, catalog).action(for: key).flatMap(Action.init(rawValue:)) else {
                if key == .escape { state.finished = nil; return back(state) }
                return (state, [])
            }
            state.message = nil
            switch action {
            case .approve:
                if let comparison = snapshot.comparison, comparison.differing.isEmpty, !comparison.probable.isEmpty,
                   snapshot.person?.status == .alive {
                    let probable = comparison.probable
                    state.modal = .confirmProbable(ConfirmDialog(
                        title: .text(.probableTitle),
                        message: Notice { catalog in
                            "\(catalog[.probableQuestion]) \(probable.map { catalog.field($0) }.joined(separator: "، "))"
                        },
                        confirmLabel: .text(.confirm), cancelLabel: .text(.cancel)))
                    return (state, [])
                }
                return run(state, .perform(state.id, .verify(confirmProbable: false)))
            case .reject:
                let reasons = RejectionReason.atCounter
                let suggested = suggestedReason(snapshot)
                state.modal = .rejectReason(ChoiceList(reasons.map { reason in Notice { $0.reason(reason) } },
                                                       selected: reasons.firstIndex(of: suggested) ?? 0))
                return (state, [])
            case .release:
                state.modal = .release(Form([FormField(.text(.note))]))
                return (state, [])
            case .handOver:
                state.modal = .handOver(Form([FormField(.text(.colleague), direction: .leftToRight), FormField(.text(.note))]))
                return (state, [])
            case .print:
                if snapshot.progress.state == .verified { return run(state, .printDocument(state.id, reprintReason: nil)) }
                state.modal = .reprint(Form([FormField(.text(.reprintReason))]))
                return (state, [])
            case .forward:
                return run(state, .forward(state.id))
            case .stamps:
                // Nothing ticked: each stamp is certified because the operator ticked it, not by one Enter.
                state.modal = .stamps(chosen: [], cursor: 0)
                return (state, [])
            case .envelope:
                if snapshot.record.delivery.method == .post && snapshot.envelopeTracking == nil {
                    state.modal = .tracking(forSeal: false, trackingForm(catalog))
                    return (state, [])
                }
                return run(state, .printEnvelope(state.id, tracking: snapshot.envelopeTracking))
            case .seal:
                guard snapshot.missingStamps.isEmpty else {
                    // The stamps by name, and the key that applies them.
                    state.message = Notice { catalog in
                        let names = snapshot.missingStamps.map { code in
                            snapshot.stamps.first { $0.code == code }.map { catalog.name($0.name) } ?? code
                        }
                        return "\(catalog.describe(.lifecycle(.stampMissing(names)))) · F7 \(catalog[.keyStamps])"
                    }
                    return (state, [])
                }
                if snapshot.record.delivery.method == .post && snapshot.envelopeTracking == nil {
                    state.modal = .tracking(forSeal: true, trackingForm(catalog))
                    return (state, [])
                }
                return run(state, .seal(state.id, tracking: snapshot.envelopeTracking))
            case .back:
                return back(state)
            case .next:
                // The code was seen: the visit ends as the seal did.
                state.finished = state.sealedPickupCode.map(Outcome.sealedForPickup)
                state.message = state.sealedPickupCode.map { code in Notice { catalog in catalog.describe(.sealedForPickup(code)) } }
                return (state, [])
            }
        }
    }

    private static func back(_ state: State) -> (State, [Command]) {
        var state = state
        state.finished = .claimed
        return (state, [])
    }

    private static func run(_ state: State, _ command: Command) -> (State, [Command]) {
        var state = state
        state.isBusy = true
        state.modal = nil
        switch command {
        // A printer may take seconds: say what the counter is waiting for.
        case .printDocument, .printEnvelope, .forward: state.message = Notice { catalog in catalog[.sendingToPrinter] }
        case .load, .perform, .seal: break
        }
        return (state, [command])
    }

    private static func trackingForm(_ catalog: Catalog) -> Form {
        Form([FormField(.text(.trackingNumber), input: TextInput("", maximumLength: 13), direction: .leftToRight,
                        message: catalog[.trackingHint])])
    }

    static func suggestedReason(_ snapshot: Snapshot) -> RejectionReason {
        // Once printed the data was matched: what goes wrong now is the document itself.
        if [.printed, .documentReceived, .stamped].contains(snapshot.progress.state) { return .documentProblem }
        guard let person = snapshot.person else { return .notFound }
        if person.status != .alive { return .deceased }
        if snapshot.duplicateOf != nil { return .duplicate }
        return snapshot.comparison?.suggestedReason ?? .other
    }

    /// Keys while a dialog is open: Esc always closes it without doing anything.
    private static func updateModal(_ state: State, _ key: Key, catalog: Catalog) -> (State, [Command]) {
        var state = state
        guard let modal = state.modal, let snapshot = state.snapshot else { return (state, []) }
        if key == .escape {
            state.modal = nil
            return (state, [])
        }
        switch modal {
        case .confirmProbable(var dialog):
            switch dialog.handle(key, direction: catalog.language.context.direction) {
            case .confirm: return run(state, .perform(state.id, .verify(confirmProbable: true)))
            case .cancel: state.modal = nil
            case nil: state.modal = .confirmProbable(dialog)
            }
            return (state, [])
        case .rejectReason(var list):
            if key == .enter, list.items.indices.contains(list.selected) {
                let reason = RejectionReason.atCounter[list.selected]
                let differing = Set((snapshot.comparison?.differing ?? []).compactMap(RecordComparison.Field.init(rawValue:)))
                state.modal = .rejectNote(reason, RejectDetails(chosen: differing, noteIsRequired: reason == .other))
                return (state, [])
            }
            _ = list.handle(key, visibleRows: RejectionReason.atCounter.count)
            state.modal = .rejectReason(list)
            return (state, [])
        case .rejectNote(let reason, var details):
            if key == .enter || { if case .scan = key { return true } else { return false } }() {
                if case .scan(let text) = key, details.isInNote { details.note.insert(text) }
                let note = details.note.text
                if details.noteIsRequired && note.trimmingCharacters(in: .whitespaces).isEmpty {
                    details.isInNote = true
                    state.modal = .rejectNote(reason, details)
                    state.message = Notice { catalog in catalog.describe(.lifecycle(.noteRequired)) }
                    return (state, [])
                }
                return run(state, .perform(state.id, .reject(reason, fields: details.fieldNames, note: note)))
            }
            _ = details.handle(key, direction: catalog.language.context.direction)
            state.modal = .rejectNote(reason, details)
            return (state, [])
        case .release(var form):
            let entered = form.takeEnter(key)
            if entered == .moved {
                state.modal = .release(form)
                return (state, [])
            }
            if entered == .submitted {
                return run(state, .perform(state.id, .release(note: form.fields[0].input.text)))
            }
            _ = form.handle(key, direction: catalog.language.context.direction)
            state.modal = .release(form)
            return (state, [])
        case .handOver(var form):
            let entered = form.takeEnter(key)
            if entered == .moved {
                state.modal = .handOver(form)
                return (state, [])
            }
            if entered == .submitted {
                guard let colleague = try? OperatorID(form.fields[0].input.text.trimmingCharacters(in: .whitespaces)) else {
                    form.fields[0].message = catalog[.required]
                    form.focus = 0
                    state.modal = .handOver(form)
                    return (state, [])
                }
                return run(state, .perform(state.id, .handOver(to: colleague, note: form.fields[1].input.text)))
            }
            _ = form.handle(key, direction: form.focus == 0 ? .leftToRight : catalog.language.context.direction)
            state.modal = .handOver(form)
            return (state, [])
        case .reprint(var form):
            let entered = form.takeEnter(key)
            if entered == .moved {
                state.modal = .reprint(form)
                return (state, [])
            }
            if entered == .submitted {
                let reason = form.fields[0].input.text.trimmingCharacters(in: .whitespaces)
                guard !reason.isEmpty else {
                    form.fields[0].message = catalog[.required]
                    state.modal = .reprint(form)
                    state.message = Notice { catalog in catalog.describe(.lifecycle(.reprintReasonRequired)) }
                    return (state, [])
                }
                return run(state, .printDocument(state.id, reprintReason: reason))
            }
            _ = form.handle(key, direction: catalog.language.context.direction)
            state.modal = .reprint(form)
            return (state, [])
        case .stamps(var chosen, var cursor):
            let missing = snapshot.missingStamps
            switch key {
            case .up: cursor = max(cursor - 1, 0)
            case .down: cursor = min(cursor + 1, max(missing.count - 1, 0))
            case .char(" "):
                if missing.indices.contains(cursor) {
                    let code = missing[cursor]
                    if chosen.contains(code) { chosen.remove(code) } else { chosen.insert(code) }
                    // On to the next stamp, as the operator works down the paper.
                    cursor = min(cursor + 1, max(missing.count - 1, 0))
                }
            case .enter:
                let codes = missing.filter(chosen.contains)
                guard !codes.isEmpty else {
                    state.message = Notice { catalog in catalog[.chooseStamp] }
                    return (state, [])
                }
                if codes.contains(Stamp.revenueCode) {
                    state.modal = .revenueConfirm(codes: codes, ConfirmDialog(
                        title: .text(.revenueTitle),
                        message: Notice { [fee = snapshot.service.fee] catalog in
                            "\(catalog[.revenueQuestion]) \(fee) \(catalog[.pounds])"
                        },
                        confirmLabel: .text(.confirm), cancelLabel: .text(.cancel)))
                } else {
                    state.modal = .paperSerial(codes: codes, paperSerialForm(catalog))
                }
                return (state, [])
            default:
                break
            }
            state.modal = .stamps(chosen: chosen, cursor: cursor)
            return (state, [])
        case .revenueConfirm(let codes, var dialog):
            switch dialog.handle(key, direction: catalog.language.context.direction) {
            case .confirm: state.modal = .paperSerial(codes: codes, paperSerialForm(catalog))
            case .cancel:
                // Without the إبطال confirmed the revenue stamp cannot be recorded; back to the checklist
                // with every tick kept, so the others can still be certified.
                state.message = Notice { catalog in catalog.describe(.lifecycle(.revenueStampNotCancelled)) }
                state.modal = .stamps(chosen: Set(codes), cursor: snapshot.missingStamps.firstIndex(of: Stamp.revenueCode) ?? 0)
            case nil: state.modal = .revenueConfirm(codes: codes, dialog)
            }
            return (state, [])
        case .paperSerial(let codes, var form):
            let entered = form.takeEnter(key)
            if entered == .moved {
                state.modal = .paperSerial(codes: codes, form)
                return (state, [])
            }
            if entered == .submitted {
                let serial = form.fields[0].input.text.trimmingCharacters(in: .whitespaces)
                return run(state, .perform(state.id, .stamp(codes, revenueCancelled: codes.contains(Stamp.revenueCode),
                                                            paperSerial: serial.isEmpty ? nil : serial)))
            }
            _ = form.handle(key, direction: .leftToRight)
            state.modal = .paperSerial(codes: codes, form)
            return (state, [])
        case .tracking(let forSeal, var form):
            let entered = form.takeEnter(key)
            if entered == .moved {
                state.modal = .tracking(forSeal: forSeal, form)
                return (state, [])
            }
            if entered == .submitted {
                let text = form.fields[0].input.text.trimmingCharacters(in: .whitespaces).uppercased()
                var tracking: TrackingNumber?
                if !text.isEmpty {
                    do { tracking = try TrackingNumber(text) } catch {
                        form.fields[0].input.clear()
                        state.modal = .tracking(forSeal: forSeal, form)
                        state.message = Notice { catalog in catalog.describe(.invalid(error)) }
                        return (state, [])
                    }
                }
                return run(state, forSeal ? .seal(state.id, tracking: tracking) : .printEnvelope(state.id, tracking: tracking))
            }
            _ = form.handle(key, direction: .leftToRight)
            state.modal = .tracking(forSeal: forSeal, form)
            return (state, [])
        }
    }

    private static func paperSerialForm(_ catalog: Catalog) -> Form {
        Form([FormField(.text(.paperSerial), input: TextInput("", maximumLength: 32), direction: .leftToRight,
                        message: catalog[.optional])])
    }
}
