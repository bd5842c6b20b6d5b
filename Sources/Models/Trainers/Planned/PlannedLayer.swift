import Foundation
import Layers
import Tensors
import Training

/// The activations a planned step computes in place and differentiates from their outputs alone.
enum PlannedActivation {
    case linear, relu, sigmoid, tanh, softmax

    init?(_ activation: Activation) {
        switch activation {
        case .linear: self = .linear
        case .relu: self = .relu
        case .sigmoid: self = .sigmoid
        case .tanh: self = .tanh
        case .softmax: self = .softmax
        default: return nil
        }
    }

    /// Applies the activation to `count` values in place (softmax is the loss's business).
    func apply(_ x: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .linear, .softmax: break
        case .relu: Vectorized.rectify(x, count: count)
        case .sigmoid:
            // As Tensor.sigmoid(): no overflow for large |x|.
            for i in 0..<count { x[i] = x[i] >= 0 ? 1 / (1 + Foundation.exp(-x[i])) : Foundation.exp(x[i]) / (1 + Foundation.exp(x[i])) }
        case .tanh: for i in 0..<count { x[i] = Foundation.tanh(x[i]) }
        }
    }

    /// Turns the gradient of the outputs `y` into that of the inputs, in place.
    func backward(_ gradient: UnsafeMutablePointer<Float>, outputs y: UnsafePointer<Float>, count: Int) {
        switch self {
        case .linear, .softmax: break
        case .relu: Vectorized.keepWherePositive(gradient, y, count: count)
        case .sigmoid: for i in 0..<count { gradient[i] = gradient[i] * y[i] * (1 - y[i]) }
        case .tanh: for i in 0..<count { gradient[i] *= 1 - y[i] * y[i] }
        }
    }
}

/// One Dense layer of a plan: its weights, and the buffers of its outputs and of their gradient.
final class PlannedDense {
    let layer: Dense
    let kernel: Parameter
    let bias: Parameter?
    let activation: PlannedActivation
    let inputs: Int
    let units: Int
    /// The layer's outputs after the activation, one row per sample.
    let outputs: PlannedBuffer
    /// The gradient of the loss with respect to the layer's pre-activation outputs.
    let delta: PlannedBuffer
    /// The kernel's and the bias's gradients, for optimizers that need them stored.
    let kernelGradient: PlannedBuffer?
    /// The bias's gradient: the column sums of ``delta``.
    let biasGradient: PlannedBuffer
    /// Where the kernel's and bias's scalars are during a step (set by ``TrainingPlan/withWeights(from:_:)``).
    var kernelScalars: UnsafeMutablePointer<Float>?
    var biasScalars: UnsafeMutablePointer<Float>?
    /// Whether the optimizer updates the kernel and the bias (frozen weights pass gradients on, unchanged).
    let trainsKernel: Bool
    let trainsBias: Bool

    init(_ layer: Dense, capacity: Int, storesGradients: Bool) throws {
        guard let kernel = layer.kernel else { throw PlanObstacle("layer \(layer.name) is not built") }
        guard layer.quantizationMode == nil else { throw PlanObstacle("layer \(layer.name) is quantized") }
        guard let activation = PlannedActivation(layer.activation) else { throw PlanObstacle("layer \(layer.name)'s activation \(layer.activation)") }
        guard layer.kernelRegularizer == nil, layer.biasRegularizer == nil else { throw PlanObstacle("layer \(layer.name)'s regularizer") }
        guard kernel.constraint == nil, layer.bias?.constraint == nil else { throw PlanObstacle("layer \(layer.name)'s constraint") }
        self.layer = layer
        self.kernel = kernel
        self.bias = layer.bias
        self.activation = activation
        inputs = kernel.shape[0]
        units = kernel.shape[1]
        outputs = PlannedBuffer(count: capacity * units)
        delta = PlannedBuffer(count: capacity * units)
        trainsKernel = kernel.isTrainable
        trainsBias = layer.bias?.isTrainable == true
        kernelGradient = storesGradients && trainsKernel ? PlannedBuffer(count: inputs * units) : nil
        biasGradient = PlannedBuffer(count: units)
    }

    /// Whether the layer still has the weights, trainability and activation the plan was made for.
    var isCurrent: Bool {
        layer.kernel === kernel && layer.bias === bias && layer.quantizationMode == nil && kernel.constraint == nil
            && trainsKernel == kernel.isTrainable && trainsBias == (bias?.isTrainable == true)
    }
}
