import Foundation
import Tensors

/// The mean over samples of `mean(|y - ŷ|)` over each sample's values.
public final class MeanAbsoluteErrorMetric: MeanMetric {
    public override init(name: String = "mean_absolute_error") { super.init(name: name) }

    public override func values(_ yTrue: Tensor, _ yPred: Tensor) throws -> [Float] {
        try Metric.rowMeans(yTrue, yPred, name) { Swift.abs($0) }
    }
}

/// The mean over samples of `mean((y - ŷ)²)` over each sample's values.
public final class MeanSquaredErrorMetric: MeanMetric {
    public override init(name: String = "mean_squared_error") { super.init(name: name) }

    public override func values(_ yTrue: Tensor, _ yPred: Tensor) throws -> [Float] {
        try Metric.rowMeans(yTrue, yPred, name) { $0 * $0 }
    }
}

/// The square root of the mean squared error over the epoch (not the mean of per-batch roots).
public final class RootMeanSquaredErrorMetric: MeanMetric {
    public override init(name: String = "root_mean_squared_error") { super.init(name: name) }

    public override func values(_ yTrue: Tensor, _ yPred: Tensor) throws -> [Float] {
        try Metric.rowMeans(yTrue, yPred, name) { $0 * $0 }
    }

    /// The squared errors element by element, as Keras's `RootMeanSquaredError` averages them.
    public override func elementValues(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        try Metric.checkSameSize(yTrue, yPred, name)
        return try Tensor(zip(yTrue.scalars, yPred.scalars).map { ($1 - $0) * ($1 - $0) }, shape: yPred.shape)
    }

    public override func result() -> Float { super.result().squareRoot() }
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

    /// Sample weights as Keras broadcasts them over the predictions: one per sample (or a column of them),
    /// one per element, or a single one.
    public override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) throws {
        try Metric.checkSameSize(yTrue, yPred, name)
        var weights: [Float]?
        if let sampleWeight {
            // Keras's confusion metrics give each weight a trailing axis, then drop it again when that makes
            // one too many: per-sample weights cover their row, per-element ones their element.
            var weight = try sampleWeight.reshaped(to: Shape(sampleWeight.shape.dimensions + [1]))
            if weight.rank == yPred.rank + 1 { weight = try weight.reshaped(to: Shape(Array(weight.shape.dimensions.dropLast()))) }
            guard let broadcast = try? weight * Tensor.ones(yPred.shape), broadcast.shape == yPred.shape else {
                throw TrainingError.invalidArgument(
                    "\(name): sample weights of shape \(sampleWeight.shape) do not broadcast to predictions of shape \(yPred.shape); "
                        + "give one weight per sample or one per prediction")
            }
            weights = broadcast.scalars
        }
        for (i, (truth, prediction)) in zip(yTrue.scalars, yPred.scalars).enumerated() {
            let weight = Double(weights?[i] ?? 1)
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
