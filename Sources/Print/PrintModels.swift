import Foundation
import ShubbakCore

/// The kinds of paper a counter prints; each can go to its own printer.
public enum PrintKind: String, Sendable, CaseIterable, Codable {
    case document, envelope, manifest, report
    /// The slip sent with a request to the body that issues its document.
    case transmittal
}

/// The center as its papers name it.
public struct PrintCenter: Sendable, Hashable {
    public var id: PartyID
    public var nameAr: String
    public var nameEn: String
    public var address: String
    /// Dates on paper are the center's local dates.
    public var timeZone: TimeZone

    public init(id: PartyID, nameAr: String, nameEn: String, address: String,
                timeZone: TimeZone = CenterCalendar.damascus.timeZone) {
        self.id = id
        self.nameAr = nameAr
        self.nameEn = nameEn
        self.address = address
        self.timeZone = timeZone
    }
}

/// A rendered paper, ready to send.
public struct PrintJob: Sendable, Hashable {
    public var kind: PrintKind
    /// Names the job in the printer's queue and the spool file: a request id, a manifest id, a report's title.
    public var title: String
    public var pdf: Data
    /// The PWG media name of the page (`iso_a4_210x297mm`, `iso_dl_110x220mm`), asked of the printer so that
    /// an envelope is fed as an envelope; nil for a size without one, which the printer then chooses.
    public var media: String?

    public init(kind: PrintKind, title: String, pdf: Data, media: String?) {
        self.kind = kind
        self.title = title
        self.pdf = pdf
        self.media = media
    }
}

/// One envelope of a postal manifest, as the courier's list shows it.
public struct ManifestLine: Sendable, Hashable {
    public var request: RequestID
    public var tracking: TrackingNumber
    public var addressee: String
    public var governorate: String

    public init(request: RequestID, tracking: TrackingNumber, addressee: String, governorate: String) {
        self.request = request
        self.tracking = tracking
        self.addressee = addressee
        self.governorate = governorate
    }

    /// The line of a post request: the envelope is addressed to the applicant, at the request's postal address.
    public init(record: RequestRecord, tracking: TrackingNumber) {
        let governorate: String
        if case .post(let address) = record.delivery { governorate = address.governorate } else { governorate = "" }
        self.init(request: record.id, tracking: tracking, addressee: record.applicant.name.display, governorate: governorate)
    }
}

/// A table of a report sheet: a title, column headings and rows of already formatted cells.
public struct ReportTable: Sendable, Hashable {
    public var title: String
    public var columns: [String]
    public var rows: [[String]]

    public init(title: String, columns: [String], rows: [[String]]) {
        self.title = title
        self.columns = columns
        self.rows = rows
    }
}

/// A report on paper, such as the supervisor's day: a title, a line saying what it covers, and tables.
public struct ReportSheet: Sendable, Hashable {
    public var title: String
    public var subtitle: String
    public var tables: [ReportTable]

    public init(title: String, subtitle: String, tables: [ReportTable]) {
        self.title = title
        self.subtitle = subtitle
        self.tables = tables
    }
}
