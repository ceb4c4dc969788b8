import Foundation
import Testing
@testable import ShubbakCore
@testable import ShubbakScreens
@testable import ShubbakTerminal

/// Every screen of the shell drawn in both languages at the smallest supported size: the title on the reading side,
/// the key bar from the reading side, nothing drawn past the edges.
@Suite struct EveryScreenTests {
    let t0 = CounterFixture.t0
    let size = Size(width: 80, height: 24)

    func state(_ route: Shell.Route, _ language: Language) throws -> Shell.State {
        var state = Shell.State(language: language, status: StatusInfo(center: "HMA-01", now: t0), idleLimit: nil)
        guard route != .signIn else { return state }
        state = Shell.update(state, .signedIn(Operator(id: OperatorID(stored: "op-01"), name: "سامر", role: .supervisor))).0
        switch route {
        case .counter:
            state = Shell.update(state, .claimed(try RequestID("CSC-2026-00012345"))).0
            state = Shell.update(state, .counter(.loaded(try CounterFixture.snapshot(.claimed)))).0
        case .handoff: state = Shell.update(state, .key(.alt("3"))).0
        case .pickup: state = Shell.update(state, .key(.alt("4"))).0
        case .sync: state = Shell.update(state, .key(.alt("5"))).0
        case .dashboard: state = Shell.update(state, .key(.alt("6"))).0
        default: break
        }
        #expect(state.route == route)
        return state
    }

    /// The first words of each screen's title, as the reader sees them at the start of the line.
    static let titles: [Shell.Route: (arabic: String, english: String)] = [
        .signIn: ("ﻝﻮﺧﺪﻟﺍ ﻞﻴﺠﺴﺗ", "Sign in"),
        .queue: ("ﺓﺩﺭﺍﻮﻟﺍ ﺕﺎﺒﻠﻄﻟﺍ", "Incoming requests"),
        .counter: ("CSC-2026-00012345", "CSC-2026-00012345"),
        .handoff: ("ﺪﻳﺮﺒﻠﻟ ﻢﻴﻠﺴﺘﻟﺍ", "Postal handoff"),
        .pickup: ("ﻙﺎﺒﺸﻟﺍ ﻦﻣ ﻡﻼﺘﺳﻻﺍ", "Pickup at the counter"),
        .sync: ("ﻱﺰﻛﺮﻤﻟﺍ ﺐﺘﻜﻤﻟﺍ ﻊﻣ ﺔﻨﻣﺍﺰﻤﻟﺍ", "Exchange with the central office"),
        .dashboard: ("ﻑﺮﺸﻤﻟﺍ ﺔﺣﻮﻟ", "Supervisor dashboard"),
    ]

    @Test(arguments: [Shell.Route.signIn, .queue, .counter, .handoff, .pickup, .sync, .dashboard])
    func drawsInBothLanguages(route: Shell.Route) throws {
        let title = try #require(Self.titles[route])
        for language in Language.allCases {
            var buffer = Buffer(size: size)
            Shell.view(try state(route, language), into: &buffer)
            let lines = buffer.renderedLines()
            #expect(lines.count == size.height)
            #expect(lines.allSatisfy { CharacterWidth.of($0) <= size.width }, "\(route) \(language) drew past the edge")
            let screen = lines.joined(separator: "\n")
            if language == .arabic {
                #expect(screen.contains(title.arabic), "\(route): \(screen)")
                // The key bar starts at the right edge: its last cell is not blank.
                #expect(lines[size.height - 1].last != " ", "\(route)")
            } else {
                #expect(screen.contains(title.english), "\(route): \(screen)")
                #expect(lines[size.height - 1].first != " ", "\(route)")
            }
        }
    }
}
