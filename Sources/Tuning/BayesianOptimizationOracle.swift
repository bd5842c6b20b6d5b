import Foundation

/// Bayesian optimization (Keras Tuner's `BayesianOptimizationOracle`): `numInitialPoints` random
/// trials, then each trial where a Gaussian process of the scores so far (Matérn 5/2, `alpha`) has the
/// lowest confidence bound `μ − beta·σ` of the (minimized) score, searched from 50 seeded starts in the
/// parameters' probability space. A running trial (another worker's) counts at its predicted μ + σ.
public final class BayesianOptimizationOracle: Oracle {
    public let objective: Objective
    public let maxTrials: Int?
    public let numInitialPoints: Int?
    public let alpha: Double
    public let beta: Double
    public let seed: UInt64

    public init(objective: Objective, maxTrials: Int = 10, numInitialPoints: Int? = nil, alpha: Double = 1e-4, beta: Double = 2.6, seed: UInt64 = 42) throws {
        guard maxTrials > 0 else { throw TuningError.invalidArgument("maxTrials must be positive, not \(maxTrials)") }
        if let numInitialPoints, numInitialPoints < 1 { throw TuningError.invalidArgument("numInitialPoints must be at least 1, not \(numInitialPoints)") }
        guard alpha > 0, alpha.isFinite else { throw TuningError.invalidArgument("alpha must be a positive number, not \(alpha)") }
        guard beta >= 0, beta.isFinite else { throw TuningError.invalidArgument("beta must not be negative, not \(beta)") }
        (self.objective, self.maxTrials, self.numInitialPoints, self.alpha, self.beta, self.seed) = (objective, maxTrials, numInitialPoints, alpha, beta, seed)
    }

    public var identity: String { "bayesian alpha=\(alpha) beta=\(beta) initial=\(numInitialPoints.map(String.init) ?? "auto") seed=\(seed)" }

    public func populateSpace(trialNumber: Int, space: HyperParameters, trials: [Trial]) -> Proposal {
        let completed = trials.filter { $0.status == .completed && $0.score != nil }
        let initial = numInitialPoints ?? max(3 * space.space.count, 3)
        let free = space.space.filter { if case .fixed = $0.kind { false } else { true } }
        if completed.count < initial || free.isEmpty {
            guard let values = randomValues(space: space, seed: seed, trialNumber: trialNumber, tried: Set(trials.map(\.values))) else { return .stop }
            return .run(values, nil)
        }
        let vector = { (trial: Trial) in
            free.map { parameter in
                let point = HyperParameters(space: space.space, values: trial.values)
                let value = point.isActive(parameter) ? trial.values[parameter.name] ?? parameter.defaultValue : parameter.defaultValue
                return parameter.probability(of: value)
            }
        }
        let sign = objective.direction == .max ? -1.0 : 1.0
        func clean(_ value: Double) -> Double { value.isFinite ? value : 0 }
        var x = completed.map(vector), y = completed.map { clean(sign * ($0.score ?? 0)) }
        let running = trials.filter { $0.status == .running }
        if !running.isEmpty {
            let first = GaussianProcess(x: x, y: y, alpha: alpha)
            for trial in running {
                let point = vector(trial), guess = first.predict(point)
                x.append(point)
                y.append(clean(guess.mean + guess.std))
            }
        }
        let process = GaussianProcess(x: x, y: y, alpha: alpha)
        var generator = TrialRandom(seed: seed, stream: UInt64(trialNumber) | 1 << 62)
        var best: [Double] = [], bestValue = Double.infinity
        for _ in 0..<50 {
            let start = free.map { _ in generator.nextUnit() }
            let (point, value) = minimize(
                {
                    let p = process.predict($0)
                    return p.mean - beta * p.std
                }, from: start)
            if value < bestValue { (best, bestValue) = (point, value) }
        }
        let point = HyperParameters()
        var index = 0
        for parameter in space.space {
            point.merge([parameter])
            var value = parameter.defaultValue
            if case .fixed = parameter.kind {
            } else {
                value = parameter.value(atProbability: min(max(best[index], 0), 1))
                index += 1
            }
            if point.isActive(parameter) { point.values[parameter.name] = value }
        }
        point.ensureActiveValues()
        return .run(point.values, nil)
    }

    /// A local minimum of `f` in the unit box from `start`: projected gradient descent with central
    /// differences and a backtracking step (in place of SciPy's L-BFGS-B).
    func minimize(_ f: ([Double]) -> Double, from start: [Double]) -> ([Double], Double) {
        var point = start, value = f(start), step = 0.1
        for _ in 0..<100 {
            let gradient = point.indices.map { index -> Double in
                var up = point, down = point
                up[index] = min(up[index] + 1e-6, 1)
                down[index] = max(down[index] - 1e-6, 0)
                return (f(up) - f(down)) / max(up[index] - down[index], 1e-12)
            }
            let norm = gradient.map { $0 * $0 }.reduce(0, +).squareRoot()
            if norm < 1e-9 { break }
            var moved = false
            while step > 1e-7 {
                let candidate = point.indices.map { min(max(point[$0] - step * gradient[$0] / norm, 0), 1) }
                let candidateValue = f(candidate)
                if candidateValue < value {
                    (point, value, moved) = (candidate, candidateValue, true)
                    step *= 1.5
                    break
                }
                step /= 2
            }
            if !moved { break }
        }
        return (point, value)
    }
}
