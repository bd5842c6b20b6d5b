import Serialization

/// Keras's `F1Score`: the ``FBetaScore`` with β = 1.
public final class F1Score: FBetaScore {
    public init(average: Average? = nil, threshold: Float? = nil, name: String = "f1_score") throws {
        try super.init(average: average, beta: 1, threshold: threshold, name: name)
    }

    public required convenience init(kerasConfig config: [String: JSONValue]) throws {
        try self.init(
            average: Self.average(config, owner: "F1Score"), threshold: config["threshold"].flatMap { $0 == .null ? nil : $0.floatValue },
            name: ConfusionMetricConfig.name(config, default: "f1_score"))
    }

    public override func kerasConfig() throws -> [String: JSONValue] {
        var config = try super.kerasConfig()
        config["beta"] = nil
        return config
    }
}
