import Tensors

/// The folds of k-fold cross-validation, as scikit-learn's `RandomizedSearchCV(cv=k)` makes them
/// without shuffling: `StratifiedKFold` for class labels (each fold keeps the classes' proportions),
/// `KFold` (contiguous blocks, the first `n mod k` one row larger) otherwise.
public enum CrossValidation {
    /// The test fold of every sample, for `labels` (classes in order of first appearance, as scikit-learn numbers them).
    public static func stratifiedFolds(labels: [Int], k: Int) throws -> [Int] {
        try check(count: labels.count, k: k)
        var order: [Int: Int] = [:]
        for label in labels where order[label] == nil { order[label] = order.count }
        let encoded = labels.map { order[$0] ?? 0 }
        var counts = Array(repeating: 0, count: order.count)
        for label in encoded { counts[label] += 1 }
        guard counts.contains(where: { $0 >= k }) else {
            throw TuningError.invalidArgument("crossValidation \(k) cannot be greater than the number of members in each class (\(counts.max() ?? 0) at most)")
        }
        // scikit-learn's allocation: the sorted labels dealt to the folds in turn, counted per class.
        let sorted = encoded.sorted()
        var allocation = Array(repeating: Array(repeating: 0, count: order.count), count: k)
        for (index, label) in sorted.enumerated() { allocation[index % k][label] += 1 }
        var folds = Array(repeating: 0, count: labels.count)
        for label in 0..<order.count {
            let assigned = (0..<k).flatMap { fold in Array(repeating: fold, count: allocation[fold][label]) }
            var next = 0
            for index in encoded.indices where encoded[index] == label {
                folds[index] = assigned[next]
                next += 1
            }
        }
        return folds
    }

    /// The test fold of every sample for plain k-fold: contiguous blocks in order.
    public static func folds(count: Int, k: Int) throws -> [Int] {
        try check(count: count, k: k)
        var folds: [Int] = []
        for fold in 0..<k { folds += Array(repeating: fold, count: count / k + (fold < count % k ? 1 : 0)) }
        return folds
    }

    /// The folds for `y`: stratified when it holds class labels (a vector of whole numbers), else plain.
    public static func folds(for y: Tensor, k: Int) throws -> [Int] {
        let values = y.scalars
        if y.rank == 1, values.allSatisfy({ $0 == $0.rounded() && abs($0) < 1e9 }) {
            return try stratifiedFolds(labels: values.map { Int($0) }, k: k)
        }
        return try folds(count: y.shape[0], k: k)
    }

    private static func check(count: Int, k: Int) throws {
        guard k >= 2 else { throw TuningError.invalidArgument("crossValidation must be at least 2 folds, not \(k)") }
        guard k <= count else { throw TuningError.invalidArgument("crossValidation \(k) is more folds than the \(count) training samples") }
    }
}
