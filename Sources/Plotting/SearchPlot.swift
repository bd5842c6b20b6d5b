import Foundation

/// A hyperparameter search at a glance: the score of each trial and the best so far against the trial
/// number, then one panel per hyperparameter with each trial's score against its value (a log axis for
/// log-sampled ranges, one column per choice). Plain numbers in, so that any search can be drawn.
public enum SearchPlot {
    /// One hyperparameter's values, one per trial (nil where the trial did not use it).
    public struct Dimension: Sendable {
        public var name: String
        /// Numeric values (nil entries for categories or absent values).
        public var numbers: [Double?]
        /// Category names, when the values are choices of names; `numbers` then holds each one's index.
        public var categories: [String]
        public var logarithmic: Bool
        /// Whether the values are whole numbers (ticks then are too).
        public var integers: Bool

        public init(name: String, numbers: [Double?], categories: [String] = [], logarithmic: Bool = false, integers: Bool = false) {
            (self.name, self.numbers, self.categories, self.logarithmic, self.integers) = (name, numbers, categories, logarithmic, integers)
        }
    }

    /// Draws `scores` (one per trial, in trial order; nil for a trial without one) and the dimensions to
    /// `path` (.png, .svg or .pdf); `maximize` says which way the best-so-far line climbs.
    public static func draw(scores: [Double?], objective: String, maximize: Bool, dimensions: [Dimension], to path: String, title: String? = nil) throws {
        let finite = scores.compactMap { $0 }.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { throw PlotError.invalidArgument("no trial has a score to draw") }
        let columns = 2, panelWidth = 330.0, panelHeight = 210.0
        let rows = 1 + (dimensions.count + columns - 1) / columns
        let canvas = try Canvas(width: 70 + Double(columns) * (panelWidth + 80), height: 60 + Double(rows) * (panelHeight + 70), for: path)
        let pad = Swift.max((high - low) * 0.05, 1e-3)
        let yScale = Scale.linear(low - pad, high + pad)
        canvas.font(size: 14, bold: true)
        canvas.color(.black)
        canvas.text(title ?? "Hyperparameter search: \(objective) of \(scores.count) trials", x: 70, y: 28)

        // The score of each trial, and the best so far.
        let wide = Panel(
            x: 70, y: 50, width: Double(columns) * (panelWidth + 80) - 80, height: panelHeight,
            xScale: Scale.linear(0, Double(Swift.max(scores.count - 1, 1)), integers: true), yScale: yScale)
        wide.drawAxes(on: canvas, xTitle: "trial", yTitle: objective)
        var best: Double?
        var bestLine: [(Double, Double)?] = []
        for (index, score) in scores.enumerated() {
            if let score, score.isFinite, best.map({ maximize ? score > $0 : score < $0 }) ?? true { best = score }
            bestLine.append(best.map { wide.point(Double(index), $0) })
        }
        canvas.color(Color.palette[1])
        canvas.line(width: 2)
        canvas.polyline(bestLine)
        canvas.color(Color.palette[0])
        for (index, score) in scores.enumerated() { if let score, score.isFinite { dot(canvas, wide.point(Double(index), score)) } }
        canvas.font(size: 11)
        canvas.color(Color.palette[1])
        canvas.text("best so far", x: wide.x + wide.width - 90, y: wide.y - 6)

        for (index, dimension) in dimensions.enumerated() {
            let x = 70 + Double(index % columns) * (panelWidth + 80), y = 50 + Double(1 + index / columns) * (panelHeight + 70)
            let values = dimension.numbers.compactMap { $0 }.filter(\.isFinite)
            guard let first = values.min(), let last = values.max() else { continue }
            let categorical = !dimension.categories.isEmpty
            let xScale: Scale =
                categorical
                ? Scale.linear(-0.5, Double(dimension.categories.count) - 0.5)
                : dimension.logarithmic && first > 0 ? Scale.log10(first, last) : Scale.linear(first, last, integers: dimension.integers)
            let panel = Panel(x: x, y: y, width: panelWidth, height: panelHeight, xScale: xScale, yScale: yScale)
            if categorical {
                drawCategoryAxes(panel, canvas, dimension, objective)
            } else {
                panel.drawAxes(on: canvas, xTitle: dimension.name + (dimension.logarithmic ? " (log scale)" : ""), yTitle: objective)
            }
            canvas.color(Color.palette[0])
            for (value, score) in zip(dimension.numbers, scores) {
                guard let value, let score, value.isFinite, score.isFinite else { continue }
                dot(canvas, panel.point(value, score))
            }
        }
        try canvas.write(to: path)
    }

    private static func dot(_ canvas: Canvas, _ point: (Double, Double)) { canvas.circle(point.0, point.1, radius: 3.5) }

    private static func drawCategoryAxes(_ panel: Panel, _ canvas: Canvas, _ dimension: Dimension, _ objective: String) {
        let plain = Panel(
            x: panel.x, y: panel.y, width: panel.width, height: panel.height,
            xScale: Scale(low: panel.xScale.low, high: panel.xScale.high, logarithmic: false, integers: true), yScale: panel.yScale)
        canvas.line(width: 0.8)
        canvas.color(.frame)
        canvas.rectangle(plain.x, plain.y, plain.width, plain.height, fill: false)
        let ticks = panel.yScale.ticks(count: 4)
        canvas.font(size: 10)
        canvas.color(.text)
        for tick in ticks { canvas.text(panel.yScale.label(tick, count: 4), x: panel.x - 6, y: plain.point(0, tick).1, anchor: .right, middle: true) }
        for (index, name) in dimension.categories.enumerated() {
            canvas.text(name, x: plain.point(Double(index), panel.yScale.low).0, y: panel.y + panel.height + 15, anchor: .center)
        }
        canvas.font(size: 11)
        canvas.text(dimension.name, x: panel.x + panel.width / 2, y: panel.y + panel.height + 34, anchor: .center)
        canvas.text(objective, x: panel.x - 46, y: panel.y + panel.height / 2, anchor: .center, angle: -.pi / 2)
    }
}
