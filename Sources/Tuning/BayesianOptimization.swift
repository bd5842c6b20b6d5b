/// Bayesian optimization over a hypermodel's space (Keras Tuner's `BayesianOptimization` tuner).
public final class BayesianOptimization: Tuner {
    public init(
        hyperModel: HyperModel, objective: Objective, maxTrials: Int = 10, numInitialPoints: Int? = nil, alpha: Double = 1e-4, beta: Double = 2.6,
        seed: UInt64 = 42, directory: String, overwrite: Bool = false, executionsPerTrial: Int = 1, maxRetriesPerTrial: Int = 0,
        maxConsecutiveFailedTrials: Int = 3, hyperparameters: HyperParameters? = nil
    ) throws {
        try super.init(
            oracle: try BayesianOptimizationOracle(
                objective: objective, maxTrials: maxTrials, numInitialPoints: numInitialPoints, alpha: alpha, beta: beta, seed: seed),
            hyperModel: hyperModel, directory: directory, overwrite: overwrite, executionsPerTrial: executionsPerTrial,
            maxRetriesPerTrial: maxRetriesPerTrial, maxConsecutiveFailedTrials: maxConsecutiveFailedTrials, hyperparameters: hyperparameters)
    }
}
