@testable import ShubbakTerminal

/// Renders a widget into a fresh buffer and returns its rows, for inline text snapshots.
func snapshot(_ widget: some Widget, width: Int, height: Int, context: RenderContext) -> [String] {
    var buffer = Buffer(size: Size(width: width, height: height))
    widget.render(into: &buffer, area: buffer.area, context: context)
    return buffer.renderedLines()
}

func render(_ widget: some Widget, width: Int, height: Int, context: RenderContext) -> Buffer {
    var buffer = Buffer(size: Size(width: width, height: height))
    widget.render(into: &buffer, area: buffer.area, context: context)
    return buffer
}

func scalars(_ text: String) -> [UInt32] {
    text.unicodeScalars.map(\.value)
}
