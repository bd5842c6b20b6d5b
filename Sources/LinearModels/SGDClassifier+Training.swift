import Foundation
import Tensors

extension SGDClassifier {
    /// Fits every one-versus-rest classifier for `epochs` epochs at most, and advances the counters.
    func train(_ data: FeatureMatrix, _ y: [Int], sampleWeight: [Double], epochs: Int, earlyStopping: Bool) throws {
        let weights = try classWeights(y)
        // fit and partialFit seed the generator before training; it carries over between partialFit calls.
        var random = generator ?? RandomGenerator(seed: seed)
        defer { generator = random }
        let validation = earlyStopping ? try validationMask(y, using: &random) : Array(repeating: false, count: data.rows)
        let negative: Double = loss.usesZeroOneLabels ? 0 : -1
        var epochsRun = 0
        for row in coefficients.indices {
            // Two classes: one classifier whose positive class is the larger label. More: one per class.
            let positive = coefficients.count == 1 ? classes[1] : classes[row]
            let labels = y.map { $0 == positive ? 1 : negative }
            let (positiveWeight, negativeWeight) =
                coefficients.count == 1
                ? (weights[1], weights[0]) : (weights[row], 1.0)
            var stream = RandomGenerator(seed: random.nextSeed())
            var w = coefficients[row], b = intercepts[row]
            let ran = try descend(
                data, labels, sampleWeight, weights: &w, intercept: &b, validation: validation,
                positiveWeight: positiveWeight, negativeWeight: negativeWeight, epochs: epochs,
                earlyStopping: earlyStopping, generator: &stream)
            coefficients[row] = w
            intercepts[row] = b
            epochsRun = Swift.max(epochsRun, ran)
        }
        iterationCount = epochsRun
        updateCount += Double(epochsRun * data.rows)
    }

    /// scikit-learn's `_plain_sgd` for one binary problem, in the same order of floating-point
    /// operations. Returns the number of epochs run.
    private func descend(
        _ data: FeatureMatrix, _ y: [Double], _ sampleWeight: [Double], weights: inout [Double], intercept: inout Double,
        validation: [Bool], positiveWeight: Double, negativeWeight: Double, epochs: Int, earlyStopping: Bool,
        generator: inout RandomGenerator
    ) throws -> Int {
        var w = WeightVector(weights)
        var q = [Double](repeating: 0, count: data.columns)
        var u = 0.0
        let l1Share: Double =
            switch penalty {
            case .l2: 0
            case .l1: 1
            case .elasticnet, .none: l1Ratio
            }
        let trainCount = Double(validation.filter { !$0 }.count)
        var t = updateCount
        var eta = eta0
        var optimalInit = 0.0
        if learningRate == .optimal {
            let typicalWeight = Foundation.sqrt(1 / Foundation.sqrt(alpha))
            let initialEta = typicalWeight / Swift.max(1, loss.gradient(1, -typicalWeight))
            optimalInit = 1 / (initialEta * alpha)
        }
        var order = Array(0..<data.rows)
        var bestObjective = Double.infinity, bestScore = -Double.infinity
        var stalled = 0
        for epoch in 0..<epochs {
            var objective = 0.0
            if shuffle { order.shuffle(using: &generator) }
            for sample in order where !validation[sample] {
                let x = data.row(sample)
                let p = w.dot(x) + intercept
                switch learningRate {
                case .optimal: eta = 1 / (alpha * (optimalInit + t - 1))
                case .invscaling: eta = eta0 / Foundation.pow(t, powerT)
                case .constant, .adaptive: break
                }
                if !earlyStopping {
                    objective += loss.loss(y[sample], p)
                    if penalty != .none {
                        objective += alpha * ((1 - l1Share) * 0.5 * Foundation.pow(w.squaredNorm.squareRoot(), 2) + l1Share * w.l1Norm)
                    }
                }
                let classWeight = y[sample] > 0 ? positiveWeight : negativeWeight
                let dloss = Swift.min(Swift.max(loss.gradient(y[sample], p), -1e12), 1e12)
                var update = -eta * dloss
                update *= classWeight * sampleWeight[sample]
                if penalty == .l2 || penalty == .elasticnet {
                    w.multiply(by: Swift.max(0, 1 - (1 - l1Share) * eta * alpha))
                }
                if update != 0 { w.add(x, update) }
                if fitIntercept && update != 0 { intercept += update }
                if penalty == .l1 || penalty == .elasticnet {
                    u += l1Share * eta * alpha
                    w.applyL1Penalty(cumulative: u, applied: &q)
                }
                t += 1
            }
            guard intercept.isFinite, w.values.allSatisfy(\.isFinite) else {
                throw LinearModelError.diverged(
                    "the weights overflowed at epoch \(epoch + 1); scale the features "
                        + "(StandardScaler) or lower the learning rate")
            }
            if earlyStopping {
                let score = validationAccuracy(data, y, sampleWeight, validation, w, intercept)
                if let tolerance, score < bestScore + tolerance { stalled += 1 } else { stalled = 0 }
                bestScore = Swift.max(bestScore, score)
            } else {
                let mean = objective / trainCount
                if let tolerance, mean > bestObjective - tolerance { stalled += 1 } else { stalled = 0 }
                bestObjective = Swift.min(bestObjective, mean)
            }
            if stalled >= iterationsWithoutChange {
                if learningRate == .adaptive && eta > 1e-6 {
                    eta /= 5
                    stalled = 0
                } else {
                    w.resetScale()
                    weights = w.values
                    return epoch + 1
                }
            }
        }
        w.resetScale()
        weights = w.values
        return epochs
    }

    private func validationAccuracy(
        _ data: FeatureMatrix, _ y: [Double], _ sampleWeight: [Double], _ validation: [Bool], _ w: WeightVector, _ b: Double
    ) -> Double {
        var correct = 0.0, total = 0.0
        for sample in 0..<data.rows where validation[sample] {
            let predictedPositive = w.dot(data.row(sample)) + b > 0
            if predictedPositive == (y[sample] > 0) { correct += sampleWeight[sample] }
            total += sampleWeight[sample]
        }
        return total > 0 ? correct / total : 0
    }

    /// The weight of each class, in the order of `classes`.
    private func classWeights(_ y: [Int]) throws -> [Double] {
        switch classWeight {
        case .uniform:
            return classes.map { _ in 1 }
        case .balanced:
            let counts = Dictionary(y.map { ($0, 1) }, uniquingKeysWith: +)
            return classes.map { Double(y.count) / (Double(classes.count) * Double(Swift.max(counts[$0] ?? 0, 1))) }
        case let .custom(weights):
            if let unknown = weights.keys.first(where: { !classes.contains($0) }) {
                throw LinearModelError.invalidParameter("class weight given for \(unknown), which is not one of the classes \(classes)")
            }
            return classes.map { weights[$0] ?? 1 }
        }
    }

    /// Marks `validationFraction` of the samples of each class, chosen by the seeded generator.
    private func validationMask(_ y: [Int], using generator: inout RandomGenerator) throws -> [Bool] {
        var mask = [Bool](repeating: false, count: y.count)
        let byClass = Dictionary(grouping: y.indices, by: { y[$0] })
        let target = Int((validationFraction * Double(y.count)).rounded(.up))
        // Largest-remainder allocation, so that each class is represented in proportion.
        let shares = classes.map { validationFraction * Double(byClass[$0]?.count ?? 0) }
        var counts = shares.map { Int($0) }
        let order = shares.indices.sorted { shares[$0] - Double(counts[$0]) > shares[$1] - Double(counts[$1]) }
        for index in order where counts.reduce(0, +) < target { counts[index] += 1 }
        for (label, count) in zip(classes, counts) {
            var members = byClass[label] ?? []
            members.shuffle(using: &generator)
            for sample in members.prefix(count) { mask[sample] = true }
        }
        let held = mask.filter { $0 }.count
        // As scikit-learn's stratified split: each part needs at least one sample per class.
        guard held >= classes.count && y.count - held >= classes.count else {
            throw LinearModelError.invalidInput(
                "splitting \(y.count) samples with validationFraction \(validationFraction) "
                    + "leaves an empty training or validation set; change validationFraction, add samples, or turn earlyStopping off")
        }
        return mask
    }
}
