import Tensors

/// The weighted mean of the values it is given, as Keras's `Mean`: `update(values, sampleWeight:)`,
/// with weights per sample or per element; negative weights count as given.
public final class Mean: MeanMetric {
    public override init(name: String = "mean") { super.init(name: name) }

    /// Adds values (any shape, the first axis the samples) with optional weights.
    public func update(_ values: Tensor, sampleWeight: Tensor? = nil) throws { try accumulate(values, sampleWeight: sampleWeight) }

    /// As a model metric, the predictions are the values.
    public override func elementValues(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor { yPred }
    public override func values(_ yTrue: Tensor, _ yPred: Tensor) throws -> [Float] {
        let rows = Metric.rows(yPred)
        return try yPred.reshaped(to: [rows.count, rows.width]).mean(alongAxes: [1]).scalars
    }
}

/// The weighted sum of the values it is given, as Keras's `Sum`.
public final class Sum: MeanMetric {
    public override init(name: String = "sum") { super.init(name: name) }

    /// Adds values (any shape) with optional weights, summing across every axis.
    public func update(_ values: Tensor, sampleWeight: Tensor? = nil) throws { try accumulate(values, sampleWeight: sampleWeight, reduce: .sum) }

    public override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) throws {
        try accumulate(yPred, sampleWeight: sampleWeight, reduce: .sum)
    }

    public override func result() -> Float { Float(total) }
}
