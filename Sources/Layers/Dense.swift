import Serialization
import Tensors

/// A fully connected layer: `activation(input · kernel + bias)`, kernel `[inputSize, units]`.
///
/// The kernel's input size is taken from the first input it sees. Inputs of higher rank are
/// transformed along their last axis, as in Keras.
public final class Dense: Layer {
    public let units: Int
    public let activation: Activation
    public let useBias: Bool
    public let kernelInitializer: Initializer
    public let biasInitializer: Initializer
    public let kernelRegularizer: Regularizer?
    public let biasRegularizer: Regularizer?
    /// Projections applied to the weights after every optimizer update (`.maxNorm()`, `.nonNeg`, …).
    public let kernelConstraint: Constraint?
    public let biasConstraint: Constraint?
    public internal(set) var kernel: Parameter?
    public internal(set) var bias: Parameter?
    /// Keras's `quantize` mode once quantized (``quantize(_:)``): the kernel then holds whole numbers in
    /// −127…127, stored as int8, and ``kernelScale`` the scale of each output.
    public internal(set) var quantizationMode: QuantizationMode?
    /// Each output unit's scale: the float kernel is `kernel / kernelScale` (int8 quantization).
    public internal(set) var kernelScale: Parameter?
    /// Whether the int8 layer also quantizes its inputs, row by row (Keras's default `AbsMaxQuantizer`).
    var quantizesInputs = true
    /// The int8 kernel, packed for the integer product, with the kernel version it was packed from.
    var packedKernel: (version: Int, matrix: Int8Matrix)?

    public init(
        units: Int, activation: Activation = .linear, useBias: Bool = true,
        kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
        kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
        kernelConstraint: Constraint? = nil, biasConstraint: Constraint? = nil,
        inputShape: Shape? = nil, name: String? = nil
    ) {
        self.kernelConstraint = kernelConstraint
        self.biasConstraint = biasConstraint
        self.units = units
        self.activation = activation
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.kernelRegularizer = kernelRegularizer
        self.biasRegularizer = biasRegularizer
        super.init(name: name, inputShape: inputShape)
    }

    /// Keras's float32 policy, or `QuantizedDTypePolicy` once quantized.
    public override var dtypePolicy: JSONValue { quantizationMode == .int8 ? Self.int8Policy : super.dtypePolicy }

    public override var weights: [Parameter] { [kernel, bias, kernelScale].compactMap { $0 } }

    public override func build(inputShape: Shape, using generator: inout RandomGenerator) throws {
        guard units > 0 else { throw LayerError.invalidArgument("Dense '\(name)': units must be positive, not \(units)") }
        guard let inputSize = inputShape.last, inputSize > 0 else {
            throw LayerError.incompatibleInput(layer: name, expected: "inputs with a nonzero last axis", got: inputShape)
        }
        if quantizationMode == .int8 {
            // Keras's int8 build: a zero int8 kernel and unit scales, which the weights file then fills.
            try buildQuantized(inputSize: inputSize)
        } else {
            kernel = Parameter(
                name: "kernel", value: try kernelInitializer.makeTensor([inputSize, units], using: &generator), isTrainable: isTrainable)
            kernel?.constraint = kernelConstraint?.projection
        }
        bias = useBias ? Parameter(name: "bias", value: try biasInitializer.makeTensor([units], using: &generator), isTrainable: isTrainable) : nil
        bias?.constraint = biasConstraint?.projection
        try super.build(inputShape: inputShape, using: &generator)
    }

    public override func outputShape(for inputShape: Shape) throws -> Shape {
        guard inputShape.rank >= 1 else {
            throw LayerError.incompatibleInput(layer: name, expected: "inputs with at least one axis", got: inputShape)
        }
        return Shape(inputShape.dimensions.dropLast() + [units])
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let kernel else { throw LayerError.notBuilt(layer: name) }
        let inputSize = kernel.shape[0]
        guard input.shape.last == inputSize else {
            throw LayerError.incompatibleInput(layer: name, expected: "a last axis of size \(inputSize)", got: input.shape)
        }
        let flat = input.rank == 2 ? input : try input.reshaped(to: [-1, inputSize])
        if let inferred = try inference(flat, kernel: kernel) {
            // Inference: the product, the bias and a ReLU in one pass (Dense+Inference.swift).
            let output = input.rank == 2 ? inferred : try inferred.reshaped(to: Shape(input.shape.dimensions.dropLast() + [units]))
            return activation == .relu ? output : try activation(output)
        }
        var output = quantizationMode == nil ? try flat.matmul(kernel.value, adding: bias?.value) : try quantizedProduct(flat)
        if input.rank != 2 { output = try output.reshaped(to: Shape(input.shape.dimensions.dropLast() + [units])) }
        if activation == .relu && !output.requiresGradient {
            // Inference: the product is this layer's own fresh array; rectify it where it lies.
            try output.formRelu()
            return output
        }
        return try activation(output)
    }

    public override func regularizationLoss() throws -> Tensor? {
        var total: Tensor?
        if let kernelRegularizer, let kernel, quantizationMode == nil { total = try kernelRegularizer.penalty(kernel.value) }
        if let biasRegularizer, let bias {
            let penalty = try biasRegularizer.penalty(bias.value)
            total = try total.map { try $0 + penalty } ?? penalty
        }
        return total
    }

    public override func config() throws -> [String: JSONValue] {
        [
            "units": .number(Double(units)), "activation": try activation.kerasJSON, "use_bias": .bool(useBias),
            "kernel_initializer": try kernelInitializer.kerasJSON(), "bias_initializer": try biasInitializer.kerasJSON(),
            "kernel_regularizer": try kernelRegularizer?.kerasJSON() ?? .null,
            "bias_regularizer": try biasRegularizer?.kerasJSON() ?? .null,
            "kernel_constraint": try kernelConstraint?.kerasJSON() ?? .null, "bias_constraint": try biasConstraint?.kerasJSON() ?? .null,
            "quantization_config": quantizationConfig,
        ]
    }
}
