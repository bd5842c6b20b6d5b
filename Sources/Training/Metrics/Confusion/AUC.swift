import Foundation
import Serialization
import Tensors

/// Keras's `AUC`: the area under the ROC or precision-recall curve, approximated by a Riemann sum over
/// `numThresholds` thresholds (evenly spaced, or the `thresholds` given, with −ε and 1 + ε at the ends).
/// With `multiLabel`, each column of `[batch, labels]` predictions has its own curve and the areas are
/// averaged (weighted by `labelWeights`); otherwise the predictions are flattened and `labelWeights`
/// weigh the counts.
public final class AUC: Metric, KerasBuiltIn {
    /// Keras's `curve`.
    public enum Curve: String, Sendable { case roc = "ROC", pr = "PR", prGain = "PRGAIN" }
    /// Keras's `summation_method`.
    public enum SummationMethod: String, Sendable { case interpolation, minoring, majoring }

    public let numThresholds: Int
    public let curve: Curve
    public let summationMethod: SummationMethod
    /// The inner thresholds as given (sorted), or nil for evenly spaced ones.
    public let initThresholds: [Float]?
    public let multiLabel: Bool
    public let numLabels: Int?
    public let labelWeights: [Float]?
    public let fromLogits: Bool
    var counts: ConfusionCounts

    /// `numThresholds` must be above 1 and `thresholds` in [0, 1]; `numLabels` only with `multiLabel`.
    public init(
        numThresholds: Int = 200, curve: Curve = .roc, summationMethod: SummationMethod = .interpolation, name: String = "auc",
        thresholds: [Float]? = nil, multiLabel: Bool = false, numLabels: Int? = nil, labelWeights: [Float]? = nil,
        fromLogits: Bool = false
    ) throws {
        var inner: [Float]
        let evenly: Bool
        if let thresholds {
            try MetricShapes.checkThresholds(thresholds, owner: name)
            inner = thresholds.sorted()
            evenly = MetricShapes.evenlyDistributed([0] + inner + [1])
        } else {
            guard numThresholds > 1 else {
                throw TrainingError.invalidArgument("\(name): numThresholds must be a whole number above 1, got \(numThresholds)")
            }
            inner = (0..<(numThresholds - 2)).map { Float(Double($0 + 1) / Double(numThresholds - 1)) }
            evenly = true
        }
        if numLabels != nil && !multiLabel { throw TrainingError.invalidArgument("\(name): numLabels is needed only when multiLabel is true") }
        if let numLabels, numLabels < 1 { throw TrainingError.invalidArgument("\(name): numLabels must be above 0, got \(numLabels)") }
        if let labelWeights, labelWeights.contains(where: { $0 < 0 || $0.isNaN }) {
            throw TrainingError.invalidArgument("\(name): labelWeights must not be negative, got \(labelWeights)")
        }
        if let labelWeights, let numLabels, labelWeights.count != numLabels {
            throw TrainingError.invalidArgument("\(name): \(labelWeights.count) labelWeights for numLabels \(numLabels)")
        }
        self.numThresholds = thresholds.map { $0.count + 2 } ?? numThresholds
        self.curve = curve
        self.summationMethod = summationMethod
        initThresholds = thresholds.map { _ in inner }
        self.multiLabel = multiLabel
        self.numLabels = numLabels
        self.labelWeights = labelWeights
        self.fromLogits = fromLogits
        inner = [Float(0 - 1e-7)] + inner + [Float(1 + 1e-7)]
        counts = ConfusionCounts(
            thresholds: inner, evenly: evenly, multiLabel: multiLabel, labelWeights: multiLabel ? nil : labelWeights,
            labels: multiLabel ? numLabels : 1, owner: name)
        super.init(name: name)
    }

    /// Every threshold, the ends −ε and 1 + ε included.
    public var thresholds: [Float] { counts.thresholds }

    public override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) throws {
        let prediction = fromLogits ? try Tensor(yPred.scalars.map { 1 / (1 + Foundation.exp(-$0)) }, shape: yPred.shape) : yPred
        try counts.update(yTrue, prediction, sampleWeight: sampleWeight)
        if multiLabel, let labelWeights, let labels = counts.labels, labelWeights.count != labels {
            throw TrainingError.invalidArgument("\(name): \(labelWeights.count) labelWeights for predictions of \(labels) labels")
        }
    }

    public override func reset() { counts.reset() }
    public override var additiveState: [Double]? { counts.state }
    public override func setAdditiveState(_ state: [Double]) throws { try counts.setState(state) }
    public override func result() -> Float { area() }
    public override func kerasConfig() throws -> [String: JSONValue] { aucConfig(base: try super.kerasConfig()) }
}
