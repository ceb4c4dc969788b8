import Foundation
import Testing
@testable import ShubbakTerminal

/// Needs a real terminal and someone (or `tmux send-keys`) to press F2, Alt+X and ب within ten seconds:
/// run with SHUBBAK_TTY_TESTS=1 inside `tmux -u`. Headless runs skip it.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SHUBBAK_TTY_TESTS"] == "1" && isatty(STDOUT_FILENO) == 1))
struct CursesBackendTests {
    @Test func drawsShapedArabicAndReadsKeys() throws {
        let backend = try CursesBackend(theme: .builtInDefault)
        let size = backend.size
        var buffer = Buffer(size: size)
        buffer.drawText("طلب رقم 12345 - Request", in: buffer.area.row(0), direction: .rightToLeft)
        KeyBar(KeyTable([KeyBinding(.function(2), action: "save", label: "حفظ")]))
            .render(into: &buffer, area: buffer.area.row(size.height - 1), context: .arabic)
        backend.draw(buffer)
        let keys = (0..<3).map { _ in backend.readKey(timeout: .seconds(10)) }
        backend.shutdown()
        #expect(size.width > 0 && size.height > 0)
        #expect(keys == [.function(2), .alt("x"), .char("ب")])
    }
}
