import Serialization
import Tensors

/// Keras's `FBetaScore`: `(1 + β²) · precision · recall / (β² · precision + recall)` over `[batch, classes]`
/// predictions, one score per class (`average` nil), or one averaged `micro` (counts pooled), `macro`
/// (the classes' mean) or `weighted` (by each class's weight of true targets). Predictions count as
/// positive above `threshold`, or, without one, where they equal their row's largest (and are not 0).
open class FBetaScore: Metric, KerasBuiltIn {
    /// Keras's `average`.
    public enum Average: String, Sendable { case micro, macro, weighted }

    public let average: Average?
    public let beta: Float
    public let threshold: Float?
    private var tp: [Double] = [], fp: [Double] = [], fn: [Double] = [], intermediateWeights: [Double] = []
    private var classes: Int?

    /// `beta` must be above 0 and `threshold` in (0, 1].
    public init(average: Average? = nil, beta: Float = 1, threshold: Float? = nil, name: String = "fbeta_score") throws {
        guard beta > 0 else { throw TrainingError.invalidArgument("\(name): beta must be above 0, got \(beta)") }
        if let threshold, !(threshold > 0 && threshold <= 1) {
            throw TrainingError.invalidArgument("\(name): threshold must satisfy 0 < threshold <= 1, got \(threshold)")
        }
        self.average = average
        self.beta = beta
        self.threshold = threshold
        super.init(name: name)
    }

    public required convenience init(kerasConfig config: [String: JSONValue]) throws {
        try self.init(
            average: Self.average(config, owner: "FBetaScore"), beta: config.float("beta", in: "FBetaScore", default: 1),
            threshold: config["threshold"].flatMap { $0 == .null ? nil : $0.floatValue },
            name: ConfusionMetricConfig.name(config, default: "fbeta_score"))
    }

    static func average(_ config: [String: JSONValue], owner: String) throws -> Average? {
        guard let value = config["average"], value != .null else { return nil }
        guard let text = value.stringValue, let average = Average(rawValue: text) else {
            throw ConfigError.invalid("\(owner) config: \"average\" must be null, \"micro\", \"macro\" or \"weighted\"")
        }
        return average
    }

    open override func kerasConfig() throws -> [String: JSONValue] {
        try super.kerasConfig().merging([
            "average": average.map { .string($0.rawValue) } ?? .null, "beta": .float(beta), "threshold": threshold.map { .float($0) } ?? .null,
        ]) { $1 }
    }

    open override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) throws {
        guard yPred.rank == 2, yTrue.rank == 2 else {
            throw TrainingError.invalidTargets(
                "\(name): expects targets and predictions of shape (batch, classes), got \(yTrue.shape) and \(yPred.shape)")
        }
        guard yTrue.shape == yPred.shape else {
            throw TrainingError.invalidTargets("\(name): targets of shape \(yTrue.shape) do not match predictions of shape \(yPred.shape)")
        }
        let rows = yPred.shape[0], width = yPred.shape[1]
        if classes == nil {
            classes = width
            let zeros = [Double](repeating: 0, count: average == .micro ? 1 : width)
            (tp, fp, fn, intermediateWeights) = (zeros, zeros, zeros, zeros)
        }
        guard classes == width else { throw TrainingError.invalidTargets("\(name): \(width) classes after \(classes ?? 0) before") }
        var weights: [Float]?
        if let sampleWeight {
            var weight = sampleWeight
            while weight.rank < 2 { weight = try weight.reshaped(to: Shape(weight.shape.dimensions + [1])) }
            weights = try MetricShapes.broadcast(weight, to: yPred.shape, owner: name, given: sampleWeight.shape)
        }
        let p = yPred.scalars, y = yTrue.scalars
        for r in 0..<rows {
            let rowMax = (0..<width).map { p[r * width + $0] }.max() ?? 0
            for c in 0..<width {
                let i = r * width + c
                let predicted: Double =
                    if let threshold { p[i] > threshold ? 1 : 0 } else { p[i] >= rowMax && Swift.abs(p[i]) > 1e-9 ? 1 : 0 }
                let truth = Double(y[i]), w = Double(weights?[i] ?? 1), k = average == .micro ? 0 : c
                tp[k] += predicted * truth * w
                fp[k] += predicted * (1 - truth) * w
                fn[k] += (1 - predicted) * truth * w
                intermediateWeights[k] += truth * w
            }
        }
    }

    /// One score per class without `average`; one score otherwise.
    open override func resultValues() -> [Float] {
        guard classes != nil else { return [0] }
        let epsilon = 1e-7, betaSquared = Double(beta) * Double(beta)
        let scores = tp.indices.map { k -> Double in
            let precision = tp[k] / (tp[k] + fp[k] + epsilon), recall = tp[k] / (tp[k] + fn[k] + epsilon)
            return precision * recall / (betaSquared * precision + recall + epsilon) * (1 + betaSquared)
        }
        switch average {
        case nil: return scores.map { Float($0) }
        case .micro, .macro: return [Float(scores.reduce(0, +) / Double(scores.count))]
        case .weighted:
            let total = intermediateWeights.reduce(0, +) + epsilon
            return [Float(zip(scores, intermediateWeights).map { $0 * $1 / total }.reduce(0, +))]
        }
    }

    open override func result() -> Float { resultValues().first ?? 0 }

    open override func reset() {
        classes = nil
        (tp, fp, fn, intermediateWeights) = ([], [], [], [])
    }

    /// The counts `tp`, `fp`, `fn` and the class weights, each per class (one for micro averaging);
    /// empty before the first update.
    open override var additiveState: [Double]? { classes.map { _ in tp + fp + fn + intermediateWeights } ?? [] }

    open override func setAdditiveState(_ state: [Double]) throws {
        guard let classes else {
            throw TrainingError.invalidArgument("\(name): its state can only be set after an update has told it the classes")
        }
        let k = average == .micro ? 1 : classes
        try checkStateCount(state, 4 * k)
        func part(_ i: Int) -> [Double] { Array(state[(i * k)..<((i + 1) * k)]) }
        (tp, fp, fn, intermediateWeights) = (part(0), part(1), part(2), part(3))
    }
}
