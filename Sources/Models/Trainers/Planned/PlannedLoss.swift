import Foundation
import Tensors
import Training

/// The losses a planned step computes with their gradient in one pass over the outputs.
struct PlannedLoss {
    enum Kind { case sparseCrossEntropy, crossEntropy, meanSquaredError }

    let kind: Kind
    /// Whether the last layer's outputs are logits to be turned into probabilities here: a softmax
    /// output, or a linear one with `fromLogits`.
    let takesLogits: Bool
    /// Whether the outputs to report are the probabilities (a softmax layer) rather than the logits.
    let reportsProbabilities: Bool
    /// The output's loss weight.
    let weight: Float

    init(_ loss: Loss, lastActivation: PlannedActivation, weight: Float) throws {
        guard loss.reduction == .sumOverBatchSize else { throw PlanObstacle("the loss reduction \(loss.reduction.rawValue)") }
        self.weight = weight
        switch loss {
        case let loss as SparseCategoricalCrossentropy where loss.ignoreClass == nil:
            kind = .sparseCrossEntropy
            (takesLogits, reportsProbabilities) = try Self.logits(fromLogits: loss.fromLogits, lastActivation)
        case let loss as CategoricalCrossentropy where loss.labelSmoothing == 0:
            kind = .crossEntropy
            (takesLogits, reportsProbabilities) = try Self.logits(fromLogits: loss.fromLogits, lastActivation)
        case is MeanSquaredError where lastActivation != .softmax:
            kind = .meanSquaredError
            (takesLogits, reportsProbabilities) = (false, false)
        default: throw PlanObstacle("the loss \(loss.name) with these options")
        }
    }

    /// A cross-entropy needs a softmax output, or linear outputs with `fromLogits`.
    private static func logits(fromLogits: Bool, _ activation: PlannedActivation) throws -> (Bool, Bool) {
        switch (fromLogits, activation) {
        case (false, .softmax): return (true, true)
        case (true, .linear): return (true, false)
        default: throw PlanObstacle("a cross-entropy on \(activation) outputs with fromLogits \(fromLogits)")
        }
    }

    /// Why targets cannot be used as they are (the eager step then checks them and says what is wrong).
    func obstacle(targets: Tensor, rows: Int, outputs: Int) -> PlanObstacle? {
        switch kind {
        case .sparseCrossEntropy:
            guard targets.elementCount == rows, targets.rank == 1 || Self.has(targets, rows, 1) else { return PlanObstacle("targets \(targets.shape)") }
            let classes = Float(outputs)
            return Self.all(targets) { $0 >= 0 && $0 < classes && $0.rounded() == $0 } ? nil : PlanObstacle("targets that are not class indices")
        case .crossEntropy:
            guard Self.has(targets, rows, outputs) else { return PlanObstacle("targets \(targets.shape)") }
            return Self.all(targets) { $0 >= 0 && $0 <= 1 } ? nil : PlanObstacle("targets that are not probabilities")
        case .meanSquaredError:
            let fits = Self.has(targets, rows, outputs) || (outputs == 1 && targets.rank == 1 && targets.shape[0] == rows)
            return fits ? nil : PlanObstacle("targets \(targets.shape)")
        }
    }

    // Checked every step: with the scalars' buffer and the shape's entries, without the array literals and
    // `allSatisfy` that a debug build allocates for.

    /// Whether `tensor` is a `rows` × `columns` matrix.
    private static func has(_ tensor: Tensor, _ rows: Int, _ columns: Int) -> Bool {
        tensor.rank == 2 && tensor.shape[0] == rows && tensor.shape[1] == columns
    }

    /// Whether every scalar of `tensor` passes `test`.
    private static func all(_ tensor: Tensor, _ test: (Float) -> Bool) -> Bool {
        tensor.scalars.withUnsafeBufferPointer { scalars in
            for index in 0..<scalars.count where !test(scalars[index]) { return false }
            return true
        }
    }

    /// The targets' values per row: a class index, or one per output.
    func targetWidth(classes: Int) -> Int { kind == .sparseCrossEntropy ? 1 : classes }

    /// Each of `rows` samples' loss in `losses`, and the gradient of the weighted loss (averaged over a batch of
    /// `batchRows`) with respect to the last layer's pre-activation outputs in `delta`. `outputs` holds the last
    /// layer's outputs; for a softmax layer the logits, which become the probabilities. Row by row: a batch's
    /// rows may be evaluated in parts.
    func evaluate(
        outputs: UnsafeMutablePointer<Float>, targets: UnsafePointer<Float>, rows: Int, batchRows: Int, classes: Int,
        delta: UnsafeMutablePointer<Float>, losses: UnsafeMutablePointer<Float>, activation: PlannedActivation
    ) {
        let scale = weight / Float(batchRows)
        for r in 0..<rows {
            let z = outputs + r * classes, d = delta + r * classes
            switch kind {
            case .sparseCrossEntropy, .crossEntropy:
                let (maximum, total) = Softmax.exponentials(z, into: d, count: classes)
                let logTotal = Foundation.log(total) + maximum
                for c in 0..<classes { d[c] /= total }  // the probabilities
                var mass: Float = 1
                if kind == .sparseCrossEntropy {
                    losses[r] = logTotal - z[Int(targets[r])]
                } else {
                    let y = targets + r * classes
                    var loss: Float = 0
                    mass = 0
                    for c in 0..<classes {
                        loss += y[c] * (logTotal - z[c])
                        mass += y[c]
                    }
                    losses[r] = loss
                }
                if reportsProbabilities { z.update(from: d, count: classes) }
                // d(loss)/d(logits) = p·Σy − y.
                if kind == .sparseCrossEntropy {
                    d[Int(targets[r])] -= 1
                    for c in 0..<classes { d[c] *= scale }
                } else {
                    let y = targets + r * classes
                    for c in 0..<classes { d[c] = (d[c] * mass - y[c]) * scale }
                }
            case .meanSquaredError:
                let y = targets + r * classes
                var loss: Float = 0
                for c in 0..<classes {
                    let difference = z[c] - y[c]
                    loss += difference * difference
                    d[c] = 2 * difference * scale / Float(classes)
                }
                losses[r] = loss / Float(classes)
            }
        }
        if !takesLogits { activation.backward(delta, outputs: outputs, count: rows * classes) }
    }

    /// The batch's loss: the mean of its samples' `losses`.
    static func mean(_ losses: UnsafePointer<Float>, rows: Int) -> Float {
        var sum: Double = 0
        for r in 0..<rows { sum += Double(losses[r]) }
        return Float(sum) / Float(rows)
    }
}
