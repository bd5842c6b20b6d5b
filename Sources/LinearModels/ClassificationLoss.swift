import Foundation

/// The losses `SGDClassifier` minimises, with scikit-learn's definitions. `y` is -1 or +1 (0 or 1 for
/// `logLoss`), `p` the decision value `w·x + b`.
public enum ClassificationLoss: String, Codable, Sendable, CaseIterable {
    /// `max(0, 1 - y·p)`: a linear SVM.
    case hinge
    /// Logistic regression: `log(1 + e^p) - y·p`; gives class probabilities.
    case logLoss = "log_loss"
    /// `max(0, -y·p)`: the Perceptron's rule.
    case perceptron
    /// A smoothed hinge, quadratic for `y·p ≥ -1`, linear below; gives class probabilities.
    case modifiedHuber = "modified_huber"
    /// `max(0, 1 - y·p)²`.
    case squaredHinge = "squared_hinge"

    /// Whether labels are encoded as 0/1 (logistic loss) rather than -1/+1.
    var usesZeroOneLabels: Bool { self == .logLoss }

    func loss(_ y: Double, _ p: Double) -> Double {
        switch self {
        case .hinge: return Swift.max(0, 1 - p * y)
        case .perceptron: return p * y <= 0 ? -p * y : 0
        case .squaredHinge:
            let z = 1 - p * y
            return z > 0 ? z * z : 0
        case .modifiedHuber:
            let z = p * y
            return z >= 1 ? 0 : z >= -1 ? (1 - z) * (1 - z) : -4 * z
        case .logLoss:
            return log1pexp(p) - y * p
        }
    }

    /// `log(1 + e^x)`, in the ranges scikit-learn uses to stay exact and finite.
    private func log1pexp(_ x: Double) -> Double {
        if x <= -37 { return Foundation.exp(x) }
        if x <= -2 { return Foundation.log1p(Foundation.exp(x)) }
        if x <= 18 { return Foundation.log(1 + Foundation.exp(x)) }
        if x <= 33.3 { return x + Foundation.exp(-x) }
        return x
    }

    /// The derivative of the loss with respect to `p`.
    func gradient(_ y: Double, _ p: Double) -> Double {
        switch self {
        case .hinge: return p * y <= 1 ? -y : 0
        case .perceptron: return p * y <= 0 ? -y : 0
        case .squaredHinge:
            let z = 1 - p * y
            return z > 0 ? -2 * y * z : 0
        case .modifiedHuber:
            let z = p * y
            return z >= 1 ? 0 : z >= -1 ? 2 * (1 - z) * -y : -4 * y
        case .logLoss:
            if p > -37 {
                let e = Foundation.exp(-p)
                return ((1 - y) - y * e) / (1 + e)
            }
            return Foundation.exp(p) - y
        }
    }
}

/// The regularisation term added to the loss.
public enum Penalty: String, Codable, Sendable, CaseIterable {
    case none, l2, l1, elasticnet
}

/// How the step size changes over training, as scikit-learn's `learning_rate`.
public enum SGDLearningRate: String, Codable, Sendable, CaseIterable {
    /// `1 / (alpha · (t0 + t))`, Léon Bottou's heuristic; scikit-learn's default for SGDClassifier.
    case optimal
    /// `eta0` throughout.
    case constant
    /// `eta0 / t^powerT`.
    case invscaling
    /// `eta0` until the loss stops improving, then divided by 5 each time it stalls again.
    case adaptive
}

/// Per-class weights: `balanced` gives each class `n_samples / (n_classes · count)`.
public enum ClassWeight: Sendable, Equatable {
    case uniform
    case balanced
    case custom([Int: Double])
}
