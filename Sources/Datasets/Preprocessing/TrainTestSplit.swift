import Tensors

/// Splits paired samples and targets into training and test parts, shuffled by a seeded generator, as
/// scikit-learn's `train_test_split`. With `stratify`, each class keeps its proportion in both parts.
///
/// The test part gets `ceil(testFraction · n)` samples.
public func trainTestSplit<Sample, Target>(
    _ x: [Sample], _ y: [Target], testFraction: Double = 0.25, seed: UInt64 = 0, stratify: [Int]? = nil
) throws -> (xTrain: [Sample], xTest: [Sample], yTrain: [Target], yTest: [Target]) {
    guard x.count == y.count else {
        throw DatasetError.invalidArgument("trainTestSplit: \(x.count) samples but \(y.count) targets")
    }
    guard testFraction > 0 && testFraction < 1 else {
        throw DatasetError.invalidArgument("trainTestSplit: testFraction must lie strictly between 0 and 1, not \(testFraction)")
    }
    let testCount = Int((testFraction * Double(x.count)).rounded(.up))
    guard testCount < x.count else {
        throw DatasetError.invalidArgument("trainTestSplit: \(x.count) samples leave no training samples at testFraction \(testFraction)")
    }
    var generator = RandomGenerator(seed: seed)
    var testIndices: [Int]
    if let stratify {
        guard stratify.count == x.count else {
            throw DatasetError.invalidArgument("trainTestSplit: stratify has \(stratify.count) labels for \(x.count) samples")
        }
        let groups = Dictionary(grouping: x.indices, by: { stratify[$0] })
        let labels = groups.keys.sorted()
        let shares = labels.map { testFraction * Double((groups[$0]?.count ?? 0)) }
        var counts = shares.map { Int($0) }
        // Largest remainders first, so the total is exactly testCount.
        for i in shares.indices.sorted(by: { shares[$0] - Double(counts[$0]) > shares[$1] - Double(counts[$1]) })
        where counts.reduce(0, +) < testCount { counts[i] += 1 }
        testIndices = []
        for (label, count) in zip(labels, counts) {
            var members = groups[label] ?? []
            members.shuffle(using: &generator)
            testIndices += members.prefix(count)
        }
        testIndices.shuffle(using: &generator)
    } else {
        var order = Array(x.indices)
        order.shuffle(using: &generator)
        testIndices = Array(order.prefix(testCount))
    }
    let inTest = Set(testIndices)
    var trainIndices = x.indices.filter { !inTest.contains($0) }
    trainIndices.shuffle(using: &generator)
    return (trainIndices.map { x[$0] }, testIndices.map { x[$0] }, trainIndices.map { y[$0] }, testIndices.map { y[$0] })
}
