import Serialization
import Tensors

/// A penalty on a weight tensor added to the loss, as Keras's `keras.regularizers`: `l1·Σ|w| + l2·Σw²`
/// (`L1`, `L2`, `L1L2`), the orthogonality penalty, or a regularizer class of your own.
public struct Regularizer: Sendable, Equatable, Hashable {
    /// Which penalty, with its options.
    public enum Kind: Sendable, Equatable, Hashable {
        case l1l2(l1: Float, l2: Float)
        /// `factor · ½ · mean |⟨uᵢ, uⱼ⟩|` over pairs of distinct L2-normalized rows (or columns) of a matrix.
        case orthogonal(factor: Float, mode: OrthogonalMode)
        case custom(CustomRule<any CustomRegularizer>)
    }

    /// Which slices ``Kind/orthogonal(factor:mode:)`` pushes apart: a kernel's rows or its columns.
    public enum OrthogonalMode: String, Sendable, Hashable { case rows, columns }

    public let kind: Kind

    public init(kind: Kind) { self.kind = kind }
    public init(l1: Float = 0, l2: Float = 0) { kind = .l1l2(l1: l1, l2: l2) }

    /// The L1 and L2 factors (0 for the other kinds).
    public var l1: Float { if case let .l1l2(l1, _) = kind { l1 } else { 0 } }
    public var l2: Float { if case let .l1l2(_, l2) = kind { l2 } else { 0 } }

    /// Keras's defaults: `L1(0.01)`, `L2(0.01)`.
    public static func l1(_ factor: Float = 0.01) -> Regularizer { Regularizer(l1: factor) }
    public static func l2(_ factor: Float = 0.01) -> Regularizer { Regularizer(l2: factor) }
    public static func l1l2(l1: Float = 0, l2: Float = 0) -> Regularizer { Regularizer(l1: l1, l2: l2) }
    /// Keras's `OrthogonalRegularizer(factor=0.01, mode="rows")`, for rank-2 weights.
    public static func orthogonal(factor: Float = 0.01, mode: OrthogonalMode = .rows) -> Regularizer {
        Regularizer(kind: .orthogonal(factor: factor, mode: mode))
    }
    /// A regularizer class of your own.
    public static func custom(_ rule: any CustomRegularizer) throws -> Regularizer {
        Regularizer(kind: .custom(CustomRule(rule, json: try rule.kerasJSON())))
    }

    /// The penalty of `weights`; a factor that is negative, infinite or NaN is an error naming it (Keras's
    /// `validate_float_arg`).
    public func penalty(_ weights: Tensor) throws -> Tensor {
        switch kind {
        case let .l1l2(l1, l2):
            for (name, factor) in [("l1", l1), ("l2", l2)] where !(factor >= 0 && factor.isFinite) {
                throw LayerError.invalidArgument("\(kerasClassName): invalid value for argument \(name): expected a non-negative float, not \(factor)")
            }
            var total = Tensor(0)
            if l1 != 0 { total = try total + l1 * weights.abs().sum() }
            if l2 != 0 { total = try total + l2 * weights.square().sum() }
            return total
        case let .orthogonal(factor, mode):
            guard factor >= 0 && factor.isFinite else {
                throw LayerError.invalidArgument("OrthogonalRegularizer: invalid value for argument factor: expected a non-negative float, not \(factor)")
            }
            return try orthogonalPenalty(weights, factor: factor, mode: mode)
        case let .custom(custom): return try custom.rule.penalty(weights)
        }
    }

    /// Keras's orthogonality penalty: normalize each row (or column), take the Gram matrix, and average the
    /// absolute values off its diagonal over the pairs.
    private func orthogonalPenalty(_ w: Tensor, factor: Float, mode: OrthogonalMode) throws -> Tensor {
        guard w.rank == 2 else {
            throw LayerError.invalidArgument("OrthogonalRegularizer needs rank-2 weights (a kernel); these have shape \(w.shape)")
        }
        let axis = mode == .rows ? 1 : 0
        let norms = try w.square().sum(alongAxes: [axis], keepingDimensions: true).sqrt()
        let unit = try w / Tensor.maximum(norms, 1e-7)
        let product = try unit.matmul(unit, transposeSelf: mode == .columns, transposeOther: mode == .rows)
        let size = w.shape.dimensions[mode == .rows ? 0 : 1]
        guard size > 1 else { return Tensor(0) }
        var offDiagonal = [Float](repeating: 1, count: size * size)
        for i in 0..<size { offDiagonal[i * size + i] = 0 }
        let pairs = Float(size) * (Float(size) - 1) / 2
        return try factor * 0.5 * (product * Tensor(offDiagonal, shape: [size, size])).abs().sum() / pairs
    }
}

/// Keras's `L1`, `L2`, `L1L2` and `OrthogonalRegularizer` classes (`keras.regularizers`).
extension Regularizer: KerasConfigurable {
    public var kerasClassName: String {
        switch kind {
        case .orthogonal: "OrthogonalRegularizer"
        case let .custom(custom): custom.rule.kerasClassName
        case .l1l2: l1 == 0 ? "L2" : l2 == 0 ? "L1" : "L1L2"
        }
    }
    public var kerasModule: String { "keras.regularizers" }
    public func kerasConfig() throws -> [String: JSONValue] {
        switch kind {
        case let .orthogonal(factor, mode): ["factor": .float(factor), "mode": .string(mode.rawValue)]
        case let .custom(custom): try custom.rule.kerasConfig()
        case .l1l2: l1 == 0 ? ["l2": .float(l2)] : l2 == 0 ? ["l1": .float(l1)] : ["l1": .float(l1), "l2": .float(l2)]
        }
    }

    /// Keras's form, with a custom class's registered name.
    public func kerasJSON() throws -> JSONValue {
        if case let .custom(custom) = kind { return try custom.rule.kerasJSON() }
        return try kerasObject().json
    }

    /// The regularizer classes by Keras's class name and short name, for the registry.
    public static let builtIns: [KerasFactory] = [
        KerasFactory(kind: .regularizer, names: ["L1", "l1"]) { Regularizer(l1: try factor($0.config, "l1", in: "L1", default: 0.01)) },
        KerasFactory(kind: .regularizer, names: ["L2", "l2"]) { Regularizer(l2: try factor($0.config, "l2", in: "L2", default: 0.01)) },
        // Keras 3's short name is `l1l2` (its snake case of `L1L2`); Keras 2 wrote `l1_l2`.
        KerasFactory(kind: .regularizer, names: ["L1L2", "l1l2", "l1_l2"]) {
            Regularizer(l1: try factor($0.config, "l1", in: "L1L2", default: 0), l2: try factor($0.config, "l2", in: "L1L2", default: 0))
        },
        KerasFactory(kind: .regularizer, names: ["OrthogonalRegularizer", "orthogonal_regularizer"]) {
            let mode = $0.config["mode"]?.stringValue ?? "rows"
            guard let parsed = OrthogonalMode(rawValue: mode) else {
                throw ConfigError.invalid("OrthogonalRegularizer: mode must be \"rows\" or \"columns\", not \"\(mode)\"")
            }
            return Regularizer.orthogonal(factor: try factor($0.config, "factor", in: "OrthogonalRegularizer", default: 0.01), mode: parsed)
        },
    ]

    /// A penalty factor from a config, as Keras's `validate_float_arg`: absent gives the default; anything
    /// but a finite, non-negative number (null, a string, a list, NaN, ±inf, a negative) is an error.
    private static func factor(_ config: [String: JSONValue], _ key: String, in owner: String, default value: Float) throws -> Float {
        guard let item = config[key] else { return value }
        guard let number = item.floatValue, number.isFinite, number >= 0 else {
            throw ConfigError.invalid(
                "\(owner): invalid value for argument \(key): expected a non-negative float, not \(item.doubleValue.map { "\($0)" } ?? item.jsonString())")
        }
        return number
    }

    /// A regularizer from Keras's config or short name, or a registered class of your own.
    public init(keras json: JSONValue) throws {
        let made = try CustomObjects.make(json, kind: .regularizer, builtIns: Self.builtIns)
        if let regularizer = made as? Regularizer {
            self = regularizer
        } else if let custom = made as? any CustomRegularizer {
            self = try .custom(custom)
        } else {
            throw ConfigError.unsupported("the regularizer \(json.jsonString().prefix(100)) is registered but does not conform to CustomRegularizer")
        }
    }
}
