import Foundation
import Models

/// The learning-rate finder's figure: the loss against the rate on a log-10 axis (each batch's loss
/// faint, the smoothed loss bold), the lowest smoothed loss marked and the suggested rate as a dashed
/// line. The y axis stops a little above the first loss, so that the explosion at the end does not
/// flatten the curve.
public enum LearningRatePlot {
    /// Draws a search from ``Model/findLearningRate(_:_:from:to:steps:batchSize:)`` to `path`.
    public static func draw(_ search: LearningRateSearch, to path: String, title: String = "Learning-rate search") throws {
        let rates = search.rates.map(Double.init)
        guard rates.count >= 2 else { throw PlotError.invalidArgument("a learning-rate search of fewer than 2 rates has nothing to draw") }
        let raw = search.losses.map(Double.init), smooth = search.smoothedLosses.map(Double.init)
        let finite = (raw + smooth).filter(\.isFinite)
        guard let lowest = finite.min(), let first = smooth.first(where: \.isFinite) else {
            throw PlotError.invalidArgument("the losses of the search are all NaN or infinite")
        }
        let top = Swift.max(first * 1.25, (smooth.filter(\.isFinite).max() ?? first) > first * 1.25 ? first * 1.25 : first * 1.1)
        let bottom = Swift.max(0, lowest - (top - lowest) * 0.05)
        let step = Scale.linear(bottom, top).tickStep(count: 6)
        let yScale = Scale.linear(Foundation.floor(bottom / step) * step, Foundation.ceil(top / step) * step)
        let xScale = Scale.log10(rates[0], rates[rates.count - 1])
        let canvas = try Canvas(width: 720, height: 458, for: path)
        let panel = Panel(x: 70, y: 64, width: 600, height: 340, xScale: xScale, yScale: yScale)
        canvas.font(size: 14, bold: true)
        canvas.color(.black)
        canvas.text(title, x: panel.x, y: 26)
        panel.drawAxes(on: canvas, xTitle: "Learning rate (log scale)", yTitle: "loss")
        canvas.clip(panel.x, panel.y, panel.width, panel.height)
        canvas.color(Color.palette[0], alpha: 0.3)
        canvas.line(width: 1)
        canvas.polyline(zip(rates, raw).map { $1.isFinite ? panel.point($0, $1) : nil })
        canvas.color(Color.palette[0])
        canvas.line(width: 2.2)
        canvas.polyline(zip(rates, smooth).map { $1.isFinite ? panel.point($0, $1) : nil })
        let best = search.lowestIndex
        let suggestion = Double(search.suggestedRate)
        canvas.color(Color.palette[1])
        canvas.line(width: 1.5, dash: [6, 4])
        canvas.segment(panel.point(suggestion, yScale.low).0, panel.y, panel.point(suggestion, yScale.low).0, panel.y + panel.height)
        if best < rates.count, smooth[best].isFinite {
            let point = panel.point(rates[best], smooth[best])
            canvas.color(Color.palette[2])
            canvas.circle(point.0, point.1, radius: 4)
        }
        canvas.unclip()
        // The legend, in a row between the title and the plot, where it hides nothing.
        canvas.font(size: 11)
        let entries: [(Color, Double, String)] = [
            (Color.palette[0], 2.2, "smoothed loss"), (Color.palette[2], 0, String(format: "lowest at %.2e", rates[Swift.min(best, rates.count - 1)])),
            (Color.palette[1], 1.5, String(format: "suggested: %.2e", suggestion)),
        ]
        var entryX = panel.x
        let rowY = panel.y - 14
        for (index, (color, width, label)) in entries.enumerated() {
            canvas.color(color)
            if width == 0 {
                canvas.circle(entryX + 12, rowY, radius: 4)
            } else {
                canvas.line(width: width, dash: index == 2 ? [6, 4] : [])
                canvas.segment(entryX, rowY, entryX + 24, rowY)
            }
            canvas.color(.text)
            canvas.text(label, x: entryX + 30, y: rowY, middle: true)
            entryX += 30 + canvas.textWidth(label) + 24
        }
        try canvas.write(to: path)
    }
}
