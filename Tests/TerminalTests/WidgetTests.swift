import Testing
@testable import ShubbakTerminal

private let keys = KeyTable([
    KeyBinding(.function(1), action: "help", label: "مساعدة"),
    KeyBinding(.function(2), action: "save", label: "حفظ"),
    KeyBinding(.escape, action: "back", label: "رجوع", showsInBar: false),
])

private let englishKeys = KeyTable([
    KeyBinding(.function(1), action: "help", label: "Help"),
    KeyBinding(.function(2), action: "save", label: "Save"),
    KeyBinding(.ctrl("s"), action: "save", label: "Save", showsInBar: false),
])

@Suite struct TableTests {
    final class PageLog: @unchecked Sendable {
        var requests: [(Int, Int)] = []
    }

    func table(rowCount: Int = 100, selected: Int? = 7, log: PageLog = PageLog()) -> Table {
        Table(columns: [TableColumn("رقم", width: .fixed(5)), TableColumn("الاسم")], rowCount: rowCount,
              state: TableState(selected: selected)) { offset, limit in
            log.requests.append((offset, limit))
            return (offset..<offset + limit).map { TableRow(["\($0)", "أحمد \($0)"]) }
        }
    }

    @Test func rightToLeftTableReadsColumnsFromTheRight() {
        #expect(snapshot(table(), width: 30, height: 5, context: .arabic) == [
            "                    ﻢﺳﻻﺍ   ﻢﻗﺭ",
            "                  4 ﺪﻤﺣﺃ     4",
            "                  5 ﺪﻤﺣﺃ     5",
            "                  6 ﺪﻤﺣﺃ     6",
            "                  7 ﺪﻤﺣﺃ     7",
        ])
    }

    @Test func leftToRightTableReadsColumnsFromTheLeft() {
        #expect(snapshot(table(), width: 30, height: 5, context: .english) == [
            "ﻢﻗﺭ   ﻢﺳﻻﺍ                    ",
            "4     4 ﺪﻤﺣﺃ                  ",
            "5     5 ﺪﻤﺣﺃ                  ",
            "6     6 ﺪﻤﺣﺃ                  ",
            "7     7 ﺪﻤﺣﺃ                  ",
        ])
    }

    @Test func asksTheProviderOnlyForTheVisiblePage() {
        let log = PageLog()
        let buffer = render(table(rowCount: 1_000_000, selected: 500_000, log: log), width: 30, height: 5, context: .arabic)
        #expect(log.requests.count == 1)
        #expect(log.requests.first?.0 == 499_997)
        #expect(log.requests.first?.1 == 4)
        #expect(buffer[0, 4].style == Style(.selected))
        #expect(buffer[0, 3].style == .normal)
        #expect(buffer[0, 0].style == Style(.header))
    }

    @Test func shortTableAsksForTheRowsThatExist() {
        let log = PageLog()
        _ = render(table(rowCount: 2, selected: nil, log: log), width: 30, height: 5, context: .english)
        #expect(log.requests.first?.1 == 2)
    }

    @Test func stateMovesAndScrolls() {
        var state = TableState()
        let used = state.handle(.down, rowCount: 10, visibleRows: 3)
        #expect(used)
        #expect(state.selected == 0)
        _ = state.handle(.pageDown, rowCount: 10, visibleRows: 3)
        #expect(state.selected == 3)
        #expect(state.offset == 1)
        _ = state.handle(.end, rowCount: 10, visibleRows: 3)
        #expect(state.selected == 9)
        #expect(state.offset == 7)
        _ = state.handle(.home, rowCount: 10, visibleRows: 3)
        #expect(state == TableState(selected: 0, offset: 0))
        let ignored = state.handle(.char("x"), rowCount: 10, visibleRows: 3)
        #expect(!ignored)
    }
}

@Suite struct TextWidgetTests {
    @Test func paragraphWrapsInBothDirections() {
        let paragraph = Paragraph("يرجى إحضار الهوية الشخصية مع الطلب")
        #expect(snapshot(paragraph, width: 16, height: 3, context: .arabic) == [
            "      ﺭﺎﻀﺣﺇ ﻰﺟﺮﻳ",
            "  ﺔﻴﺼﺨﺸﻟﺍ ﺔﻳﻮﻬﻟﺍ",
            "        ﺐﻠﻄﻟﺍ ﻊﻣ",
        ])
        #expect(snapshot(Paragraph("Please bring your identity card"), width: 16, height: 3, context: .english) == [
            "Please bring    ",
            "your identity   ",
            "card            ",
        ])
    }

    @Test func labelWithLamAlefAndHarakat() {
        #expect(snapshot(Label("السلام مُحَمَّد"), width: 12, height: 1, context: .arabic) == ["  ﺪﻤَّﺤَﻣُ ﻡﻼﺴﻟﺍ"])
        #expect(snapshot(Label("لا Yes"), width: 8, height: 1, context: .english) == ["ﻻ Yes   "])
    }

    @Test func blockTitleSitsOnTheReadingSide() {
        #expect(snapshot(Block(title: "الطلبات"), width: 20, height: 3, context: .arabic) == [
            "┌──────── ﺕﺎﺒﻠﻄﻟﺍ ─┐",
            "│                  │",
            "└──────────────────┘",
        ])
        #expect(snapshot(Block(title: "Requests"), width: 20, height: 3, context: .english) == [
            "┌─ Requests ───────┐",
            "│                  │",
            "└──────────────────┘",
        ])
    }

    @Test func statusLineMirrors() {
        let status = StatusLine(leading: "الموظف: سامر", trailing: "12:30")
        #expect(snapshot(status, width: 30, height: 1, context: .arabic) == ["12:30             ﺮﻣﺎﺳ :ﻒﻇﻮﻤﻟﺍ"])
        let english = StatusLine(leading: "Clerk: Samer", trailing: "12:30")
        #expect(snapshot(english, width: 30, height: 1, context: .english) == ["Clerk: Samer             12:30"])
    }

    @Test func choiceListMarksTheSelectionOnTheReadingSide() {
        let list = ChoiceList(["عربي", "English", "ثالث"], selected: 1)
        #expect(snapshot(list, width: 20, height: 3, context: .arabic) == [
            "              ﻲﺑﺮﻋ  ",
            "           English ◂",
            "              ﺚﻟﺎﺛ  ",
        ])
        #expect(snapshot(list, width: 20, height: 3, context: .english) == [
            "  ﻲﺑﺮﻋ              ",
            "▸ English           ",
            "  ﺚﻟﺎﺛ              ",
        ])
        let buffer = render(list, width: 20, height: 3, context: .arabic)
        #expect(buffer[0, 1].style == Style(.selected))
    }

    /// F9 on an open list: its items are worded at drawing time in the context's language.
    @Test func choiceListWordsItsItemsInTheLanguageDrawn() {
        let list = ChoiceList([Notice(arabic: "مكرر", english: "Duplicate"), Notice(arabic: "آخر", english: "Other")])
        #expect(snapshot(list, width: 14, height: 2, context: .english) == ["▸ Duplicate   ", "  Other       "])
        #expect(snapshot(list, width: 14, height: 2, context: .arabic) == ["        ﺭﺮﻜﻣ ◂", "         ﺮﺧﺁ  "])
    }

    @Test func choiceListScrollsToTheSelection() {
        var list = ChoiceList(["a", "b", "c", "d"])
        for _ in 0..<3 { _ = list.handle(.down, visibleRows: 2) }
        #expect(list.selectedItem == "d")
        #expect(snapshot(list, width: 4, height: 2, context: .english) == ["  c ", "▸ d "])
    }
}

@Suite struct DialogTests {
    let dialog = ConfirmDialog(title: "تأكيد", message: "حذف الطلب؟", confirmLabel: "نعم", cancelLabel: "لا")

    @Test func rightToLeftDialogPutsConfirmOnTheRight() {
        #expect(snapshot(dialog, width: 36, height: 8, context: .arabic) == [
            "                                    ",
            "   ┌──────────────────── ﺪﻴﻛﺄﺗ ─┐   ",
            "   │                            │   ",
            "   │                 ؟ﺐﻠﻄﻟﺍ ﻑﺬﺣ │   ",
            "   │                            │   ",
            "   │        [ ﻻ ]  [ ﻢﻌﻧ ]      │   ",
            "   └────────────────────────────┘   ",
            "                                    ",
        ])
    }

    @Test func leftToRightDialogPutsConfirmOnTheLeft() {
        let english = ConfirmDialog(title: "Confirm", message: "Delete the request?", confirmLabel: "Yes", cancelLabel: "No")
        #expect(snapshot(english, width: 36, height: 8, context: .english) == [
            "                                    ",
            "   ┌─ Confirm ──────────────────┐   ",
            "   │                            │   ",
            "   │ Delete the request?        │   ",
            "   │                            │   ",
            "   │      [ Yes ]  [ No ]       │   ",
            "   └────────────────────────────┘   ",
            "                                    ",
        ])
    }

    @Test func focusStartsOnCancelAndKeysDecide() {
        var dialog = dialog
        let first = dialog.handle(.enter, direction: .rightToLeft)
        let switched = dialog.handle(.tab, direction: .rightToLeft)
        let second = dialog.handle(.enter, direction: .rightToLeft)
        let escaped = dialog.handle(.escape, direction: .rightToLeft)
        #expect(first == .cancel)
        #expect(switched == nil)
        #expect(dialog.focus == .confirm)
        #expect(second == .confirm)
        #expect(escaped == .cancel)
        let buffer = render(dialog, width: 36, height: 8, context: .arabic)
        // "[ نعم ]" is the focused button, drawn right of "[ لا ]".
        #expect(buffer[23, 5].style == Style(.selected))
        #expect(buffer[12, 5].style == Style(.dialog))
    }

    /// Issue 13 item 4: in Arabic, Left moves to the left-hand button, [ إلغاء ].
    @Test func leftAndRightGoToTheButtonOnThatSideAsSeen() {
        var arabic = dialog
        arabic.focus = .confirm
        _ = arabic.handle(.left, direction: .rightToLeft)
        #expect(arabic.focus == .cancel)
        _ = arabic.handle(.left, direction: .rightToLeft)
        #expect(arabic.focus == .cancel, "Left again stays on the left")
        _ = arabic.handle(.right, direction: .rightToLeft)
        #expect(arabic.focus == .confirm)
        var english = dialog
        _ = english.handle(.left, direction: .leftToRight)
        #expect(english.focus == .confirm, "[ Yes ] is the left-hand button in English")
        _ = english.handle(.right, direction: .leftToRight)
        #expect(english.focus == .cancel)
    }
}

@Suite struct ChartTests {
    @Test func progressBarFillsInTheReadingDirection() {
        let bar = ProgressBar(fraction: 0.5, label: "50%")
        #expect(snapshot(bar, width: 20, height: 1, context: .arabic) == ["50% ░░░░░░░░████████"])
        #expect(snapshot(bar, width: 20, height: 1, context: .english) == ["████████░░░░░░░░ 50%"])
    }

    @Test func sparklineHasTheNewestValueOnTheTrailingSide() {
        let line = Sparkline([1, 2, 3, 8])
        #expect(snapshot(line, width: 6, height: 1, context: .arabic) == ["  █▃▂▁"])
        #expect(snapshot(line, width: 6, height: 1, context: .english) == ["▁▂▃█  "])
    }

    @Test func barChartMirrors() {
        let chart = BarChart([.init("سريع", value: 10), .init("بطيء", value: 5, style: Style(.slow))])
        #expect(snapshot(chart, width: 20, height: 2, context: .arabic) == [
            "10 ████████████ ﻊﻳﺮﺳ",
            "5        ██████ ءﻲﻄﺑ",
        ])
        #expect(snapshot(chart, width: 20, height: 2, context: .english) == [
            "ﻊﻳﺮﺳ ████████████ 10",
            "ءﻲﻄﺑ ██████        5",
        ])
        let buffer = render(chart, width: 20, height: 2, context: .english)
        #expect(buffer[5, 1].style == Style(.slow))
    }
}

@Suite struct KeyWidgetTests {
    @Test func keyBarStartsFromTheRightInArabic() {
        #expect(snapshot(KeyBar(keys), width: 30, height: 1, context: .arabic) == ["              ﻆﻔﺣ F2 ﺓﺪﻋﺎﺴﻣ F1"])
        #expect(snapshot(KeyBar(englishKeys), width: 30, height: 1, context: .english) == ["F1 Help F2 Save               "])
        let buffer = render(KeyBar(keys), width: 30, height: 1, context: .arabic)
        #expect(buffer[28, 0].style == Style(.key))
        #expect(buffer[25, 0].style == Style(.statusbar))
    }

    @Test func keyBarLeavesOutHintsThatDoNotFit() {
        #expect(snapshot(KeyBar(englishKeys), width: 12, height: 1, context: .english) == ["F1 Help     "])
    }

    /// Issue 13 item 7: at 80×24 the queue's bar lost F10, the only way out it names.
    @Test func helpAndTheWayOutAlwaysShowAndTheRestFollowInOrder() {
        let table = KeyTable([
            KeyBinding(.function(1), action: "help", label: "Help"),
            KeyBinding(.enter, action: "claim", label: "Claim"),
            KeyBinding(.function(2), action: "search", label: "Search"),
            KeyBinding(.function(3), action: "mine", label: "Mine"),
            KeyBinding(.function(10), action: "quit", label: "Sign out"),
        ])
        #expect(snapshot(KeyBar(table), width: 40, height: 1, context: .english) == ["F1 Help Enter Claim F10 Sign out        "])
        #expect(snapshot(KeyBar(table), width: 24, height: 1, context: .english) == ["F1 Help F10 Sign out    "])
    }

    @Test func helpOverlayListsEveryKey() {
        #expect(snapshot(HelpOverlay(title: "مساعدة", keys: keys), width: 30, height: 7, context: .arabic) == [
            "                              ",
            "       ┌───── ﺓﺪﻋﺎﺴﻣ ─┐       ",
            "       │  ﺓﺪﻋﺎﺴﻣ   F1 │       ",
            "       │     ﻆﻔﺣ   F2 │       ",
            "       │    ﻉﻮﺟﺭ  Esc │       ",
            "       └──────────────┘       ",
            "                              ",
        ])
        #expect(snapshot(HelpOverlay(title: "Help", keys: englishKeys), width: 30, height: 7, context: .english) == [
            "                              ",
            "      ┌─ Help ────────┐       ",
            "      │ F1      Help  │       ",
            "      │ F2      Save  │       ",
            "      │ Ctrl+S  Save  │       ",
            "      └───────────────┘       ",
            "                              ",
        ])
    }

    @Test func keyTableFindsActions() {
        #expect(keys.action(for: .function(2)) == "save")
        #expect(keys.action(for: .escape) == "back")
        #expect(keys.action(for: .function(9)) == nil)
        #expect(keys.barBindings.count == 2)
    }

    @Test func windowTooSmallNotice() {
        #expect(isTooSmall(Size(width: 79, height: 30)))
        #expect(isTooSmall(Size(width: 100, height: 23)))
        #expect(!isTooSmall(Size(width: 80, height: 24)))
        #expect(snapshot(WindowTooSmallNotice(current: Size(width: 70, height: 20)), width: 50, height: 4, context: .arabic) == [
            "                                                  ",
            "       24×80 ﺏﻮﻠﻄﻤﻟﺍ ،20×70 :ﺓﺮﻴﻐﺻ ﺓﺬﻓﺎﻨﻟﺍ        ",
            "       Window too small: 70×20, need 80×24        ",
            "                                                  ",
        ])
    }
}
