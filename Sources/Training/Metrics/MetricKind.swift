import Tensors

/// The metrics `compile(metrics:)` takes, by Keras's names.
public enum MetricKind: String, Sendable, Codable, CaseIterable {
    /// Chosen from the loss and shapes as Keras does: binary, sparse categorical or categorical accuracy.
    case accuracy
    case binaryAccuracy = "binary_accuracy"
    case categoricalAccuracy = "categorical_accuracy"
    case sparseCategoricalAccuracy = "sparse_categorical_accuracy"
    case meanAbsoluteError = "mean_absolute_error"
    case meanSquaredError = "mean_squared_error"
    case rootMeanSquaredError = "root_mean_squared_error"
    case precision
    case recall

    /// A fresh metric, named `name` (Keras keeps the spelling the user gave), resolving `accuracy` for
    /// the loss and the model's output width as Keras's `compile` does.
    public func makeMetric(loss: Loss?, outputWidth: Int, name: String? = nil) -> Metric {
        let name = name ?? rawValue
        switch self {
        case .accuracy:
            if loss?.kind == .binaryCrossentropy || outputWidth == 1 { return BinaryAccuracy(name: name) }
            if loss?.kind == .sparseCategoricalCrossentropy { return SparseCategoricalAccuracy(name: name) }
            if loss?.kind == .categoricalCrossentropy { return CategoricalAccuracy(name: name) }
            return SparseCategoricalAccuracy(name: name)
        case .binaryAccuracy: return BinaryAccuracy(name: name)
        case .categoricalAccuracy: return CategoricalAccuracy(name: name)
        case .sparseCategoricalAccuracy: return SparseCategoricalAccuracy(name: name)
        case .meanAbsoluteError: return MeanAbsoluteErrorMetric(name: name)
        case .meanSquaredError: return MeanSquaredErrorMetric(name: name)
        case .rootMeanSquaredError: return RootMeanSquaredErrorMetric(name: name)
        case .precision: return ConfusionMetric(.precision)
        case .recall: return ConfusionMetric(.recall)
        }
    }
}
