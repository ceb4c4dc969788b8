import Foundation
import Testing
@testable import ShubbakCore
@testable import ShubbakScreens
@testable import ShubbakTerminal

/// The queue screen headless: key sequences give states and commands; views render into a buffer.
@Suite struct QueueScreenTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

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
                                 holder: nil, leaseUntil: nil, duplicateOf: nil))
        }
        return rows
    }

    func loaded(_ language: Language = .arabic, total: Int = 50) throws -> QueueScreen.State {
        var state = QueueScreen.State(language: language, now: now, center: "HMA-01", operatorName: "op-01")
        state.visibleRows = 10
        return QueueScreen.update(state, .page(rows: try rows(10), total: total, offset: 0, now: now)).0
    }

    @Test func enterClaimsTheSelectedRequest() throws {
        var state = try loaded()
        var commands: [QueueScreen.Command]
        (state, commands) = QueueScreen.update(state, .key(.down))
        #expect(commands.isEmpty)
        (state, commands) = QueueScreen.update(state, .key(.enter))
        #expect(commands == [.claim(try RequestID("CSC-2026-00000002"))])
        (state, commands) = QueueScreen.update(state, .refused("claimed by op-03 until 10:42"))
        #expect(state.message == "تعذّر: claimed by op-03 until 10:42")
        #expect(commands == [.loadPage(QueueFilter(), offset: 0, limit: 10)])
    }

    @Test func scrollingPastThePageAsksTheStoreForTheNextPageOnly() throws {
        var state = try loaded()
        var commands: [QueueScreen.Command] = []
        for _ in 0..<10 { (state, commands) = QueueScreen.update(state, .key(.down)) }
        #expect(commands == [.loadPage(QueueFilter(), offset: 1, limit: 10)])
        (state, commands) = QueueScreen.update(state, .key(.pageDown))
        #expect(state.table.selected == 20)
    }

    @Test func filtersLanguageHelpAndQuit() throws {
        var state = try loaded()
        var commands: [QueueScreen.Command]
        (state, commands) = QueueScreen.update(state, .key(.function(6)))
        #expect(commands == [.loadPage(QueueFilter(speed: .fast), offset: 0, limit: 10)])
        (state, commands) = QueueScreen.update(state, .key(.function(7)))
        #expect(state.filter.overdueOnly)
        (state, _) = QueueScreen.update(state, .key(.function(9)))
        #expect(state.language == .english)
        (state, _) = QueueScreen.update(state, .key(.function(1)))
        #expect(state.showsHelp)
        (state, _) = QueueScreen.update(state, .key(.char("x")))
        #expect(!state.showsHelp)
        (state, _) = QueueScreen.update(state, .key(.function(10)))
        #expect(state.quit)
    }

    @Test func arabicViewIsMirroredAndShaped() throws {
        let state = try loaded()
        var buffer = Buffer(size: Size(width: 120, height: 16))
        QueueScreen.view(state, into: &buffer)
        let lines = buffer.renderedLines()
        // Title on the right, in presentation forms, visual order.
        #expect(lines[0].hasSuffix("ﺓﺩﺭﺍﻮﻟﺍ ﺕﺎﺒﻠﻄﻟﺍ"))
        #expect(lines[0].hasPrefix("ﺔﺣﻮﺘﻔﻣ ﺕﺎﺒﻠﻃ 50"))
        // The request id column is the rightmost; the overdue row says so.
        #expect(lines[3].contains("CSC-2026-00000001│"))
        #expect(lines[3].contains("ﺮﺧﺄﺘﻣ"))
        #expect(lines[15].contains("ﺝﻭﺮﺧ F10"))
    }

    @Test func englishViewReadsLeftToRight() throws {
        let state = try loaded(.english)
        var buffer = Buffer(size: Size(width: 120, height: 16))
        QueueScreen.view(state, into: &buffer)
        let lines = buffer.renderedLines()
        #expect(lines[0].hasPrefix("Incoming requests"))
        #expect(lines[2].hasPrefix("│Request"))
        #expect(lines[3].hasPrefix("│CSC-2026-00000001"))
        #expect(lines[3].contains("overdue"))
        #expect(lines[15].hasPrefix("Enter Claim"))
    }
}
