import Tensors

extension Loss {
    /// Keras's serialization of the loss: its name for the default options, else a class config.
    public var kerasJSON: JSONValue {
        switch kind {
        case .huber where delta != 1:
            return KerasObject(module: "keras.losses", className: "Huber", config: ["delta": .float(delta), "name": "huber_loss", "reduction": "sum_over_batch_size"]).json
        case .binaryCrossentropy, .categoricalCrossentropy, .sparseCategoricalCrossentropy:
            if fromLogits {
                let className = kind == .binaryCrossentropy ? "BinaryCrossentropy" : kind == .categoricalCrossentropy ? "CategoricalCrossentropy" : "SparseCategoricalCrossentropy"
                return KerasObject(module: "keras.losses", className: className, config: ["from_logits": true, "name": .string(kind.rawValue), "reduction": "sum_over_batch_size"]).json
            }
            return .string(kind.rawValue)
        default:
            return .string(kind.rawValue)
        }
    }

    /// A loss from a Keras name (`"mse"`, `"sparse_categorical_crossentropy"`) or class config.
    public init(keras json: JSONValue) throws {
        let aliases = ["mse": "mean_squared_error", "mae": "mean_absolute_error", "msle": "mean_squared_logarithmic_error",
                       "huber_loss": "huber"]
        let classes = ["MeanSquaredError": "mean_squared_error", "MeanAbsoluteError": "mean_absolute_error", "Huber": "huber",
                       "MeanSquaredLogarithmicError": "mean_squared_logarithmic_error", "BinaryCrossentropy": "binary_crossentropy",
                       "CategoricalCrossentropy": "categorical_crossentropy", "SparseCategoricalCrossentropy": "sparse_categorical_crossentropy"]
        let object = try KerasObject(json: json, expecting: "loss")
        let name = aliases[object.className] ?? classes[object.className] ?? object.className
        guard let kind = Kind(rawValue: name) else {
            throw ConfigError.unknownClass(kind: "loss", name: object.className, known: Kind.allCases.map(\.rawValue))
        }
        if let smoothing = object.config["label_smoothing"]?.doubleValue, smoothing != 0 {
            throw ConfigError.unsupported("\(object.className) with label_smoothing \(smoothing) is not implemented in NeuralKit")
        }
        self.init(kind, fromLogits: object.config["from_logits"]?.boolValue ?? false,
            delta: try object.config.float("delta", in: object.className, default: 1))
    }
}

extension MetricKind {
    /// A metric from a Keras name (`"accuracy"`, `"mae"`, `"RootMeanSquaredError"`).
    public init(keras json: JSONValue) throws {
        let object = try KerasObject(json: json, expecting: "metric")
        let aliases = ["acc": "accuracy", "mae": "mean_absolute_error", "mse": "mean_squared_error", "rmse": "root_mean_squared_error",
                       "RootMeanSquaredError": "root_mean_squared_error", "MeanAbsoluteError": "mean_absolute_error",
                       "MeanSquaredError": "mean_squared_error", "Accuracy": "accuracy", "BinaryAccuracy": "binary_accuracy",
                       "CategoricalAccuracy": "categorical_accuracy", "SparseCategoricalAccuracy": "sparse_categorical_accuracy",
                       "Precision": "precision", "Recall": "recall"]
        guard let kind = MetricKind(rawValue: aliases[object.className] ?? object.className) else {
            throw ConfigError.unknownClass(kind: "metric", name: object.className, known: MetricKind.allCases.map(\.rawValue))
        }
        self = kind
    }
}

extension Optimizer {
    /// Keras's `get_config()` keys common to every optimizer, plus `extra`.
    func kerasObject(_ className: String, _ extra: [String: JSONValue]) -> KerasObject {
        var config: [String: JSONValue] = [
            "name": .string(name), "learning_rate": learningRateJSON, "weight_decay": weightDecay.map { .float($0) } ?? nil,
            "clipnorm": clipNorm.map { .float($0) } ?? nil, "global_clipnorm": globalClipNorm.map { .float($0) } ?? nil,
            "clipvalue": clipValue.map { .float($0) } ?? nil, "use_ema": false, "ema_momentum": 0.99,
            "ema_overwrite_frequency": nil, "loss_scale_factor": nil, "gradient_accumulation_steps": nil,
        ]
        config.merge(extra) { $1 }
        return KerasObject(module: "keras.optimizers", className: className, config: config)
    }

    var learningRateJSON: JSONValue {
        switch learningRate {
        case let .constant(value): return .float(value)
        case let .schedule(.exponentialDecay(initial, steps, rate, staircase)):
            return KerasObject(module: "keras.optimizers.schedules", className: "ExponentialDecay", config: [
                "initial_learning_rate": .float(initial), "decay_steps": .number(Double(steps)), "decay_rate": .float(rate),
                "staircase": .bool(staircase), "name": "ExponentialDecay"]).json
        case let .schedule(.piecewiseConstant(boundaries, values)):
            return KerasObject(module: "keras.optimizers.schedules", className: "PiecewiseConstantDecay", config: [
                "boundaries": .array(boundaries.map { .number(Double($0)) }), "values": .array(values.map { .float($0) }),
                "name": "PiecewiseConstant"]).json
        }
    }

    /// This optimizer's Keras config.
    public var kerasConfig: KerasObject {
        switch self {
        case let sgd as SGD: kerasObject("SGD", ["momentum": .float(sgd.momentum), "nesterov": .bool(sgd.nesterov)])
        case let adam as AdamW: kerasObject("AdamW", ["beta_1": .float(adam.beta1), "beta_2": .float(adam.beta2), "epsilon": .float(adam.epsilon), "amsgrad": .bool(adam.amsgrad)])
        case let adam as Adam: kerasObject("Adam", ["beta_1": .float(adam.beta1), "beta_2": .float(adam.beta2), "epsilon": .float(adam.epsilon), "amsgrad": .bool(adam.amsgrad)])
        case let o as Nadam: kerasObject("Nadam", ["beta_1": .float(o.beta1), "beta_2": .float(o.beta2), "epsilon": .float(o.epsilon)])
        case let o as Adamax: kerasObject("Adamax", ["beta_1": .float(o.beta1), "beta_2": .float(o.beta2), "epsilon": .float(o.epsilon)])
        case let o as RMSprop: kerasObject("RMSprop", ["rho": .float(o.rho), "momentum": .float(o.momentum), "epsilon": .float(o.epsilon), "centered": .bool(o.centered)])
        case let o as Adagrad: kerasObject("Adagrad", ["initial_accumulator_value": .float(o.initialAccumulatorValue), "epsilon": .float(o.epsilon)])
        default: kerasObject(String(describing: type(of: self)), [:])
        }
    }

    /// An optimizer from a Keras config or name (`"adam"`, `{"class_name": "SGD", …}`).
    public static func fromKeras(_ json: JSONValue) throws -> Optimizer {
        let object = try KerasObject(json: json, expecting: "optimizer")
        let c = object.config, name = object.className
        if c["use_ema"]?.boolValue == true { throw ConfigError.unsupported("\(name) with use_ema=True is not implemented in NeuralKit") }
        if let steps = c["gradient_accumulation_steps"], steps != .null {
            throw ConfigError.unsupported("\(name) with gradient_accumulation_steps is not implemented in NeuralKit")
        }
        let rate = try learningRate(c["learning_rate"], default: name.lowercased() == "sgd" ? 0.01 : 0.001)
        let clipNorm = c["clipnorm"]?.floatValue, clipValue = c["clipvalue"]?.floatValue, global = c["global_clipnorm"]?.floatValue
        let decay = c["weight_decay"]?.floatValue
        switch name {
        case "SGD", "sgd":
            return SGD(learningRate: rate, momentum: try c.float("momentum", in: name, default: 0), nesterov: try c.bool("nesterov", in: name, default: false),
                clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: global, weightDecay: decay)
        case "Adam", "adam":
            return Adam(learningRate: rate, beta1: try c.float("beta_1", in: name, default: 0.9), beta2: try c.float("beta_2", in: name, default: 0.999),
                epsilon: try c.float("epsilon", in: name, default: 1e-7), amsgrad: try c.bool("amsgrad", in: name, default: false),
                clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: global, weightDecay: decay)
        case "AdamW", "adamw":
            return AdamW(learningRate: rate, weightDecay: decay ?? 0.004, beta1: try c.float("beta_1", in: name, default: 0.9),
                beta2: try c.float("beta_2", in: name, default: 0.999), epsilon: try c.float("epsilon", in: name, default: 1e-7),
                amsgrad: try c.bool("amsgrad", in: name, default: false), clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: global)
        case "Nadam", "nadam":
            return Nadam(learningRate: rate, beta1: try c.float("beta_1", in: name, default: 0.9), beta2: try c.float("beta_2", in: name, default: 0.999),
                epsilon: try c.float("epsilon", in: name, default: 1e-7), clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: global)
        case "Adamax", "adamax":
            return Adamax(learningRate: rate, beta1: try c.float("beta_1", in: name, default: 0.9), beta2: try c.float("beta_2", in: name, default: 0.999),
                epsilon: try c.float("epsilon", in: name, default: 1e-7), clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: global)
        case "RMSprop", "rmsprop":
            return RMSprop(learningRate: rate, rho: try c.float("rho", in: name, default: 0.9), momentum: try c.float("momentum", in: name, default: 0),
                epsilon: try c.float("epsilon", in: name, default: 1e-7), centered: try c.bool("centered", in: name, default: false),
                clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: global)
        case "Adagrad", "adagrad":
            return Adagrad(learningRate: rate, initialAccumulatorValue: try c.float("initial_accumulator_value", in: name, default: 0.1),
                epsilon: try c.float("epsilon", in: name, default: 1e-7), clipNorm: clipNorm, clipValue: clipValue, globalClipNorm: global)
        default:
            throw ConfigError.unknownClass(kind: "optimizer", name: name, known: ["SGD", "Adam", "AdamW", "Nadam", "Adamax", "RMSprop", "Adagrad"])
        }
    }

    static func learningRate(_ json: JSONValue?, default value: Float) throws -> LearningRate {
        guard let json, json != .null else { return .constant(value) }
        if let number = json.floatValue { return .constant(number) }
        let object = try KerasObject(json: json, expecting: "learning rate schedule")
        let c = object.config
        switch object.className {
        case "ExponentialDecay":
            return .schedule(.exponentialDecay(initial: try c.float("initial_learning_rate", in: "ExponentialDecay"),
                decaySteps: try c.int("decay_steps", in: "ExponentialDecay"), decayRate: try c.float("decay_rate", in: "ExponentialDecay"),
                staircase: try c.bool("staircase", in: "ExponentialDecay", default: false)))
        case "PiecewiseConstantDecay":
            guard let boundaries = c["boundaries"]?.arrayValue?.compactMap(\.intValue), let values = c["values"]?.arrayValue?.compactMap(\.floatValue) else {
                throw ConfigError.invalid("PiecewiseConstantDecay needs \"boundaries\" and \"values\"")
            }
            return .schedule(.piecewiseConstant(boundaries: boundaries, values: values))
        default:
            throw ConfigError.unknownClass(kind: "learning rate schedule", name: object.className, known: ["ExponentialDecay", "PiecewiseConstantDecay"])
        }
    }
}
