import Tensors

extension Dense {
    /// `input · kernel + bias`, with the ReLU applied when it is the layer's activation, computed in one pass
    /// without recording gradients: the path of `predict`. Nil when gradients are being recorded through this
    /// layer (training), or for an int8 layer that does not quantize its inputs (``quantizedProduct(_:)`` handles those).
    func inference(_ input: Tensor, kernel: Parameter) throws -> Tensor? {
        let recording = GradientMode.isEnabled && (input.requiresGradient || kernel.value.requiresGradient || bias?.value.requiresGradient == true)
        guard !recording else { return nil }
        let relu = activation == .relu
        guard quantizationMode == .int8 else { return try input.denseInference(kernel: kernel.value, bias: bias?.value, relu: relu) }
        // Every row through the int8 row kernel, however many: 10,000 rows take a fraction of the float product of
        // the integer values with its quantizing and scaling passes.
        guard quantizesInputs, let kernelScale else { return nil }
        let (batch, matrix) = (input.shape[0], packed(kernel))
        let output = [Float](unsafeUninitializedCapacity: batch * units) { yp, count in
            count = batch * units
            input.scalars.withUnsafeBufferPointer { xp in
                kernelScale.value.scalars.withUnsafeBufferPointer { sp in
                    guard let xb = xp.baseAddress, let sb = sp.baseAddress, let yb = yp.baseAddress else { return }
                    func rows(_ bias: UnsafePointer<Float>?) {
                        for b in 0..<batch { matrix.denseRow(xb + b * matrix.rows, kernelScale: sb, bias: bias, relu: relu, into: yb + b * units) }
                    }
                    if let bias { bias.value.scalars.withUnsafeBufferPointer { rows($0.baseAddress) } } else { rows(nil) }
                }
            }
        }
        return try Tensor(output, shape: [batch, units])
    }
}
