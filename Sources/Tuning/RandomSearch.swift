/// Random search over a hypermodel's space (Keras Tuner's `RandomSearch` tuner).
public final class RandomSearch: Tuner {
    public init(
        hyperModel: HyperModel, objective: Objective, maxTrials: Int = 10, seed: UInt64 = 42, directory: String, overwrite: Bool = false,
        executionsPerTrial: Int = 1, maxRetriesPerTrial: Int = 0, maxConsecutiveFailedTrials: Int = 3, hyperparameters: HyperParameters? = nil
    ) throws {
        try super.init(
            oracle: try RandomSearchOracle(objective: objective, maxTrials: maxTrials, seed: seed), hyperModel: hyperModel, directory: directory,
            overwrite: overwrite, executionsPerTrial: executionsPerTrial, maxRetriesPerTrial: maxRetriesPerTrial,
            maxConsecutiveFailedTrials: maxConsecutiveFailedTrials, hyperparameters: hyperparameters)
    }
}
