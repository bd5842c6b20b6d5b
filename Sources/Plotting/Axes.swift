import Foundation

/// A mapping from data values to positions along one axis, with the ticks to label.
struct Scale {
    let low: Double, high: Double
    let logarithmic: Bool
    /// Whether tick labels are whole numbers (epochs).
    let integers: Bool

    /// A linear scale over the data's range with round ends, widened when the range is a single value.
    static func linear(_ low: Double, _ high: Double, integers: Bool = false) -> Scale {
        var (low, high) = (low, high)
        if high - low < 1e-12 {
            let pad = integers ? 0.5 : Swift.max(Swift.abs(low) * 0.1, 0.1)
            (low, high) = (low - pad, high + pad)
        }
        return Scale(low: low, high: high, logarithmic: false, integers: integers)
    }

    /// A base-10 logarithmic scale from whole decades around the data.
    static func log10(_ low: Double, _ high: Double) -> Scale {
        Scale(
            low: Foundation.pow(10, Foundation.floor(Foundation.log10(low) + 1e-6)),
            high: Foundation.pow(10, Foundation.ceil(Foundation.log10(high) - 1e-6)),
            logarithmic: true, integers: false)
    }

    /// The fraction 0…1 of the way from `low` to `high`.
    func fraction(_ value: Double) -> Double {
        logarithmic ? (Foundation.log10(value) - Foundation.log10(low)) / (Foundation.log10(high) - Foundation.log10(low)) : (value - low) / (high - low)
    }

    /// Round tick values: about `count` of them at steps of 1, 2, 2.5 or 5 times a power of ten (whole
    /// numbers only for integer axes); whole decades on a log scale.
    func ticks(count: Int = 6) -> [Double] {
        if logarithmic {
            let first = Int(Foundation.log10(low).rounded()), last = Int(Foundation.log10(high).rounded())
            let stride = Swift.max(1, (last - first + 7) / 8)
            return Swift.stride(from: first, through: last, by: stride).map { Foundation.pow(10, Double($0)) }
        }
        let step = tickStep(count: count)
        let first = Int(Foundation.ceil(low / step - 1e-9)), last = Int(Foundation.floor(high / step + 1e-9))
        // Each tick from its index, rounded to the step's digits, so that no error accumulates (0.6, not 0.6000000000000001).
        let digits = Foundation.pow(10, Swift.max(0, Foundation.ceil(-Foundation.log10(step))) + 2)
        var ticks = first > last ? [] : (first...last).map { (Double($0) * step * digits).rounded() / digits }
        // An epoch axis also labels its first epoch, when that leaves room.
        if integers, let head = ticks.first, head - low > step / 2, low == low.rounded() { ticks.insert(low, at: 0) }
        return ticks
    }

    func tickStep(count: Int) -> Double {
        let rough = (high - low) / Double(Swift.max(count, 1))
        let magnitude = Foundation.pow(10, Foundation.floor(Foundation.log10(rough)))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        return integers ? Swift.max(1, step.rounded(.up)) : step
    }

    /// A tick's label: decades as `1e-3`, whole numbers plainly, others with as many decimals as the
    /// tick step (for `count` ticks) needs.
    func label(_ value: Double, count: Int = 6) -> String {
        if logarithmic {
            let exponent = Int(Foundation.log10(value).rounded())
            return exponent == 0 ? "1" : exponent == 1 ? "10" : "1e\(exponent)"
        }
        if integers || (value == value.rounded() && Swift.abs(value) < 1e6 && tickStep(count: count) >= 1) {
            return String(Int(value.rounded()))
        }
        let step = tickStep(count: count)
        var decimals = Swift.max(0, Int(-Foundation.floor(Foundation.log10(step))))
        let scaled = step * Foundation.pow(10, Double(decimals))
        if Swift.abs(scaled - scaled.rounded()) > 1e-6 { decimals += 1 }
        return String(format: "%.\(Swift.min(decimals, 8))f", value)
    }
}

/// One panel's plotting area on the canvas, with its scales.
struct Panel {
    let x: Double, y: Double, width: Double, height: Double
    let xScale: Scale, yScale: Scale

    func point(_ xValue: Double, _ yValue: Double) -> (Double, Double) {
        (x + xScale.fraction(xValue) * width, y + height - yScale.fraction(yValue) * height)
    }

    /// The grid, the frame, the ticks and their labels, and the axis titles.
    func drawAxes(on canvas: Canvas, xTitle: String, yTitle: String?) {
        canvas.line(width: 0.6)
        canvas.color(.grid)
        let xCount = Swift.max(2, Int(width / 70)), yCount = Swift.max(2, Int(height / 55))
        let xTicks = xScale.ticks(count: xCount), yTicks = yScale.ticks(count: yCount)
        for tick in xTicks { canvas.segment(point(tick, yScale.low).0, y, point(tick, yScale.low).0, y + height) }
        for tick in yTicks { canvas.segment(x, point(xScale.low, tick).1, x + width, point(xScale.low, tick).1) }
        canvas.line(width: 0.8)
        canvas.color(.frame)
        canvas.rectangle(x, y, width, height, fill: false)
        canvas.font(size: 10)
        canvas.color(.text)
        for tick in xTicks { canvas.text(xScale.label(tick, count: xCount), x: point(tick, yScale.low).0, y: y + height + 15, anchor: .center) }
        for tick in yTicks { canvas.text(yScale.label(tick, count: yCount), x: x - 6, y: point(xScale.low, tick).1, anchor: .right, middle: true) }
        canvas.font(size: 11)
        canvas.text(xTitle, x: x + width / 2, y: y + height + 34, anchor: .center)
        if let yTitle { canvas.text(yTitle, x: x - 46, y: y + height / 2, anchor: .center, angle: -.pi / 2) }
    }
}
