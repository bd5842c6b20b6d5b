/// What an oracle says when asked for the next trial.
public enum Proposal: Equatable, Sendable {
    /// Run these values (with a Hyperband placement, for Hyperband).
    case run([String: HyperValue], HyperbandPlacement?)
    /// Nothing to run until a running trial ends (another worker's).
    case idle
    /// The search is over.
    case stop
}

/// Chooses the hyperparameters of each new trial from the space and the trials so far (Keras Tuner's
/// `Oracle.populate_space`). An oracle's memory lives in the study (``state()``), so that every worker
/// process decides from the same state, inside the database's transaction.
public protocol Oracle: AnyObject {
    var objective: Objective { get }
    /// The most trials to create, or nil (Hyperband stops by itself).
    var maxTrials: Int? { get }
    /// The tuner's name and settings, stored with the study to recognize it again.
    var identity: String { get }
    /// The next trial's values; `trials` holds every trial created so far, in order.
    func populateSpace(trialNumber: Int, space: HyperParameters, trials: [Trial]) -> Proposal
    /// The oracle's memory as JSON text, or nil when it keeps none.
    func state() throws -> String?
    func restore(state: String) throws
}

extension Oracle {
    public func state() throws -> String? { nil }
    public func restore(state: String) throws {}

    /// The completed trials, best first.
    func ranked(_ trials: [Trial]) -> [Trial] {
        trials.filter { $0.status == .completed && $0.score != nil }.sorted {
            objective.isBetter($0.score ?? .nan, than: $1.score ?? .nan)
                || (!objective.isBetter($1.score ?? .nan, than: $0.score ?? .nan) && $0.number < $1.number)
        }
    }
}

/// Keras Tuner's `_random_values`: each active parameter drawn in declaration order (a parent's value
/// decides whether its children are drawn), retried when the values were already tried; nil after
/// `maxCollisions` repeats. `seed` and `trialNumber` fix the draw, whichever worker makes it.
func randomValues(space: HyperParameters, seed: UInt64, trialNumber: Int, tried: Set<[String: HyperValue]>, maxCollisions: Int = 20)
    -> [String: HyperValue]?
{
    var generator = TrialRandom(seed: seed, stream: UInt64(trialNumber))
    for _ in 0...maxCollisions {
        let point = HyperParameters()
        for parameter in space.space {
            point.merge([parameter])
            if point.isActive(parameter) { point.values[parameter.name] = parameter.value(atProbability: generator.nextUnit()) }
        }
        point.ensureActiveValues()
        if !tried.contains(point.values) { return point.values }
    }
    return nil
}
