import Serialization

extension MetricKind {
    /// A built-in with Keras's defaults, by its snake-case name (Keras's `metrics.get`).
    private static func named(_ name: String, _ make: @escaping @Sendable (String) throws -> Metric) -> MetricKind {
        MetricKind(rawValue: name) { _, _, name in (try? make(name)) ?? MeanMetric(name: name) }
    }

    public static let auc = named("auc") { try AUC(name: $0) }
    public static let truePositives = named("true_positives") { try TruePositives(name: $0) }
    public static let falsePositives = named("false_positives") { try FalsePositives(name: $0) }
    public static let trueNegatives = named("true_negatives") { try TrueNegatives(name: $0) }
    public static let falseNegatives = named("false_negatives") { try FalseNegatives(name: $0) }
    /// One F1 score per class (Keras's `average=None`): logged as `f1_score_0`, `f1_score_1`, …
    public static let f1Score = named("f1_score") { try F1Score(name: $0) }
    public static let fBetaScore = named("fbeta_score") { try FBetaScore(name: $0) }
    public static let binaryCrossentropy = named("binary_crossentropy") { try BinaryCrossentropyMetric(name: $0) }
    public static let categoricalCrossentropy = named("categorical_crossentropy") { try CategoricalCrossentropyMetric(name: $0) }
    public static let sparseCategoricalCrossentropy = named("sparse_categorical_crossentropy") {
        try SparseCategoricalCrossentropyMetric(name: $0)
    }
    public static let klDivergence = named("kl_divergence") { KLDivergenceMetric(name: $0) }
    public static let poisson = named("poisson") { PoissonMetric(name: $0) }
    public static let hinge = named("hinge") { HingeMetric(name: $0) }
    public static let squaredHinge = named("squared_hinge") { SquaredHingeMetric(name: $0) }
    public static let categoricalHinge = named("categorical_hinge") { CategoricalHingeMetric(name: $0) }
    public static let meanSquaredLogarithmicError = named("mean_squared_logarithmic_error") { MeanSquaredLogarithmicErrorMetric(name: $0) }

    /// The built-ins added with the rest of Keras's catalogue.
    static let catalogue: [MetricKind] = [
        .auc, .truePositives, .falsePositives, .trueNegatives, .falseNegatives, .f1Score, .fBetaScore, .binaryCrossentropy,
        .categoricalCrossentropy, .sparseCategoricalCrossentropy, .klDivergence, .poisson, .hinge, .squaredHinge, .categoricalHinge,
        .meanSquaredLogarithmicError,
    ]

    /// Keras's other names for the built-ins (class names and abbreviations).
    static let aliases = [
        "acc": "accuracy", "mae": "mean_absolute_error", "mse": "mean_squared_error", "rmse": "root_mean_squared_error",
        "RootMeanSquaredError": "root_mean_squared_error", "MeanAbsoluteError": "mean_absolute_error",
        "MeanSquaredError": "mean_squared_error", "Accuracy": "accuracy", "BinaryAccuracy": "binary_accuracy",
        "CategoricalAccuracy": "categorical_accuracy", "SparseCategoricalAccuracy": "sparse_categorical_accuracy",
        "Precision": "precision", "Recall": "recall", "TopKCategoricalAccuracy": "top_k_categorical_accuracy",
        "SparseTopKCategoricalAccuracy": "sparse_top_k_categorical_accuracy", "LogCoshError": "logcosh",
        "MeanAbsolutePercentageError": "mean_absolute_percentage_error", "mape": "mean_absolute_percentage_error",
        "CosineSimilarity": "cosine_similarity", "R2Score": "r2_score", "AUC": "auc", "TruePositives": "true_positives",
        "FalsePositives": "false_positives", "TrueNegatives": "true_negatives", "FalseNegatives": "false_negatives",
        "F1Score": "f1_score", "FBetaScore": "fbeta_score", "BinaryCrossentropy": "binary_crossentropy", "bce": "binary_crossentropy",
        "BCE": "binary_crossentropy", "CategoricalCrossentropy": "categorical_crossentropy",
        "SparseCategoricalCrossentropy": "sparse_categorical_crossentropy", "KLDivergence": "kl_divergence", "Poisson": "poisson",
        "Hinge": "hinge", "SquaredHinge": "squared_hinge", "CategoricalHinge": "categorical_hinge",
        "MeanSquaredLogarithmicError": "mean_squared_logarithmic_error", "msle": "mean_squared_logarithmic_error",
        "MSLE": "mean_squared_logarithmic_error",
    ]

    /// The metric classes that a Keras config rebuilds with their options, under Keras's class names.
    static let builtIns: [KerasFactory] = [
        KerasFactory(TruePositives.self), KerasFactory(FalsePositives.self), KerasFactory(TrueNegatives.self),
        KerasFactory(FalseNegatives.self), KerasFactory(Precision.self), KerasFactory(Recall.self), KerasFactory(AUC.self),
        KerasFactory(SensitivityAtSpecificity.self), KerasFactory(SpecificityAtSensitivity.self), KerasFactory(PrecisionAtRecall.self),
        KerasFactory(RecallAtPrecision.self), KerasFactory(F1Score.self), KerasFactory(FBetaScore.self),
        KerasFactory(BinaryCrossentropyMetric.self, className: "BinaryCrossentropy"),
        KerasFactory(CategoricalCrossentropyMetric.self, className: "CategoricalCrossentropy"),
        KerasFactory(SparseCategoricalCrossentropyMetric.self, className: "SparseCategoricalCrossentropy"),
        KerasFactory(KLDivergenceMetric.self, className: "KLDivergence"), KerasFactory(PoissonMetric.self, className: "Poisson"),
        KerasFactory(HingeMetric.self, className: "Hinge"), KerasFactory(SquaredHingeMetric.self, className: "SquaredHinge"),
        KerasFactory(CategoricalHingeMetric.self, className: "CategoricalHinge"),
        KerasFactory(MeanSquaredLogarithmicErrorMetric.self, className: "MeanSquaredLogarithmicError"),
        KerasFactory(IoU.self), KerasFactory(MeanIoU.self), KerasFactory(BinaryIoU.self), KerasFactory(OneHotIoU.self),
        KerasFactory(OneHotMeanIoU.self),
    ]

    /// A configured metric from a built-in's Keras config.
    init(built factory: KerasFactory, object: KerasObject) throws {
        guard let metric = try factory.make(object) as? Metric else {
            throw ConfigError.invalid("'\(object.className)' does not make a metric")
        }
        let config = object.config
        self.init(rawValue: metric.name, classJSON: try metric.kerasJSON()) { _, _, name in
            var renamed = config
            renamed["name"] = .string(name)
            return (try? factory.make(KerasObject(module: object.module, className: object.className, config: renamed))) as? Metric
                ?? MeanMetric(name: name)
        }
    }
}
