import CCairo
import Foundation
import Models

/// A drawing surface for one figure, in points, written as PNG (at twice the size, for sharp lines on
/// any screen), SVG or PDF by the file's extension, through Cairo. The file is written atomically.
final class Canvas {
    /// The formats a figure can be written in, by file extension.
    enum Format: String, CaseIterable {
        case png, svg, pdf

        init(path: String) throws {
            let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
            guard let format = Format(rawValue: ext) else {
                throw PlotError.invalidArgument("cannot tell how to draw \(path): give a file name ending in .png, .svg or .pdf")
            }
            self = format
        }
    }

    let width: Double, height: Double
    let format: Format
    let context: OpaquePointer
    private let surface: OpaquePointer
    private let sink: ByteSink

    /// A canvas of `width`×`height` points for the file at `path` (only its extension matters here).
    init(width: Double, height: Double, for path: String) throws {
        self.width = width
        self.height = height
        format = try Format(path: path)
        sink = ByteSink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        switch format {
        case .png: surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width * 2), Int32(height * 2))
        case .svg: surface = cairo_svg_surface_create_for_stream(ByteSink.write, closure, width, height)
        case .pdf:
            surface = cairo_pdf_surface_create_for_stream(ByteSink.write, closure, width, height)
            if let date = Self.reproducibleDate {
                cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date)
                cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date)
            }
        }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw PlotError.drawing("Cairo cannot make a \(Int(width))×\(Int(height)) \(format.rawValue) surface")
        }
        self.context = context
        if format == .png { cairo_scale(context, 2, 2) }
        cairo_set_source_rgb(context, 1, 1, 1)
        cairo_paint(context)
    }

    /// `SOURCE_DATE_EPOCH` (the reproducible-builds convention) as an ISO 8601 date for a PDF's dates, so
    /// that the same history gives the same bytes; nil when unset (Cairo then records the time now).
    static var reproducibleDate: String? {
        guard let date = AtomicFile.sourceDate else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// Finishes the drawing and writes it to `path`, replacing any earlier file only once all is done.
    func write(to path: String) throws {
        cairo_surface_flush(surface)
        if format == .png {
            let closure = Unmanaged.passUnretained(sink).toOpaque()
            guard cairo_surface_write_to_png_stream(surface, ByteSink.write, closure) == CAIRO_STATUS_SUCCESS else {
                throw PlotError.drawing("Cairo could not encode the PNG for \(path)")
            }
        } else {
            cairo_surface_finish(surface)
        }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, !sink.data.isEmpty else {
            throw PlotError.drawing("Cairo could not finish the \(format.rawValue.uppercased()) for \(path)")
        }
        do { try AtomicFile.write(sink.data, to: path, what: "the figure") } catch { throw PlotError.io("\(error)") }
    }

    // MARK: - Drawing

    func color(_ color: Color, alpha: Double = 1) { cairo_set_source_rgba(context, color.red, color.green, color.blue, alpha) }

    func line(width: Double, dash: [Double] = []) {
        cairo_set_line_width(context, width)
        cairo_set_dash(context, dash, Int32(dash.count), 0)
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(context, dash.isEmpty ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT)
    }

    /// Strokes a polyline; nil points (NaN or infinite values) leave gaps.
    func polyline(_ points: [(Double, Double)?]) {
        var drawing = false
        for point in points {
            guard let (x, y) = point else {
                drawing = false
                continue
            }
            if drawing { cairo_line_to(context, x, y) } else { cairo_move_to(context, x, y) }
            drawing = true
        }
        cairo_stroke(context)
    }

    func segment(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) {
        cairo_move_to(context, x0, y0)
        cairo_line_to(context, x1, y1)
        cairo_stroke(context)
    }

    func circle(_ x: Double, _ y: Double, radius: Double) {
        cairo_new_sub_path(context)
        cairo_arc(context, x, y, radius, 0, 2 * .pi)
        cairo_fill(context)
    }

    func rectangle(_ x: Double, _ y: Double, _ width: Double, _ height: Double, fill: Bool) {
        cairo_rectangle(context, x, y, width, height)
        if fill { cairo_fill(context) } else { cairo_stroke(context) }
    }

    func clip(_ x: Double, _ y: Double, _ width: Double, _ height: Double) {
        cairo_save(context)
        cairo_rectangle(context, x, y, width, height)
        cairo_clip(context)
    }

    func unclip() { cairo_restore(context) }

    /// How text is placed relative to its point.
    enum Anchor { case left, center, right }

    func font(size: Double, bold: Bool = false) {
        cairo_select_font_face(context, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
    }

    func textWidth(_ text: String) -> Double {
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        return extents.x_advance
    }

    /// Draws text with its baseline's `anchor` point at (x, y) (centred vertically with `middle`), rotated
    /// by `angle` radians.
    func text(_ text: String, x: Double, y: Double, anchor: Anchor = .left, middle: Bool = false, angle: Double = 0) {
        var extents = cairo_font_extents_t()
        cairo_font_extents(context, &extents)
        let width = textWidth(text)
        let dx: Double = anchor == .left ? 0 : anchor == .center ? -width / 2 : -width
        let dy = middle ? (extents.ascent - extents.descent) / 2 : 0
        cairo_save(context)
        cairo_translate(context, x, y)
        cairo_rotate(context, angle)
        cairo_move_to(context, dx, dy)
        cairo_show_text(context, text)
        cairo_restore(context)
    }
}

/// Collects the bytes Cairo writes.
private final class ByteSink {
    var data = Data()

    static let write: cairo_write_func_t = { closure, bytes, length in
        guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
        Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
        return CAIRO_STATUS_SUCCESS
    }
}

/// An RGB colour, 0…1 per channel.
struct Color: Equatable {
    var red, green, blue: Double

    init(hex: UInt32) {
        red = Double((hex >> 16) & 0xFF) / 255
        green = Double((hex >> 8) & 0xFF) / 255
        blue = Double(hex & 0xFF) / 255
    }

    static let black = Color(hex: 0x222222)
    static let grid = Color(hex: 0xDDDDDD)
    static let frame = Color(hex: 0x888888)
    static let text = Color(hex: 0x333333)

    /// Okabe and Ito's colour-blind-safe palette, in an order that keeps the first pairs far apart.
    static let palette: [Color] = [0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7, 0xE69F00, 0x56B4E9, 0x000000, 0xF0E442].map(Color.init(hex:))
}

/// What can go wrong drawing a figure or reading what to draw.
public enum PlotError: Error, Equatable, CustomStringConvertible {
    case invalidArgument(String)
    case io(String)
    case drawing(String)
    case malformed(String)

    public var description: String {
        switch self {
        case let .invalidArgument(message), let .io(message), let .drawing(message), let .malformed(message): message
        }
    }
}
