import CZint
import Foundation

/// A Code 128 symbol encoded by zint, as bars in zint's own units.
struct Barcode {
    struct Bar {
        var x: Double
        var y: Double
        var width: Double
        var height: Double
    }

    var bars: [Bar]
    var width: Double
    var height: Double

    init(code128 value: String) throws(PrintError) {
        guard !value.isEmpty else { throw .barcode(value: value, reason: "the value is empty") }
        guard let symbol = ZBarcode_Create() else { throw .barcode(value: value, reason: "zint could not allocate a symbol") }
        defer { ZBarcode_Delete(symbol) }
        symbol.pointee.symbology = BARCODE_CODE128
        // The text under the bars is drawn by Pango, in the page's font.
        symbol.pointee.show_hrt = 0
        let bytes = Array(value.utf8)
        let status = ZBarcode_Encode_and_Buffer_Vector(symbol, bytes, Int32(bytes.count), 0)
        guard status < ZINT_ERROR, let vector = symbol.pointee.vector else {
            let reason = withUnsafeBytes(of: symbol.pointee.errtxt) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            throw .barcode(value: value, reason: reason.isEmpty ? "zint error \(status)" : reason)
        }
        var bars: [Bar] = []
        var next = vector.pointee.rectangles
        while let rectangle = next {
            let r = rectangle.pointee
            bars.append(Bar(x: Double(r.x), y: Double(r.y), width: Double(r.width), height: Double(r.height)))
            next = r.next
        }
        self.bars = bars
        width = Double(vector.pointee.width)
        height = Double(vector.pointee.height)
        guard width > 0, height > 0, !bars.isEmpty else { throw .barcode(value: value, reason: "zint drew no bars") }
    }
}
