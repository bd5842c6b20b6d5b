import Serialization
import Tensors

/// A penalty on a weight tensor added to the loss: `l1·Σ|w| + l2·Σw²`, as Keras's `L1`, `L2`, `L1L2`.
public struct Regularizer: Sendable, Equatable, Hashable {
    public var l1: Float
    public var l2: Float

    public init(l1: Float = 0, l2: Float = 0) {
        self.l1 = l1
        self.l2 = l2
    }

    /// Keras's defaults: `L1(0.01)`, `L2(0.01)`.
    public static func l1(_ factor: Float = 0.01) -> Regularizer { Regularizer(l1: factor) }
    public static func l2(_ factor: Float = 0.01) -> Regularizer { Regularizer(l2: factor) }
    public static func l1l2(l1: Float = 0, l2: Float = 0) -> Regularizer { Regularizer(l1: l1, l2: l2) }

    /// The penalty of `weights`; a factor that is negative, infinite or NaN is an error naming it (Keras's
    /// `validate_float_arg`).
    public func penalty(_ weights: Tensor) throws -> Tensor {
        for (name, factor) in [("l1", l1), ("l2", l2)] where !(factor >= 0 && factor.isFinite) {
            throw LayerError.invalidArgument("\(kerasClassName): invalid value for argument \(name): expected a non-negative float, not \(factor)")
        }
        var total = Tensor(0)
        if l1 != 0 { total = try total + l1 * weights.abs().sum() }
        if l2 != 0 { total = try total + l2 * weights.square().sum() }
        return total
    }

}

/// Keras's `L1`, `L2` and `L1L2` classes (`keras.regularizers`).
extension Regularizer: KerasConfigurable {
    public var kerasClassName: String { l1 == 0 ? "L2" : l2 == 0 ? "L1" : "L1L2" }
    public var kerasModule: String { "keras.regularizers" }
    public func kerasConfig() -> [String: JSONValue] {
        l1 == 0 ? ["l2": .float(l2)] : l2 == 0 ? ["l1": .float(l1)] : ["l1": .float(l1), "l2": .float(l2)]
    }

    /// The regularizer classes by Keras's class name and short name, for the registry.
    public static let builtIns: [KerasFactory] = [
        KerasFactory(kind: .regularizer, names: ["L1", "l1"]) { Regularizer(l1: try factor($0.config, "l1", "L1", default: 0.01)) },
        KerasFactory(kind: .regularizer, names: ["L2", "l2"]) { Regularizer(l2: try factor($0.config, "l2", "L2", default: 0.01)) },
        // Keras 3's short name is `l1l2` (its snake case of `L1L2`); Keras 2 wrote `l1_l2`.
        KerasFactory(kind: .regularizer, names: ["L1L2", "l1l2", "l1_l2"]) {
            Regularizer(l1: try factor($0.config, "l1", "L1L2", default: 0), l2: try factor($0.config, "l2", "L1L2", default: 0))
        },
    ]

    /// A penalty factor from a config, as Keras's `validate_float_arg`: absent gives the default; anything
    /// but a finite, non-negative number (null, a string, a list, NaN, ±inf, a negative) is an error.
    private static func factor(_ config: [String: JSONValue], _ key: String, _ owner: String, default value: Float) throws -> Float {
        guard let item = config[key] else { return value }
        guard let number = item.floatValue, number.isFinite, number >= 0 else {
            throw ConfigError.invalid(
                "\(owner): invalid value for argument \(key): expected a non-negative float, not \(item.doubleValue.map { "\($0)" } ?? item.jsonString())")
        }
        return number
    }

    /// A regularizer from Keras's config or short name.
    public init(keras json: JSONValue) throws {
        guard let regularizer = try CustomObjects.make(json, kind: .regularizer, builtIns: Self.builtIns) as? Regularizer else {
            throw ConfigError.unsupported("the regularizer \(json.jsonString().prefix(100)) is not one NeuralKit can apply")
        }
        self = regularizer
    }
}
