import Serialization
import Tensors

/// Keras 3's quantization modes that NeuralKit implements (`model.quantize("int8")`).
public enum QuantizationMode: String, Sendable { case int8 }

extension Dense {
    /// Keras's `Dense.quantize("int8")`: each output unit's weights scaled so that the largest is 127
    /// (`scale = 127 / (max|w| + 1e-7)`), rounded half to even and clipped to ±127; predictions then
    /// quantize each input row the same way, multiply in exact integer arithmetic and divide by both scales.
    /// The kernel stops being trainable; the bias still trains.
    public func quantize(_ mode: QuantizationMode) throws {
        guard let kernel else { throw LayerError.notBuilt(layer: name) }
        guard quantizationMode == nil else { throw LayerError.invalidArgument("Dense '\(name)' is already quantized (\(mode.rawValue))") }
        let (rows, columns) = (kernel.shape[0], kernel.shape[1])
        let w = kernel.value.scalars
        var scale = [Float](repeating: 0, count: columns), q = [Float](repeating: 0, count: w.count)
        for j in 0..<columns {
            var largest: Float = 0
            for i in 0..<rows { largest = Swift.max(largest, Swift.abs(w[i * columns + j])) }
            scale[j] = 127 / (largest + 1e-7)
        }
        for i in 0..<rows {
            for j in 0..<columns { q[i * columns + j] = Swift.min(Swift.max((w[i * columns + j] * scale[j]).rounded(.toNearestOrEven), -127), 127) }
        }
        try buildQuantized(inputSize: rows)
        try self.kernel?.assign(try Tensor(q, shape: [rows, columns]))
        try kernelScale?.assign(try Tensor(scale, shape: [columns]))
    }

    /// Keras's int8 variables: the int8 kernel (not trainable) and one scale per unit.
    func buildQuantized(inputSize: Int) throws {
        quantizationMode = .int8
        let kernel = Parameter(name: "kernel", value: try Tensor.zeros([inputSize, units]), isTrainable: false)
        kernel.storage = .int8
        self.kernel = kernel
        kernelScale = Parameter(name: "kernel_scale", value: try Tensor.ones([units]), isTrainable: false)
    }

    /// `x · kernel / scales + bias` with Keras's int8 arithmetic: the integer product is exact; gradients
    /// reach the inputs through the dequantized kernel (Keras's custom gradient).
    func quantizedProduct(_ x: Tensor) throws -> Tensor {
        guard let kernel, let kernelScale else { throw LayerError.notBuilt(layer: name) }
        let (batch, inputs) = (x.shape[0], kernel.shape[0])
        let scales = kernelScale.value.scalars, values = x.scalars
        var rowScales = [Float](repeating: 1, count: batch), quantized = values
        if quantizesInputs {
            for b in 0..<batch {
                let row = b * inputs..<(b + 1) * inputs
                let largest = values[row].reduce(0) { Swift.max($0, Swift.abs($1)) }
                let scale = 127 / (largest + 1e-7)
                rowScales[b] = scale
                for i in row { quantized[i] = Swift.min(Swift.max((values[i] * scale).rounded(.toNearestOrEven), -127), 127) }
            }
        }
        let products = try integerProducts(quantized, batch: batch, inputs: inputs, kernel: kernel)
        var scaled = [Float](repeating: 0, count: products.count)
        for b in 0..<batch {
            for j in 0..<units { scaled[b * units + j] = products[b * units + j] / (scales[j] * rowScales[b]) }
        }
        var output = try Tensor(scaled, shape: [batch, units])
        if x.requiresGradient {
            let dequantized = try kernel.value / kernelScale.value
            let straight = try x.matmul(dequantized)
            output = try output + (straight - straight.detached())
        }
        if let bias { output = try output + bias.value }
        return output
    }

    /// The packed int8 kernel and the per-unit scales of an int8 layer that quantizes its inputs (nil for any other
    /// layer): what ``Int8Matrix/denseRow(_:kernelScale:bias:relu:into:)`` multiplies each row by, as ``call(_:training:)``
    /// does at inference. For prediction plans, which run that row kernel into buffers of their own.
    package var int8Rows: (matrix: Int8Matrix, kernelScale: Parameter)? {
        guard quantizationMode == .int8, quantizesInputs, let kernel, let kernelScale else { return nil }
        return (packed(kernel), kernelScale)
    }

    /// The int8 kernel packed for the integer product, packed again only when the kernel has changed.
    func packed(_ kernel: Parameter) -> Int8Matrix {
        if let packedKernel, packedKernel.version == kernel.version { return packedKernel.matrix }
        let matrix = Int8Matrix(kernel.value.scalars, rows: kernel.shape[0], columns: units)
        packedKernel = (kernel.version, matrix)
        return matrix
    }

    /// The products of the (quantized) input rows with the int8 kernel: exact integers. The float product
    /// gives them while every partial sum stays below 2²⁴ (127² per input: up to 1,040 inputs; any size when
    /// the inputs are not quantized, as the float weight-only product is Keras's too); beyond, the int8
    /// kernel row by row.
    private func integerProducts(_ rows: [Float], batch: Int, inputs: Int, kernel: Parameter) throws -> [Float] {
        guard quantizesInputs && inputs * 127 * 127 >= 1 << 24 else {
            return try GradientMode.withoutRecording { try Tensor(rows, shape: [batch, inputs]).matmul(kernel.value.detached()) }.scalars
        }
        let matrix = packed(kernel)
        var result = [Float]()
        result.reserveCapacity(batch * units)
        for b in 0..<batch {
            let row = rows[b * inputs..<(b + 1) * inputs].map { Int8(clamping: Int($0)) }
            result.append(contentsOf: matrix.rowProduct(row).map { Float($0) })
        }
        return result
    }

    /// Keras's `quantization_config` for an int8 layer (its default input quantizer), null otherwise.
    var quantizationConfig: JSONValue {
        guard quantizationMode == .int8 else { return .null }
        let inputs: JSONValue =
            quantizesInputs
            ? [
                "module": "keras.quantizers", "class_name": "AbsMaxQuantizer",
                "config": ["value_range": [-127, 127], "epsilon": .float(1e-7), "output_dtype": "int8"], "registered_name": nil,
            ] : nil
        return [
            "module": "keras.quantizers", "class_name": "Int8QuantizationConfig",
            "config": ["weight_quantizer": nil, "activation_quantizer": inputs], "registered_name": nil,
        ]
    }

    /// Reads the quantization a Keras config declares (a `QuantizedDTypePolicy` and its
    /// `quantization_config`), before the layer is built; modes NeuralKit does not implement are refused.
    func readQuantization(_ config: [String: JSONValue]) throws {
        guard let policy = config["dtype"], policy["class_name"]?.stringValue == "QuantizedDTypePolicy" else { return }
        let mode = policy["config"]?["mode"]?.stringValue ?? "?"
        guard mode == "int8" else {
            throw ConfigError.unsupported("Dense '\(name)' is quantized as \(mode); NeuralKit implements int8 quantization only")
        }
        quantizationMode = .int8
        if let settings = config["quantization_config"]?["config"] {
            if let weights = settings["weight_quantizer"], weights != .null {
                throw ConfigError.unsupported("Dense '\(name)': a custom weight_quantizer is not implemented in NeuralKit")
            }
            let inputs = settings["activation_quantizer"] ?? .null
            quantizesInputs = inputs != .null
            if quantizesInputs {
                let range = inputs["config"]?["value_range"]?.arrayValue?.compactMap(\.floatValue) ?? [-127, 127]
                guard inputs["class_name"]?.stringValue == "AbsMaxQuantizer", range == [-127, 127] else {
                    throw ConfigError.unsupported("Dense '\(name)': only Keras's default AbsMaxQuantizer(-127, 127) for inputs is implemented")
                }
            }
        }
    }

    /// Keras's dtype policy of an int8 layer.
    static let int8Policy: JSONValue = [
        "module": "keras.dtype_policies", "class_name": "QuantizedDTypePolicy", "config": ["mode": "int8", "source_name": "float32"],
        "registered_name": nil,
    ]
}
