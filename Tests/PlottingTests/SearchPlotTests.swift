import Foundation
import Plotting
import TestSupport
import Testing

/// The search figure: a dot per trial with a score in each panel, the best-so-far line, and errors for
/// nothing to draw.
@Suite struct SearchPlotTests {
    static let scores: [Double?] = [0.81, 0.84, nil, 0.79, 0.87, 0.86]
    static let dimensions = [
        SearchPlot.Dimension(name: "n_hidden", numbers: [1, 2, 3, 2, 1, 3], integers: true),
        SearchPlot.Dimension(name: "learning_rate", numbers: [1e-4, 3e-4, 1e-3, 3e-3, 5e-3, 9e-3], logarithmic: true),
        SearchPlot.Dimension(name: "optimizer", numbers: [0, 1, 0, 1, 1, 0], categories: ["sgd", "adam"]),
    ]

    @Test func aPNGShowsTheTrialsAndTheBestSoFar() throws {
        let path = temporaryPath("search.png")
        try SearchPlot.draw(scores: Self.scores, objective: "val_accuracy", maximize: true, dimensions: Self.dimensions, to: path)
        let (_, _, words) = try LearningCurvesTests.pixels(path)
        let counts = Dictionary(words.map { ($0 & 0xFF_FFFF, 1) }, uniquingKeysWith: +)
        // Five scored trials in four panels, each dot about 7 points (14 pixels) across at twice the size.
        #expect(counts[0x0072B2, default: 0] > 4 * 5 * 100, "the dots")
        #expect(counts[0xD55E00, default: 0] > 1000, "the best-so-far line")
    }

    @Test func everyFormatAndNothingToDrawIsAnError() throws {
        for format in ["svg", "pdf"] {
            let path = temporaryPath("search.\(format)")
            try SearchPlot.draw(scores: Self.scores, objective: "val_loss", maximize: false, dimensions: Self.dimensions, to: path)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count > 1000)
        }
        #expect(throws: PlotError.self) {
            try SearchPlot.draw(scores: [nil, nil], objective: "val_loss", maximize: false, dimensions: [], to: temporaryPath("none.png"))
        }
    }
}
