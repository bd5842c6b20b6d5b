/// Optuna's `MedianPruner`: after `startupTrials` completed trials and `warmupSteps` epochs, stop a trial
/// whose best value so far is worse than the median of the completed trials' values at the same epoch
/// (checked every `intervalSteps` epochs, once at least `minTrials` trials reached that epoch).
public struct MedianPruner: Pruner {
    public var startupTrials: Int
    public var warmupSteps: Int
    public var intervalSteps: Int
    public var minTrials: Int

    public init(startupTrials: Int = 5, warmupSteps: Int = 0, intervalSteps: Int = 1, minTrials: Int = 1) throws {
        guard startupTrials >= 0, warmupSteps >= 0, intervalSteps >= 1, minTrials >= 1 else {
            throw TuningError.invalidArgument(
                "MedianPruner needs startupTrials ≥ 0, warmupSteps ≥ 0, intervalSteps ≥ 1 and minTrials ≥ 1; got \(startupTrials), "
                    + "\(warmupSteps), \(intervalSteps), \(minTrials)")
        }
        (self.startupTrials, self.warmupSteps, self.intervalSteps, self.minTrials) = (startupTrials, warmupSteps, intervalSteps, minTrials)
    }

    public func shouldPrune(_ values: [Double], completed: [[Double]], finished: [[Double]], direction: Objective.Direction) -> Bool {
        guard !completed.isEmpty, completed.count >= startupTrials, let step = values.indices.last, step >= warmupSteps else { return false }
        guard (step - warmupSteps) % intervalSteps == 0 else { return false }
        let finite = values.filter { !$0.isNaN }
        guard let best = direction == .max ? finite.max() : finite.min() else { return true }
        let atStep = completed.compactMap { $0.indices.contains(step) ? $0[step] : nil }.filter { !$0.isNaN }
        guard atStep.count >= minTrials else { return false }
        let median = Self.percentile(atStep, 50)
        return direction == .max ? best < median : best > median
    }

    /// NumPy's `percentile` with linear interpolation.
    static func percentile(_ values: [Double], _ percent: Double) -> Double {
        let sorted = values.sorted()
        let rank = percent / 100 * Double(sorted.count - 1)
        let low = Int(rank.rounded(.down)), high = min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - Double(low))
    }
}
