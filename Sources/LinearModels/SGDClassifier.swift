import Tensors

/// A linear classifier trained by stochastic gradient descent, one sample at a time, with
/// scikit-learn's `SGDClassifier` semantics, defaults and results.
///
/// Several classes are handled one-versus-rest: one binary classifier (one row of ``coefficients``)
/// per class. With `shuffle` off, the coefficients, intercepts, epochs and update count equal
/// scikit-learn's for the same data and hyperparameters; with it on, the sample order comes from
/// NeuralKit's seeded ``RandomGenerator`` rather than scikit-learn's, so runs are reproducible but not
/// the same as scikit-learn's.
open class SGDClassifier {
    // MARK: Hyperparameters (scikit-learn's names, in lowerCamelCase)
    public var loss: ClassificationLoss
    public var penalty: Penalty
    /// The regularisation strength; also sets the `optimal` learning rate.
    public var alpha: Double
    /// The share of L1 in the elastic-net penalty.
    public var l1Ratio: Double
    public var fitIntercept: Bool
    /// The most epochs (passes over the data) one `fit` runs.
    public var maxIterations: Int
    /// Training stops when the loss (or the validation score) has not improved by this much for
    /// `iterationsWithoutChange` epochs; `nil` turns the test off.
    public var tolerance: Double?
    public var shuffle: Bool
    /// The seed of the generator that shuffles the samples and splits off the validation set.
    public var seed: UInt64
    public var learningRate: SGDLearningRate
    /// The initial learning rate of the `constant`, `invscaling` and `adaptive` schedules.
    public var eta0: Double
    /// The exponent of the `invscaling` schedule.
    public var powerT: Double
    /// Whether to hold out `validationFraction` of the data and stop when its accuracy stalls.
    public var earlyStopping: Bool
    public var validationFraction: Double
    public var iterationsWithoutChange: Int
    public var classWeight: ClassWeight
    /// Whether `fit` starts from the current coefficients instead of zeros.
    public var warmStart: Bool

    // MARK: Fitted state
    /// One row per binary classifier: one row for two classes, one per class for more.
    public internal(set) var coefficients: [[Double]] = []
    public internal(set) var intercepts: [Double] = []
    /// The labels seen in training, sorted.
    public internal(set) var classes: [Int] = []
    /// The epochs the last `fit` ran (the largest over the one-versus-rest classifiers).
    public internal(set) var iterationCount = 0
    /// scikit-learn's `t_`: 1 plus the number of sample updates made, as the learning rates count them.
    public internal(set) var updateCount = 0.0

    var generator: RandomGenerator?

    public init(
        loss: ClassificationLoss = .hinge, penalty: Penalty = .l2, alpha: Double = 0.0001, l1Ratio: Double = 0.15,
        fitIntercept: Bool = true, maxIterations: Int = 1000, tolerance: Double? = 1e-3, shuffle: Bool = true,
        seed: UInt64 = 0, learningRate: SGDLearningRate = .optimal, eta0: Double = 0.01, powerT: Double = 0.5,
        earlyStopping: Bool = false, validationFraction: Double = 0.1, iterationsWithoutChange: Int = 5,
        classWeight: ClassWeight = .uniform, warmStart: Bool = false
    ) {
        self.loss = loss
        self.penalty = penalty
        self.alpha = alpha
        self.l1Ratio = l1Ratio
        self.fitIntercept = fitIntercept
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.shuffle = shuffle
        self.seed = seed
        self.learningRate = learningRate
        self.eta0 = eta0
        self.powerT = powerT
        self.earlyStopping = earlyStopping
        self.validationFraction = validationFraction
        self.iterationsWithoutChange = iterationsWithoutChange
        self.classWeight = classWeight
        self.warmStart = warmStart
    }

    /// Whether `fit` or `partialFit` has run.
    public var isFitted: Bool { !classes.isEmpty }

    /// Trains on `x` (one row per sample) and labels `y`, from zeros unless `warmStart` is set.
    public func fit(_ x: [[Double]], _ y: [Int], sampleWeight: [Double]? = nil) throws {
        try validateHyperparameters()
        let data = try FeatureMatrix(x)
        try checkLabels(y, rows: data.rows, sampleWeight: sampleWeight)
        let labels = Array(Set(y)).sorted()
        guard labels.count >= 2 else {
            throw LinearModelError.invalidInput(
                "the labels hold a single class (\(labels[0])); a classifier needs samples of at least two classes")
        }
        if !(warmStart && isFitted && classes == labels && coefficients.first?.count == data.columns) {
            coefficients = Array(repeating: Array(repeating: 0, count: data.columns), count: labels.count == 2 ? 1 : labels.count)
            intercepts = Array(repeating: 0, count: coefficients.count)
        }
        classes = labels
        updateCount = 1
        generator = RandomGenerator(seed: seed)
        try train(data, y, sampleWeight: sampleWeight ?? Array(repeating: 1, count: data.rows), epochs: maxIterations, earlyStopping: earlyStopping)
    }

    /// One epoch over `x`, continuing from the current state; the first call must name every class.
    public func partialFit(_ x: [[Double]], _ y: [Int], classes allClasses: [Int]? = nil, sampleWeight: [Double]? = nil) throws {
        try validateHyperparameters()
        let data = try FeatureMatrix(x, expectedColumns: isFitted ? coefficients.first?.count : nil)
        try checkLabels(y, rows: data.rows, sampleWeight: sampleWeight)
        if !isFitted {
            guard let allClasses else {
                throw LinearModelError.invalidInput("the first partialFit call needs `classes:`, every label that training will see")
            }
            let labels = Array(Set(allClasses)).sorted()
            guard labels.count >= 2 else {
                throw LinearModelError.invalidInput("`classes:` names \(labels.count) class; a classifier needs at least two")
            }
            classes = labels
            coefficients = Array(repeating: Array(repeating: 0, count: data.columns), count: labels.count == 2 ? 1 : labels.count)
            intercepts = Array(repeating: 0, count: coefficients.count)
            updateCount = 1
            generator = RandomGenerator(seed: seed)
        } else if let allClasses, Array(Set(allClasses)).sorted() != classes {
            throw LinearModelError.invalidInput("`classes:` \(allClasses) differs from the classes of the first call, \(classes)")
        }
        if let unknown = y.first(where: { !classes.contains($0) }) {
            throw LinearModelError.invalidInput("label \(unknown) is not one of the classes \(classes) given on the first call")
        }
        try train(data, y, sampleWeight: sampleWeight ?? Array(repeating: 1, count: data.rows), epochs: 1, earlyStopping: false)
    }

    private func checkLabels(_ y: [Int], rows: Int, sampleWeight: [Double]?) throws {
        guard y.count == rows else {
            throw LinearModelError.invalidInput("there are \(rows) samples but \(y.count) labels; give one label per row")
        }
        if let sampleWeight {
            guard sampleWeight.count == rows else {
                throw LinearModelError.invalidInput("there are \(rows) samples but \(sampleWeight.count) sample weights")
            }
            if let bad = sampleWeight.first(where: { !$0.isFinite || $0 < 0 }) {
                throw LinearModelError.invalidInput("sample weight \(bad) is invalid; weights must be finite and not negative")
            }
        }
    }

    private func validateHyperparameters() throws {
        func require(_ condition: Bool, _ message: String) throws {
            if !condition { throw LinearModelError.invalidParameter(message) }
        }
        try require(alpha >= 0 && alpha.isFinite, "alpha must be a finite number ≥ 0, not \(alpha)")
        try require(learningRate != .optimal || alpha > 0, "the optimal learning rate needs alpha > 0")
        try require((0...1).contains(l1Ratio), "l1Ratio must lie in 0...1, not \(l1Ratio)")
        try require(maxIterations >= 1, "maxIterations must be at least 1, not \(maxIterations)")
        try require(learningRate == .optimal || eta0 > 0, "eta0 must be positive for the \(learningRate) schedule, not \(eta0)")
        try require(validationFraction > 0 && validationFraction < 1, "validationFraction must lie strictly between 0 and 1")
        try require(iterationsWithoutChange >= 1, "iterationsWithoutChange must be at least 1")
        try require(tolerance.map { $0 >= 0 } ?? true, "tolerance must be ≥ 0 or nil")
        try require(powerT >= 0, "powerT must be ≥ 0")
    }
}
