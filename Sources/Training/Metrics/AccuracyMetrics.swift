import Tensors

/// The share of samples whose prediction, thresholded at `threshold`, equals the 0/1 target.
public final class BinaryAccuracy: MeanMetric {
    public let threshold: Float

    public init(name: String = "binary_accuracy", threshold: Float = 0.5) {
        self.threshold = threshold
        super.init(name: name)
    }

    public override func values(_ yTrue: Tensor, _ yPred: Tensor) throws -> [Float] { try collect(yTrue, yPred) }

    public override func forEachValue(_ yTrue: Tensor, _ yPred: Tensor, _ body: (Float) -> Void) throws {
        try Metric.checkSameSize(yTrue, yPred, name)
        let (count, width) = Metric.rows(yPred)
        let predictions = yPred.scalars, targets = yTrue.scalars
        for r in 0..<count {
            var correct: Float = 0
            for c in 0..<width {
                let predicted: Float = predictions[r * width + c] > threshold ? 1 : 0
                if predicted == targets[r * width + c] { correct += 1 }
            }
            body(width > 0 ? correct / Float(width) : 0)
        }
    }

    /// One match (1 or 0) per element, as Keras's `binary_accuracy` gives them, so that element-wise
    /// weights weigh elements.
    public override func elementValues(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        try Metric.checkSameSize(yTrue, yPred, name)
        let matches = zip(yTrue.scalars, yPred.scalars).map { truth, prediction -> Float in (prediction > threshold ? 1 : 0) == truth ? 1 : 0 }
        return try Tensor(matches, shape: yPred.shape)
    }
}

/// The share of samples whose largest prediction is at the class of the one-hot target.
public final class CategoricalAccuracy: MeanMetric {
    public override init(name: String = "categorical_accuracy") { super.init(name: name) }

    public override func values(_ yTrue: Tensor, _ yPred: Tensor) throws -> [Float] { try collect(yTrue, yPred) }

    public override func forEachValue(_ yTrue: Tensor, _ yPred: Tensor, _ body: (Float) -> Void) throws {
        try Metric.checkSameSize(yTrue, yPred, name)
        let (count, width) = Metric.rows(yPred)
        let predictions = yPred.scalars, targets = yTrue.scalars
        for r in 0..<count { body(argmax(targets, r * width, width) == argmax(predictions, r * width, width) ? 1 : 0) }
    }
}

/// The share of samples whose largest prediction is at the target class index.
public final class SparseCategoricalAccuracy: MeanMetric {
    public override init(name: String = "sparse_categorical_accuracy") { super.init(name: name) }

    public override func values(_ yTrue: Tensor, _ yPred: Tensor) throws -> [Float] { try collect(yTrue, yPred) }

    public override func forEachValue(_ yTrue: Tensor, _ yPred: Tensor, _ body: (Float) -> Void) throws {
        let (count, width) = Metric.rows(yPred)
        guard yTrue.elementCount == count else {
            throw TrainingError.invalidTargets("\(name): \(yTrue.elementCount) targets for \(count) predictions")
        }
        let predictions = yPred.scalars, targets = yTrue.scalars
        for r in 0..<count { body(Float(argmax(predictions, r * width, width)) == targets[r] ? 1 : 0) }
    }
}

extension MeanMetric {
    /// The values ``forEachValue(_:_:_:)`` gives, in an array.
    func collect(_ yTrue: Tensor, _ yPred: Tensor) throws -> [Float] {
        var values: [Float] = []
        try forEachValue(yTrue, yPred) { values.append($0) }
        return values
    }
}

/// The first index of the largest of `count` values starting at `start`.
func argmax(_ values: [Float], _ start: Int, _ count: Int) -> Int {
    var best = 0
    for i in 1..<Swift.max(count, 1) where values[start + i] > values[start + best] { best = i }
    return best
}
