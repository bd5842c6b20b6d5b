import Foundation
import Tensors

/// A mean metric from a function of targets and predictions giving one value per sample (or per element):
/// Keras's `MeanMetricWrapper`, for the metrics below and for metrics of your own.
public final class MeanMetricWrapper: MeanMetric {
    private let function: (Tensor, Tensor) throws -> Tensor

    /// `function` returns the values before weighting: `[batch]`, or `[batch, …]` to weigh elements.
    public init(name: String, _ function: @escaping (Tensor, Tensor) throws -> Tensor) {
        self.function = function
        super.init(name: name)
    }

    public override func elementValues(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor { try function(yTrue, yPred) }

    public override func values(_ yTrue: Tensor, _ yPred: Tensor) throws -> [Float] {
        let values = try function(yTrue, yPred)
        return values.rank > 1 ? try values.mean(alongAxes: Array(1..<values.rank)).scalars : values.scalars
    }
}

extension MeanMetricWrapper {
    /// Keras's `Accuracy`: how often predictions equal targets exactly, element by element.
    public static func accuracy(name: String = "accuracy") -> MeanMetricWrapper {
        MeanMetricWrapper(name: name) { yTrue, yPred in
            try Metric.checkSameSize(yTrue, yPred, name)
            return try Tensor(zip(yTrue.scalars, yPred.scalars).map { $0 == $1 ? 1 : 0 }, shape: yPred.shape)
        }
    }

    /// Keras's `TopKCategoricalAccuracy`: whether the one-hot target's class is among the `k` largest predictions.
    public static func topKCategoricalAccuracy(k: Int = 5, name: String = "top_k_categorical_accuracy") -> MeanMetricWrapper {
        MeanMetricWrapper(name: name) { yTrue, yPred in
            try Metric.checkSameSize(yTrue, yPred, name)
            let (count, width) = Metric.rows(yPred)
            return try Tensor((0..<count).map { r in inTopK(yPred.scalars, r * width, width, argmax(yTrue.scalars, r * width, width), k) })
        }
    }

    /// Keras's `SparseTopKCategoricalAccuracy`: whether the class index is among the `k` largest predictions.
    public static func sparseTopKCategoricalAccuracy(k: Int = 5, name: String = "sparse_top_k_categorical_accuracy") -> MeanMetricWrapper {
        MeanMetricWrapper(name: name) { yTrue, yPred in
            let (count, width) = Metric.rows(yPred)
            guard yTrue.elementCount == count else { throw TrainingError.invalidTargets("\(name): \(yTrue.elementCount) targets for \(count) predictions") }
            return try Tensor((0..<count).map { r in inTopK(yPred.scalars, r * width, width, Int(yTrue.scalars[r]), k) })
        }
    }

    /// Keras's `LogCoshError`: `mean(log(cosh(ŷ − y)))` over the last axis.
    public static func logCoshError(name: String = "logcosh") -> MeanMetricWrapper {
        MeanMetricWrapper(name: name) { yTrue, yPred in
            try Tensor(
                Metric.rowMeans(yTrue, yPred, name) { error in
                    let x = Double(error)
                    return Float(x + Foundation.log1p(Foundation.exp(-2 * Swift.abs(x))) + Swift.max(-2 * x, 0) - Foundation.log(2.0))
                })
        }
    }

    /// Keras's `MeanAbsolutePercentageError` metric: `100 · mean(|y − ŷ| / max(|y|, 1e-7))`.
    public static func meanAbsolutePercentageError(name: String = "mean_absolute_percentage_error") -> MeanMetricWrapper {
        MeanMetricWrapper(name: name) { yTrue, yPred in
            try Metric.checkSameSize(yTrue, yPred, name)
            let (count, width) = Metric.rows(yPred)
            return try Tensor(
                (0..<count).map { r in
                    (0..<width).map { c -> Float in
                        let truth = yTrue.scalars[r * width + c], prediction = yPred.scalars[r * width + c]
                        return Swift.abs((truth - prediction) / Swift.max(Swift.abs(truth), 1e-7))
                    }.reduce(0, +) * 100 / Float(Swift.max(width, 1))
                })
        }
    }

    /// Keras's `CosineSimilarity` metric: the cosine between targets and predictions along the last axis.
    public static func cosineSimilarity(name: String = "cosine_similarity") -> MeanMetricWrapper {
        MeanMetricWrapper(name: name) { yTrue, yPred in
            try Metric.checkSameSize(yTrue, yPred, name)
            let (count, width) = Metric.rows(yPred)
            return try Tensor(
                (0..<count).map { r -> Float in
                    let t = yTrue.scalars[(r * width)..<(r * width + width)], p = yPred.scalars[(r * width)..<(r * width + width)]
                    let tNorm = Swift.min(1 / t.map { $0 * $0 }.reduce(0, +).squareRoot(), 1e7),
                        pNorm = Swift.min(1 / p.map { $0 * $0 }.reduce(0, +).squareRoot(), 1e7)
                    return zip(t, p).map { $0 * tNorm * $1 * pNorm }.reduce(0, +)
                })
        }
    }
}

/// Whether `label` is among the `k` largest of `count` values from `start` (ties broken as `in_top_k`:
/// a value counts when fewer than `k` values are strictly larger).
func inTopK(_ values: [Float], _ start: Int, _ count: Int, _ label: Int, _ k: Int) -> Float {
    guard label >= 0, label < count else { return 0 }
    let target = values[start + label]
    let larger = (0..<count).filter { values[start + $0] > target }.count
    return larger < k ? 1 : 0
}
