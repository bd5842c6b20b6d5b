import Serialization
import Tensors

/// A metric `compile(metrics:)` takes, by its Keras name: a built-in (`.accuracy`, `.rootMeanSquaredError`)
/// or one of your own (`MetricKind(name: "my_metric") { MyMetric(name: $0) }`). Each output and each `fit`
/// gets a fresh ``Metric`` from it.
public struct MetricKind: Sendable, Hashable, CustomStringConvertible {
    /// Keras's name: the History key and the `compile_config` entry.
    public let rawValue: String
    private let make: @Sendable (_ loss: Loss?, _ outputWidth: Int, _ name: String) -> Metric
    /// The Keras class config a configured metric saves as (nil for a built-in named by a string and for
    /// a metric of your own made by a closure).
    private let classJSON: JSONValue?

    /// A metric of your own: `make` returns a fresh one named as given.
    public init(name: String, make: @escaping @Sendable (_ name: String) -> Metric) {
        self.init(rawValue: name) { _, _, name in make(name) }
    }

    init(rawValue: String, classJSON: JSONValue? = nil, make: @escaping @Sendable (Loss?, Int, String) -> Metric) {
        self.rawValue = rawValue
        self.classJSON = classJSON
        self.make = make
    }

    /// A metric with options, as Keras's `compile(metrics=[keras.metrics.AUC(curve="PR")])`:
    /// `MetricKind(try AUC(curve: .pr))`. Each output and each `fit` gets a fresh copy rebuilt from the
    /// metric's Keras config, which is also what the `.keras` file records.
    public init(_ metric: some Metric & KerasSerializable) throws {
        let type = Swift.type(of: metric)
        let json = try metric.kerasJSON()
        let config = try metric.kerasConfig()
        _ = try type.init(kerasConfig: config)
        self.init(rawValue: metric.name, classJSON: json) { _, _, name in
            var renamed = config
            renamed["name"] = .string(name)
            // The config was rebuilt once above; a failure here would need a metric whose init depends on its name.
            return (try? type.init(kerasConfig: renamed)) as? Metric ?? (try? type.init(kerasConfig: config)) as? Metric ?? MeanMetric(name: name)
        }
    }

    public var description: String { rawValue }
    public static func == (lhs: MetricKind, rhs: MetricKind) -> Bool { lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    /// A fresh metric, named `name` (Keras keeps the spelling the user gave), resolving `accuracy` for
    /// the loss and the model's output width as Keras's `compile` does.
    public func makeMetric(loss: Loss?, outputWidth: Int, name: String? = nil) -> Metric {
        make(loss, outputWidth, name ?? rawValue)
    }

    /// Keras's form in `compile_config`: a built-in's name, or the class config of a metric of your own
    /// that is ``KerasSerializable`` (else its name, which loading reports as unknown).
    public func compileJSON() throws -> JSONValue {
        if let classJSON { return classJSON }
        if MetricKind(rawValue: rawValue) != nil { return .string(rawValue) }
        let metric = makeMetric(loss: nil, outputWidth: 1)
        return metric is any KerasSerializable ? try metric.kerasJSON() : .string(rawValue)
    }

    /// Chosen from the loss and shapes as Keras does: binary, sparse categorical or categorical accuracy.
    public static let accuracy = MetricKind(rawValue: "accuracy") { loss, width, name in
        if loss is BinaryCrossentropy || width == 1 { return BinaryAccuracy(name: name) }
        if loss is CategoricalCrossentropy { return CategoricalAccuracy(name: name) }
        return SparseCategoricalAccuracy(name: name)
    }
    public static let binaryAccuracy = MetricKind(rawValue: "binary_accuracy") { _, _, name in BinaryAccuracy(name: name) }
    public static let categoricalAccuracy = MetricKind(rawValue: "categorical_accuracy") { _, _, name in CategoricalAccuracy(name: name) }
    public static let sparseCategoricalAccuracy = MetricKind(rawValue: "sparse_categorical_accuracy") { _, _, name in
        SparseCategoricalAccuracy(name: name)
    }
    public static let meanAbsoluteError = MetricKind(rawValue: "mean_absolute_error") { _, _, name in MeanAbsoluteErrorMetric(name: name) }
    public static let meanSquaredError = MetricKind(rawValue: "mean_squared_error") { _, _, name in MeanSquaredErrorMetric(name: name) }
    public static let rootMeanSquaredError = MetricKind(rawValue: "root_mean_squared_error") { _, _, name in
        RootMeanSquaredErrorMetric(name: name)
    }
    public static let topKCategoricalAccuracy = MetricKind(rawValue: "top_k_categorical_accuracy") { _, _, name in
        MeanMetricWrapper.topKCategoricalAccuracy(name: name)
    }
    public static let sparseTopKCategoricalAccuracy = MetricKind(rawValue: "sparse_top_k_categorical_accuracy") { _, _, name in
        MeanMetricWrapper.sparseTopKCategoricalAccuracy(name: name)
    }
    public static let logCoshError = MetricKind(rawValue: "logcosh") { _, _, name in MeanMetricWrapper.logCoshError(name: name) }
    public static let meanAbsolutePercentageError = MetricKind(rawValue: "mean_absolute_percentage_error") { _, _, name in
        MeanMetricWrapper.meanAbsolutePercentageError(name: name)
    }
    public static let cosineSimilarity = MetricKind(rawValue: "cosine_similarity") { _, _, name in MeanMetricWrapper.cosineSimilarity(name: name) }
    public static let r2Score = MetricKind(rawValue: "r2_score") { _, _, name in R2Score(name: name) }
    public static let precision = MetricKind(rawValue: "precision") { _, _, name in (try? Precision(name: name)) ?? MeanMetric(name: name) }
    public static let recall = MetricKind(rawValue: "recall") { _, _, name in (try? Recall(name: name)) ?? MeanMetric(name: name) }

    /// Every built-in metric.
    public static let allCases: [MetricKind] =
        [
            .accuracy, .binaryAccuracy, .categoricalAccuracy, .sparseCategoricalAccuracy, .meanAbsoluteError, .meanSquaredError,
            .rootMeanSquaredError, .precision, .recall, .topKCategoricalAccuracy, .sparseTopKCategoricalAccuracy, .logCoshError,
            .meanAbsolutePercentageError, .cosineSimilarity, .r2Score,
        ] + catalogue

    /// A built-in metric by its Keras name, or nil.
    public init?(rawValue: String) {
        guard let match = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = match
    }

    /// A metric from a Keras name (`"accuracy"`, `"mae"`, `"RootMeanSquaredError"`), or a registered
    /// ``KerasSerializable`` metric class of your own.
    public init(keras json: JSONValue, customObjects: [any KerasSerializable.Type] = []) throws {
        let object = try KerasObject(json: json, expecting: "metric")
        if object.registeredName == nil {
            // A class config keeps its options; a bare name is the built-in with Keras's defaults.
            if !object.config.isEmpty, let factory = Self.builtIns.first(where: { $0.names.contains(object.className) }) {
                self = try MetricKind(built: factory, object: object)
                return
            }
            if let kind = MetricKind(rawValue: Self.aliases[object.className] ?? object.className) {
                self = kind
                return
            }
        }
        guard
            let type = CustomObjects.lookup(
                className: object.className, registeredName: object.registeredName, kind: .metric,
                extra: customObjects)
        else {
            throw ConfigError.unknownClass(
                kind: "metric", name: object.registeredName ?? object.className,
                known: Self.allCases.map(\.rawValue) + CustomObjects.knownNames(kind: .metric, extra: customObjects),
                hint: "a metric of your own must be a KerasSerializable Metric subclass registered with CustomObjects.register(_:)")
        }
        let config = object.config
        let name = config["name"]?.stringValue ?? object.className
        // The registered type made it once already (its config is valid); make fresh ones the same way.
        guard (try? type.init(kerasConfig: config)) is Metric else {
            throw ConfigError.invalid("'\(object.className)' is registered as a metric but is not a Metric subclass")
        }
        self.init(rawValue: name) { _, _, _ in
            // Checked just above: this type builds a Metric from this config.
            (try? type.init(kerasConfig: config)) as? Metric ?? MeanMetric(name: name)
        }
    }
}

extension KerasSerializable where Self: Metric {
    public static var kerasKind: KerasKind { .metric }
}
