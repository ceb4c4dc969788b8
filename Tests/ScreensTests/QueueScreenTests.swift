import Foundation
import Testing
@testable import ShubbakCore
@testable import ShubbakScreens
@testable import ShubbakTerminal

/// The queue screen headless: key sequences give states and commands; views render into a buffer.
@Suite struct QueueScreenTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)
    let arabic = Catalog.of(.arabic)
    let english = Catalog.of(.english)

    func rows(_ count: Int, from start: Int = 0) throws -> [QueueRow] {
        var rows: [QueueRow] = []
        for index in start..<(start + count) {
            let id = try RequestID(String(format: "CSC-2026-%08d", index + 1))
            let delivery: Delivery.Method = index % 2 == 0 ? .post : .center
            let governorate: String? = index % 2 == 0 ? "حماة" : nil
            let due: Date = now.addingTimeInterval(index == 0 ? -60 : 86_400)
            let number = try NationalNumber("05010012345")
            rows.append(QueueRow(id: id, service: "CIVIL-EXTRACT", speed: .fast, subjectName: "محمد أحمد الحسين",
                                 subjectNo: number, delivery: delivery, governorate: governorate,
                                 submittedAt: now.addingTimeInterval(-3_600), dueAt: due, state: .received,
                                 holder: index == 2 ? OperatorID(stored: "op-03") : nil,
                                 leaseUntil: index == 2 ? now.addingTimeInterval(600) : nil, duplicateOf: nil))
        }
        return rows
    }

    let services = [
        Service(code: "CIVIL-EXTRACT", name: LocalizedText(ar: "إخراج قيد فردي", en: "Civil-registry extract"),
                speed: .fast, fee: 2000, slaHours: 48, stamps: [], active: true),
        Service(code: "CRIMINAL-RECORD", name: LocalizedText(ar: "لا حكم عليه", en: "Criminal record"),
                speed: .fast, fee: 2000, slaHours: 48, stamps: [], active: true),
    ]

    func loaded(total: Int = 50) throws -> QueueScreen.State {
        var state = QueueScreen.State(now: now, viewer: OperatorID(stored: "op-01"))
        state.visibleRows = 10
        return QueueScreen.update(state, .page(QueueSlice(rows: try rows(10), offset: 0, total: total), of: .top, now: now),
                                  catalog: arabic).0
    }

    @Test func enterClaimsTheSelectedRequestAndARefusalIsWordedInArabic() throws {
        var state = try loaded()
        var commands: [QueueScreen.Command]
        (state, commands) = QueueScreen.update(state, .key(.down), catalog: arabic)
        #expect(commands.isEmpty)
        (state, commands) = QueueScreen.update(state, .key(.enter), catalog: arabic)
        #expect(commands == [.claim(try RequestID("CSC-2026-00000002"))])
        let until = now.addingTimeInterval(600)
        (state, commands) = QueueScreen.update(state, .refused(.lifecycle(.claimedBy(OperatorID(stored: "op-03"), until: until))),
                                               catalog: arabic)
        #expect(state.message?.arabic == "تعذّر: الطلب محجوز لـ op-03 حتى \(CenterCalendar.damascus.clock(of: until))")
        #expect(commands == [.loadPage(QueueFilter(), .top, limit: 10)])
    }

    @Test func scrollingPastThePageAsksTheStoreForTheNextPageOnly() throws {
        var state = try loaded()
        var commands: [QueueScreen.Command] = []
        for _ in 0..<10 { (state, commands) = QueueScreen.update(state, .key(.down), catalog: arabic) }
        // ↓ past the last row: the page from the second row loaded, found by the first row's key.
        let first = try rows(1)[0].key
        #expect(commands == [.loadPage(QueueFilter(), .near(first, delta: 1, position: 0), limit: 10)])
        (state, commands) = QueueScreen.update(state, .key(.pageDown), catalog: arabic)
        #expect(state.table.selected == 20)
    }

    /// Issue 18 goal 2: every move that leaves the page loaded asks for the next page by a row's key.
    @Test func pagesAreAskedForByKeyFromTheRowsOnScreenAndTheEndsDirectly() throws {
        var state = try loaded(total: 50)
        var commands: [QueueScreen.Command]
        let first = try rows(1)[0].key
        (state, commands) = QueueScreen.update(state, .key(.pageDown), catalog: english)
        #expect(state.table.selected == 10 && state.table.offset == 1)
        #expect(commands == [.loadPage(QueueFilter(), .near(first, delta: 1, position: 0), limit: 10)])
        (state, commands) = QueueScreen.update(state, .key(.end), catalog: english)
        #expect(state.table.selected == 49 && state.table.offset == 40)
        #expect(commands == [.loadPage(QueueFilter(), .bottom, limit: 10)])
        // The last page arrives; PgUp from it asks for the rows before its first.
        let last = try rows(10, from: 40)
        (state, _) = QueueScreen.update(state, .page(QueueSlice(rows: last, offset: 40, total: 50), of: .bottom, now: now), catalog: english)
        (state, commands) = QueueScreen.update(state, .key(.pageUp), catalog: english)
        #expect(state.table.offset == 39 && state.table.selected == 39)
        #expect(commands == [.loadPage(QueueFilter(), .near(last[0].key, delta: -1, position: 40), limit: 10)])
        (state, commands) = QueueScreen.update(state, .key(.home), catalog: english)
        #expect(commands == [.loadPage(QueueFilter(), .top, limit: 10)] && state.table.selected == 0)
    }

    @Test func theTableFollowsAPageThatCameBackElsewhereThanAskedAndTheEndStaysTheEnd() throws {
        var state = try loaded(total: 50)
        state.table = TableState(selected: 25, offset: 20)
        // Three requests above the page left the queue: the page is at 17, and the selection moves with its rows.
        let page = QueuePage.near(try rows(1)[0].key, delta: 20, position: 0)
        (state, _) = QueueScreen.update(state, .page(QueueSlice(rows: try rows(10, from: 20), offset: 17, total: 47), of: page, now: now),
                                        catalog: english)
        #expect(state.table.offset == 17 && state.table.selected == 22 && state.pageOffset == 17)
        // At the end, a bottom page with more requests keeps the selection on the last one.
        state.table = TableState(selected: 46, offset: 37)
        (state, _) = QueueScreen.update(state, .page(QueueSlice(rows: try rows(10, from: 42), offset: 42, total: 52), of: .bottom, now: now),
                                        catalog: english)
        #expect(state.table.selected == 51 && state.table.offset == 42)
    }

    @Test func beforeTheFirstPageTheListSaysItIsLoadingAndTheTitleSaysWhereTheSelectionIs() throws {
        var state = QueueScreen.State(now: now, viewer: OperatorID(stored: "op-01"))
        state.visibleRows = 10
        var buffer = Buffer(size: Size(width: 100, height: 12))
        QueueScreen.view(state, into: &buffer, area: buffer.area, context: .english, catalog: english)
        #expect(buffer.renderedLines()[3].contains("Loading…"))
        #expect(!buffer.renderedLines()[3].contains(english[.empty]))
        #expect(QueueScreen.update(state, .key(.enter), catalog: english).1.isEmpty, "nothing shown, nothing claimed")
        state = try loaded(total: 50)
        (state, _) = QueueScreen.update(state, .key(.down), catalog: english)
        buffer = Buffer(size: Size(width: 100, height: 12))
        QueueScreen.view(state, into: &buffer, area: buffer.area, context: .english, catalog: english)
        #expect(buffer.renderedLines()[0].hasSuffix("2/50"))
        // A short name matches more than are counted: the title says so.
        (state, _) = QueueScreen.update(state, .page(QueueSlice(rows: try rows(10), offset: 0, total: 1_000, hasMore: true),
                                                     of: .top, now: now), catalog: english)
        buffer = Buffer(size: Size(width: 100, height: 12))
        QueueScreen.view(state, into: &buffer, area: buffer.area, context: .english, catalog: english)
        #expect(buffer.renderedLines()[0].hasSuffix("2/1000+"))
    }

    @Test func filtersSpeedOverdueDeliveryServiceAndMine() throws {
        var state = try loaded()
        var commands: [QueueScreen.Command]
        (state, commands) = QueueScreen.update(state, .key(.function(6)), catalog: arabic)
        #expect(commands == [.loadPage(QueueFilter(speed: .fast), .top, limit: 10)])
        (state, _) = QueueScreen.update(state, .key(.function(7)), catalog: arabic)
        #expect(state.filter.overdueOnly)
        (state, _) = QueueScreen.update(state, .key(.function(4)), catalog: arabic)
        #expect(state.filter.delivery == .post)
        (state, _) = QueueScreen.update(state, .key(.function(4)), catalog: arabic)
        #expect(state.filter.delivery == .center)
        (state, _) = QueueScreen.update(state, .services(services), catalog: arabic)
        (state, _) = QueueScreen.update(state, .key(.function(8)), catalog: arabic)
        #expect(state.filter.service == "CIVIL-EXTRACT")
        (state, _) = QueueScreen.update(state, .key(.function(8)), catalog: arabic)
        (state, _) = QueueScreen.update(state, .key(.function(8)), catalog: arabic)
        #expect(state.filter.service == nil)
        (state, commands) = QueueScreen.update(state, .key(.function(3)), catalog: arabic)
        #expect(state.filter.heldBy == OperatorID(stored: "op-01"))
        #expect(commands.count == 1)
    }

    @Test func searchBoxTakesTheKeysUntilEnterAndAScanOpensTheRequest() throws {
        var state = try loaded()
        var commands: [QueueScreen.Command]
        (state, _) = QueueScreen.update(state, .key(.function(2)), catalog: arabic)
        #expect(state.isSearching)
        // Searched as it is typed: each character asks for the first page of what matches so far.
        var typed = ""
        for character in "0501" {
            typed.append(character)
            (state, commands) = QueueScreen.update(state, .key(.char(character)), catalog: arabic)
            #expect(commands == [.loadPage(QueueFilter(search: typed), .top, limit: 10)])
            #expect(state.isSearching && state.table.selected == 0)
        }
        // A key that changes nothing asks for nothing; F-keys and Enter claim nothing while typing.
        (state, commands) = QueueScreen.update(state, .key(.right), catalog: arabic)
        #expect(commands.isEmpty)
        (state, commands) = QueueScreen.update(state, .key(.function(3)), catalog: arabic)
        #expect(state.filter.heldBy == nil)
        (state, commands) = QueueScreen.update(state, .key(.enter), catalog: arabic)
        #expect(!state.isSearching && commands.isEmpty, "Enter leaves the box: the list already shows its search")
        (state, commands) = QueueScreen.update(state, .key(.scan("CSC-2026-00000007")), catalog: arabic)
        #expect(commands == [.claim(try RequestID("CSC-2026-00000007"))])
        (state, commands) = QueueScreen.update(state, .key(.scan("محمد")), catalog: arabic)
        #expect(commands == [.loadPage(QueueFilter(search: "محمد"), .top, limit: 10)])
    }

    /// The bar says what the keys do while the box has them: Enter goes to the list, it claims nothing.
    @Test func whileTypingTheBarOffersTheListAndClearingNotClaiming() throws {
        var state = try loaded()
        #expect(QueueScreen.keys(state, english).bindings.contains { $0.label == english[.keyClaim] })
        (state, _) = QueueScreen.update(state, .key(.function(2)), catalog: english)
        let labels = QueueScreen.keys(state, english).bindings.map(\.label)
        #expect(labels == [english[.keyToList], english[.keyClearSearch]])
    }

    @Test func anArabicNameIsTypedRightToLeft() throws {
        var state = try loaded()
        (state, _) = QueueScreen.update(state, .key(.function(2)), catalog: arabic)
        for character in "محمد" { (state, _) = QueueScreen.update(state, .key(.char(character)), catalog: arabic) }
        (state, _) = QueueScreen.update(state, .key(.home), catalog: arabic)
        // On an Arabic screen ← moves towards the end of the text.
        (state, _) = QueueScreen.update(state, .key(.left), catalog: arabic)
        #expect(state.search.cursor == 1)
        var buffer = Buffer(size: Size(width: 60, height: 8))
        QueueScreen.view(state, into: &buffer, area: buffer.area, context: .arabic, catalog: arabic)
        // The box fills from the right, after the label: the name shaped, in visual order.
        #expect(buffer.renderedLines()[1].contains("ﺪﻤﺤﻣ"))
    }

    @Test func arabicViewIsMirroredAndShaped() throws {
        let state = try loaded()
        var buffer = Buffer(size: Size(width: 120, height: 16))
        QueueScreen.view(state, into: &buffer, area: buffer.area, context: .arabic, catalog: arabic)
        let lines = buffer.renderedLines()
        // Title on the right, in presentation forms, visual order; the selected row of how many on the left.
        #expect(lines[0].hasSuffix("ﺓﺩﺭﺍﻮﻟﺍ ﺕﺎﺒﻠﻄﻟﺍ"))
        #expect(lines[0].hasPrefix("1/50 "))
        // The request id column is the rightmost; the overdue row says so; a colleague's claim shows whose.
        #expect(lines[4].contains("CSC-2026-00000001│"))
        #expect(lines[4].contains("ﺮﺧﺄﺘﻣ"))
        #expect(lines[6].contains("op-03"))
    }

    @Test func englishViewReadsLeftToRight() throws {
        let state = try loaded()
        var buffer = Buffer(size: Size(width: 120, height: 16))
        QueueScreen.view(state, into: &buffer, area: buffer.area, context: .english, catalog: english)
        let lines = buffer.renderedLines()
        #expect(lines[0].hasPrefix("Incoming requests"))
        #expect(lines[1].hasPrefix("Search:"))
        #expect(lines[3].hasPrefix("│Request"))
        #expect(lines[4].hasPrefix("│CSC-2026-00000001"))
        #expect(lines[4].contains("overdue"))
        #expect(lines[6].contains("taken by op-03"))
    }

    /// Issue 13 items 2 and 3: `CSC-2026-77010000…` and `CIVIL-EXTRACT (سريعة…` at 120 columns.
    @Test(arguments: [Language.arabic, .english], [80, 120])
    func idsAreWholeAndServicesAreNamedAtEveryWidth(language: Language, width: Int) throws {
        let catalog = Catalog.of(language)
        var state = try loaded()
        (state, _) = QueueScreen.update(state, .services(services), catalog: catalog)
        // The longest id the contract allows on one row, next to ordinary ones.
        let longID = try RequestID("CSC-2026-7701000012345678901234")
        state.page[1].id = longID
        var buffer = Buffer(size: Size(width: width, height: 16))
        QueueScreen.view(state, into: &buffer, area: buffer.area, context: language.context, catalog: catalog)
        let lines = buffer.renderedLines()
        #expect(lines[4].contains("CSC-2026-00000001"))
        #expect(lines[5].contains(longID.rawValue), "the id is cut: \(lines[5])")
        let speed = catalog[.fast]
        let shownSpeed = language == .arabic ? BidiText.visual(speed, direction: .rightToLeft) : speed
        #expect(lines[4].contains(shownSpeed), "the speed mark is cut: \(lines[4])")
        #expect(!lines[4].contains("(\(shownSpeed)"))
        if width >= 120 {
            let name = language == .arabic ? BidiText.visual("إخراج قيد فردي", direction: .rightToLeft) : "Civil-registry extract"
            #expect(lines[4].contains(name), "the service's name in the screen's language: \(lines[4])")
            #expect(!lines[4].contains("CIVIL-EXTRACT"))
        }
    }

    /// Issue 13 item 8: typing appended to the old search, Esc cleared only after F2, and an empty
    /// list said «No request in the queue» under a search.
    @Test func searchIsReplacedByTypingClearedByEscAndAnEmptyListSaysWhatHidesTheRest() throws {
        var state = try loaded()
        var commands: [QueueScreen.Command]
        (state, _) = QueueScreen.update(state, .key(.function(2)), catalog: english)
        for character in "CSC-1" { (state, _) = QueueScreen.update(state, .key(.char(character)), catalog: english) }
        (state, commands) = QueueScreen.update(state, .key(.enter), catalog: english)
        #expect(state.filter.search == "CSC-1")
        #expect(QueueScreen.searchKeys(state, english).map(\.label) == ["Clear search"])
        // F2 again: the first character replaces the old text.
        (state, _) = QueueScreen.update(state, .key(.function(2)), catalog: english)
        (state, _) = QueueScreen.update(state, .key(.char("0")), catalog: english)
        #expect(state.search.text == "0")
        (state, _) = QueueScreen.update(state, .key(.char("5")), catalog: english)
        #expect(state.search.text == "05", "only the first character replaces")
        (state, _) = QueueScreen.update(state, .key(.enter), catalog: english)
        // An empty answer names the search that hides the rest.
        (state, _) = QueueScreen.update(state, .page(QueueSlice(rows: [], offset: 0, total: 0), of: .top, now: now), catalog: english)
        var buffer = Buffer(size: Size(width: 120, height: 12))
        QueueScreen.view(state, into: &buffer, area: buffer.area, context: .english, catalog: english)
        #expect(buffer.renderedLines()[3].contains("No request matches — «05» · Esc clears the search"))
        // Esc outside the box clears the search.
        (state, commands) = QueueScreen.update(state, .key(.escape), catalog: english)
        #expect(state.filter.search.isEmpty && state.search.text.isEmpty)
        #expect(commands == [QueueScreen.pageCommand(state)])
    }

    @Test func aSearchForTheIdOfARequestThatLeftIsCleared() throws {
        var state = try loaded()
        state.filter.search = "csc-2026-00000001"
        state.search = TextInput("csc-2026-00000001")
        let id = try RequestID("CSC-2026-00000001")
        #expect(QueueScreen.afterVisit(of: id, state).filter.search.isEmpty)
        #expect(QueueScreen.afterVisit(of: try RequestID("CSC-2026-00000002"), state).filter.search == "csc-2026-00000001")
    }

    /// Issue 13 item 12: `→` read backwards in Arabic lines; the catalog's arrow points the way the line reads.
    @Test func theArrowPointsTheWayTheLanguageReads() {
        #expect(arabic.arrow == "←")
        #expect(english.arrow == "→")
    }
}
