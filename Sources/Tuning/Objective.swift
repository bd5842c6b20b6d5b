/// What a search optimizes: a History key (`val_accuracy`, `val_loss`, …) and whether higher or lower is
/// better, as Keras Tuner's `Objective`.
public struct Objective: Hashable, Codable, Sendable, CustomStringConvertible {
    /// Which way is better.
    public enum Direction: String, Codable, Sendable {
        case min, max
    }

    public var name: String
    public var direction: Direction

    public init(_ name: String, direction: Direction) {
        self.name = name
        self.direction = direction
    }

    /// An objective whose direction is inferred from its name, as Keras Tuner infers it: accuracies,
    /// precision, recall, AUC and R² are maximized; losses and errors minimized.
    public init(_ name: String) throws {
        var metric = name
        if metric.hasPrefix("val_") { metric.removeFirst(4) }
        if metric.hasPrefix("weighted_") { metric.removeFirst(9) }
        let maximized = [
            "acc", "accuracy", "categorical_accuracy", "binary_accuracy", "sparse_categorical_accuracy", "top_k_categorical_accuracy",
            "sparse_top_k_categorical_accuracy", "precision", "recall", "auc", "true_positives", "true_negatives", "r2_score",
        ]
        let minimized = [
            "loss", "crossentropy", "ce", "mse", "mae", "mape", "msle", "rmse", "mean_squared_error", "mean_absolute_error",
            "mean_absolute_percentage_error", "mean_squared_logarithmic_error", "root_mean_squared_error", "log_cosh", "logcosh",
            "hinge", "squared_hinge", "categorical_hinge", "kld", "kl_divergence", "poisson", "huber", "cosine_similarity",
            "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy", "false_positives", "false_negatives",
        ]
        if maximized.contains(metric) || metric.hasSuffix("_accuracy") {
            direction = .max
        } else if minimized.contains(metric) || metric.hasSuffix("_loss") {
            direction = .min
        } else {
            throw TuningError.invalidArgument(
                "Could not infer optimization direction (\"min\" or \"max\") for unknown metric \"\(name)\"; give it, "
                    + "for example Objective(\"\(name)\", direction: .min)")
        }
        self.name = name
    }

    /// Whether `value` is strictly better than `other` (NaN is never better).
    public func isBetter(_ value: Double, than other: Double) -> Bool {
        if value.isNaN { return false }
        if other.isNaN { return true }
        return direction == .max ? value > other : value < other
    }

    public var description: String { "\(name) (\(direction.rawValue))" }
}
