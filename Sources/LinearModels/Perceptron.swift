/// Rosenblatt's Perceptron: one threshold logic unit per class, trained by the perceptron rule
/// `w ← w + η·y·x` on each misclassified sample (`y·(w·x + b) ≤ 0`, labels as -1/+1).
///
/// As in scikit-learn, it is exactly an ``SGDClassifier`` with the perceptron loss, a constant
/// learning rate `eta0` (1 by default) and no penalty; several classes are learned one-versus-rest,
/// which is the chapter's multi-output Perceptron.
public final class Perceptron: SGDClassifier {
    public init(
        penalty: Penalty = .none, alpha: Double = 0.0001, l1Ratio: Double = 0.15, fitIntercept: Bool = true,
        maxIterations: Int = 1000, tolerance: Double? = 1e-3, shuffle: Bool = true, eta0: Double = 1,
        seed: UInt64 = 0, earlyStopping: Bool = false, validationFraction: Double = 0.1,
        iterationsWithoutChange: Int = 5, classWeight: ClassWeight = .uniform, warmStart: Bool = false
    ) {
        super.init(
            loss: .perceptron, penalty: penalty, alpha: alpha, l1Ratio: l1Ratio, fitIntercept: fitIntercept,
            maxIterations: maxIterations, tolerance: tolerance, shuffle: shuffle, seed: seed, learningRate: .constant,
            eta0: eta0, earlyStopping: earlyStopping, validationFraction: validationFraction,
            iterationsWithoutChange: iterationsWithoutChange, classWeight: classWeight, warmStart: warmStart)
    }
}
