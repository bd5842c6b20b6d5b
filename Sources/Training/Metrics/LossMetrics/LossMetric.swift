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

    /// A loss that leaves targets out (sparse cross-entropy's `ignoreClass`) gives them 0; as Keras's
    /// `MeanMetricWrapper`, they still count in an unweighted mean, and with sample weights their weight
    /// is taken away (`apply_mask`).
    open override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) throws {
        let (losses, mask) = try loss.perSampleLossesAndMask(yTrue.detached(), yPred.detached())
        guard let sampleWeight else { return add(losses.scalars, weights: nil) }
        guard let mask else { return try accumulate(losses, sampleWeight: sampleWeight) }
        let weight = try MetricShapes.sameRank(losses, sampleWeight, expandRankOne: false).1
        let weights = try MetricShapes.broadcast(weight, to: losses.shape, owner: name, given: sampleWeight.shape)
        try accumulate(losses, sampleWeight: try Tensor(zip(weights, mask.scalars).map(*), shape: losses.shape))
    }
}
