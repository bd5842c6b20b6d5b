/// Hyperband over a hypermodel's space (Keras Tuner's `Hyperband` tuner): each trial trains to its
/// round's epochs, continuing from the weights of the trial it was promoted from.
public final class Hyperband: Tuner {
    public init(
        hyperModel: HyperModel, objective: Objective, maxEpochs: Int = 100, factor: Int = 3, hyperbandIterations: Int? = 1, seed: UInt64 = 42,
        directory: String, overwrite: Bool = false, executionsPerTrial: Int = 1, maxRetriesPerTrial: Int = 0, maxConsecutiveFailedTrials: Int = 3,
        hyperparameters: HyperParameters? = nil
    ) throws {
        try super.init(
            oracle: try HyperbandOracle(objective: objective, maxEpochs: maxEpochs, factor: factor, hyperbandIterations: hyperbandIterations, seed: seed),
            hyperModel: hyperModel, directory: directory, overwrite: overwrite, executionsPerTrial: executionsPerTrial,
            maxRetriesPerTrial: maxRetriesPerTrial, maxConsecutiveFailedTrials: maxConsecutiveFailedTrials, hyperparameters: hyperparameters)
    }
}
