import Serialization

extension Optimizer {
    /// The built-in optimizers, by Keras class name and the short names `compile` accepts.
    public static let builtIns: [KerasFactory] = [
        KerasFactory(SGD.self, aliases: ["sgd"]), KerasFactory(Adam.self, aliases: ["adam"]), KerasFactory(AdamW.self, aliases: ["adamw"]),
        KerasFactory(Nadam.self, aliases: ["nadam"]), KerasFactory(Adamax.self, aliases: ["adamax"]),
        KerasFactory(RMSprop.self, aliases: ["rmsprop"]), KerasFactory(Adagrad.self, aliases: ["adagrad"]),
        KerasFactory(Adadelta.self, aliases: ["adadelta"]), KerasFactory(Ftrl.self, aliases: ["ftrl"]),
        KerasFactory(Lion.self, aliases: ["lion"]), KerasFactory(Lamb.self, aliases: ["lamb"]),
        KerasFactory(Adafactor.self, aliases: ["adafactor"]),
    ]

    /// An optimizer from a Keras config or name (`"adam"`, `{"class_name": "SGD", …}`), or a registered
    /// optimizer class of your own.
    public static func fromKeras(_ json: JSONValue, customObjects: [any KerasSerializable.Type] = []) throws -> Optimizer {
        guard let optimizer = try CustomObjects.make(json, kind: .optimizer, builtIns: builtIns, extra: customObjects) as? Optimizer else {
            throw ConfigError.invalid("\(json.jsonString().prefix(100)) is registered as an optimizer but is not an Optimizer subclass")
        }
        if let config = json["config"] {
            let clips = ["clipnorm", "clipvalue", "global_clipnorm"].filter { config[$0] != nil && config[$0] != .null }
            guard clips.count <= 1 else {
                throw ConfigError.invalid(
                    "\(optimizer.kerasClassName): only one of clipnorm, clipvalue and global_clipnorm can be set, not \(clips.joined(separator: " and "))")
            }
            if optimizer is AdamW, config["weight_decay"] == .null {
                throw ConfigError.invalid("AdamW: weight_decay must be a float, not null")
            }
            optimizer.useEMA = config["use_ema"]?.boolValue ?? false
            optimizer.emaMomentum = config["ema_momentum"]?.floatValue ?? 0.99
            optimizer.emaOverwriteFrequency = config["ema_overwrite_frequency"]?.intValue
            guard optimizer.emaMomentum >= 0 && optimizer.emaMomentum <= 1 else {
                throw ConfigError.invalid("\(optimizer.kerasClassName): ema_momentum must lie in [0, 1], not \(optimizer.emaMomentum)")
            }
            if let decay = config["weight_decay"]?.floatValue { optimizer.weightDecay = decay }
            if let steps = config["gradient_accumulation_steps"], steps != .null {
                guard let count = steps.intValue, count >= 2 else {
                    throw ConfigError.invalid("\(optimizer.kerasClassName): gradient_accumulation_steps must be an integer >= 2, not \(steps.jsonString())")
                }
                optimizer.gradientAccumulationSteps = count
            }
            if let factor = config["loss_scale_factor"], factor != .null {
                guard let value = factor.floatValue, value.isFinite, value > 0 else {
                    throw ConfigError.invalid("\(optimizer.kerasClassName): loss_scale_factor must be a number > 0, not \(factor.jsonString())")
                }
                optimizer.lossScaleFactor = value
            }
        }
        do { try optimizer.validateHyperparameters() } catch { throw ConfigError.invalid("\(error)") }
        return optimizer
    }

    /// The options every Keras optimizer's initializer takes, read from its config (``fromKeras(_:customObjects:)``
    /// sets the rest: `use_ema`, `gradient_accumulation_steps`, `loss_scale_factor`).
    struct CommonOptions {
        var learningRate: LearningRate
        var clipNorm: Float?, clipValue: Float?, globalClipNorm: Float?, weightDecay: Float?

        init(_ c: [String: JSONValue], _ name: String, defaultRate: Float) throws {
            learningRate = try LearningRate(keras: c["learning_rate"], default: defaultRate)
            clipNorm = c["clipnorm"]?.floatValue
            clipValue = c["clipvalue"]?.floatValue
            globalClipNorm = c["global_clipnorm"]?.floatValue
            weightDecay = c["weight_decay"]?.floatValue
        }
    }
}

extension KerasSerializable where Self: Optimizer {
    public static var kerasKind: KerasKind { .optimizer }
}

extension SGD: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        let o = try CommonOptions(c, "SGD", defaultRate: 0.01)
        self.init(
            learningRate: o.learningRate, momentum: try c.float("momentum", in: "SGD", default: 0),
            nesterov: try c.bool("nesterov", in: "SGD", default: false), clipNorm: o.clipNorm, clipValue: o.clipValue,
            globalClipNorm: o.globalClipNorm, weightDecay: o.weightDecay)
    }
}

extension Adam: KerasBuiltIn {}

extension Nadam: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        let o = try CommonOptions(c, "Nadam", defaultRate: 0.001)
        self.init(
            learningRate: o.learningRate, beta1: try c.float("beta_1", in: "Nadam", default: 0.9),
            beta2: try c.float("beta_2", in: "Nadam", default: 0.999), epsilon: try c.float("epsilon", in: "Nadam", default: 1e-7),
            clipNorm: o.clipNorm, clipValue: o.clipValue, globalClipNorm: o.globalClipNorm, weightDecay: o.weightDecay)
    }
}

extension Adamax: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        let o = try CommonOptions(c, "Adamax", defaultRate: 0.001)
        self.init(
            learningRate: o.learningRate, beta1: try c.float("beta_1", in: "Adamax", default: 0.9),
            beta2: try c.float("beta_2", in: "Adamax", default: 0.999), epsilon: try c.float("epsilon", in: "Adamax", default: 1e-7),
            clipNorm: o.clipNorm, clipValue: o.clipValue, globalClipNorm: o.globalClipNorm, weightDecay: o.weightDecay)
    }
}

extension RMSprop: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        let o = try CommonOptions(c, "RMSprop", defaultRate: 0.001)
        self.init(
            learningRate: o.learningRate, rho: try c.float("rho", in: "RMSprop", default: 0.9),
            momentum: try c.float("momentum", in: "RMSprop", default: 0), epsilon: try c.float("epsilon", in: "RMSprop", default: 1e-7),
            centered: try c.bool("centered", in: "RMSprop", default: false), clipNorm: o.clipNorm, clipValue: o.clipValue,
            globalClipNorm: o.globalClipNorm, weightDecay: o.weightDecay)
    }
}

extension Adagrad: KerasBuiltIn {
    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        let o = try CommonOptions(c, "Adagrad", defaultRate: 0.001)
        self.init(
            learningRate: o.learningRate,
            initialAccumulatorValue: try c.float("initial_accumulator_value", in: "Adagrad", default: 0.1),
            epsilon: try c.float("epsilon", in: "Adagrad", default: 1e-7), clipNorm: o.clipNorm, clipValue: o.clipValue,
            globalClipNorm: o.globalClipNorm, weightDecay: o.weightDecay)
    }
}
