import Foundation

extension SGDClassifier {
    /// `w·x + b` for each sample and binary classifier: one column for two classes, one per class otherwise.
    public func decisionFunction(_ x: [[Double]]) throws -> [[Double]] {
        guard isFitted else { throw LinearModelError.notFitted("call fit before decisionFunction, predict or score") }
        let data = try FeatureMatrix(x, expectedColumns: coefficients[0].count)
        return (0..<data.rows).map { i in
            let row = data.row(i)
            return zip(coefficients, intercepts).map { coefficient, intercept in
                zip(coefficient, row).reduce(0) { $0 + $1.0 * $1.1 } + intercept
            }
        }
    }

    /// The predicted label of each sample: for two classes the larger label where the decision is
    /// positive; otherwise the class whose classifier is most confident (the first on ties).
    public func predict(_ x: [[Double]]) throws -> [Int] {
        try decisionFunction(x).map { scores in
            if scores.count == 1 { return scores[0] > 0 ? classes[1] : classes[0] }
            return classes[scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) } ?? 0]
        }
    }

    /// Class probabilities, one column per class, for the `logLoss` and `modifiedHuber` losses.
    /// With more than two classes, the one-versus-rest estimates are normalised to sum to 1.
    public func predictProbabilities(_ x: [[Double]]) throws -> [[Double]] {
        let scores = try decisionFunction(x)
        switch loss {
        case .logLoss:
            return scores.map { row in
                let p = row.map { 1 / (1 + Foundation.exp(-$0)) }
                if p.count == 1 { return [1 - p[0], p[0]] }
                let sum = p.reduce(0, +)
                return p.map { $0 / sum }
            }
        case .modifiedHuber:
            return scores.map { row in
                let p = row.map { (Swift.min(Swift.max($0, -1), 1) + 1) / 2 }
                if p.count == 1 { return [1 - p[0], p[0]] }
                let sum = p.reduce(0, +)
                return sum == 0 ? p.map { _ in 1 / Double(p.count) } : p.map { $0 / sum }
            }
        default:
            throw LinearModelError.invalidParameter("probability estimates need loss .logLoss or .modifiedHuber, not .\(loss)")
        }
    }

    /// The share of samples whose label is predicted correctly.
    public func score(_ x: [[Double]], _ y: [Int]) throws -> Double {
        let predicted = try predict(x)
        guard predicted.count == y.count else {
            throw LinearModelError.invalidInput("there are \(predicted.count) samples but \(y.count) labels")
        }
        return Double(zip(predicted, y).filter { $0 == $1 }.count) / Double(y.count)
    }
}
