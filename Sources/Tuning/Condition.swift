/// A condition on a parent hyperparameter (Keras Tuner's `conditions.Parent`): a parameter declared in
/// `conditionalScope(parent, values)` is active only while the parent holds one of `values`.
public struct Condition: Hashable, Codable, Sendable {
    public var parent: String
    public var values: [HyperValue]

    public init(parent: String, values: [HyperValue]) {
        self.parent = parent
        self.values = values
    }

    /// Whether the parent's current value is one of the condition's (false when the parent has none).
    public func isActive(_ current: [String: HyperValue]) -> Bool {
        guard let value = current[parent] else { return false }
        return values.contains(value)
    }
}
