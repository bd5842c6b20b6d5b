/// Optuna's `SuccessiveHalvingPruner`, asynchronous (ASHA): rung r is reached at epoch
/// `minResource · reductionFactor^(minEarlyStoppingRate + r)` (1-based); a trial that reaches a rung goes on only
/// if its value there is among the best `1/reductionFactor` of the values every ended trial had at that rung
/// (with at least `bootstrapCount` others to compare with). Trials still running are not compared: only
/// the ended trials' epochs are in the study.
public struct SuccessiveHalvingPruner: Pruner {
    public var minResource: Int
    public var reductionFactor: Int
    public var minEarlyStoppingRate: Int
    public var bootstrapCount: Int

    public init(minResource: Int = 1, reductionFactor: Int = 4, minEarlyStoppingRate: Int = 0, bootstrapCount: Int = 0) throws {
        guard minResource >= 1, reductionFactor >= 2, minEarlyStoppingRate >= 0, bootstrapCount >= 0 else {
            throw TuningError.invalidArgument(
                "SuccessiveHalvingPruner needs minResource ≥ 1, reductionFactor ≥ 2, minEarlyStoppingRate ≥ 0 and bootstrapCount ≥ 0; got "
                    + "\(minResource), \(reductionFactor), \(minEarlyStoppingRate), \(bootstrapCount)")
        }
        (self.minResource, self.reductionFactor, self.minEarlyStoppingRate, self.bootstrapCount) = (
            minResource, reductionFactor, minEarlyStoppingRate, bootstrapCount
        )
    }

    /// The 1-based epoch at which rung `rung` is reached.
    func rungStep(_ rung: Int) -> Int {
        var step = minResource
        for _ in 0..<(minEarlyStoppingRate + rung) { step *= reductionFactor }
        return step
    }

    public func shouldPrune(_ values: [Double], completed: [[Double]], finished: [[Double]], direction: Objective.Direction) -> Bool {
        let step = values.count
        // Judged only at a rung's own epoch; between rungs the trial carries on.
        guard let rung = (0..<64).first(where: { rungStep($0) >= step }), rungStep(rung) == step, let value = values.last else { return false }
        if value.isNaN { return true }
        var competing = finished.compactMap { $0.count >= step ? $0[step - 1] : nil }.filter { !$0.isNaN }
        if competing.count < bootstrapCount { return true }
        competing.append(value)
        competing.sort()
        let promotable = max(competing.count / reductionFactor - 1, 0)
        return direction == .max ? value < competing[competing.count - 1 - promotable] : value > competing[promotable]
    }
}
