import Serialization
import Tensors

extension Loss {
    /// The built-in losses, by Keras class name and the short names `compile` accepts.
    public static let builtIns: [KerasFactory] = [
        KerasFactory(MeanSquaredError.self, aliases: ["mean_squared_error", "mse"]),
        KerasFactory(MeanAbsoluteError.self, aliases: ["mean_absolute_error", "mae"]),
        KerasFactory(MeanSquaredLogarithmicError.self, aliases: ["mean_squared_logarithmic_error", "msle"]),
        KerasFactory(Huber.self, aliases: ["huber", "huber_loss"]),
        KerasFactory(BinaryCrossentropy.self, aliases: ["binary_crossentropy"]),
        KerasFactory(CategoricalCrossentropy.self, aliases: ["categorical_crossentropy"]),
        KerasFactory(SparseCategoricalCrossentropy.self, aliases: ["sparse_categorical_crossentropy"]),
        KerasFactory(MeanAbsolutePercentageError.self, aliases: ["mean_absolute_percentage_error", "mape"]),
        KerasFactory(LogCosh.self, aliases: ["log_cosh", "logcosh"]), KerasFactory(CosineSimilarity.self, aliases: ["cosine_similarity"]),
        KerasFactory(Poisson.self, aliases: ["poisson"]), KerasFactory(KLDivergence.self, aliases: ["kl_divergence", "kld"]),
        KerasFactory(Hinge.self, aliases: ["hinge"]), KerasFactory(SquaredHinge.self, aliases: ["squared_hinge"]),
        KerasFactory(CategoricalHinge.self, aliases: ["categorical_hinge"]),
        KerasFactory(BinaryFocalCrossentropy.self, aliases: ["binary_focal_crossentropy"]),
        KerasFactory(CategoricalFocalCrossentropy.self, aliases: ["categorical_focal_crossentropy"]),
        KerasFactory(Dice.self, aliases: ["dice"]), KerasFactory(Tversky.self, aliases: ["tversky"]),
    ]

    /// A loss from a Keras name (`"mse"`, `"sparse_categorical_crossentropy"`) or class config; a
    /// registered loss class of your own among `customObjects` or ``CustomObjects``.
    public static func fromKeras(_ json: JSONValue, customObjects: [any KerasSerializable.Type] = []) throws -> Loss {
        guard let loss = try CustomObjects.make(json, kind: .loss, builtIns: builtIns, extra: customObjects) as? Loss else {
            throw ConfigError.invalid("\(json.jsonString().prefix(100)) is registered as a loss but is not a Loss subclass")
        }
        // Keras keeps a loss's own name (`MeanSquaredError(name="mymse")`) in its config.
        if let name = json["config"]?["name"]?.stringValue, !name.isEmpty { loss.name = name }
        if let reduction = json["config"]?["reduction"] {
            guard let name = reduction == .null ? "none" : reduction.stringValue, let known = Reduction(rawValue: name) else {
                throw ConfigError.invalid(
                    "\(loss.kerasClassName): unknown reduction \(reduction.jsonString()); "
                        + "Keras's are \(Reduction.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            loss.reduction = known
        }
        return loss
    }

    /// A loss by Keras name, as `compile(loss="mse")` takes it.
    public static func named(_ name: String) throws -> Loss { try fromKeras(.string(name)) }
}

extension KerasSerializable where Self: Loss {
    public static var kerasKind: KerasKind { .loss }
}
