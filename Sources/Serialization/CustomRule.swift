/// An object of your own (a regularizer, constraint or schedule class) held inside a value type: equal
/// when its Keras form is.
public struct CustomRule<Rule: Sendable>: Sendable, Hashable {
    public let rule: Rule
    let identity: String

    public init(_ rule: Rule, json: JSONValue) {
        self.rule = rule
        identity = json.jsonString()
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.identity == rhs.identity }
    public func hash(into hasher: inout Hasher) { hasher.combine(identity) }
}
