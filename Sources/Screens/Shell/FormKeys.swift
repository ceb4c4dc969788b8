import Foundation
import ShubbakTerminal

/// How the screens' forms take Enter: the same on every dialog, so a scanner or a fast typist behaves like a person.
extension Form {
    enum Entered: Equatable {
        /// Not Enter nor a scan: an editing key for the field.
        case notEnter
        /// Enter (or a scan's text and its Enter) on a field before the last: the focus moved to the next field.
        case moved
        /// Enter on the last field: the form is to be submitted.
        case submitted
    }

    /// A scan's text goes into the focused field first, as if typed.
    mutating func takeEnter(_ key: Key) -> Entered {
        switch key {
        case .scan(let text): fields[focus].input.insert(text)
        case .enter: break
        default: return .notEnter
        }
        guard focus < fields.count - 1 else { return .submitted }
        focus += 1
        return .moved
    }

    /// Every field's trimmed text, or nil after marking the empty ones "required" and moving to the first of them.
    /// `required`: how many fields, from the first, must not be empty (all of them by default).
    mutating func requiredValues(_ catalog: Catalog, required: Int? = nil) -> [String]? {
        let values = fields.map { $0.input.text.trimmingCharacters(in: .whitespaces) }
        let required = required ?? fields.count
        guard let firstEmpty = values.prefix(required).firstIndex(where: \.isEmpty) else { return values }
        for index in fields.indices { fields[index].message = index < required && values[index].isEmpty ? catalog[.required] : nil }
        focus = firstEmpty
        return nil
    }
}

extension ConfirmDialog {
    /// The keys of an open confirmation, the same on every screen: Enter takes the focused button.
    func keys(_ catalog: Catalog) -> KeyTable {
        KeyTable([KeyBinding(.enter, action: "decide", label: focusedLabel.text(in: catalog.language)),
                  KeyBinding(.left, action: "button", label: catalog[.keyChooseButton], keyName: "←→"),
                  KeyBinding(.right, action: "button", label: catalog[.keyChooseButton], showsInBar: false),
                  KeyBinding(.tab, action: "button", label: catalog[.keyChooseButton], showsInBar: false),
                  KeyBinding(.escape, action: "cancel", label: catalog[.cancel])])
    }
}

extension TextInput {
    /// The keys of a scan field shown beside a list (handoff, issuers): a typed character but Space
    /// goes in, Backspace and Esc edit it while it holds text. Returns whether the key was the field's;
    /// Enter, Space and the arrows are left to the screen.
    mutating func takeScanFieldKey(_ key: Key) -> Bool {
        switch key {
        case .char(let character) where character != " ":
            insert(String(character))
        case .backspace where !text.isEmpty:
            backspace()
        case .escape where !text.isEmpty:
            clear()
        default:
            return false
        }
        return true
    }
}

/// What a one-field form asking a required note (an issuer's reason, the supervisor's word on a flood) did with a key.
enum NoteEntry {
    /// Enter with a note: the trimmed text.
    case submitted(String)
    case cancelled
    /// Still being written (or refused as empty, with the field saying so).
    case editing(Form)
}

extension Form {
    /// The keys of a one-note form: Enter does `submit`, Esc cancels.
    static func noteKeys(_ catalog: Catalog, submit: Catalog.Text) -> KeyTable {
        KeyTable([KeyBinding(.enter, action: "submit", label: catalog[submit]),
                  KeyBinding(.escape, action: "cancel", label: catalog[.cancel])])
    }

    /// A form of one required note: a burst (a pasted or scanned text) arrives with its Enter; Esc
    /// cancels; Enter on an empty note marks the field required.
    func takeNoteKey(_ key: Key, catalog: Catalog) -> NoteEntry {
        var form = self
        var key = key
        if case .scan(let text) = key {
            form.fields[0].input.insert(text)
            key = .enter
        }
        switch key {
        case .escape:
            return .cancelled
        case .enter:
            let note = form.fields[0].input.text.trimmingCharacters(in: .whitespaces)
            guard !note.isEmpty else {
                form.fields[0].message = catalog[.required]
                return .editing(form)
            }
            return .submitted(note)
        default:
            _ = form.handle(key, direction: catalog.language.context.direction)
            return .editing(form)
        }
    }
}
