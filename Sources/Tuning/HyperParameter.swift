/// One dimension of a search space, as Keras Tuner declares them: `Int`, `Float`, `Choice`, `Boolean`
/// or `Fixed`, with the conditions under which it is active.
public struct HyperParameter: Hashable, Codable, Sendable {
    /// What values the parameter takes.
    public enum Kind: Hashable, Codable, Sendable {
        /// Integers in `min...max` (both included); `step` nil means any integer (linear sampling gets 1).
        case int(min: Int, max: Int, step: Int?, sampling: Sampling, default: Int?)
        /// Floats in `min...max`; `step` nil means continuous.
        case float(min: Double, max: Double, step: Double?, sampling: Sampling, default: Double?)
        /// One of `values` (all of one type); `ordered` for numbers that a model may treat as a scale.
        case choice(values: [HyperValue], ordered: Bool, default: HyperValue?)
        case boolean(default: Bool)
        case fixed(HyperValue)
    }

    public var name: String
    public var kind: Kind
    public var conditions: [Condition]

    /// Checks the declaration as Keras Tuner does, with its messages.
    public init(name: String, kind: Kind, conditions: [Condition] = []) throws {
        self.name = name
        self.kind = kind
        self.conditions = conditions
        try validate()
    }

    /// Keras Tuner's class name for summaries: Int, Float, Choice, Boolean, Fixed.
    public var className: String {
        switch kind {
        case .int: "Int"
        case .float: "Float"
        case .choice: "Choice"
        case .boolean: "Boolean"
        case .fixed: "Fixed"
        }
    }

    /// The value used when nothing else chose one: the given default, else the minimum or first value.
    public var defaultValue: HyperValue {
        switch kind {
        case let .int(min, _, _, _, value): .int(value ?? min)
        case let .float(min, _, _, _, value): .float(value ?? min)
        case let .choice(values, _, value): value ?? values[0]
        case let .boolean(value): .bool(value)
        case let .fixed(value): value
        }
    }

    private func validate() throws {
        guard !name.isEmpty else { throw HyperParameterError("a hyperparameter needs a name") }
        switch kind {
        case let .int(min, max, step, sampling, value):
            try checkRange(Double(min), Double(max), step.map(Double.init), sampling)
            if let value, !(min...max).contains(value) {
                throw HyperParameterError("For HyperParameters.Int(name='\(name)'), default \(value) is outside [\(min), \(max)].")
            }
            if let step, sampling == .linear, step <= 0 {
                throw HyperParameterError("For HyperParameters.Int(name='\(name)'), step must be positive, not \(step).")
            }
        case let .float(min, max, step, sampling, value):
            guard min.isFinite, max.isFinite else {
                throw HyperParameterError("For HyperParameters.Float(name='\(name)'), min_value and max_value must be finite numbers.")
            }
            try checkRange(min, max, step, sampling)
            if let value, !(min...max).contains(value) {
                throw HyperParameterError("For HyperParameters.Float(name='\(name)'), default \(value) is outside [\(min), \(max)].")
            }
            if let step, sampling == .linear, !(step > 0) {
                throw HyperParameterError("For HyperParameters.Float(name='\(name)'), step must be positive, not \(step).")
            }
        case let .choice(values, ordered, value):
            guard let first = values.first else { throw HyperParameterError("`values` must be provided for `Choice` ('\(name)').") }
            if Set(values.map(\.typeName)).count > 1 {
                throw HyperParameterError("A `Choice` can contain only one type of value, found values: \(values) ('\(name)').")
            }
            if let value, !values.contains(value) {
                throw HyperParameterError(
                    "The default value should be one of the choices. You passed: values=\(values), default=\(value) ('\(name)').")
            }
            if ordered && first.number == nil || ordered && first.typeName == "bool" {
                throw HyperParameterError("`ordered` must be `False` for non-numeric types ('\(name)').")
            }
        case .boolean, .fixed: break
        }
    }

    private func checkRange(_ min: Double, _ max: Double, _ step: Double?, _ sampling: Sampling) throws {
        if min > max {
            throw HyperParameterError(
                "For HyperParameters.\(className)(name='\(name)'), min_value \(format(min)) is greater than the max_value \(format(max)).")
        }
        if sampling != .linear && min <= 0 {
            throw HyperParameterError(
                "For HyperParameters.\(className)(name='\(name)'), sampling='\(sampling.rawValue)' does not support negative values, "
                    + "found min_value: \(format(min)).")
        }
        if sampling != .linear, let step, step <= 1 {
            throw HyperParameterError(
                "For HyperParameters.\(className)(name='\(name)'), expected step > 1 with sampling='\(sampling.rawValue)'. "
                    + "Received: step=\(format(step)).")
        }
    }

    private func format(_ value: Double) -> String {
        if case .int = kind, value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
