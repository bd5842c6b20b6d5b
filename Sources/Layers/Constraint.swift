import Serialization
import Tensors

/// A rule a weight tensor is projected back onto after every optimizer update, as Keras's
/// `keras.constraints`: `maxNorm` and `minMaxNorm` bound the L2 norm of each slice along `axis` (each
/// unit's incoming weights, for a Dense kernel with axis 0), `unitNorm` makes it 1, `nonNeg` zeroes
/// negative weights.
public struct Constraint: Sendable, Equatable, Hashable {
    /// Which rule, with its options.
    public enum Kind: Sendable, Equatable, Hashable {
        case maxNorm(maxValue: Float, axis: Int)
        case minMaxNorm(minValue: Float, maxValue: Float, rate: Float, axis: Int)
        case nonNeg
        case unitNorm(axis: Int)
        /// A constraint class of your own.
        case custom(CustomRule<any CustomConstraint>)
    }

    public let kind: Kind

    public static func maxNorm(_ maxValue: Float = 2, axis: Int = 0) -> Constraint { Constraint(kind: .maxNorm(maxValue: maxValue, axis: axis)) }
    public static func minMaxNorm(minValue: Float = 0, maxValue: Float = 1, rate: Float = 1, axis: Int = 0) -> Constraint {
        Constraint(kind: .minMaxNorm(minValue: minValue, maxValue: maxValue, rate: rate, axis: axis))
    }
    public static let nonNeg = Constraint(kind: .nonNeg)
    public static func unitNorm(axis: Int = 0) -> Constraint { Constraint(kind: .unitNorm(axis: axis)) }
    /// A constraint class of your own.
    public static func custom(_ rule: any CustomConstraint) throws -> Constraint {
        Constraint(kind: .custom(CustomRule(rule, json: try rule.kerasJSON())))
    }

    /// The weights projected onto the rule (Keras's epsilon 1e-7 keeps a zero slice at zero).
    public func callAsFunction(_ w: Tensor) throws -> Tensor {
        func norms(_ axis: Int) throws -> Tensor {
            let resolved = axis < 0 ? w.rank + axis : axis
            guard resolved >= 0, resolved < Swift.max(w.rank, 1) else {
                throw LayerError.invalidArgument("\(kerasClassName): axis \(axis) is not an axis of a weight of shape \(w.shape)")
            }
            return try w.square().sum(alongAxes: [resolved], keepingDimensions: true).sqrt()
        }
        switch kind {
        case let .maxNorm(maxValue, axis):
            let n = try norms(axis)
            return try w * (n.clipped(to: 0...maxValue) / (n + 1e-7))
        case let .minMaxNorm(minValue, maxValue, rate, axis):
            let n = try norms(axis)
            let desired = try rate * n.clipped(to: minValue...maxValue) + (1 - rate) * n
            return try w * (desired / (n + 1e-7))
        case .nonNeg: return try w * (w .>= 0)
        case let .unitNorm(axis): return try w / (norms(axis) + 1e-7)
        case let .custom(custom): return try custom.rule.project(w)
        }
    }

    /// The rule as a closure a ``Parameter`` runs after each update.
    public var projection: @Sendable (Tensor) throws -> Tensor { { try self($0) } }
}

/// Keras's `MaxNorm`, `MinMaxNorm`, `NonNeg` and `UnitNorm` classes (`keras.constraints`).
extension Constraint: KerasConfigurable {
    public var kerasClassName: String {
        switch kind {
        case .maxNorm: "MaxNorm"
        case .minMaxNorm: "MinMaxNorm"
        case .nonNeg: "NonNeg"
        case .unitNorm: "UnitNorm"
        case let .custom(custom): custom.rule.kerasClassName
        }
    }

    public var kerasModule: String { "keras.constraints" }

    public func kerasConfig() throws -> [String: JSONValue] {
        switch kind {
        case let .custom(custom): try custom.rule.kerasConfig()
        case let .maxNorm(maxValue, axis): ["max_value": .float(maxValue), "axis": .int(axis)]
        case let .minMaxNorm(minValue, maxValue, rate, axis):
            ["min_value": .float(minValue), "max_value": .float(maxValue), "rate": .float(rate), "axis": .int(axis)]
        case .nonNeg: [:]
        case let .unitNorm(axis): ["axis": .int(axis)]
        }
    }

    /// The constraint classes by Keras's class and short names, for the registry.
    public static let builtIns: [KerasFactory] = [
        KerasFactory(kind: .constraint, names: ["MaxNorm", "max_norm"]) {
            Constraint.maxNorm(try $0.config.float("max_value", in: "MaxNorm", default: 2), axis: try $0.config.int("axis", in: "MaxNorm", default: 0))
        },
        KerasFactory(kind: .constraint, names: ["MinMaxNorm", "min_max_norm"]) {
            let c = $0.config, n = "MinMaxNorm"
            return Constraint.minMaxNorm(
                minValue: try c.float("min_value", in: n, default: 0), maxValue: try c.float("max_value", in: n, default: 1),
                rate: try c.float("rate", in: n, default: 1), axis: try c.int("axis", in: n, default: 0))
        },
        KerasFactory(kind: .constraint, names: ["NonNeg", "non_neg"]) { _ in Constraint.nonNeg },
        KerasFactory(kind: .constraint, names: ["UnitNorm", "unit_norm"]) { Constraint.unitNorm(axis: try $0.config.int("axis", in: "UnitNorm", default: 0)) },
    ]

    /// Keras's form, with a custom class's registered name.
    public func kerasJSON() throws -> JSONValue {
        if case let .custom(custom) = kind { return try custom.rule.kerasJSON() }
        return try kerasObject().json
    }

    /// A constraint from Keras's config or short name, or a registered class of your own; null for none.
    public init?(keras json: JSONValue?) throws {
        guard let json, json != .null else { return nil }
        let made = try CustomObjects.make(json, kind: .constraint, builtIns: Self.builtIns)
        if let constraint = made as? Constraint {
            self = constraint
        } else if let custom = made as? any CustomConstraint {
            self = try .custom(custom)
        } else {
            throw ConfigError.unsupported("the constraint \(json.jsonString().prefix(100)) is registered but does not conform to CustomConstraint")
        }
    }
}
