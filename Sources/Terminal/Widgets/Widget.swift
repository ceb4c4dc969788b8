/// Something that draws itself into a buffer area. Widgets are values: screens build them fresh for every frame.
public protocol Widget {
    func render(into buffer: inout Buffer, area: Rect, context: RenderContext)
}

/// Keeps a selected row inside a window of `visible` rows, moving the window as little as possible.
enum Scrolling {
    static func offset(keeping selected: Int?, from offset: Int, visible: Int, count: Int) -> Int {
        guard visible > 0, count > 0 else { return 0 }
        var result = min(max(offset, 0), max(count - visible, 0))
        if let selected {
            if selected < result { result = selected }
            if selected >= result + visible { result = selected - visible + 1 }
        }
        return max(result, 0)
    }
}

/// Text wrapping at spaces, in logical order, before shaping and reordering.
enum Wrapping {
    static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var result: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                let wordWidth = CharacterWidth.of(word)
                if lineWidth > 0, lineWidth + 1 + wordWidth > width {
                    result.append(line)
                    line = ""
                    lineWidth = 0
                }
                if lineWidth > 0 {
                    line += " "
                    lineWidth += 1
                }
                line += word
                lineWidth += wordWidth
            }
            result.append(line)
        }
        return result
    }
}
