import Foundation
import Testing
@testable import shubbak
@testable import ShubbakCore
@testable import ShubbakScreens
@testable import ShubbakStore
@testable import ShubbakTerminal

/// One calendar, built from config.toml's `time_zone`, for every day and clock the center shows or counts (issue 14
/// item 6). Tokyo (UTC+9) and Damascus (UTC+3) are on different days at 20:30 UTC.
@Suite struct CalendarTests {
    /// 2026-12-02 20:30 UTC: 23:30 on 2 December in Damascus, 05:30 on 3 December in Tokyo.
    let now = Date(timeIntervalSince1970: 1_796_243_400)

    func tokyoCenter() throws -> CenterDirectory {
        let (directory, _) = try DeskTests().center(1)
        let config = directory.url.appendingPathComponent(CenterDirectory.configName)
        let text = try String(contentsOf: config, encoding: .utf8)
        #expect(text.contains("time_zone = \"Asia/Damascus\""))
        try text.replacingOccurrences(of: "time_zone = \"Asia/Damascus\"", with: "time_zone = \"Asia/Tokyo\"")
            .write(to: config, atomically: true, encoding: .utf8)
        return try CenterDirectory.open(directory.url)
    }

    @Test func theConfiguredZoneGivesTheDaysOfTheManifestTheReportAndTheStatusLine() throws {
        #expect(CenterCalendar.damascus.text(of: now) == "2026-12-02 23:30")
        let center = try tokyoCenter()
        #expect(center.calendar.timeZone.identifier == "Asia/Tokyo")
        #expect(center.calendar.text(of: now) == "2026-12-03 05:30")

        let clock = now
        let desks = Desks(center: center, printer: PrintDesk(center: center), now: { clock })
        let samer = DeskTests().samer
        let records = try center.store.read { tx in try tx.queue(QueueFilter(), at: clock, limit: 10) }
        let id = try #require(records.first?.id)
        try DeskTests().sealed(try center.store.read { tx in [try #require(try tx.request(id)?.record)] }, center, desks)
        let answers = desks.execute(.handoff(.dispatch([id], courier: Manifest.Courier(name: "خالد", id: "SP-1"))), session: samer)
        guard case .screen(let routed) = answers.first, case .dispatched(let manifest, _, _) = routed.message(of: HandoffScreen.self) else {
            Issue.record("\(answers)")
            return
        }
        #expect(manifest.contains("20261203"), "the manifest is named for Tokyo's day: \(manifest)")

        // The roll-ups count the claim on Tokyo's 3 December, not Damascus's 2 December.
        let (today, yesterday) = try center.store.read { tx in
            (try tx.throughputReport(.day(try CivilDate("2026-12-03")), now: clock),
             try tx.throughputReport(.day(try CivilDate("2026-12-02")), now: clock))
        }
        #expect(today.count(.claimed) == 1 && yesterday.count(.claimed) == 0)

        // The status line's clock and a claim's "until" read on the same calendar.
        let catalog = Catalog.of(.english, calendar: center.calendar)
        #expect(StatusInfo(center: "HMA-01", now: clock).line(catalog, message: nil).trailing == "05:30")
        #expect(catalog.describe(.claimedBy(OperatorID(stored: "op-02"), until: clock)) == "claimed by op-02 until 05:30")
        let shell = Shell.State(language: .english, status: StatusInfo(center: "HMA-01", now: clock), idleLimit: nil,
                                calendar: center.calendar)
        var buffer = Buffer(size: Size(width: 80, height: 24))
        Shell.view(shell, into: &buffer)
        #expect(buffer.renderedLines()[22].hasSuffix("05:30"), "\(buffer.renderedLines()[22])")
    }

    @Test func aZoneTheTzDatabaseDoesNotKnowIsRefusedByName() throws {
        let (directory, _) = try DeskTests().center(0)
        let config = directory.url.appendingPathComponent(CenterDirectory.configName)
        let text = try String(contentsOf: config, encoding: .utf8)
        try text.replacingOccurrences(of: "time_zone = \"Asia/Damascus\"", with: "time_zone = \"Asia/Hama\"")
            .write(to: config, atomically: true, encoding: .utf8)
        #expect {
            try CenterDirectory.open(directory.url)
        } throws: { error in
            "\(error)".contains("time_zone \"Asia/Hama\" is not a zone of the tz database")
        }
    }
}
