// `chapter-benchmarks --sweep-figure results.csv figure.png`: draws the sweep's CSV (written by
// Benchmarks/sweep.py) with NeuralKit's Plotting module: one panel per hidden width, GFLOP/s reached against
// the batch size, one line per framework.
//
// Plotting's only public line figure is the learning-curve one, whose axes are titled "Epoch" and "loss and
// metrics" and whose x axis is linear in whole numbers; the x values drawn are log2 of the batch size (5 = 32 …
// 10 = 1024), so that the small batches do not crowd together, and the figure's title says what the axes are.
// (Titled or logarithmic axes would need a public x-y figure in Sources/Plotting.)
import Foundation
import Plotting

enum SweepFigureError: Error, CustomStringConvertible {
    case malformed(String)

    var description: String {
        switch self {
        case let .malformed(message): message
        }
    }
}

func drawSweepFigure(csv: String, to figure: String) throws {
    let text: String
    do { text = try String(contentsOfFile: csv, encoding: .utf8) } catch {
        throw SweepFigureError.malformed("cannot read the sweep's CSV \(csv): \(error.localizedDescription); run Benchmarks/sweep.py first")
    }
    let lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    guard let header = lines.first, let fw = header.firstIndex(of: "framework"), let widthColumn = header.firstIndex(of: "width"),
        let batchColumn = header.firstIndex(of: "batch"), let rate = header.firstIndex(of: "gflops_per_s"),
        let layers = header.firstIndex(of: "layers")
    else { throw SweepFigureError.malformed("\(csv) has no header with framework, width, batch, layers and gflops_per_s columns") }
    // width → (layer sizes, framework → [batch: GFLOP/s])
    var panels: [Int: (String, [String: [Int: Double]])] = [:]
    for (number, row) in lines.dropFirst().enumerated() {
        guard row.count == header.count, let width = Int(row[widthColumn]), let batch = Int(row[batchColumn]), let value = Double(row[rate]) else {
            throw SweepFigureError.malformed("\(csv) line \(number + 2) is not a row of \(header.count) fields with numbers for width, batch and gflops_per_s")
        }
        panels[width, default: (row[layers], [:])].1[row[fw], default: [:]][batch] = value
    }
    guard !panels.isEmpty else { throw SweepFigureError.malformed("\(csv) has no measurements to draw") }
    let runs = panels.keys.sorted().map { width -> TrainingRun in
        let (sizes, frameworks) = panels[width]!
        let batches = Set(frameworks.values.flatMap(\.keys)).sorted()
        let series = frameworks.mapValues { byBatch in batches.map { byBatch[$0] ?? .nan } }
        if batches.allSatisfy({ $0 > 0 && $0 & ($0 - 1) == 0 }) {
            return TrainingRun(name: "width \(width): \(sizes)", series: series, epochs: batches.map(\.trailingZeroBitCount))
        }
        return TrainingRun(name: "width \(width): \(sizes) (x = batch size: not all powers of 2)", series: series, epochs: batches)
    }
    try LearningCurves.draw(
        runs, to: figure,
        title: "One epoch of training: GFLOP/s reached against the batch size, one thread",
        xTitle: "batch size, as log2 (5 = 32, 6 = 64, 7 = 128, 8 = 256, 10 = 1,024)", yTitle: "GFLOP/s")
}
