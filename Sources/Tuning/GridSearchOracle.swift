/// Grid search (Keras Tuner's `GridSearchOracle`): every combination of the parameters' grid values
/// (each step of a range, each choice), the last parameter changing fastest, each tried once; a
/// combination that differs only in inactive parameters is the same trial.
public final class GridSearchOracle: Oracle {
    public let objective: Objective
    public let maxTrials: Int?

    public init(objective: Objective, maxTrials: Int? = nil) throws {
        if let maxTrials, maxTrials <= 0 { throw TuningError.invalidArgument("maxTrials must be positive, not \(maxTrials)") }
        (self.objective, self.maxTrials) = (objective, maxTrials)
    }

    public var identity: String { "grid" }

    public func populateSpace(trialNumber: Int, space: HyperParameters, trials: [Trial]) -> Proposal {
        let tried = Set(trials.map(\.values))
        let grids = space.space.map(\.gridValues)
        var odometer = Array(repeating: 0, count: grids.count)
        while true {
            let point = HyperParameters()
            for (index, parameter) in space.space.enumerated() {
                point.merge([parameter])
                if point.isActive(parameter) { point.values[parameter.name] = grids[index][odometer[index]] }
            }
            point.ensureActiveValues()
            if !tried.contains(point.values) { return .run(point.values, nil) }
            var position = grids.count - 1
            while position >= 0 {
                odometer[position] += 1
                if odometer[position] < grids[position].count { break }
                odometer[position] = 0
                position -= 1
            }
            if position < 0 { return trials.contains { $0.status == .running } ? .idle : .stop }
        }
    }
}
