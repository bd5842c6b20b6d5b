import Foundation
import Tensors

/// The mean over samples of `mean(|y - ŷ|)` over each sample's values.
public final class MeanAbsoluteErrorMetric: MeanMetric {
    public override init(name: String = "mean_absolute_error") { super.init(name: name) }

    public override func values(_ yTrue: Tensor, _ yPred: Tensor) throws -> [Float] {
        try errors(yTrue, yPred, name) { Swift.abs($0) }
    }
}

/// The mean over samples of `mean((y - ŷ)²)` over each sample's values.
public final class MeanSquaredErrorMetric: MeanMetric {
    public override init(name: String = "mean_squared_error") { super.init(name: name) }

    public override func values(_ yTrue: Tensor, _ yPred: Tensor) throws -> [Float] {
        try errors(yTrue, yPred, name) { $0 * $0 }
    }
}

/// The square root of the mean squared error over the epoch (not the mean of per-batch roots).
public final class RootMeanSquaredErrorMetric: MeanMetric {
    public override init(name: String = "root_mean_squared_error") { super.init(name: name) }

    public override func values(_ yTrue: Tensor, _ yPred: Tensor) throws -> [Float] {
        try errors(yTrue, yPred, name) { $0 * $0 }
    }

    public override func result() -> Float { super.result().squareRoot() }
}

private func errors(_ yTrue: Tensor, _ yPred: Tensor, _ name: String, _ f: (Float) -> Float) throws -> [Float] {
    try Metric.checkSameSize(yTrue, yPred, name)
    let (count, width) = Metric.rows(yPred)
    let predictions = yPred.scalars, targets = yTrue.scalars
    return (0..<count).map { r in
        var sum: Float = 0
        for c in 0..<width { sum += f(predictions[r * width + c] - targets[r * width + c]) }
        return width > 0 ? sum / Float(width) : 0
    }
}

/// Binary precision or recall at a threshold: true positives over predicted (precision) or actual
/// (recall) positives, counted over the whole epoch.
public final class ConfusionMetric: Metric {
    /// Which ratio the metric reports.
    public enum Kind: Sendable { case precision, recall }
    public let kind: Kind
    public let threshold: Float
    private var truePositives = 0.0, falsePositives = 0.0, falseNegatives = 0.0

    public init(_ kind: Kind, threshold: Float = 0.5) {
        self.kind = kind
        self.threshold = threshold
        super.init(name: kind == .precision ? "precision" : "recall")
    }

    public override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) throws {
        try Metric.checkSameSize(yTrue, yPred, name)
        let (_, width) = Metric.rows(yPred)
        let weights = sampleWeight?.scalars
        for (i, (truth, prediction)) in zip(yTrue.scalars, yPred.scalars).enumerated() {
            let weight = Double(weights?[i / Swift.max(width, 1)] ?? 1)
            let predicted = prediction > threshold, actual = truth > 0.5
            if predicted && actual { truePositives += weight }
            if predicted && !actual { falsePositives += weight }
            if !predicted && actual { falseNegatives += weight }
        }
    }

    public override func result() -> Float {
        let denominator = kind == .precision ? truePositives + falsePositives : truePositives + falseNegatives
        return denominator > 0 ? Float(truePositives / denominator) : 0
    }

    public override func reset() {
        truePositives = 0
        falsePositives = 0
        falseNegatives = 0
    }
}
