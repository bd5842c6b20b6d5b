import CCairo
import Foundation
import Models
import TestSupport
import Testing

@testable import Plotting

/// The figures: the right format for each extension, the curves drawn in their colours, the chapter's
/// 0…1 axis, atomic writes, and clear errors.
@Suite struct LearningCurvesTests {
    static func chapterRun(epochs: Int = 30) -> TrainingRun {
        let loss = (0..<epochs).map { 0.7 * Foundation.exp(-Double($0) / 8) + 0.2 }
        let accuracy = (0..<epochs).map { 0.93 - 0.17 * Foundation.exp(-Double($0) / 6) }
        return TrainingRun(
            name: "fashion", series: ["loss": loss, "val_loss": loss.map { $0 + 0.03 }, "accuracy": accuracy, "val_accuracy": accuracy.map { $0 - 0.02 }])
    }

    /// The pixels of a PNG, as Cairo reads it back: width, height and 0xAARRGGBB words.
    static func pixels(_ path: String) throws -> (Int, Int, [UInt32]) {
        let surface = try #require(cairo_image_surface_create_from_png(path))
        defer { cairo_surface_destroy(surface) }
        #expect(cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS)
        let width = Int(cairo_image_surface_get_width(surface)), height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = try #require(cairo_image_surface_get_data(surface))
        var words: [UInt32] = []
        for row in 0..<height {
            let line = UnsafeRawPointer(data + row * stride).assumingMemoryBound(to: UInt32.self)
            words.append(contentsOf: UnsafeBufferPointer(start: line, count: width))
        }
        return (width, height, words)
    }

    @Test func aPNGShowsEveryCurveInItsColour() throws {
        let path = temporaryPath("curves.png")
        try LearningCurves.draw([Self.chapterRun()], to: path)
        let (width, height, words) = try Self.pixels(path)
        #expect(width > 1200 && width < 1700 && height == 2 * (46 + 340 + 52), "\(width)×\(height)")
        let counts = Dictionary(words.map { ($0 & 0xFF_FFFF, 1) }, uniquingKeysWith: +)
        #expect(counts[0x0072B2, default: 0] > 2000, "the loss colour")
        #expect(counts[0xD55E00, default: 0] > 2000, "the accuracy colour")
        #expect(counts[0xFFFFFF, default: 0] > words.count / 2, "mostly white")
    }

    @Test func svgAndPDFByExtensionAndNothingElse() throws {
        let svg = temporaryPath("curves.svg"), pdf = temporaryPath("curves.PDF")
        try LearningCurves.draw([Self.chapterRun(), Self.chapterRun(epochs: 12)], to: svg, title: "Two runs")
        try LearningCurves.draw([Self.chapterRun()], to: pdf)
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(
            text.contains("<svg") && text.contains("stroke-dasharray") && text.contains("rgb(0%,44.705882%,69.803922%)")
                && text.contains("rgb(83.529412%,36.862745%,0%)"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: pdf)).prefix(5) == Data("%PDF-".utf8))
        #expect { try LearningCurves.draw([Self.chapterRun()], to: temporaryPath("curves.jpg")) } throws: {
            "\($0)".contains("curves.jpg") && "\($0)".contains(".png, .svg or .pdf")
        }
    }

    @Test func theChaptersAxisFromZeroToOneUnlessAValueIsOutside() {
        #expect(LearningCurves.yScale([0.2, 0.93]).low == 0 && LearningCurves.yScale([0.2, 0.93]).high == 1)
        let loss = LearningCurves.yScale([0.3, 2.3])
        #expect(loss.low == 0 && loss.high >= 2.3 && loss.high <= 3)
        let negative = LearningCurves.yScale([-1.2, 0.4])
        #expect(negative.low <= -1.2 && negative.high >= 0.4)
        #expect(Scale.linear(1, 30, integers: true).ticks(count: 8).allSatisfy { $0 == $0.rounded() })
        #expect(Scale.log10(1e-5, 10).ticks() == [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10])
        #expect(Scale.linear(0, 1).ticks(count: 5) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(Scale.linear(0, 1).label(0.2, count: 5) == "0.2" && Scale.log10(1e-5, 10).label(1e-3) == "1e-3")
    }

    @Test func keysAreOrderedAndFilteredAndValidationIsDashedInItsMetricsColour() throws {
        let run = TrainingRun(name: "r", series: ["accuracy": [0.5], "val_accuracy": [0.4], "loss": [1], "val_loss": [1.1], "learning_rate": [0.01]])
        #expect(try LearningCurves.selectedKeys([run], metrics: nil) == ["loss", "val_loss", "accuracy", "val_accuracy"])
        #expect(try LearningCurves.selectedKeys([run], metrics: ["accuracy"]) == ["accuracy", "val_accuracy"])
        #expect { try LearningCurves.selectedKeys([run], metrics: ["auc"]) } throws: { "\($0)".contains("'auc'") && "\($0)".contains("accuracy") }
        let styles = LearningCurves.styles(for: ["loss", "val_loss", "accuracy"])
        #expect(styles["loss"]?.color == styles["val_loss"]?.color && styles["val_loss"]?.dashed == true && styles["loss"]?.dashed == false)
        #expect(styles["accuracy"]?.color != styles["loss"]?.color)
    }

    @Test func aFailedDrawingLeavesTheEarlierFileAsItWas() throws {
        let path = temporaryPath("kept.png")
        try LearningCurves.draw([Self.chapterRun()], to: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let broken = TrainingRun(name: "nan", series: ["loss": [.nan, .infinity]])
        #expect { try LearningCurves.draw([broken], to: path) } throws: { "\($0)".contains("NaN") }
        #expect { try LearningCurves.draw([TrainingRun(name: "empty", series: [:])], to: path) } throws: { "\($0)".contains("no epochs") }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        // NaN inside a run is a gap, not a failure.
        try LearningCurves.draw([TrainingRun(name: "gap", series: ["loss": [1, .nan, 0.5, 0.4]])], to: path)
    }

    @Test func theLearningRatePlotDrawsTheSearch() throws {
        let rates = (0..<120).map { Float(1e-5 * Foundation.pow(1e6, Double($0) / 119)) }
        let losses = rates.map { rate -> Float in rate < 0.3 ? 2.3 - 0.3 * Float(Foundation.log10(Double(rate) / 1e-5)) : 40 }
        let search = LearningRateSearch(
            rates: rates, losses: losses, smoothedLosses: losses, lowestIndex: 90, suggestedRate: rates[90] / 10, diverged: true)
        let path = temporaryPath("lr.png")
        try LearningRatePlot.draw(search, to: path)
        let (_, _, words) = try Self.pixels(path)
        let counts = Dictionary(words.map { ($0 & 0xFF_FFFF, 1) }, uniquingKeysWith: +)
        #expect(counts[0xD55E00, default: 0] > 300, "the suggestion's dashed line")
        #expect(counts[0x009E73, default: 0] > 50, "the lowest point")
    }
}
