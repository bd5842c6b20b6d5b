/// Random search (Keras Tuner's `RandomSearchOracle`): each trial draws every active parameter at
/// random, skipping value sets already tried, until `maxTrials` or the space is exhausted.
public final class RandomSearchOracle: Oracle {
    public let objective: Objective
    public let maxTrials: Int?
    public let seed: UInt64

    public init(objective: Objective, maxTrials: Int, seed: UInt64 = 42) throws {
        guard maxTrials > 0 else { throw TuningError.invalidArgument("maxTrials must be positive, not \(maxTrials)") }
        (self.objective, self.maxTrials, self.seed) = (objective, maxTrials, seed)
    }

    public var identity: String { "random seed=\(seed)" }

    public func populateSpace(trialNumber: Int, space: HyperParameters, trials: [Trial]) -> Proposal {
        let tried = Set(trials.map(\.values))
        guard let values = randomValues(space: space, seed: seed, trialNumber: trialNumber, tried: tried) else {
            return trials.contains { $0.status == .running } ? .idle : .stop
        }
        return .run(values, nil)
    }
}
