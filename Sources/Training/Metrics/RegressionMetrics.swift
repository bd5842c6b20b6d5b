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
