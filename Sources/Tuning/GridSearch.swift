/// Grid search over a hypermodel's space (Keras Tuner's `GridSearch` tuner).
public final class GridSearch: Tuner {
    public init(
        hyperModel: HyperModel, objective: Objective, maxTrials: Int? = nil, directory: String, overwrite: Bool = false,
        executionsPerTrial: Int = 1, maxRetriesPerTrial: Int = 0, maxConsecutiveFailedTrials: Int = 3, hyperparameters: HyperParameters? = nil
    ) throws {
        try super.init(
            oracle: try GridSearchOracle(objective: objective, maxTrials: maxTrials), hyperModel: hyperModel, directory: directory,
            overwrite: overwrite, executionsPerTrial: executionsPerTrial, maxRetriesPerTrial: maxRetriesPerTrial,
            maxConsecutiveFailedTrials: maxConsecutiveFailedTrials, hyperparameters: hyperparameters)
    }
}
