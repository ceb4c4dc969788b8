import Foundation
import Testing
@testable import ShubbakCore
@testable import ShubbakScreens
@testable import ShubbakTerminal

/// Issue 16 item 2: the supervisor's floods, headless: keys in, state and commands out, and the screen drawn.
@Suite struct FloodsScreenTests {
    let t0 = CounterFixture.t0
    let catalog = Catalog.of(.english)

    func cluster() throws -> FloodCluster {
        let members = try (0...5).map { index in
            FloodMember(request: try RequestID("CSC-2026-F03000000\(index)"), service: "CRIMINAL-RECORD", subjectName: "person \(index)",
                        subjectNo: try NationalNumber("0501000000\(index)"), applicantNo: try NationalNumber("10253153211"),
                        phone: "0944123456", paymentRef: "PAY-\(index)", submittedAt: t0.addingTimeInterval(Double(index) * 60),
                        state: index == 5 ? .sealed : .received, holder: index == 1 ? OperatorID(stored: "op-02") : nil)
        }
        return try #require(FloodCluster.clusters(of: members).first)
    }

    func send(_ keys: [Key], to state: FloodsScreen.State) -> (FloodsScreen.State, [FloodsScreen.Command]) {
        var state = state
        var commands: [FloodsScreen.Command] = []
        for key in keys {
            let (next, more, _) = FloodsScreen.update(state, .key(key), catalog: catalog)
            state = next
            commands += more
        }
        return (state, commands)
    }

    @Test func enterOpensAClusterWithItsUndecidedRequestsTickedAndF4AsksANoteThenAConfirmation() throws {
        let loaded = FloodsScreen.update(FloodsScreen.State(isAllowed: true), .loaded([try cluster()]), catalog: catalog).0
        let (opened, none) = send([.enter], to: loaded)
        #expect(none.isEmpty)
        #expect(opened.ticked.count == 5, "the sealed one cannot be rejected")
        // Space on the first unticks it; F2 ticks all again; Space on it once more leaves four.
        let (fewer, _) = send([.char(" "), .function(2), .char(" ")], to: opened)
        #expect(fewer.chosen.map(\.request.rawValue) == (1...4).map { "CSC-2026-F03000000\($0)" })
        // F4 asks why; an empty note is refused; the confirmation starts on Cancel, so Enter there does nothing.
        var (asking, _) = send([.function(4), .enter], to: fewer)
        #expect(asking.note?.fields[0].message == catalog[.required] && asking.confirm == nil)
        (asking, _) = send("broker".map { .char($0) } + [.enter], to: asking)
        #expect(asking.confirm != nil)
        let (cancelled, nothing) = send([.enter], to: asking)
        #expect(nothing.isEmpty && cancelled.confirm == nil)
        let (_, commands) = send([.function(4), .enter, .tab, .enter], to: cancelled)
        #expect(commands == [.rejectAsFake((1...4).map { try! RequestID("CSC-2026-F03000000\($0)") }, note: "broker")])
    }

    @Test func anOperatorIsRefusedAndTheRefusalIsRecorded() throws {
        let context = ScreenContext(catalog: catalog, now: t0, session: Operator(id: OperatorID(stored: "op-01"), name: "سامر", role: .operator),
                                    center: "HMA-01")
        let state = FloodsScreen.initial(context)
        #expect(!state.isAllowed)
        #expect(FloodsScreen.open(state, context).commands == [.recordRefusal])
        var buffer = Buffer(size: Size(width: 80, height: 22))
        FloodsScreen.view(state, into: &buffer, area: buffer.area, context: Language.english.context, catalog: catalog)
        #expect(buffer.renderedLines().joined().contains(catalog[report: .refusalTitle]))
    }

    @Test(arguments: Language.allCases)
    func theListAndAClusterDrawWithinTheScreen(language: Language) throws {
        let catalog = Catalog.of(language)
        let loaded = FloodsScreen.update(FloodsScreen.State(isAllowed: true), .loaded([try cluster()]), catalog: catalog).0
        for state in [loaded, FloodsScreen.update(loaded, .key(.enter), catalog: catalog).0] {
            for size in [Size(width: 80, height: 22), Size(width: 120, height: 38)] {
                var buffer = Buffer(size: size)
                FloodsScreen.view(state, into: &buffer, area: buffer.area, context: language.context, catalog: catalog)
                let lines = buffer.renderedLines()
                #expect(lines.allSatisfy { CharacterWidth.of($0) <= size.width })
                let screen = lines.joined(separator: "\n")
                #expect(screen.contains("10253153211"))
                if state.opened != nil {
                    // Every id whole, the holder named, and the ticks shown.
                    #expect((0...5).allSatisfy { screen.contains("CSC-2026-F03000000\($0)") }, "\(screen)")
                    #expect(screen.contains("op-02") && screen.contains("[x]"))
                } else if language == .english {
                    #expect(screen.contains("0944123456") && screen.contains("CRIMINAL-RECORD"), "\(screen)")
                }
            }
        }
    }
}
