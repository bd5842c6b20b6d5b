import Serialization
import Tensors

/// Keras's `BinaryFocalCrossentropy`: the binary cross-entropy scaled by `(1 − p_t)^γ`, so that easy
/// examples count less; with `applyClassBalancing`, also by `α` for positives and `1 − α` for negatives.
public final class BinaryFocalCrossentropy: Loss, KerasBuiltIn, @unchecked Sendable {
    public let applyClassBalancing: Bool, alpha: Float, gamma: Float, fromLogits: Bool, labelSmoothing: Float

    public init(applyClassBalancing: Bool = false, alpha: Float = 0.25, gamma: Float = 2, fromLogits: Bool = false, labelSmoothing: Float = 0) {
        (self.applyClassBalancing, self.alpha, self.gamma, self.fromLogits, self.labelSmoothing) =
            (applyClassBalancing, alpha, gamma, fromLogits, labelSmoothing)
        super.init(name: "binary_focal_crossentropy")
    }

    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        let n = "BinaryFocalCrossentropy"
        try requireLastAxis(c, n)
        self.init(
            applyClassBalancing: try c.bool("apply_class_balancing", in: n, default: false), alpha: try c.float("alpha", in: n, default: 0.25),
            gamma: try c.float("gamma", in: n, default: 2), fromLogits: try c.bool("from_logits", in: n, default: false),
            labelSmoothing: try c.float("label_smoothing", in: n, default: 0))
    }

    public override func kerasConfig() throws -> [String: JSONValue] {
        try super.kerasConfig().merging([
            "apply_class_balancing": .bool(applyClassBalancing), "alpha": .float(alpha), "gamma": .float(gamma),
            "from_logits": .bool(fromLogits), "label_smoothing": .float(labelSmoothing), "axis": -1,
        ]) { $1 }
    }

    public override func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        var target = try matchingRank(yTrue, yPred)
        guard labelSmoothing >= 0 && labelSmoothing <= 1 else { throw TrainingError.invalidArgument("\(name): labelSmoothing must lie in [0, 1]") }
        if labelSmoothing != 0 { target = try target * (1 - labelSmoothing) + 0.5 * labelSmoothing }
        let p = fromLogits ? yPred.sigmoid() : yPred
        let clipped = p.clipped(to: Loss.epsilon...(1 - Loss.epsilon))
        let crossEntropy = try -(target * clipped.log() + (1 - target) * (1 - clipped).log())
        let pT = try target * p + (1 - target) * (1 - p)
        var focal = try Tensor.pow(1 - pT, gamma) * crossEntropy
        if applyClassBalancing { focal = try (target * alpha + (1 - target) * (1 - alpha)) * focal }
        return try focal.mean(alongAxes: [yPred.rank - 1])
    }
}

/// Keras's `CategoricalFocalCrossentropy`: each class's cross-entropy term scaled by `α·(1 − p)^γ`.
public final class CategoricalFocalCrossentropy: Loss, KerasBuiltIn, @unchecked Sendable {
    public let alpha: Float, gamma: Float, fromLogits: Bool, labelSmoothing: Float

    public init(alpha: Float = 0.25, gamma: Float = 2, fromLogits: Bool = false, labelSmoothing: Float = 0) {
        (self.alpha, self.gamma, self.fromLogits, self.labelSmoothing) = (alpha, gamma, fromLogits, labelSmoothing)
        super.init(name: "categorical_focal_crossentropy")
    }

    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        let n = "CategoricalFocalCrossentropy"
        try requireLastAxis(c, n)
        self.init(
            alpha: try c.float("alpha", in: n, default: 0.25), gamma: try c.float("gamma", in: n, default: 2),
            fromLogits: try c.bool("from_logits", in: n, default: false), labelSmoothing: try c.float("label_smoothing", in: n, default: 0))
    }

    public override func kerasConfig() throws -> [String: JSONValue] {
        try super.kerasConfig().merging([
            "alpha": .float(alpha), "gamma": .float(gamma), "from_logits": .bool(fromLogits), "label_smoothing": .float(labelSmoothing),
            "axis": -1,
        ]) { $1 }
    }

    public override func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        var target = try matchingRank(yTrue, yPred)
        let axis = yPred.rank - 1
        guard labelSmoothing >= 0 && labelSmoothing <= 1 else { throw TrainingError.invalidArgument("\(name): labelSmoothing must lie in [0, 1]") }
        if labelSmoothing != 0 { target = try target * (1 - labelSmoothing) + labelSmoothing / Float(yPred.shape.dimensions.last ?? 1) }
        let p = fromLogits ? try yPred.softmax() : yPred
        let output = try (p / p.sum(alongAxes: [axis], keepingDimensions: true)).clipped(to: Loss.epsilon...(1 - Loss.epsilon))
        return try (Tensor.pow(1 - output, gamma) * alpha * (-target * output.log())).sum(alongAxes: [axis])
    }
}

/// Keras's `Dice`: `1 − 2·Σ y·ŷ / (Σ y + Σ ŷ + ε)` over `axes` (over the whole batch when nil, Keras's
/// default, which gives one value and takes no per-sample weights).
public final class Dice: Loss, KerasBuiltIn, @unchecked Sendable {
    public let axes: [Int]?

    public init(axes: [Int]? = nil) {
        self.axes = axes
        super.init(name: "dice")
    }

    public convenience init(kerasConfig c: [String: JSONValue]) throws { self.init(axes: try overlapAxes(c, "Dice")) }
    public override func kerasConfig() throws -> [String: JSONValue] {
        try super.kerasConfig().merging(["axis": axes.map { .array($0.map { .int($0) }) } ?? .null]) { $1 }
    }

    public override func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        let target = try matchingRank(yTrue, yPred)
        let intersection = try (target * yPred).sum(alongAxes: axes)
        return try 1 - 2 * intersection / (target.sum(alongAxes: axes) + yPred.sum(alongAxes: axes) + Loss.epsilon)
    }
}

/// Keras's `Tversky`: `1 − TP / (TP + α·FP + β·FN + ε)` over `axes` (the whole batch when nil); α = β = ½
/// is Dice.
public final class Tversky: Loss, KerasBuiltIn, @unchecked Sendable {
    public let alpha: Float, beta: Float, axes: [Int]?

    public init(alpha: Float = 0.5, beta: Float = 0.5, axes: [Int]? = nil) {
        (self.alpha, self.beta, self.axes) = (alpha, beta, axes)
        super.init(name: "tversky")
    }

    public convenience init(kerasConfig c: [String: JSONValue]) throws {
        self.init(
            alpha: try c.float("alpha", in: "Tversky", default: 0.5), beta: try c.float("beta", in: "Tversky", default: 0.5),
            axes: try overlapAxes(c, "Tversky"))
    }

    public override func kerasConfig() throws -> [String: JSONValue] {
        try super.kerasConfig().merging(["alpha": .float(alpha), "beta": .float(beta), "axis": axes.map { .array($0.map { .int($0) }) } ?? .null]) { $1 }
    }

    public override func perSampleLosses(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        let target = try matchingRank(yTrue, yPred)
        let intersection = try (target * yPred).sum(alongAxes: axes)
        let falsePositives = try ((1 - yPred) * target).sum(alongAxes: axes), falseNegatives = try (yPred * (1 - target)).sum(alongAxes: axes)
        return try 1 - intersection / (intersection + alpha * falsePositives + beta * falseNegatives + Loss.epsilon)
    }
}

/// The focal losses work along the last axis only; another is refused by name.
private func requireLastAxis(_ c: [String: JSONValue], _ name: String) throws {
    if let axis = c["axis"]?.intValue, axis != -1 { throw ConfigError.unsupported("\(name) with axis \(axis) is not implemented in NeuralKit (only -1)") }
}

/// Dice's and Tversky's `axis`: null, one axis, or a list.
private func overlapAxes(_ c: [String: JSONValue], _ name: String) throws -> [Int]? {
    switch c["axis"] {
    case nil, .null?: return nil
    case let .array(items)?:
        return try items.map { item in
            guard let axis = item.intValue else { throw ConfigError.invalid("\(name): axis must hold integers") }
            return axis
        }
    case let value?:
        guard let axis = value.intValue else { throw ConfigError.invalid("\(name): axis must be null, an integer or a list") }
        return [axis]
    }
}
