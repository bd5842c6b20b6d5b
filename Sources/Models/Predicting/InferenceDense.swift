import Foundation
import Layers
import Tensors
import Training

/// One Dense layer of an ``InferencePlan``: its weights (float32, or int8 with a scale per unit), its activation
/// (linear, ReLU or softmax) and the product that computes a block of rows into a buffer, as ``Dense`` computes
/// them at inference (the same kernels, so the same values, bit for bit).
final class InferenceDense {
    let layer: Dense
    let kernel: Parameter
    let bias: Parameter?
    /// The per-unit scales of an int8 layer (nil for a float32 one).
    let kernelScale: Parameter?
    let activation: PlannedActivation
    let inputs: Int
    let units: Int
    /// The int8 kernel as the layer packed it, and the kernel's version then.
    private(set) var matrix: Int8Matrix?
    private var packedVersion = -1

    init(_ layer: Dense) throws {
        guard let kernel = layer.kernel, kernel.shape.rank == 2 else { throw PlanObstacle("layer \(layer.name) is not built") }
        guard let activation = PlannedActivation(layer.activation), [.linear, .relu, .softmax].contains(activation) else {
            throw PlanObstacle("layer \(layer.name)'s activation \(layer.activation)")
        }
        if layer.quantizationMode != nil {
            guard let int8 = layer.int8Rows else { throw PlanObstacle("layer \(layer.name)'s quantization (inputs not quantized)") }
            kernelScale = int8.kernelScale
        } else {
            kernelScale = nil
        }
        self.layer = layer
        self.kernel = kernel
        self.bias = layer.bias
        self.activation = activation
        inputs = kernel.shape[0]
        units = kernel.shape[1]
    }

    /// Whether the layer still has the weights and quantization the plan was made for (values changed in place
    /// need nothing: they are read at each prediction).
    var isCurrent: Bool {
        layer.kernel === kernel && layer.bias === bias && layer.kernelScale === kernelScale && (layer.quantizationMode != nil) == (kernelScale != nil)
    }

    /// Packs the int8 kernel again (the layer does) if its values have changed since.
    func refreshMatrix() {
        guard kernelScale != nil, kernel.version != packedVersion else { return }
        matrix = layer.int8Rows?.matrix
        packedVersion = kernel.version
    }

    /// `rows` rows of `x` through the layer into `y`: the product with the bias and a ReLU in one pass, then a
    /// softmax in place. `scratch` and `floats` are the work space of ``DenseRows``.
    func run(
        _ x: UnsafePointer<Float>, rows: Int, weights: InferenceWeights, into y: UnsafeMutablePointer<Float>, scratch: UnsafeMutableRawPointer,
        floats: UnsafeMutablePointer<Float>
    ) {
        let relu = activation == .relu
        if let scale = weights.scale, let matrix {
            for r in 0..<rows { matrix.denseRow(x + r * inputs, kernelScale: scale, bias: weights.bias, relu: relu, into: y + r * units) }
        } else if let kernel = weights.kernel {
            DenseRows.compute(
                x, rows: rows, inputs: inputs, kernel: kernel, outputs: units, bias: weights.bias, relu: relu, into: y, scratch: scratch,
                floats: floats)
        }
        guard activation == .softmax else { return }
        // As Tensor.softmax(alongAxis:) computes each row: the exponentials, times the reciprocal of their sum.
        for r in 0..<rows {
            let row = y + r * units
            let (_, total) = Softmax.exponentials(row, into: row, count: units)
            let scale = 1 / total
            for c in 0..<units { row[c] *= scale }
        }
    }
}

/// Where one layer's weights are during a prediction: the float32 kernel, or the int8 layer's scales, and the bias.
struct InferenceWeights {
    var kernel: UnsafePointer<Float>?
    var bias: UnsafePointer<Float>?
    var scale: UnsafePointer<Float>?
}
