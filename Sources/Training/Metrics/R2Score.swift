import Foundation
import Tensors

/// The coefficient of determination over an epoch, as Keras's `R2Score`: per output column
/// `1 − Σw(y − ŷ)² / Σw(y − ȳ)²` (a column whose targets do not vary scores 0), averaged uniformly or by
/// each column's variance; with `numRegressors`, adjusted for their count (Keras counts values, not rows).
public final class R2Score: Metric {
    /// How the columns' scores combine.
    public enum Aggregation: String, Sendable { case uniformAverage = "uniform_average", varianceWeightedAverage = "variance_weighted_average" }

    public let aggregation: Aggregation
    public let numRegressors: Int
    private var sum: [Double] = [], squaredSum: [Double] = [], totalSquaredError: [Double] = [], count: [Double] = []
    private var values = 0

    public init(aggregation: Aggregation = .uniformAverage, numRegressors: Int = 0, name: String = "r2_score") {
        self.aggregation = aggregation
        self.numRegressors = numRegressors
        super.init(name: name)
    }

    public override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) throws {
        try Metric.checkSameSize(yTrue, yPred, name)
        let (rows, width) = Metric.rows(yPred)
        if sum.isEmpty {
            (sum, squaredSum, totalSquaredError, count) = (
                [Double](repeating: 0, count: width), [Double](repeating: 0, count: width), [Double](repeating: 0, count: width),
                [Double](repeating: 0, count: width)
            )
        }
        guard sum.count == width else { throw TrainingError.invalidTargets("\(name): \(width) outputs after \(sum.count) in earlier batches") }
        let weights = sampleWeight?.scalars
        if let weights, weights.count != 1, weights.count != rows, weights.count != rows * width {
            throw TrainingError.invalidArgument("\(name): \(weights.count) sample weights for \(rows) samples of \(width) outputs")
        }
        for r in 0..<rows {
            for c in 0..<width {
                let i = r * width + c
                let w = Double(weights.map { $0.count == 1 ? $0[0] : $0.count == rows ? $0[r] : $0[i] } ?? 1)
                let truth = Double(yTrue.scalars[i]), error = truth - Double(yPred.scalars[i])
                sum[c] += truth * w
                squaredSum[c] += truth * truth * w
                totalSquaredError[c] += error * error * w
                count[c] += w
            }
        }
        values += rows * width
    }

    public override func result() -> Float {
        guard !sum.isEmpty else { return 0 }
        var totals: [Double] = [], scores: [Double] = []
        for c in sum.indices {
            let mean = sum[c] / count[c], total = squaredSum[c] - sum[c] * mean
            let raw = 1 - totalSquaredError[c] / total
            totals.append(total)
            scores.append(raw.isInfinite ? 0 : raw)
        }
        var score =
            aggregation == .uniformAverage
            ? scores.reduce(0, +) / Double(scores.count) : zip(totals, scores).map(*).reduce(0, +) / totals.reduce(0, +)
        if numRegressors != 0 && numRegressors < values - 1 {
            score = 1 - (1 - score) * Double(values - 1) / Double(values - numRegressors - 1)
        }
        return Float(score)
    }

    public override func reset() {
        (sum, squaredSum, totalSquaredError, count) = ([], [], [], [])
        values = 0
    }

    /// The per-column sums one after the other, then the count of values (empty before the first update).
    public override var additiveState: [Double]? { sum.isEmpty ? [] : sum + squaredSum + totalSquaredError + count + [Double(values)] }

    public override func setAdditiveState(_ state: [Double]) throws {
        guard state.count % 4 == 1 else { throw TrainingError.invalidArgument("\(name): a state of \(state.count) numbers is not 4 per column and a count") }
        let width = state.count / 4
        guard sum.isEmpty || sum.count == width else { throw TrainingError.invalidArgument("\(name): \(width) columns after \(sum.count)") }
        func column(_ k: Int) -> [Double] { Array(state[(k * width)..<((k + 1) * width)]) }
        (sum, squaredSum, totalSquaredError, count) = (column(0), column(1), column(2), column(3))
        values = Int(state[4 * width])
    }
}
