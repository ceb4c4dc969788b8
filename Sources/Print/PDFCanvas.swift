import CPangoCairo
import Foundation

/// A PDF being drawn with Cairo, text set by Pango (HarfBuzz shapes the Arabic, Pango applies the bidi
/// algorithm): the only file that speaks to Cairo and Pango. Lengths are in millimetres.
final class PDFCanvas {
    static let pointsPerMM = 72.0 / 25.4

    let widthMM: Double
    let heightMM: Double
    let direction: Template.Direction
    private let output = PDFBytes()
    private let surface: OpaquePointer
    private let context: OpaquePointer

    init(widthMM: Double, heightMM: Double, direction: Template.Direction, title: String) throws(PrintError) {
        self.widthMM = widthMM
        self.heightMM = heightMM
        self.direction = direction
        let closure = Unmanaged.passUnretained(output).toOpaque()
        guard let surface = cairo_pdf_surface_create_for_stream(
            { closure, bytes, length in
                guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
                Unmanaged<PDFBytes>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
                return CAIRO_STATUS_SUCCESS
            }, closure, widthMM * Self.pointsPerMM, heightMM * Self.pointsPerMM)
        else { throw .rendering("cairo could not create a PDF surface") }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw .rendering("cairo could not create a PDF surface")
        }
        self.surface = surface
        self.context = context
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "shubbak")
    }

    /// Cairo draws in points (so that Pango's font sizes are points); callers speak millimetres.
    private func pt(_ mm: Double) -> Double { mm * Self.pointsPerMM }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    func newPage() { cairo_show_page(context) }

    /// Ends the document and returns its bytes.
    func finish() throws(PrintError) -> Data {
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw .rendering(String(cString: cairo_status_to_string(status)))
        }
        return output.data
    }

    /// Refuses text that is not valid Pango markup (an unclosed `<b>`, an unknown tag, a bare `&`).
    static func checkMarkup(_ markup: String, file: String) throws(PrintError) {
        var error: UnsafeMutablePointer<GError>?
        guard pango_parse_markup(markup, -1, 0, nil, nil, nil, &error) != 0 else {
            let message = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            g_error_free(error)
            throw .template(file: file, reason: "bad Pango markup (\(message)) in \"\(markup)\"")
        }
    }

    /// A paragraph laid out for a width; measure it, then draw it.
    func paragraph(markup: String, font: String, width: Double, align: Template.Align,
                   file: String) throws(PrintError) -> Paragraph {
        try Self.checkMarkup(markup, file: file)
        guard let layout = pango_cairo_create_layout(context) else { throw .rendering("pango could not create a layout") }
        // The page's direction is the base direction of every paragraph, even of one that starts with Latin
        // letters or digits ("HMA-01 مركز …"): Pango then runs the bidi algorithm on the logical text.
        let pangoContext = pango_layout_get_context(layout)
        pango_context_set_base_dir(pangoContext, direction == .rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR)
        // Unhinted metrics and unrounded positions: the glyphs then sit where the font's advances put them,
        // which is what a PDF reader expects when it rebuilds words (else it sees gaps inside words).
        pango_context_set_round_glyph_positions(pangoContext, 0)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        pango_cairo_context_set_font_options(pangoContext, options)
        cairo_font_options_destroy(options)
        pango_layout_context_changed(layout)
        pango_layout_set_auto_dir(layout, 0)
        let description = pango_font_description_from_string(font)
        pango_layout_set_font_description(layout, description)
        pango_font_description_free(description)
        pango_layout_set_width(layout, Int32(width * Self.pointsPerMM * Double(PANGO_SCALE)))
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        pango_layout_set_alignment(layout, pangoAlignment(align))
        pango_layout_set_markup(layout, markup, -1)
        return Paragraph(layout: layout)
    }

    /// `start` is the side a line of the page's direction begins on: the right in Arabic. (Pango does not
    /// mirror LEFT and RIGHT for a layout whose direction comes from its context.)
    private func pangoAlignment(_ align: Template.Align) -> PangoAlignment {
        switch (align, direction) {
        case (.center, _): PANGO_ALIGN_CENTER
        case (.start, .rtl), (.end, .ltr): PANGO_ALIGN_RIGHT
        case (.start, .ltr), (.end, .rtl): PANGO_ALIGN_LEFT
        }
    }

    func draw(_ paragraph: Paragraph, x: Double, y: Double) {
        cairo_set_source_rgb(context, 0, 0, 0)
        cairo_move_to(context, pt(x), pt(y))
        pango_cairo_show_layout(context, paragraph.layout)
    }

    func line(from start: (x: Double, y: Double), to end: (x: Double, y: Double), width: Double = 0.3) {
        cairo_set_source_rgb(context, 0, 0, 0)
        cairo_set_line_width(context, pt(width))
        cairo_move_to(context, pt(start.x), pt(start.y))
        cairo_line_to(context, pt(end.x), pt(end.y))
        cairo_stroke(context)
    }

    func rectangle(x: Double, y: Double, width: Double, height: Double, fillGrey: Double? = nil, stroke: Bool = true) {
        cairo_rectangle(context, pt(x), pt(y), pt(width), pt(height))
        if let fillGrey {
            cairo_set_source_rgb(context, fillGrey, fillGrey, fillGrey)
            if stroke { cairo_fill_preserve(context) } else { cairo_fill(context) }
        }
        if stroke {
            cairo_set_source_rgb(context, 0, 0, 0)
            cairo_set_line_width(context, pt(0.25))
            cairo_stroke(context)
        }
    }

    func draw(_ barcode: Barcode, x: Double, y: Double, width: Double, height: Double) {
        cairo_set_source_rgb(context, 0, 0, 0)
        let scaleX = width / barcode.width
        let scaleY = height / barcode.height
        for bar in barcode.bars {
            cairo_rectangle(context, pt(x + bar.x * scaleX), pt(y + bar.y * scaleY), pt(bar.width * scaleX), pt(bar.height * scaleY))
        }
        cairo_fill(context)
    }
}

/// A Pango layout; freed with its owner.
final class Paragraph {
    fileprivate let layout: OpaquePointer

    fileprivate init(layout: OpaquePointer) { self.layout = layout }

    deinit { g_object_unref(UnsafeMutableRawPointer(layout)) }

    /// Height in millimetres.
    var height: Double {
        var width: Int32 = 0
        var height: Int32 = 0
        pango_layout_get_size(layout, &width, &height)
        return Double(height) / Double(PANGO_SCALE) / PDFCanvas.pointsPerMM
    }
}

/// Collects what Cairo's stream callback writes.
private final class PDFBytes {
    var data = Data()
}
