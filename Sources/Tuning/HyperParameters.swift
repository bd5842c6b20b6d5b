/// A search space and one point in it, as Keras Tuner's `HyperParameters`: a model-building function
/// declares each parameter where it uses it (`hp.int("units", min: 16, max: 256)`) and gets the value
/// of the trial being run; the first call registers the parameter and returns its default.
///
/// A parameter declared inside ``conditionalScope(_:_:_:)`` is active only when its parent holds one
/// of the scope's values; an inactive parameter is registered but returns its default, which a
/// model must not rely on (Keras Tuner returns `None`).
public final class HyperParameters {
    /// Every parameter declared, in declaration order.
    public private(set) var space: [HyperParameter] = []
    /// The values of the active parameters.
    public var values: [String: HyperValue] = [:]
    private var conditions: [Condition] = []
    /// The condition lists entered while active and while inactive (Keras Tuner's `active_scopes`,
    /// `inactive_scopes`), used to discover every conditional parameter.
    public private(set) var activeScopes: [[Condition]] = []
    public private(set) var inactiveScopes: [[Condition]] = []

    public init(space: [HyperParameter] = [], values: [String: HyperValue] = [:]) {
        self.space = space
        self.values = values
    }

    /// A copy with the same space and values (scopes not kept).
    public func copy() -> HyperParameters { HyperParameters(space: space, values: values) }

    /// An integer in `min...max`; `step` spaces the values (multiplies them for log sampling).
    @discardableResult
    public func int(_ name: String, min: Int, max: Int, step: Int? = nil, sampling: Sampling = .linear, default value: Int? = nil) throws -> Int {
        let step = step ?? (sampling == .linear ? 1 : nil)
        let result = try retrieve(HyperParameter(name: name, kind: .int(min: min, max: max, step: step, sampling: sampling, default: value)))
        return try typed(result, name, "Int")
    }

    /// A float in `min...max`; `.log` sampling for learning rates.
    @discardableResult
    public func float(
        _ name: String, min: Double, max: Double, step: Double? = nil, sampling: Sampling = .linear, default value: Double? = nil
    ) throws -> Double {
        let result = try retrieve(HyperParameter(name: name, kind: .float(min: min, max: max, step: step, sampling: sampling, default: value)))
        return try typed(result, name, "Float")
    }

    /// One of `values`; `ordered` defaults to true for numbers, as in Keras Tuner.
    @discardableResult
    public func choice<T: HyperValueConvertible>(_ name: String, _ values: [T], ordered: Bool? = nil, default value: T? = nil) throws -> T {
        let hyperValues = values.map(\.hyperValue)
        let numeric = hyperValues.first.map { $0.typeName == "int" || $0.typeName == "float" } ?? false
        let kind = HyperParameter.Kind.choice(values: hyperValues, ordered: ordered ?? numeric, default: value?.hyperValue)
        return try typed(try retrieve(HyperParameter(name: name, kind: kind)), name, "Choice")
    }

    @discardableResult
    public func boolean(_ name: String, default value: Bool = false) throws -> Bool {
        try typed(try retrieve(HyperParameter(name: name, kind: .boolean(default: value))), name, "Boolean")
    }

    /// A value that does not change (recorded with the trial, as Keras Tuner's `Fixed`).
    @discardableResult
    public func fixed<T: HyperValueConvertible>(_ name: String, _ value: T) throws -> T {
        try typed(try retrieve(HyperParameter(name: name, kind: .fixed(value.hyperValue))), name, "Fixed")
    }

    /// Runs `body` with every parameter it declares conditional on `parent` holding one of `parentValues`.
    /// The parent must be declared first; the body runs whether or not the condition holds.
    public func conditionalScope<T: HyperValueConvertible, R>(_ parent: String, _ parentValues: [T], _ body: () throws -> R) throws -> R {
        guard space.contains(where: { $0.name == parent && $0.conditions == conditions }) else {
            throw HyperParameterError("`HyperParameter` named: \(parent) not defined (declare it before its conditional scope).")
        }
        let condition = Condition(parent: parent, values: parentValues.map(\.hyperValue))
        conditions.append(condition)
        defer { conditions.removeLast() }
        if condition.isActive(values) { activeScopes.append(conditions) } else { inactiveScopes.append(conditions) }
        return try body()
    }

    /// Whether all of the parameter's conditions hold for the current values.
    public func isActive(_ parameter: HyperParameter) -> Bool { parameter.conditions.allSatisfy { $0.isActive(values) } }

    /// The value of an active parameter; an error names an inactive or unknown one.
    public func get(_ name: String) throws -> HyperValue {
        if let value = values[name] { return value }
        if space.contains(where: { $0.name == name }) { throw HyperParameterError("\(name) is currently inactive.") }
        throw HyperParameterError("\(name) does not exist.")
    }

    /// Adds parameters not yet in the space (same name and conditions means the same parameter).
    public func merge(_ parameters: [HyperParameter]) {
        for parameter in parameters where !exists(parameter.name, parameter.conditions) {
            space.append(parameter)
            if isActive(parameter) && values[parameter.name] == nil { values[parameter.name] = parameter.defaultValue }
        }
    }

    /// Gives every active parameter without a value its default, and drops the values of inactive ones,
    /// in declaration order (a parent's value decides its children).
    public func ensureActiveValues() {
        for parameter in space {
            if isActive(parameter) {
                if values[parameter.name] == nil { values[parameter.name] = parameter.defaultValue }
            } else if !space.contains(where: { $0.name == parameter.name && isActive($0) }) {
                values[parameter.name] = nil
            }
        }
    }

    func exists(_ name: String, _ conditions: [Condition]) -> Bool {
        space.contains { $0.name == name && $0.conditions == conditions }
    }

    private func retrieve(_ declared: HyperParameter) throws -> HyperValue {
        var parameter = declared
        parameter.conditions = conditions
        if !exists(parameter.name, parameter.conditions) { space.append(parameter) }
        guard isActive(parameter) else { return parameter.defaultValue }
        if let value = values[parameter.name] { return value }
        values[parameter.name] = parameter.defaultValue
        return parameter.defaultValue
    }

    private func typed<T: HyperValueConvertible>(_ value: HyperValue, _ name: String, _ kind: String) throws -> T {
        guard let result = T(hyperValue: value) else {
            throw HyperParameterError("hyperparameter '\(name)' holds \(value) (\(value.typeName)), which is not a value of this \(kind) as declared")
        }
        return result
    }
}
