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

    /// The value over every batch since the last reset. A metric with several values (one per threshold
    /// or per class) gives its first here; ``resultValues()`` has them all.
    open func result() -> Float { fatalError("\(type(of: self)) must override result()") }

    /// Every value of the result, as Keras's `result()` returns them: one for most metrics, one per
    /// threshold for a list of thresholds, one per class for an F-score without averaging.
    open func resultValues() -> [Float] { [result()] }

    /// The metric's entries in an epoch's logs: `name` for one value; `name_0`, `name_1`, … for several
    /// (Keras puts the whole array under `name`; logs here hold numbers).
    public func logEntries() -> [(String, Float)] {
        let values = resultValues()
        return values.count == 1 ? [(name, values[0])] : values.enumerated().map { ("\(name)_\($0.offset)", $0.element) }
    }

    open func reset() {}

    /// The running state as numbers that add up over disjoint parts of the data (Keras's metric
    /// variables, which its distribution strategies sum over replicas): sums and counts, never ratios.
    /// A data-parallel `evaluate` sums every rank's with one allreduce and sets the sum back with
    /// ``setAdditiveState(_:)``, so the result is the one over all the data. Nil for a metric without one
    /// (your own, unless it overrides both).
    open var additiveState: [Double]? { nil }

    /// Replaces the running state by `state`, laid out as ``additiveState`` gives it.
    open func setAdditiveState(_ state: [Double]) throws {
        throw TrainingError.invalidArgument("the metric \(name) has no additive state to set")
    }

    /// Checks that `state` has the length of this metric's own state.
    func checkStateCount(_ state: [Double], _ expected: Int) throws {
        guard state.count == expected else {
            throw TrainingError.invalidArgument("the metric \(name) has a state of \(expected) numbers, not \(state.count)")
        }
    }
}

/// A weighted mean of per-sample values: the base of the accuracy and error metrics, and of the loss
/// tracker. Sample weights follow Keras's rules (`reduce_to_samplewise_values`): one per sample, a column,
/// or one per element of the metric's values (binary accuracy's matches, RMSE's squared errors); weights
/// that do not broadcast to those values are an error, as in Keras.
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

    /// Keras's `divide_no_nan`: the total over the count, which negative weights may make negative; 0
    /// only when the count is 0.
    open override func result() -> Float { count != 0 ? Float(total / count) : 0 }

    open override func reset() {
        total = 0
        count = 0
    }

    open override var additiveState: [Double]? { [total, count] }

    open override func setAdditiveState(_ state: [Double]) throws {
        try checkStateCount(state, 2)
        (total, count) = (state[0], state[1])
    }

    /// One value per sample from targets and predictions; subclasses define it.
    open func values(_ yTrue: Tensor, _ yPred: Tensor) throws -> [Float] {
        fatalError("\(type(of: self)) must override values(_:_:)")
    }

    /// The metric's values before any weighting, in the shape Keras's metric function gives them: one per
    /// sample by default (``values(_:_:)``), one per element for metrics that weigh elements.
    open func elementValues(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        let perSample = try values(yTrue, yPred)
        return try Tensor(perSample, shape: [perSample.count])
    }

    /// Calls `body` with each sample's value, in order, as ``values(_:_:)`` gives them. Metrics that compute
    /// their values in a loop override it (and give ``values(_:_:)`` from it), so that an unweighted update
    /// allocates nothing.
    open func forEachValue(_ yTrue: Tensor, _ yPred: Tensor, _ body: (Float) -> Void) throws {
        for value in try values(yTrue, yPred) { body(value) }
    }

    open override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) throws {
        guard let sampleWeight else {
            // As add(_:weights:) without weights: the values summed in order, then counted.
            var added = 0
            try forEachValue(yTrue, yPred) { value in
                total += Double(value)
                added += 1
            }
            count += Double(added)
            return
        }
        try accumulate(try elementValues(yTrue, yPred), sampleWeight: sampleWeight)
    }

    /// Adds values with weights as Keras's `Mean.update_state` does, reducing with `reduce` (mean for
    /// means, sum for ``Sum``).
    func accumulate(_ values: Tensor, sampleWeight: Tensor?, reduce: Reduction = .mean) throws {
        let rank = values.rank
        guard let sampleWeight else {
            let rows = rank > 1 ? try reduced(values, axes: Array(1..<rank), reduce) : values
            total += rows.scalars.reduce(0.0) { $0 + Double($1) }
            count += Double(rank == 0 ? 1 : values.shape[0])
            return
        }
        var (values, weight) = try Self.sameRank(values, sampleWeight)
        if values.rank > weight.rank { values = try reduced(values, axes: Array(weight.rank..<values.rank), reduce) }
        let broadcast = try? weight * Tensor.ones(values.shape)
        guard let broadcast, broadcast.shape == values.shape else {
            throw TrainingError.invalidArgument(
                "\(name): sample weights of shape \(sampleWeight.shape) do not broadcast to the metric's values of shape \(values.shape); "
                    + "give one weight per sample" + (values.rank > 1 ? " or one per element" : ""))
        }
        var weighted = try values * broadcast, weights = broadcast
        if weighted.rank > 1 {
            weighted = try reduced(weighted, axes: Array(1..<weighted.rank), reduce)
            weights = try reduced(weights, axes: Array(1..<weights.rank), reduce)
        }
        total += weighted.scalars.reduce(0.0) { $0 + Double($1) }
        count += weights.scalars.reduce(0.0) { $0 + Double($1) }
    }

    /// How ``accumulate(_:sampleWeight:reduce:)`` folds the axes after the first.
    enum Reduction { case mean, sum }

    private func reduced(_ tensor: Tensor, axes: [Int], _ reduce: Reduction) throws -> Tensor {
        reduce == .mean ? try tensor.mean(alongAxes: axes) : try tensor.sum(alongAxes: axes)
    }

    /// Keras's `squeeze_or_expand_to_same_rank`: a trailing axis of 1 is squeezed, or a rank-1 array
    /// gets one, so that `(batch,)` and `(batch, 1)` meet.
    static func sameRank(_ a: Tensor, _ b: Tensor) throws -> (Tensor, Tensor) {
        var (a, b) = (a, b)
        if a.rank == b.rank + 1, a.shape.dimensions.last == 1 {
            if b.rank == 1 {
                b = try b.reshaped(to: Shape(b.shape.dimensions + [1]))
            } else {
                a = try a.reshaped(to: Shape(Array(a.shape.dimensions.dropLast())))
            }
        } else if b.rank == a.rank + 1, b.shape.dimensions.last == 1 {
            if a.rank == 1 {
                a = try a.reshaped(to: Shape(a.shape.dimensions + [1]))
            } else {
                b = try b.reshaped(to: Shape(Array(b.shape.dimensions.dropLast())))
            }
        }
        return (a, b)
    }
}

extension Metric {
    /// Rows of a `[batch, …]` tensor, for per-sample metrics.
    static func rows(_ tensor: Tensor) -> (count: Int, width: Int) {
        let count = tensor.rank == 0 ? 1 : tensor.shape[0]
        return (count, count == 0 ? 0 : tensor.elementCount / count)
    }

    /// Each sample's mean of `f(ŷ − y)` over its values (the error metrics' per-sample values).
    static func rowMeans(_ yTrue: Tensor, _ yPred: Tensor, _ name: String, _ f: (Float) -> Float) throws -> [Float] {
        try checkSameSize(yTrue, yPred, name)
        let (count, width) = rows(yPred)
        let predictions = yPred.scalars, targets = yTrue.scalars
        return (0..<count).map { r in
            var sum: Float = 0
            for c in 0..<width { sum += f(predictions[r * width + c] - targets[r * width + c]) }
            return width > 0 ? sum / Float(width) : 0
        }
    }

    /// Checks that targets and predictions hold the same number of values per sample.
    static func checkSameSize(_ yTrue: Tensor, _ yPred: Tensor, _ name: String) throws {
        guard yTrue.elementCount == yPred.elementCount else {
            throw TrainingError.invalidTargets("\(name): targets of shape \(yTrue.shape) do not match predictions of shape \(yPred.shape)")
        }
    }
}
