import Foundation
import Testing
@testable import ShubbakCore
@testable import ShubbakScreens
@testable import ShubbakTerminal

@Suite struct SyncScreenTests {
    let english = Catalog.of(.english)
    let t0 = CounterFixture.t0

    var snapshot: SyncScreen.Snapshot {
        SyncScreen.Snapshot(
            inbound: [
                SyncScreen.Inbound(file: "CENTRAL_HMA-01_00000004.jsonl.sig", seq: 4, at: t0, status: .waiting(missingSeq: 3)),
                SyncScreen.Inbound(file: "CENTRAL_HMA-01_00000002.jsonl.sig", seq: 2, at: t0, status: .applied(records: 120, setAside: 2)),
                SyncScreen.Inbound(file: "forged.jsonl.sig", seq: nil, at: t0, status: .quarantined(reason: "signature does not verify")),
            ],
            outbound: [SyncScreen.Outbound(file: "HMA-01_CENTRAL_00000007.jsonl.sig", seq: 7, records: 31, createdAt: t0,
                                           acknowledged: false)],
            lastImport: t0, lastExport: t0)
    }

    @Test func syncNowRunsOnceAndReportsWhatMoved() {
        var state = SyncScreen.update(SyncScreen.State(), .loaded(snapshot), catalog: english).0
        var commands: [SyncScreen.Command]
        (state, commands, _) = SyncScreen.update(state, .key(.function(2)), catalog: english)
        #expect(commands == [.syncNow] && state.isBusy)
        (state, commands, _) = SyncScreen.update(state, .key(.function(2)), catalog: english)
        #expect(commands.isEmpty, "a second F2 while syncing starts nothing")
        (state, _, _) = SyncScreen.update(state, .synced(imported: 2, exported: 31, snapshot), catalog: english)
        #expect(state.message?.english == "Synced: files in 2 · records out 31")
        #expect(SyncScreen.update(state, .key(.function(10)), catalog: english).leave)
    }

    @Test func theViewNamesWhatWaitsAndWhyAFileWasRefused() {
        let state = SyncScreen.update(SyncScreen.State(), .loaded(snapshot), catalog: english).0
        var buffer = Buffer(size: Size(width: 120, height: 24))
        SyncScreen.view(state, into: &buffer, area: buffer.area, context: .english, catalog: english)
        let lines = buffer.renderedLines()
        #expect(lines[0].hasPrefix("Exchange with the central office"))
        #expect(lines.contains { $0.contains("CENTRAL_HMA-01_00000004.jsonl.sig") && $0.contains("waiting for seq 3") })
        #expect(lines.contains { $0.contains("applied 120 · set aside 2") })
        #expect(lines.contains { $0.contains("quarantined: signature does not verify") })
        #expect(lines.contains { $0.contains("HMA-01_CENTRAL_00000007.jsonl.sig") && $0.contains("unacknowledged") })
    }

    @Test func f2OnTheSyncScreenSyncsRatherThanNavigating() {
        var shell = Shell.State(language: .english, status: StatusInfo(center: "HMA-01", now: t0), idleLimit: nil)
        shell = Shell.update(shell, .signedIn(Operator(id: OperatorID(stored: "op-01"), name: "x", role: .operator))).0
        shell = Shell.update(shell, .key(.alt("5"))).0
        let (after, commands) = Shell.update(shell, .key(.function(2)))
        #expect(commands == [.sync(.syncNow), .loadStatus])
        #expect(after.sync.isBusy)
    }

    /// Issue 14 item 1: a sync shows how far it has got, cannot be started twice, and can be left.
    @Test func aRunningSyncShowsItsProgressCannotStartTwiceAndCanBeLeft() {
        let catalog = Catalog.of(.english)
        var (state, commands, _) = SyncScreen.update(SyncScreen.State(), .key(.function(2)), catalog: catalog)
        #expect(commands == [.syncNow] && state.isBusy)
        (state, commands, _) = SyncScreen.update(state, .key(.function(2)), catalog: catalog)
        #expect(commands.isEmpty, "a second sync cannot start while one runs")
        (state, _, _) = SyncScreen.update(state, .progress(.init(file: "CENTRAL_HMA-01_00000009.jsonl.sig", done: 250, total: 1_000)),
                                          catalog: catalog)
        var buffer = Buffer(size: Size(width: 100, height: 20))
        SyncScreen.view(state, into: &buffer, area: buffer.area, context: .english, catalog: catalog)
        let title = buffer.renderedLines()[0]
        #expect(title.hasPrefix("Syncing…") && title.contains("250/1000") && title.contains("█") && title.contains("░"))
        let (_, _, leaves) = SyncScreen.update(state, .key(.function(10)), catalog: catalog)
        #expect(leaves, "F10 still goes back while the sync runs")
    }
}
