import Serialization
import Tensors

/// A loss function as a mean metric (Keras's `MeanMetricWrapper` around `keras.losses` functions): each
/// sample's loss, averaged over the epoch with the sample weights. The base of the probabilistic, hinge
/// and MSLE metrics, whose Keras class names it writes in configs.
open class LossMetric: MeanMetric {
    /// The loss whose per-sample values are averaged.
    public let loss: Loss

    public init(name: String, loss: Loss) {
        self.loss = loss
        super.init(name: name)
    }

    /// The Keras class name: the Swift name without its `Metric` suffix.
    open override var kerasClassName: String {
        let name = String(describing: type(of: self))
        return name.hasSuffix("Metric") ? String(name.dropLast(6)) : name
    }

    open override func elementValues(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        // Metrics see plain probabilities, as Keras's metrics do (they clip rather than reach for logits).
        try loss.perSampleLosses(yTrue.detached(), yPred.detached())
    }

    open override func values(_ yTrue: Tensor, _ yPred: Tensor) throws -> [Float] { try elementValues(yTrue, yPred).scalars }
}
