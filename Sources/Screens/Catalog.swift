import ShubbakCore
import ShubbakTerminal

public enum Language: String, Sendable, CaseIterable {
    case arabic = "ar", english = "en"

    public var context: RenderContext { self == .arabic ? .arabic : .english }
    public var toggled: Language { self == .arabic ? .english : .arabic }
}

/// Every text the screens show, one catalog per language; views never hold text of their own.
public struct Catalog: Sendable {
    public let language: Language
    private let texts: [Text: String]

    public enum Text: Hashable, Sendable {
        case queueTitle, columnRequest, columnService, columnSubject, columnDelivery, columnAge, columnDue
        case post, center, fast, slow, overdue, taken, duplicate, empty, hoursShort, daysShort, open
        case keyClaim, keyRefresh, keyLanguage, keyHelp, keyQuit, keyFilterFast, keyFilterOverdue, help
        case claimed, refused
    }

    public static func of(_ language: Language) -> Catalog {
        Catalog(language: language, texts: language == .arabic ? arabic : english)
    }

    public subscript(_ text: Text) -> String { texts[text] ?? "" }

    static let arabic: [Text: String] = [
        .queueTitle: "الطلبات الواردة", .columnRequest: "رقم الطلب", .columnService: "الخدمة", .columnSubject: "صاحب العلاقة",
        .columnDelivery: "التسليم", .columnAge: "العمر", .columnDue: "المتبقي", .post: "بريد", .center: "المركز",
        .fast: "سريعة", .slow: "بطيئة", .overdue: "متأخر", .taken: "محجوز لـ", .duplicate: "مكرر؟",
        .empty: "لا طلبات في الدور", .hoursShort: "س", .daysShort: "ي", .open: "طلبات مفتوحة",
        .keyClaim: "استلام", .keyRefresh: "تحديث", .keyLanguage: "English", .keyHelp: "مساعدة", .keyQuit: "خروج",
        .keyFilterFast: "سريعة/بطيئة", .keyFilterOverdue: "المتأخرة", .help: "المفاتيح",
        .claimed: "استلمت الطلب", .refused: "تعذّر",
    ]

    static let english: [Text: String] = [
        .queueTitle: "Incoming requests", .columnRequest: "Request", .columnService: "Service", .columnSubject: "Subject",
        .columnDelivery: "Delivery", .columnAge: "Age", .columnDue: "Time left", .post: "post", .center: "center",
        .fast: "fast", .slow: "slow", .overdue: "overdue", .taken: "taken by", .duplicate: "duplicate?",
        .empty: "No request in the queue", .hoursShort: "h", .daysShort: "d", .open: "open requests",
        .keyClaim: "Claim", .keyRefresh: "Refresh", .keyLanguage: "عربي", .keyHelp: "Help", .keyQuit: "Quit",
        .keyFilterFast: "Fast/slow", .keyFilterOverdue: "Overdue", .help: "Keys",
        .claimed: "Claimed", .refused: "Refused",
    ]

    /// "2d 5h" / "٢ي ٥س": a duration short enough for a table cell.
    public func duration(_ seconds: Int) -> String {
        let hours = abs(seconds) / 3_600
        let text = hours >= 24 ? "\(hours / 24)\(self[.daysShort]) \(hours % 24)\(self[.hoursShort])" : "\(hours)\(self[.hoursShort])"
        return seconds < 0 ? "-" + text : text
    }
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
        case stage(EventKind)
        case reason(RejectionReason)
        case age(AgeBucket)
        case speed(ServiceSpeed)
        case state(RequestState)
    }

    public subscript(report text: ReportText) -> String {
        (language == .arabic ? Self.reportArabic : Self.reportEnglish)[text] ?? ""
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
        .stage(.received): "وارد", .stage(.claimed): "مستلم", .stage(.released): "مُعاد للدور", .stage(.verified): "مدقق",
        .stage(.rejected): "مرفوض", .stage(.printed): "مطبوع", .stage(.stamped): "مصدّق", .stage(.sealed): "مختوم",
        .stage(.dispatched): "مرسل بالبريد", .stage(.returned): "مرتجع", .stage(.readyForPickup): "جاهز للاستلام",
        .stage(.delivered): "مسلّم", .stage(.cancelled): "ملغى",
        .reason(.notFound): "غير موجود في القيد", .reason(.nameMismatch): "اختلاف الاسم",
        .reason(.fatherMismatch): "اختلاف اسم الأب", .reason(.motherMismatch): "اختلاف اسم الأم",
        .reason(.birthMismatch): "اختلاف الولادة", .reason(.deceased): "متوفى", .reason(.documentProblem): "مشكلة في الوثيقة",
        .reason(.duplicate): "طلب مكرر", .reason(.other): "سبب آخر",
        .age(.underOneDay): "أقل من يوم", .age(.oneToTwoDays): "يوم إلى يومين", .age(.twoToSevenDays): "2 إلى 7 أيام",
        .age(.overSevenDays): "أكثر من 7 أيام",
        .speed(.fast): "سريعة", .speed(.slow): "بطيئة",
        .state(.received): "في الدور", .state(.claimed): "مستلم", .state(.verified): "مدقق", .state(.rejected): "مرفوض",
        .state(.printed): "مطبوع", .state(.stamped): "مصدّق", .state(.sealed): "مختوم", .state(.dispatched): "مرسل",
        .state(.returned): "مرتجع", .state(.readyForPickup): "جاهز للاستلام", .state(.delivered): "مسلّم",
        .state(.cancelled): "ملغى",
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
        .stage(.received): "received", .stage(.claimed): "claimed", .stage(.released): "released", .stage(.verified): "verified",
        .stage(.rejected): "rejected", .stage(.printed): "printed", .stage(.stamped): "stamped", .stage(.sealed): "sealed",
        .stage(.dispatched): "dispatched", .stage(.returned): "returned", .stage(.readyForPickup): "ready for pickup",
        .stage(.delivered): "delivered", .stage(.cancelled): "cancelled",
        .reason(.notFound): "not in the register", .reason(.nameMismatch): "name mismatch",
        .reason(.fatherMismatch): "father's name mismatch", .reason(.motherMismatch): "mother's name mismatch",
        .reason(.birthMismatch): "birth mismatch", .reason(.deceased): "deceased", .reason(.documentProblem): "document problem",
        .reason(.duplicate): "duplicate", .reason(.other): "other",
        .age(.underOneDay): "under 1 day", .age(.oneToTwoDays): "1–2 days", .age(.twoToSevenDays): "2–7 days",
        .age(.overSevenDays): "over 7 days",
        .speed(.fast): "fast", .speed(.slow): "slow",
        .state(.received): "waiting", .state(.claimed): "claimed", .state(.verified): "verified", .state(.rejected): "rejected",
        .state(.printed): "printed", .state(.stamped): "stamped", .state(.sealed): "sealed", .state(.dispatched): "dispatched",
        .state(.returned): "returned", .state(.readyForPickup): "ready for pickup", .state(.delivered): "delivered",
        .state(.cancelled): "cancelled",
    ]

    /// "1:05" (hours and minutes) for a handling or signed-in time; the same in both languages.
    public func clockDuration(_ seconds: Int) -> String {
        let minutes = max(seconds, 0) / 60
        return "\(minutes / 60):\(ContractTime.pad(minutes % 60, 2))"
    }
}
