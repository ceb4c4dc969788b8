import Foundation
import ShubbakCore
import ShubbakTerminal

/// Every text the screens show, one catalog per language; views never hold text of their own.
public struct Catalog: Sendable {
    public let language: Language
    private let texts: [Text: String]

    public enum Text: Hashable, Sendable, CaseIterable {
        // Queue
        case queueTitle, columnRequest, columnService, columnSubject, columnDelivery, columnAge, columnDue, columnState
        case post, center, fast, slow, overdue, taken, duplicate, empty, hoursShort, daysShort, open, mine, handedTo
        case searchLabel
        case keyClaim, keyRefresh, keyLanguage, keyHelp, keyQuit, keyFilterFast, keyFilterOverdue, keySearch, keyMine
        case keyDelivery, keyService, keySignOut, keyTheme, keyLock, keyBack, help
        case claimed, refused, noRequestAtCounter, loading, demoHint, applicant
        // Sign-in
        case signInTitle, lockedTitle, operatorID, password, keySignIn, checking
        case signInUnknown, signInWrong, triesLeft, signInLocked, signInDisabled, signInMissing
        // Counter
        case counterTitle, verificationTitle, documentTitle, envelopeTitle, columnField, columnRequestData
        case columnCivilRecord, columnVerdict, nationalNumber, noCivilRecord, personDeceased, duplicateOf, copies
        case pounds, pickupAtCenter, trackingNumber, trackingHint, pickupCode, paperSerial, optional, required
        case keyApprove, keyReject, keyRelease, keyHandOver, keyPrint, keyReprint, keyStamps, keyEnvelope, keySeal
        case probableTitle, probableQuestion, confirm, cancel, rejectTitle, rejectFields, note, noteRequired, noteOptional
        case releaseTitle, handOverTitle, colleague, reprintTitle, reprintReason, stampsTitle, stampsHint, chooseStamp
        case revenueTitle, revenueQuestion, sealTitle
        // Dialog keys
        case keyClearSearch, keyToList, noneMatch, escClearsSearch, keyNextRequest, tellPickupCode, sendingToPrinter, waitingForDatabase, scanHere, onShelf
        case keyChooseButton, keyMoveChoice, keyTick, keyApplyTicked, keyNextField, keySubmit, keyChooseReason
        case outcomeClaimed, outcomeVerified, outcomeRejected, outcomeReleased, outcomeHandedOver, outcomePrinted
        case outcomeStamped, outcomeEnvelope, outcomeSealedPost, outcomeSealedPickup
        case keyForward, outcomeForwarded, expectedBack
        case issuersTitle, columnIssuer, columnExpected, keyDocumentBack, keyIssuerRefused, issuerRefusedTitle, noneAtIssuers
        case scanSlip, issuerRefusedDone, daysLate
        case postReportsTitle, postAttempted, postReturning, issuedBy, reference
        case keyUncollected, uncollectedTitle, uncollectedQuestion, uncollectedDone, nothingPastRetention
        case floodMark, noRecordMark
        // Floods (the supervisor's)
        case floodsTitle, keyOpenCluster, keyTickAll
        // Live counters
        case keyStatus, statusServing, statusBreak, statusBackOffice, statusAway
        // Alerts
        case dueWithinHour, first, outboxUnanswered, endedElsewhere
        case keyRejectFake, keyToClusters, fakeNote, fakeTitle, fakeQuestion, fakeDone, noFloods, nothingTicked, nothingChanged
        // Post handoff and returns
        case handoffTitle, keyChoose, keyToCourier, keyReturned, keyKeepForPickup, chosen, noEnvelopes
        case chooseEnvelopes, courierTitle, courierName, courierID, handoffQuestion, manifestDone, returnedTitle
        case trackingOrRequest, returnReason, returnedDone, keptForPickup, onlyReturned, notWaitingForPost
        case columnAddressee, governorate
        // Pickup
        case pickupTitle, pickupSearch, keyFind, keyDeliver, deliverTitle, collectorNumber, collectorHint
        case nothingToCollect, deliveredDone
        // Sync
        case syncTitle, syncShort, keySyncNow, syncing, syncDone, filesIn, recordsOut, inbox, outbox, applied, setAside
        case duplicateFile, waitingFor, quarantined, acknowledged, unacknowledged, lastImport, lastExport, file, time
        case records, sequence
        // Refusals
        case notFound, trackingInUse, trackingRangeExhausted, invalidValue, printFailed, notPermitted
    }

    /// The center's days and clock: every time a screen shows is read in it.
    public let calendar: CenterCalendar

    public static func of(_ language: Language, calendar: CenterCalendar = .damascus) -> Catalog {
        Catalog(language: language, texts: language == .arabic ? arabic : english, calendar: calendar)
    }

    /// This catalog in `language`, on the same calendar.
    public func `in`(_ language: Language) -> Catalog { .of(language, calendar: calendar) }

    /// `12:30` on the center's clock.
    public func clock(_ date: Date) -> String { calendar.clock(of: date) }

    /// `2026-11-20 12:30` on the center's clock.
    public func dayAndTime(_ date: Date) -> String { calendar.text(of: date) }

    public subscript(_ text: Text) -> String { texts[text] ?? "" }

    /// "towards", pointing the way the language reads: the bidi algorithm does not mirror arrows.
    public var arrow: String { language == .arabic ? "←" : "→" }

    /// A name from the central office's catalog (a service, a stamp) in this catalog's language.
    public func name(_ text: LocalizedText) -> String { language == .arabic ? text.ar : text.en }

    /// "2d 5h" / "2ي 5س": a duration short enough for a table cell.
    public func duration(_ seconds: Int) -> String {
        let hours = abs(seconds) / 3_600
        let text = hours >= 24 ? "\(hours / 24)\(self[.daysShort]) \(hours % 24)\(self[.hoursShort])" : "\(hours)\(self[.hoursShort])"
        return seconds < 0 ? "-" + text : text
    }

    /// The one word for each state, in Arabic and English: every screen, report and paper uses it,
    /// so «مختوم» cannot mean stamped on one screen and sealed on another.
    static let stateNames: [RequestState: (arabic: String, english: String)] = [
        .received: ("في الدور", "waiting"), .claimed: ("مستلَم", "claimed"), .verified: ("مدقَّق", "verified"),
        .rejected: ("مرفوض", "rejected"), .forwarded: ("لدى الجهة المصدِرة", "at the issuer"),
        .documentReceived: ("وصلت وثيقة الجهة", "issuer's document in"),
        .printed: ("مطبوع", "printed"), .stamped: ("مصدَّق", "stamped"),
        .sealed: ("مغلق", "sealed"), .dispatched: ("مرسل بالبريد", "dispatched"), .returned: ("مرتجع", "returned"),
        .readyForPickup: ("جاهز للاستلام", "ready for pickup"), .delivered: ("مسلَّم", "delivered"),
        .uncollected: ("لم يُستلم", "uncollected"), .cancelled: ("ملغى", "cancelled"),
    ]

    public func state(_ state: RequestState) -> String {
        let pair = Self.stateNames[state] ?? (state.rawValue, state.rawValue)
        return language == .arabic ? pair.arabic : pair.english
    }

    /// The counter's steps, named by what the operator does.
    public func step(_ state: RequestState) -> String {
        let names: [RequestState: (String, String)] = [
            .claimed: ("التحقق", "verify"), .verified: ("الطباعة", "print"), .printed: ("الأختام", "stamps"),
            .documentReceived: ("الأختام", "stamps"), .forwarded: ("الجهة المصدِرة", "issuer"),
            .stamped: ("الظرف", "envelope"), .sealed: ("الإغلاق", "seal"),
        ]
        let pair = names[state] ?? (state.rawValue, state.rawValue)
        return language == .arabic ? pair.0 : pair.1
    }

    public func field(_ name: String) -> String {
        let names: [String: (String, String)] = [
            "first": ("الاسم", "first name"), "father": ("اسم الأب", "father"), "mother": ("اسم الأم", "mother"),
            "last": ("الكنية", "last name"), "birth_date": ("تاريخ الولادة", "birth date"),
            "birth_place": ("مكان الولادة", "birth place"),
        ]
        let pair = names[name] ?? (name, name)
        return language == .arabic ? pair.0 : pair.1
    }

    public func verdict(_ verdict: NameVerdict) -> String {
        switch verdict {
        case .identical: language == .arabic ? "✓ مطابق" : "✓ identical"
        case .normalisedEqual: language == .arabic ? "≈ مطابق إملائياً" : "≈ same spelling"
        case .probable: language == .arabic ? "? محتمل" : "? probable"
        case .different: language == .arabic ? "✗ مختلف" : "✗ different"
        }
    }

    public func reason(_ reason: RejectionReason) -> String {
        let names: [RejectionReason: (String, String)] = [
            .notFound: ("لا قيد في السجل المدني", "no civil-affairs record"), .nameMismatch: ("الاسم مختلف", "name differs"),
            .fatherMismatch: ("اسم الأب مختلف", "father differs"), .motherMismatch: ("اسم الأم مختلف", "mother differs"),
            .birthMismatch: ("الولادة مختلفة", "birth differs"), .deceased: ("الشخص متوفى", "person deceased"),
            .documentProblem: ("مشكلة في الوثيقة", "document problem"), .duplicate: ("طلب مكرر", "duplicate request"),
            .other: ("سبب آخر", "other reason"),
        ]
        let pair = names[reason] ?? (reason.rawValue, reason.rawValue)
        return "\(language == .arabic ? pair.0 : pair.1) (\(reason.rawValue))"
    }

    /// «applicant filed 6 requests for 6 people in 24 h»: the numbers first, so a narrow panel keeps them.
    public func describe(_ filings: ApplicantFilings) -> String {
        language == .arabic
            ? "المتقدّم قدّم \(filings.requests) طلبات لـ \(filings.people) أشخاص خلال 24 ساعة"
            : "applicant filed \(filings.requests) requests for \(filings.people) people in 24 h"
    }

    public func describe(_ outcome: CounterScreen.Outcome) -> String {
        switch outcome {
        case .claimed: self[.outcomeClaimed]
        case .verified: self[.outcomeVerified]
        case .rejected: self[.outcomeRejected]
        case .released: self[.outcomeReleased]
        case .handedOver(let colleague): "\(self[.outcomeHandedOver]) \(colleague)"
        case .printed(let receipt): "\(self[.outcomePrinted]) · \(receipt)"
        case .stamped: self[.outcomeStamped]
        case .envelopePrinted(let receipt): "\(self[.outcomeEnvelope]) · \(receipt)"
        case .sealedForPost(let tracking): "\(self[.outcomeSealedPost]) \(tracking)"
        case .sealedForPickup(let code): "\(self[.outcomeSealedPickup]) \(code)"
        case .forwarded(let issuer, let expectedBy, let receipt):
            "\(self[.outcomeForwarded]) \(name(issuer)) · \(self[.expectedBack]) \(expectedBy) · \(receipt)"
        }
    }

    public func describe(_ refusal: Refusal) -> String {
        switch refusal {
        case .lifecycle(let error): "\(self[.refused]): \(describe(error))"
        case .lifecycleOf(let id, let error): "\(self[.refused]) \(id): \(describe(error)) — \(self[.nothingChanged])"
        case .notFound(let what): "\(self[.notFound]) \(what)"
        case .trackingInUse(let tracking): "\(self[.trackingInUse]) \(tracking)"
        case .trackingRangeExhausted: self[.trackingRangeExhausted]
        case .invalid(let error): "\(self[.invalidValue]): \(describe(error))"
        case .printFailed(let reason): "\(self[.printFailed]): \(reason)"
        case .notPermitted: self[.notPermitted]
        case .failed(let reason): "\(self[.refused]): \(reason)"
        }
    }

    /// What an operator types or scans, checked: the two numbers a counter enters by hand are worded in Arabic; the
    /// other rules concern data from the central office and keep the contract's English terms.
    public func describe(_ error: ValidationError) -> String {
        guard language == .arabic else { return error.description }
        switch error {
        case .nationalNumber(let value):
            return "الرقم الوطني «\(Sanitised.forMessage(value))» ليس 11 رقماً بالضبط"
        case .trackingNumber(let value, _):
            return "رقم التتبع «\(Sanitised.forMessage(value))» ليس رقم S10 صحيحاً: حرفان، ثمانية أرقام، رقم التحقق، SY"
        default:
            return error.description
        }
    }

    /// What an operator said they are doing.
    public func status(_ status: OperatorStatus) -> String {
        switch status {
        case .serving: self[.statusServing]
        case .onBreak: self[.statusBreak]
        case .backOffice: self[.statusBackOffice]
        case .away: self[.statusAway]
        }
    }

    /// A lifecycle refusal in the operator's language.
    public func describe(_ error: LifecycleError) -> String {
        if case .claimedBy(let holder, let until) = error, language == .english {
            return "claimed by \(holder) until \(clock(until))"
        }
        guard language == .arabic else { return error.description }
        switch error {
        case .notAllowed(_, let state): return "لا يمكن هذا الإجراء والطلب \(self.state(state))"
        case .claimedBy(let holder, let until): return "الطلب محجوز لـ \(holder) حتى \(clock(until))"
        case .notClaimed: return "استلم الطلب أولاً"
        case .noCivilRecord(let number): return "لا قيد في السجل المدني للرقم الوطني \(number)"
        case .personDeceased: return "السجل المدني يذكر أن الشخص متوفى"
        case .recordDiffers(let fields):
            return "الطلب يخالف السجل المدني في: \(fields.map(field).joined(separator: "، "))"
        case .probableMatchNotConfirmed(let fields):
            return "أكّد التطابق المحتمل في: \(fields.map(field).joined(separator: "، "))"
        case .reprintReasonRequired: return "إعادة الطباعة تحتاج سبباً"
        case .noteRequired: return "هذا السبب يحتاج ملاحظة («آخر»، رفض الجهة المصدِرة، طلب مشبوه)"
        case .unknownStamp(let code): return "الختم \(code) ليس من أختام هذه الخدمة"
        case .stampAlreadyApplied(let code): return "الختم \(code) موضوع مسبقاً"
        case .stampMissing(let codes): return "لم توضع الأختام بعد: \(codes.joined(separator: "، "))"
        case .revenueStampNotCancelled: return "يجب إبطال الطابع المالي بعد لصقه"
        case .trackingRequired: return "ظرف البريد يحتاج رقم تتبع S10"
        case .pickupCodeRequired: return "ظرف الاستلام يحتاج رمز استلام"
        case .wrongDeliveryMethod(let expected):
            return expected == .post ? "هذا الطلب لا يُسلّم بالبريد" : "هذا الطلب لا يُستلم من المركز"
        case .manifestRequired: return "التسليم للبريد يحتاج رقم بيان"
        case .wrongCollector(let number): return "\(number) ليس صاحب العلاقة ولا مقدّم الطلب"
        case .reasonRequired: return "السبب مطلوب"
        case .handOverToSelf: return "سلّم الطلب لزميل، لا لنفسك"
        case .noIssuer(let service): return "وثيقة الخدمة \(service) تصدر من المركز: لا جهة تُحال إليها"
        case .notAtIssuer: return "رفض الجهة المصدِرة يخص طلباً محالاً إليها فقط"
        case .atIssuer: return "الطلب لدى الجهة المصدِرة: لا يُرفض إلا برفضها"
        case .wrongReference(let reference): return "\(reference) ليس مرجع إحالة هذا الطلب"
        case .retentionNotOver(let until): return "تبقى الوثيقة على الرف حتى \(dayAndTime(until))"
        case .suspectedFakeIsSupervisors: return "الرفض كطلب مشبوه قرار المشرف على موجة طلبات"
        }
    }

    static let arabic: [Text: String] = [
        .queueTitle: "الطلبات الواردة", .columnRequest: "رقم الطلب", .columnService: "الخدمة", .columnSubject: "صاحب العلاقة",
        .columnDelivery: "التسليم", .columnAge: "العمر", .columnDue: "المتبقي", .columnState: "الحالة", .post: "بريد",
        .center: "المركز", .fast: "سريعة", .slow: "بطيئة", .overdue: "متأخر", .taken: "محجوز لـ", .duplicate: "مكرر؟",
        .empty: "لا طلبات في الدور", .hoursShort: "س", .daysShort: "ي", .open: "مفتوحة", .mine: "طلباتي",
        .handedTo: "محوّل إلى", .searchLabel: "بحث:",
        .keyClaim: "استلام", .keyRefresh: "تحديث", .keyLanguage: "English", .keyHelp: "مساعدة", .keyQuit: "خروج",
        .keyFilterFast: "سريعة/بطيئة", .keyFilterOverdue: "المتأخرة", .keySearch: "بحث", .keyMine: "طلباتي",
        .keyDelivery: "التسليم", .keyService: "الخدمة", .keySignOut: "خروج", .keyTheme: "تبديل الألوان",
        .keyLock: "قفل الشباك", .keyBack: "رجوع", .help: "المفاتيح",
        .claimed: "استلمت الطلب", .refused: "تعذّر", .noRequestAtCounter: "لا طلب على الشباك الآن", .loading: "جارٍ التحميل…",
        .demoHint: "تجربة:", .applicant: "مقدّم الطلب",
        .signInTitle: "تسجيل الدخول", .lockedTitle: "الشباك مقفل", .operatorID: "رمز الموظف", .password: "كلمة السر",
        .keySignIn: "دخول", .checking: "جارٍ التحقق…", .signInUnknown: "رمز الموظف أو كلمة السر غير صحيحة",
        .signInWrong: "رمز الموظف أو كلمة السر غير صحيحة", .triesLeft: "المحاولات الباقية",
        .signInLocked: "الحساب مقفل بعد محاولات فاشلة حتى", .signInDisabled: "هذا الحساب موقوف، راجع المشرف",
        .signInMissing: "أدخل رمز الموظف وكلمة السر",
        .counterTitle: "الشباك", .verificationTitle: "المطابقة مع السجل المدني", .documentTitle: "الوثيقة والأختام",
        .envelopeTitle: "الظرف والتسليم", .columnField: "الحقل", .columnRequestData: "في الطلب",
        .columnCivilRecord: "في السجل المدني", .columnVerdict: "النتيجة", .nationalNumber: "الرقم الوطني",
        .noCivilRecord: "لا قيد في السجل المدني للرقم الوطني", .personDeceased: "السجل المدني: الشخص متوفى",
        .duplicateOf: "قد يكون تكراراً للطلب", .copies: "النسخ المطبوعة", .pounds: "ل.س", .pickupAtCenter: "الاستلام من المركز",
        .trackingNumber: "رقم التتبع", .trackingHint: "امسح الملصق أو اتركه فارغاً", .pickupCode: "رمز الاستلام",
        .paperSerial: "رقم الورقة الأمنية", .optional: "اختياري", .required: "مطلوب",
        .keyApprove: "مطابق", .keyReject: "رفض", .keyRelease: "إعادة للدور", .keyHandOver: "تحويل لزميل",
        .keyPrint: "طباعة", .keyReprint: "إعادة طباعة", .keyStamps: "الأختام", .keyEnvelope: "الظرف", .keySeal: "إغلاق الظرف",
        .probableTitle: "تطابق محتمل", .probableQuestion: "هل تؤكد التطابق في:", .confirm: "تأكيد", .cancel: "إلغاء",
        .rejectTitle: "رفض الطلب", .rejectFields: "الحقول", .note: "ملاحظة", .noteRequired: "ملاحظة (مطلوبة)", .noteOptional: "ملاحظة (اختيارية)",
        .releaseTitle: "إعادة الطلب إلى الدور", .handOverTitle: "تحويل الطلب لزميل", .colleague: "رمز الزميل",
        .reprintTitle: "إعادة الطباعة", .reprintReason: "السبب", .stampsTitle: "الأختام",
        .stampsHint: "المسافة: اختيار · Enter: تسجيل", .chooseStamp: "اختر ختماً واحداً على الأقل",
        .onShelf: "على الرف", .scanHere: "امسح أو اكتب رقم S10 ثم Enter:", .sendingToPrinter: "جارٍ الإرسال إلى الطابعة…", .waitingForDatabase: "بانتظار قاعدة البيانات…", .keyNextRequest: "الطلب التالي", .tellPickupCode: "رمز الاستلام للمواطن",
        .keyClearSearch: "مسح البحث", .keyToList: "إلى القائمة", .noneMatch: "لا طلب يطابق", .escClearsSearch: "Esc يمسح البحث",
        .keyChooseButton: "الزر", .keyMoveChoice: "تنقّل", .keyTick: "تأشير", .keyApplyTicked: "تصديق المؤشَّر",
        .keyNextField: "الحقل التالي", .keySubmit: "إرسال", .keyChooseReason: "اختيار السبب",
        .revenueTitle: "الطابع المالي", .revenueQuestion: "لُصق الطابع المالي وأُبطل؟ القيمة", .sealTitle: "إغلاق الظرف",
        .outcomeClaimed: "الطلب على الشباك", .outcomeVerified: "تمت المطابقة", .outcomeRejected: "رُفض الطلب",
        .outcomeReleased: "أعيد الطلب إلى الدور", .outcomeHandedOver: "حُوّل الطلب إلى", .outcomePrinted: "طُبعت الوثيقة",
        .outcomeStamped: "سُجّلت الأختام", .outcomeEnvelope: "طُبع الظرف", .outcomeSealedPost: "أُغلق الظرف للبريد",
        .outcomeSealedPickup: "أُغلق الظرف للاستلام، الرمز",
        .keyForward: "إحالة للجهة", .outcomeForwarded: "أُحيل الطلب إلى", .expectedBack: "يُنتظر حتى",
        .issuersTitle: "لدى الجهات المصدِرة", .columnIssuer: "الجهة", .columnExpected: "موعد الإعادة",
        .keyDocumentBack: "وصلت الوثيقة", .keyIssuerRefused: "رفض الجهة", .issuerRefusedTitle: "رفض الجهة المصدِرة",
        .noneAtIssuers: "لا طلبات لدى الجهات المصدِرة", .scanSlip: "امسح كتاب الإحالة:",
        .issuerRefusedDone: "رُفض الطلب برفض الجهة", .daysLate: "متأخر",
        .floodMark: "طلبات جماعية؟", .noRecordMark: "لا قيد",
        .keyUncollected: "لم تُستلم", .uncollectedTitle: "وثائق لم تُستلم",
        .uncollectedQuestion: "إنهاء الوثائق التي تجاوزت مدة الحفظ على الرف بأنها لم تُستلم؟ عددها",
        .uncollectedDone: "أُنهيت وثائق لم تُستلم", .nothingPastRetention: "لا وثيقة تجاوزت مدة الحفظ",
        .issuedBy: "تصدرها:", .reference: "مرجع الإحالة:", .postReportsTitle: "من البريد: ظروف يُنتظر أن تعود", .postAttempted: "محاولة تسليم فاشلة", .postReturning: "عائد إلى المركز",
        .handoffTitle: "التسليم للبريد", .keyChoose: "اختيار", .keyToCourier: "تسليم للساعي", .keyReturned: "مرتجع",
        .keyKeepForPickup: "للاستلام", .chosen: "المختار", .noEnvelopes: "لا ظروف بانتظار البريد",
        .chooseEnvelopes: "اختر الظروف أولاً (المسافة أو المسح)", .courierTitle: "الساعي", .courierName: "اسم الساعي",
        .courierID: "رقم هوية الساعي", .handoffQuestion: "تسليم الظروف:", .manifestDone: "سُلّم البيان",
        .returnedTitle: "ظرف مرتجع", .trackingOrRequest: "رقم التتبع أو الطلب", .returnReason: "سبب الإرجاع",
        .returnedDone: "سُجّل المرتجع", .keptForPickup: "حُفظ للاستلام", .onlyReturned: "اختر ظرفاً مرتجعاً",
        .notWaitingForPost: "ليس بانتظار البريد:", .columnAddressee: "المرسل إليه", .governorate: "المحافظة",
        .pickupTitle: "الاستلام من الشباك", .pickupSearch: "رقم الطلب أو رمز الاستلام أو الرقم الوطني",
        .keyFind: "بحث", .keyDeliver: "تسليم", .deliverTitle: "تسليم الطلب", .collectorNumber: "الرقم الوطني للمستلم",
        .collectorHint: "صاحب العلاقة أو مقدّم الطلب فقط", .nothingToCollect: "لا ظرف جاهز بهذا الرقم",
        .deliveredDone: "سُلّم الطلب",
        .syncTitle: "المزامنة مع المكتب المركزي", .syncShort: "مزامنة", .keySyncNow: "زامن الآن", .syncing: "جارٍ التزامن…",
        .syncDone: "تمت المزامنة", .filesIn: "ملفات واردة", .recordsOut: "سجلات صادرة", .inbox: "الوارد", .outbox: "الصادر",
        .applied: "طُبّق", .setAside: "جانباً", .duplicateFile: "مكرر", .waitingFor: "ينتظر الرقم",
        .quarantined: "محجور", .acknowledged: "مؤكَّد", .unacknowledged: "غير مؤكَّد", .lastImport: "آخر استيراد",
        .lastExport: "آخر تصدير", .file: "الملف", .time: "الوقت", .records: "سجلات", .sequence: "التسلسل",
        .notFound: "غير موجود:", .trackingInUse: "رقم التتبع مستعمل على ظرف آخر:",
        .trackingRangeExhausted: "نفد مجال أرقام التتبع: اطلب مجالاً جديداً", .invalidValue: "قيمة غير صحيحة",
        .printFailed: "فشلت الطباعة، أعد المحاولة", .notPermitted: "هذه الشاشة للمشرفين فقط",
        .keyStatus: "استراحة / عمل مكتبي / على الشباك", .statusServing: "على الشباك", .statusBreak: "في استراحة",
        .statusBackOffice: "عمل مكتبي", .statusAway: "غائب",
        .dueWithinHour: "تستحق خلال ساعة", .first: "أولها", .outboxUnanswered: "الصادر بلا تأكيد منذ",
        .endedElsewhere: "انتهى خارج هذا الشباك، لا عمل عليه بعد الآن",
        .floodsTitle: "الطلبات المشبوهة بالجملة", .keyOpenCluster: "فتح", .keyTickAll: "الكل/لا شيء",
        .keyRejectFake: "رفض كمشبوهة", .keyToClusters: "رجوع للقائمة", .fakeNote: "سبب الرفض (ملاحظة)",
        .fakeTitle: "رفض الطلبات كمشبوهة (SUSPECTED_FAKE)", .fakeQuestion: "عدد الطلبات التي سترفض كمشبوهة:",
        .fakeDone: "رُفضت كمشبوهة:", .noFloods: "لا طلبات مشبوهة بانتظار القرار",
        .nothingTicked: "أشّر الطلبات المراد رفضها (مسافة)", .nothingChanged: "لم يتغيّر شيء",
    ]

    static let english: [Text: String] = [
        .queueTitle: "Incoming requests", .columnRequest: "Request", .columnService: "Service", .columnSubject: "Subject",
        .columnDelivery: "Delivery", .columnAge: "Age", .columnDue: "Time left", .columnState: "State", .post: "post",
        .center: "center", .fast: "fast", .slow: "slow", .overdue: "overdue", .taken: "taken by", .duplicate: "duplicate?",
        .empty: "No request in the queue", .hoursShort: "h", .daysShort: "d", .open: "open", .mine: "mine",
        .handedTo: "handed to", .searchLabel: "Search:",
        .keyClaim: "Claim", .keyRefresh: "Refresh", .keyLanguage: "عربي", .keyHelp: "Help", .keyQuit: "Quit",
        .keyFilterFast: "Fast/slow", .keyFilterOverdue: "Overdue", .keySearch: "Search", .keyMine: "Mine",
        .keyDelivery: "Delivery", .keyService: "Service", .keySignOut: "Sign out", .keyTheme: "Switch theme",
        .keyLock: "Lock counter", .keyBack: "Back", .help: "Keys",
        .claimed: "Claimed", .refused: "Refused", .noRequestAtCounter: "No request at the counter now", .loading: "Loading…",
        .demoHint: "Demo:", .applicant: "Applicant",
        .signInTitle: "Sign in", .lockedTitle: "Counter locked", .operatorID: "Operator", .password: "Password",
        .keySignIn: "Sign in", .checking: "Checking…", .signInUnknown: "Unknown operator or wrong password",
        .signInWrong: "Unknown operator or wrong password", .triesLeft: "tries left",
        .signInLocked: "Locked after failed attempts until", .signInDisabled: "This account is disabled: see the supervisor",
        .signInMissing: "Enter the operator id and the password",
        .counterTitle: "Counter", .verificationTitle: "Check against the civil-affairs record", .documentTitle: "Document and stamps",
        .envelopeTitle: "Envelope and delivery", .columnField: "Field", .columnRequestData: "Request",
        .columnCivilRecord: "Civil record", .columnVerdict: "Result", .nationalNumber: "National no.",
        .noCivilRecord: "No civil-affairs record for national number", .personDeceased: "Civil record: the person is deceased",
        .duplicateOf: "May repeat request", .copies: "Copies printed", .pounds: "SYP", .pickupAtCenter: "Pickup at the center",
        .trackingNumber: "Tracking no.", .trackingHint: "scan the label or leave empty", .pickupCode: "Pickup code",
        .paperSerial: "Security paper serial", .optional: "optional", .required: "required",
        .keyApprove: "Matches", .keyReject: "Reject", .keyRelease: "Release", .keyHandOver: "Hand over",
        .keyPrint: "Print", .keyReprint: "Reprint", .keyStamps: "Stamps", .keyEnvelope: "Envelope", .keySeal: "Seal",
        .probableTitle: "Probable match", .probableQuestion: "Confirm the match of:", .confirm: "Confirm", .cancel: "Cancel",
        .rejectTitle: "Reject the request", .rejectFields: "Fields", .note: "Note", .noteRequired: "Note (required)", .noteOptional: "Note (optional)",
        .releaseTitle: "Release to the queue", .handOverTitle: "Hand over to a colleague", .colleague: "Colleague",
        .reprintTitle: "Reprint", .reprintReason: "Reason", .stampsTitle: "Stamps",
        .stampsHint: "Space: tick · Enter: record", .chooseStamp: "Tick at least one stamp",
        .onShelf: "On shelf", .scanHere: "Scan or type an S10, then Enter:", .sendingToPrinter: "Sending to the printer…", .waitingForDatabase: "Waiting for the database…", .keyNextRequest: "Next request", .tellPickupCode: "Pickup code for the citizen",
        .keyClearSearch: "Clear search", .keyToList: "To the list", .noneMatch: "No request matches", .escClearsSearch: "Esc clears the search",
        .keyChooseButton: "Button", .keyMoveChoice: "Move", .keyTick: "Tick", .keyApplyTicked: "Certify ticked",
        .keyNextField: "Next field", .keySubmit: "Submit", .keyChooseReason: "Choose reason",
        .revenueTitle: "Revenue stamp", .revenueQuestion: "Revenue stamp affixed and cancelled (إبطال)? Amount",
        .sealTitle: "Seal the envelope",
        .outcomeClaimed: "Request at the counter", .outcomeVerified: "Verified", .outcomeRejected: "Rejected",
        .outcomeReleased: "Released to the queue", .outcomeHandedOver: "Handed over to", .outcomePrinted: "Document printed",
        .outcomeStamped: "Stamps recorded", .outcomeEnvelope: "Envelope printed", .outcomeSealedPost: "Sealed for post",
        .outcomeSealedPickup: "Sealed for pickup, code",
        .keyForward: "Forward", .outcomeForwarded: "Forwarded to", .expectedBack: "expected back by",
        .issuersTitle: "At the issuers", .columnIssuer: "Issuer", .columnExpected: "Expected back",
        .keyDocumentBack: "Document back", .keyIssuerRefused: "Issuer refused", .issuerRefusedTitle: "Refused by the issuer",
        .noneAtIssuers: "Nothing waits at an issuer", .scanSlip: "Scan the slip that came back:",
        .issuerRefusedDone: "Rejected as refused by the issuer", .daysLate: "late",
        .floodMark: "flood?", .noRecordMark: "no record",
        .keyUncollected: "Uncollected", .uncollectedTitle: "Documents not collected",
        .uncollectedQuestion: "End the documents past the shelf's retention as uncollected? Count",
        .uncollectedDone: "Marked uncollected", .nothingPastRetention: "Nothing waited past the retention",
        .issuedBy: "Issued by", .reference: "Reference", .postReportsTitle: "From the post: envelopes expected back", .postAttempted: "delivery attempt failed", .postReturning: "coming back to the center",
        .handoffTitle: "Postal handoff", .keyChoose: "Choose", .keyToCourier: "To courier", .keyReturned: "Returned",
        .keyKeepForPickup: "Keep for pickup", .chosen: "Chosen", .noEnvelopes: "No envelope waiting for the post",
        .chooseEnvelopes: "Choose the envelopes first (Space or scan)", .courierTitle: "Courier", .courierName: "Courier name",
        .courierID: "Courier id", .handoffQuestion: "Hand over envelopes:", .manifestDone: "Manifest handed over",
        .returnedTitle: "Returned envelope", .trackingOrRequest: "Tracking or request", .returnReason: "Post's reason",
        .returnedDone: "Return recorded", .keptForPickup: "Kept for pickup", .onlyReturned: "Choose a returned envelope",
        .notWaitingForPost: "Not waiting for the post:", .columnAddressee: "Addressee", .governorate: "Governorate",
        .pickupTitle: "Pickup at the counter", .pickupSearch: "Request, pickup code or national no.",
        .keyFind: "Find", .keyDeliver: "Deliver", .deliverTitle: "Deliver", .collectorNumber: "Collector's number",
        .collectorHint: "national number of the subject or the applicant", .nothingToCollect: "No envelope ready under that number",
        .deliveredDone: "Delivered",
        .syncTitle: "Exchange with the central office", .syncShort: "sync", .keySyncNow: "Sync now", .syncing: "Syncing…",
        .syncDone: "Synced", .filesIn: "files in", .recordsOut: "records out", .inbox: "Inbox", .outbox: "Outbox",
        .applied: "applied", .setAside: "set aside", .duplicateFile: "duplicate", .waitingFor: "waiting for seq",
        .quarantined: "quarantined", .acknowledged: "acknowledged", .unacknowledged: "unacknowledged",
        .lastImport: "last import", .lastExport: "last export", .file: "File", .time: "Time", .records: "Records", .sequence: "seq",
        .notFound: "Not found:", .trackingInUse: "Tracking number already on another envelope:",
        .trackingRangeExhausted: "The tracking range is used up: ask for a new range", .invalidValue: "Invalid value",
        .printFailed: "Printing failed, try again", .notPermitted: "This screen is for supervisors only",
        .keyStatus: "Break / back office / serving", .statusServing: "Serving", .statusBreak: "On a break",
        .statusBackOffice: "Back office", .statusAway: "Away",
        .dueWithinHour: "due within the hour", .first: "first", .outboxUnanswered: "outbox unacknowledged for",
        .endedElsewhere: "ended elsewhere; there is nothing more to do on it here",
        .floodsTitle: "Floods of requests", .keyOpenCluster: "Open", .keyTickAll: "All/none",
        .keyRejectFake: "Reject as fake", .keyToClusters: "To the list", .fakeNote: "Why (note)",
        .fakeTitle: "Reject as SUSPECTED_FAKE", .fakeQuestion: "Requests to reject as suspected fakes:",
        .fakeDone: "Rejected as suspected fakes:", .noFloods: "No flood waits for a decision",
        .nothingTicked: "Tick the requests to reject (Space)", .nothingChanged: "nothing was changed",
    ]
}

// MARK: - Dashboard and reports (issue #6): every text of the supervisor's dashboard and of `shubbak report`.

extension Catalog {
    public enum ReportText: Hashable, Sendable {
        case dashboardTitle, reportTitle, madeAt, today, periodDay, periodWeek, periodMonth, comparedWith, loading
        case stages, operators, services, hours, last14Days, backlog, rejections, duplicates, sync, overdueList
        case columnOperator, columnFinished, columnRejected, columnMedian, columnLongest, columnSignedIn
        case columnService, columnSpeed, columnReceived, columnBreaches, columnState, columnDue, columnHour, columnCount
        case columnChange, columnStage
        case open, carriedOver, overdue, duplicateOf, none
        case lastImport, lastExport, waitingSeq, quarantined, unacknowledged, oldestUnacknowledged, never
        case keyDayBack, keyDayForward, keyPeriod, keyCompare, keyToday
        case refusalTitle, refusalBody
        case issuers, deliveries, columnIssuer, columnForwarded, columnReturned, columnRefused, columnWaiting, columnLate
        case columnMedianDays, deliveredByPost, deliveredAtCounter, onShelf, postAttempted, postReturning, expectedBack
        case columnBreak
        case targetsTitle, keyTargets, target, met
        case measure(TargetMeasure)
        case bucket(TargetBucket)
        case countersNow, noCounters, keyCounters, keyFigures, columnName, columnStatus, columnRequest, columnStep, columnFor, columnIdle
        case floods, columnApplicant, columnPhone, columnRequests, columnPeople, columnServices, columnFirst, columnLast
        case columnFake, columnUndecided
        case shelfAge(ShelfAge)
        case stage(EventKind)
        case reason(RejectionReason)
        case age(AgeBucket)
        case speed(ServiceSpeed)
        case state(RequestState)
    }

    public subscript(report text: ReportText) -> String {
        switch text {
        case .state(let requestState):
            return state(requestState)
        // An event that leaves a request in a state has that state's word; arriving and going back
        // to the queue are events of their own.
        case .stage(let kind) where kind != .received && kind != .released:
            if let requestState = RequestState(rawValue: kind.rawValue) { return state(requestState) }
            fallthrough
        default:
            return (language == .arabic ? Self.reportArabic : Self.reportEnglish)[text] ?? ""
        }
    }

    static let reportArabic: [ReportText: String] = [
        .dashboardTitle: "لوحة المشرف", .reportTitle: "تقرير الإنجاز", .madeAt: "أُعدّ في", .today: "اليوم",
        .periodDay: "يوم", .periodWeek: "أسبوع", .periodMonth: "شهر", .comparedWith: "مقارنة بـ", .loading: "جارٍ التحميل…",
        .stages: "المراحل", .operators: "الموظفون", .services: "الخدمات", .hours: "المنجز في كل ساعة",
        .last14Days: "آخر 14 يوماً", .backlog: "المتراكم الآن", .rejections: "أسباب الرفض",
        .duplicates: "طلبات مكررة محتملة", .sync: "التبادل مع المكتب المركزي", .overdueList: "الطلبات المتأخرة",
        .columnOperator: "الموظف", .columnFinished: "المنجز", .columnRejected: "المرفوض", .columnMedian: "الوسيط",
        .columnLongest: "الأطول", .columnSignedIn: "مدة الدخول", .columnService: "الخدمة", .columnSpeed: "السرعة",
        .columnReceived: "الوارد", .columnBreaches: "تجاوز المهلة", .columnState: "الحالة", .columnDue: "الموعد",
        .columnHour: "الساعة", .columnCount: "العدد", .columnChange: "الفرق", .columnStage: "المرحلة",
        .open: "مفتوحة", .carriedOver: "مرحّلة من أيام سابقة", .overdue: "متأخرة", .duplicateOf: "مكرر لـ",
        .none: "لا شيء",
        .lastImport: "آخر استيراد", .lastExport: "آخر تصدير", .waitingSeq: "الرقم المنتظر", .quarantined: "ملفات معزولة",
        .unacknowledged: "حزم بلا إشعار استلام", .oldestUnacknowledged: "أقدمها منذ", .never: "أبداً",
        .keyDayBack: "اليوم السابق", .keyDayForward: "اليوم التالي", .keyPeriod: "يوم/أسبوع/شهر",
        .keyCompare: "مقارنة بالأسبوع الماضي", .keyToday: "اليوم",
        .refusalTitle: "للمشرفين فقط",
        .refusalBody: "لوحة الإنجاز متاحة للمشرف والمدير فقط. سُجّلت هذه المحاولة. اضغط F10 للعودة.",
        .stage(.received): "وارد", .stage(.released): "مُعاد للدور",
        .reason(.notFound): "غير موجود في القيد", .reason(.nameMismatch): "اختلاف الاسم",
        .reason(.fatherMismatch): "اختلاف اسم الأب", .reason(.motherMismatch): "اختلاف اسم الأم",
        .reason(.birthMismatch): "اختلاف الولادة", .reason(.deceased): "متوفى", .reason(.documentProblem): "مشكلة في الوثيقة",
        .reason(.duplicate): "طلب مكرر", .reason(.suspectedFake): "طلب مشبوه (وهمي)",
        .reason(.issuerRefused): "رفض الجهة المصدِرة", .reason(.other): "سبب آخر",
        .age(.underOneDay): "أقل من يوم", .age(.oneToTwoDays): "يوم إلى يومين", .age(.twoToSevenDays): "2 إلى 7 أيام",
        .age(.overSevenDays): "أكثر من 7 أيام",
        .speed(.fast): "سريعة", .speed(.slow): "بطيئة",
        .targetsTitle: "الأهداف", .keyTargets: "الأهداف", .target: "الهدف", .met: "ضمن الهدف",
        .measure(.handlingFast): "مدة المعالجة، الخدمات السريعة", .measure(.handlingSlow): "مدة المعالجة، الخدمات البطيئة",
        .measure(.waiting): "الانتظار قبل الاستلام",
        .bucket(.withinHalf): "≤ النصف", .bucket(.withinTarget): "≤ الهدف", .bucket(.withinDouble): "≤ الضعف",
        .bucket(.beyondDouble): "> الضعف",
        .columnBreak: "استراحة", .countersNow: "الشبابيك الآن", .noCounters: "لا أحد على الشبابيك", .keyCounters: "الشبابيك", .keyFigures: "الأرقام",
        .columnName: "الاسم", .columnStatus: "الحالة", .columnRequest: "الطلب", .columnStep: "المرحلة", .columnFor: "منذ",
        .columnIdle: "فراغ",
        .floods: "طلبات بالجملة", .columnApplicant: "مقدّم الطلب", .columnPhone: "الهاتف", .columnRequests: "الطلبات",
        .columnPeople: "الأشخاص", .columnServices: "الخدمات", .columnFirst: "الأول", .columnLast: "الأخير",
        .columnFake: "رُفض كمشبوه", .columnUndecided: "بلا قرار",
        .issuers: "لدى الجهات المصدِرة", .deliveries: "التسليم والرف", .columnIssuer: "الجهة", .columnForwarded: "أُحيل",
        .columnReturned: "عادت وثيقته", .columnRefused: "رفضته الجهة", .columnWaiting: "ينتظر", .columnLate: "متأخر",
        .columnMedianDays: "وسيط الأيام", .deliveredByPost: "سُلّم بالبريد", .deliveredAtCounter: "سُلّم من الشباك",
        .onShelf: "على الرف", .postAttempted: "محاولات تسليم فاشلة", .postReturning: "عائد من البريد",
        .expectedBack: "يُنتظر أن يعود", .shelfAge(.underOneWeek): "أقل من أسبوع", .shelfAge(.oneToFourWeeks): "1 إلى 4 أسابيع",
        .shelfAge(.overFourWeeks): "أكثر من 4 أسابيع", .shelfAge(.pastRetention): "تجاوز مدة الحفظ",
    ]

    static let reportEnglish: [ReportText: String] = [
        .dashboardTitle: "Supervisor dashboard", .reportTitle: "Throughput report", .madeAt: "made", .today: "today",
        .periodDay: "day", .periodWeek: "week", .periodMonth: "month", .comparedWith: "vs", .loading: "Loading…",
        .stages: "Stages", .operators: "Operators", .services: "Services", .hours: "Finished per hour",
        .last14Days: "Last 14 days", .backlog: "Backlog now", .rejections: "Rejection reasons",
        .duplicates: "Possible duplicates", .sync: "Exchange with the central office", .overdueList: "Overdue requests",
        .columnOperator: "Operator", .columnFinished: "Finished", .columnRejected: "Rejected", .columnMedian: "Median",
        .columnLongest: "Longest", .columnSignedIn: "Signed in", .columnService: "Service", .columnSpeed: "Speed",
        .columnReceived: "Received", .columnBreaches: "SLA breaches", .columnState: "State", .columnDue: "Due",
        .columnHour: "Hour", .columnCount: "Count", .columnChange: "Change", .columnStage: "Stage",
        .open: "open", .carriedOver: "carried over from earlier days", .overdue: "overdue", .duplicateOf: "duplicate of",
        .none: "none",
        .lastImport: "Last import", .lastExport: "Last export", .waitingSeq: "Waiting for seq", .quarantined: "Quarantined files",
        .unacknowledged: "Unacknowledged bundles", .oldestUnacknowledged: "oldest since", .never: "never",
        .keyDayBack: "Day before", .keyDayForward: "Day after", .keyPeriod: "Day/week/month",
        .keyCompare: "vs last week", .keyToday: "Today",
        .refusalTitle: "Supervisors only",
        .refusalBody: "The dashboard is for supervisors and admins. This attempt was recorded. Press F10 to go back.",
        .stage(.received): "received", .stage(.released): "released",
        .reason(.notFound): "not in the register", .reason(.nameMismatch): "name mismatch",
        .reason(.fatherMismatch): "father's name mismatch", .reason(.motherMismatch): "mother's name mismatch",
        .reason(.birthMismatch): "birth mismatch", .reason(.deceased): "deceased", .reason(.documentProblem): "document problem",
        .reason(.duplicate): "duplicate", .reason(.suspectedFake): "suspected fake",
        .reason(.issuerRefused): "refused by the issuer", .reason(.other): "other",
        .age(.underOneDay): "under 1 day", .age(.oneToTwoDays): "1–2 days", .age(.twoToSevenDays): "2–7 days",
        .age(.overSevenDays): "over 7 days",
        .speed(.fast): "fast", .speed(.slow): "slow",
        .targetsTitle: "Targets", .keyTargets: "Targets", .target: "target", .met: "met",
        .measure(.handlingFast): "Handling, fast services", .measure(.handlingSlow): "Handling, slow services",
        .measure(.waiting): "Waiting before the claim",
        .bucket(.withinHalf): "≤ half", .bucket(.withinTarget): "≤ target", .bucket(.withinDouble): "≤ twice",
        .bucket(.beyondDouble): "> twice",
        .columnBreak: "Break", .countersNow: "Counters now", .noCounters: "Nobody is signed in at a counter", .keyCounters: "Counters", .keyFigures: "Figures",
        .columnName: "Name", .columnStatus: "Status", .columnRequest: "Request", .columnStep: "Step", .columnFor: "For",
        .columnIdle: "Idle",
        .floods: "Floods", .columnApplicant: "Applicant", .columnPhone: "Phone", .columnRequests: "Requests",
        .columnPeople: "People", .columnServices: "Services", .columnFirst: "First", .columnLast: "Last",
        .columnFake: "Rejected as fake", .columnUndecided: "Undecided",
        .issuers: "At the issuers", .deliveries: "Delivery and the shelf", .columnIssuer: "Issuer", .columnForwarded: "Forwarded",
        .columnReturned: "Document back", .columnRefused: "Refused", .columnWaiting: "Waiting", .columnLate: "Late",
        .columnMedianDays: "Median days", .deliveredByPost: "Delivered by post", .deliveredAtCounter: "Delivered at the counter",
        .onShelf: "On the shelf", .postAttempted: "Failed delivery attempts", .postReturning: "Coming back from the post",
        .expectedBack: "Expected back", .shelfAge(.underOneWeek): "under 1 week", .shelfAge(.oneToFourWeeks): "1–4 weeks",
        .shelfAge(.overFourWeeks): "over 4 weeks", .shelfAge(.pastRetention): "past the retention",
    ]

    /// "1:05" (hours and minutes) for a handling or signed-in time; the same in both languages.
    public func clockDuration(_ seconds: Int) -> String {
        let minutes = max(seconds, 0) / 60
        return "\(minutes / 60):\(ContractTime.pad(minutes % 60, 2))"
    }
}
