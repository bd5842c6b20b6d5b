import Serialization
import Tensors

/// A quantity tracked over an epoch: `update` with each batch, `result` for the running value.
///
/// Metrics read the scalars of targets and predictions directly; they record nothing for autodiff.
open class Metric: KerasConfigurable {
    /// Keras's name, used as the History key.
    public let name: String

    public init(name: String) { self.name = name }

    open var kerasClassName: String { String(describing: type(of: self)) }
    public var kerasModule: String { "keras.metrics" }
    /// Keras's `get_config()`: the name and dtype, and each metric's own options.
    open func kerasConfig() throws -> [String: JSONValue] { ["name": .string(name), "dtype": "float32"] }

    /// Adds a batch. `yTrue` and `yPred` have a leading batch axis; `sampleWeight` one weight per sample.
    open func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) throws {
        fatalError("\(type(of: self)) must override update(_:_:sampleWeight:)")
    }

    /// The value over every batch since the last reset.
    open func result() -> Float { fatalError("\(type(of: self)) must override result()") }

    open func reset() {}
}

/// A weighted mean of per-sample values: the base of the accuracy and error metrics, and of the loss
/// tracker.
open class MeanMetric: Metric {
    var total = 0.0
    var count = 0.0

    /// Adds values with weights (1 each when `weights` is nil).
    public func add(_ values: [Float], weights: [Float]?) {
        if let weights {
            for (value, weight) in zip(values, weights) {
                total += Double(value) * Double(weight)
                count += Double(weight)
            }
        } else {
            for value in values { total += Double(value) }
            count += Double(values.count)
        }
    }

    /// Adds one value standing for `weight` samples (a batch's mean loss, weighted by its size).
    public func add(_ value: Float, weight: Float) {
        total += Double(value) * Double(weight)
        count += Double(weight)
    }

    open override func result() -> Float { count > 0 ? Float(total / count) : 0 }

    open override func reset() {
        total = 0
        count = 0
    }

    /// One value per sample from targets and predictions; subclasses define it.
    open func values(_ yTrue: Tensor, _ yPred: Tensor) throws -> [Float] {
        fatalError("\(type(of: self)) must override values(_:_:)")
    }

    open override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) throws {
        add(try values(yTrue, yPred), weights: sampleWeight?.scalars)
    }
}

extension Metric {
    /// Rows of a `[batch, …]` tensor, for per-sample metrics.
    static func rows(_ tensor: Tensor) -> (count: Int, width: Int) {
        let count = tensor.rank == 0 ? 1 : tensor.shape[0]
        return (count, count == 0 ? 0 : tensor.elementCount / count)
    }

    /// Checks that targets and predictions hold the same number of values per sample.
    static func checkSameSize(_ yTrue: Tensor, _ yPred: Tensor, _ name: String) throws {
        guard yTrue.elementCount == yPred.elementCount else {
            throw TrainingError.invalidTargets("\(name): targets of shape \(yTrue.shape) do not match predictions of shape \(yPred.shape)")
        }
    }
}
