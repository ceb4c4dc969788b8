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
