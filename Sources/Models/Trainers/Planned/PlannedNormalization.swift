import Foundation
import Layers
import Tensors
import Training

/// A Normalization layer at the start of a plan: `(x − mean) / max(√variance, 1e-7)` per feature, into a
/// buffer the first Dense layer reads (its statistics are not trained, so nothing flows back).
final class PlannedNormalization {
    let layer: Normalization
    let mean: Parameter
    let variance: Parameter
    let features: Int
    /// The normalized inputs, one row per sample.
    let outputs: PlannedBuffer

    init(_ layer: Normalization, capacity: Int) throws {
        guard let mean = layer.mean, let variance = layer.variance, mean.shape.rank == 1, variance.shape == mean.shape else {
            throw PlanObstacle("layer \(layer.name) is not built")
        }
        self.layer = layer
        self.mean = mean
        self.variance = variance
        features = mean.shape[0]
        outputs = PlannedBuffer(count: capacity * features)
    }

    /// Whether the layer still has the statistics the plan was made for.
    var isCurrent: Bool { layer.mean === mean && layer.variance === variance }

    /// Normalizes `rows` rows of `input` into ``outputs``, as `Normalization.call` does element by element.
    func apply(_ input: UnsafePointer<Float>, rows: Int) -> UnsafePointer<Float> {
        let out = outputs.pointer
        mean.value.scalars.withUnsafeBufferPointer { m in
            variance.value.scalars.withUnsafeBufferPointer { v in
                for r in 0..<rows {
                    let x = input + r * features, y = out + r * features
                    for j in 0..<features { y[j] = (x[j] - m[j]) / Swift.max(v[j].squareRoot(), 1e-7) }
                }
            }
        }
        return UnsafePointer(out)
    }
}
