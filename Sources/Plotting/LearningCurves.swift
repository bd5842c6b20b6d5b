import Foundation
import Models

/// One training run's values per epoch, as `History` keeps them (`loss`, `accuracy`, `val_loss`, …).
public struct TrainingRun: Sendable, Equatable {
    /// Shown as the panel's title when runs are compared.
    public var name: String
    /// Logged key → one value per epoch.
    public var series: [String: [Double]]
    /// The epoch numbers, 1-based (the x positions); `1…n` when not given.
    public var epochs: [Int]
    /// The epoch (1-based) whose weights the model kept (early stopping's best), marked on the figure.
    public var restoredEpoch: Int?

    public init(name: String, series: [String: [Double]], epochs: [Int]? = nil) {
        self.name = name
        self.series = series
        self.epochs = epochs ?? Array(1...Swift.max(1, series.values.map(\.count).max() ?? 0))
        if series.values.allSatisfy(\.isEmpty) { self.epochs = [] }
    }

    /// A run from the History that `fit` returned.
    public init(name: String, history: History) {
        self.init(name: name, series: history.history.mapValues { $0.map(Double.init) }, epochs: history.epoch.map { $0 + 1 })
    }
}

/// The chapter's learning-curve figure: every logged metric per epoch, training solid and validation
/// dashed in the same colour, with a grid, the y axis from 0 to 1 when every value fits (as the book
/// draws it), axis labels, a legend beside the curves and a title; several runs side by side, on one
/// y scale, to compare them. PNG, SVG or PDF by the file's extension.
public enum LearningCurves {
    /// Draws `runs` (one panel each) to `path`. `metrics` limits the keys drawn (their `val_` partners
    /// come along); by default every key but `learning_rate`, which has a scale of its own. `xTitle` and
    /// `yTitle` name the axes (epochs and the logged values by default) for other series drawn this way.
    public static func draw(
        _ runs: [TrainingRun], to path: String, title: String? = nil, metrics: [String]? = nil, xTitle: String = "Epoch",
        yTitle: String = "loss and metrics"
    ) throws {
        guard !runs.isEmpty else { throw PlotError.invalidArgument("there is no training run to draw") }
        for run in runs where run.epochs.isEmpty {
            throw PlotError.invalidArgument("\(run.name) has no epochs to draw; was the training stopped before its first epoch ended?")
        }
        let keys = try selectedKeys(runs, metrics: metrics)
        let styles = Self.styles(for: keys)
        let values = runs.flatMap { run in keys.flatMap { run.series[$0] ?? [] } }.filter(\.isFinite)
        guard !values.isEmpty else { throw PlotError.invalidArgument("the values to draw are all NaN or infinite") }
        let yScale = Self.yScale(values)
        let maxEpoch = runs.flatMap(\.epochs).max() ?? 1, minEpoch = runs.flatMap(\.epochs).min() ?? 1
        let xScale = Scale.linear(Double(minEpoch), Double(maxEpoch), integers: true)

        let panelWidth = runs.count == 1 ? 560.0 : 420.0, panelHeight = 340.0
        let left = 64.0, top = runs.count == 1 ? 46.0 : 62.0, gap = 40.0
        let legendWidth = legendSize(keys, styles: styles)
        let canvas = try Canvas(
            width: left + Double(runs.count) * panelWidth + Double(runs.count - 1) * gap + 24 + legendWidth + 16,
            height: top + panelHeight + 52, for: path)
        canvas.font(size: 14, bold: true)
        canvas.color(.black)
        canvas.text(title ?? (runs.count == 1 ? runs[0].name : "Learning curves"), x: left, y: 26)
        for (index, run) in runs.enumerated() {
            let panel = Panel(
                x: left + Double(index) * (panelWidth + gap), y: top, width: panelWidth, height: panelHeight, xScale: xScale, yScale: yScale)
            if runs.count > 1 {
                canvas.font(size: 12, bold: true)
                canvas.color(.text)
                canvas.text(run.name, x: panel.x + panelWidth / 2, y: top - 10, anchor: .center)
            }
            panel.drawAxes(on: canvas, xTitle: xTitle, yTitle: index == 0 ? yTitle : nil)
            canvas.clip(panel.x, panel.y, panel.width, panel.height)
            for key in keys { if let values = run.series[key] { drawSeries(values, epochs: run.epochs, style: styles[key], on: canvas, in: panel) } }
            canvas.unclip()
            if let epoch = run.restoredEpoch, run.epochs.contains(epoch) { markEpoch(epoch, on: canvas, in: panel) }
        }
        drawLegend(keys, styles: styles, on: canvas, x: left + Double(runs.count) * panelWidth + Double(runs.count - 1) * gap + 24, y: top)
        try canvas.write(to: path)
    }

    /// Checks that a figure can be written at `path` (its extension names a format) before any work.
    @discardableResult
    public static func checkPath(_ path: String) throws -> String {
        _ = try Canvas.Format(path: path)
        return path
    }

    /// The keys to draw: the asked ones (and their `val_` partners) or all but `learning_rate`, losses first.
    static func selectedKeys(_ runs: [TrainingRun], metrics: [String]?) throws -> [String] {
        let present = Set(runs.flatMap(\.series.keys))
        var keys: [String]
        if let metrics {
            for metric in metrics where !present.contains(metric) && !present.contains("val_" + metric) {
                throw PlotError.invalidArgument(
                    "there is no '\(metric)' to draw; the history has \(present.sorted().joined(separator: ", "))")
            }
            keys = metrics.flatMap { [$0, "val_" + $0] }.filter(present.contains)
        } else {
            keys = present.filter { $0 != "learning_rate" && $0 != "val_learning_rate" }.sorted()
        }
        func base(_ key: String) -> String { key.hasPrefix("val_") ? String(key.dropFirst(4)) : key }
        func rank(_ key: String) -> (Int, String, Int) {
            (base(key) == "loss" ? 0 : base(key).hasSuffix("loss") ? 1 : 2, base(key), key.hasPrefix("val_") ? 1 : 0)
        }
        return Array(Set(keys)).sorted { rank($0) < rank($1) }
    }

    struct Style {
        let color: Color
        let dashed: Bool
    }

    /// One colour per metric; validation dashed in its metric's colour.
    static func styles(for keys: [String]) -> [String: Style] {
        var colors: [String: Color] = [:]
        var result: [String: Style] = [:]
        for key in keys {
            let base = key.hasPrefix("val_") ? String(key.dropFirst(4)) : key
            let color = colors[base] ?? Color.palette[colors.count % Color.palette.count]
            colors[base] = color
            result[key] = Style(color: color, dashed: key.hasPrefix("val_"))
        }
        return result
    }

    /// 0…1 when everything fits, as the chapter draws it; otherwise round ends around the values (from 0
    /// for values that are all positive and not far from it).
    static func yScale(_ values: [Double]) -> Scale {
        let low = values.min() ?? 0, high = values.max() ?? 1
        if low >= 0 && high <= 1 { return .linear(0, 1) }
        let start = low >= 0 && low < high * 0.5 ? 0 : low
        let step = Scale.linear(start, high).tickStep(count: 6)
        return .linear(Foundation.floor(start / step) * step, Foundation.ceil(high / step) * step)
    }

    static func drawSeries(_ values: [Double], epochs: [Int], style: Style?, on canvas: Canvas, in panel: Panel) {
        guard let style else { return }
        let points = zip(epochs, values).map { epoch, value in value.isFinite ? panel.point(Double(epoch), value) : nil }
        canvas.color(style.color)
        canvas.line(width: 2, dash: style.dashed ? [7, 4] : [])
        canvas.polyline(points)
        guard points.count <= 20 else { return }
        for point in points.compactMap({ $0 }) { canvas.circle(point.0, point.1, radius: style.dashed ? 2.2 : 2.8) }
    }

    /// A dotted line at the epoch whose weights were kept, labelled at the top.
    static func markEpoch(_ epoch: Int, on canvas: Canvas, in panel: Panel) {
        let x = panel.point(Double(epoch), panel.yScale.low).0
        canvas.color(.frame)
        canvas.line(width: 1.2, dash: [2, 3])
        canvas.segment(x, panel.y, x, panel.y + panel.height)
        canvas.font(size: 10)
        canvas.color(.text)
        let label = "best epoch \(epoch)"
        let rightRoom = panel.x + panel.width - x > canvas.textWidth(label) + 8
        canvas.text(label, x: rightRoom ? x + 4 : x - 4, y: panel.y + 12, anchor: rightRoom ? .left : .right)
    }

    static func legendSize(_ keys: [String], styles: [String: Style]) -> Double {
        let probe = try? Canvas(width: 10, height: 10, for: "probe.svg")
        probe?.font(size: 11)
        return 34 + (keys.map { probe?.textWidth($0) ?? Double($0.count) * 7 }.max() ?? 40)
    }

    static func drawLegend(_ keys: [String], styles: [String: Style], on canvas: Canvas, x: Double, y: Double) {
        canvas.font(size: 11)
        for (index, key) in keys.enumerated() {
            guard let style = styles[key] else { continue }
            let rowY = y + 10 + Double(index) * 18
            canvas.color(style.color)
            canvas.line(width: 2, dash: style.dashed ? [7, 4] : [])
            canvas.segment(x, rowY, x + 24, rowY)
            canvas.color(.text)
            canvas.text(key, x: x + 30, y: rowY, middle: true)
        }
    }
}
