/// NumPy's legacy `RandomState`: the Mersenne Twister (MT19937) seeded from one integer, and the
/// `permutation` that scikit-learn's `train_test_split(random_state=…)` draws. With it, NeuralKit
/// reproduces the book's data splits row for row.
public struct NumPyRandomState: Sendable {
    private var state = [UInt32](repeating: 0, count: 624)
    private var index = 624

    public init(seed: UInt32) {
        state[0] = seed
        for i in 1..<624 {
            state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
    }

    public mutating func nextUInt32() -> UInt32 {
        if index >= 624 { twist() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    private mutating func twist() {
        for i in 0..<624 {
            let y = (state[i] & 0x8000_0000) | (state[(i + 1) % 624] & 0x7FFF_FFFF)
            state[i] = state[(i + 397) % 624] ^ (y >> 1) ^ (y & 1 == 0 ? 0 : 0x9908_B0DF)
        }
        index = 0
    }

    /// A uniform integer in `0...max`, by masked rejection (NumPy's `random_interval`).
    mutating func interval(_ max: UInt32) -> UInt32 {
        if max == 0 { return 0 }
        var mask = max
        mask |= mask >> 1
        mask |= mask >> 2
        mask |= mask >> 4
        mask |= mask >> 8
        mask |= mask >> 16
        while true {
            let value = nextUInt32() & mask
            if value <= max { return value }
        }
    }

    /// `RandomState.permutation(n)`: a Fisher–Yates shuffle of `0..<n` from the last position down.
    public mutating func permutation(_ count: Int) -> [Int] {
        var values = Array(0..<count)
        if count > 1 {
            for i in stride(from: count - 1, through: 1, by: -1) {
                let j = Int(interval(UInt32(i)))
                values.swapAt(i, j)
            }
        }
        return values
    }
}

/// scikit-learn's `train_test_split(x, y, test_size=testFraction, random_state=randomState)`, exactly:
/// the same rows in the same order.
public func trainTestSplit<Sample, Target>(
    _ x: [Sample], _ y: [Target], testFraction: Double = 0.25, scikitLearnRandomState randomState: UInt32
) throws -> (xTrain: [Sample], xTest: [Sample], yTrain: [Target], yTest: [Target]) {
    guard x.count == y.count else { throw DatasetError.invalidArgument("trainTestSplit: \(x.count) samples but \(y.count) targets") }
    guard testFraction > 0 && testFraction < 1 else {
        throw DatasetError.invalidArgument("trainTestSplit: testFraction must lie strictly between 0 and 1, not \(testFraction)")
    }
    let testCount = Int((testFraction * Double(x.count)).rounded(.up))
    guard testCount < x.count else { throw DatasetError.invalidArgument("trainTestSplit: no samples would be left for training") }
    var random = NumPyRandomState(seed: randomState)
    let order = random.permutation(x.count)
    let test = order[..<testCount], train = order[testCount...]
    return (train.map { x[$0] }, test.map { x[$0] }, train.map { y[$0] }, test.map { y[$0] })
}
