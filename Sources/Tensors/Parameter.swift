/// A trainable weight: a named tensor that gradients flow to and an optimizer updates in place.
///
/// Plain tensors never require a gradient unless asked; a parameter's value always does while the
/// parameter is trainable.
public final class Parameter {
    public let name: String
    public private(set) var value: Tensor {
        didSet { version &+= 1 }
    }
    /// Counts changes of ``value``, so that a layer can keep something derived from it (a packed int8 copy)
    /// and know when it is stale.
    public private(set) var version = 0
    /// How files store the value: float32, or int8 for the kernels of int8-quantized layers (whose values
    /// are whole numbers in −127…127).
    public var storage: Storage = .float32

    /// The number types a parameter is stored as in weight files.
    public enum Storage: Sendable { case float32, int8 }
    /// Whether optimizers update it. A frozen parameter keeps its value and records no gradient.
    public var isTrainable: Bool {
        didSet { value = Tensor(unchecked: value.scalars, shape: value.shape, requiresGradient: isTrainable) }
    }

    /// A projection applied after every optimizer update (Keras's variable `constraint`: `MaxNorm`, …).
    public var constraint: (@Sendable (Tensor) throws -> Tensor)?

    public init(name: String, value: Tensor, isTrainable: Bool = true) {
        self.name = name
        self.isTrainable = isTrainable
        self.value = Tensor(unchecked: value.scalars, shape: value.shape, requiresGradient: isTrainable)
    }

    public var shape: Shape { value.shape }
    /// The gradient accumulated by the last `backward()` calls, if any.
    public var gradient: Tensor? { value.gradient }
    public func zeroGradient() { value.zeroGradient() }

    /// Replaces the gradient by `scalars`, one per value: data-parallel training puts the gradient
    /// averaged over all processes here before the optimizer's update.
    public func setGradient(_ scalars: [Float]) throws {
        guard scalars.count == value.elementCount else {
            throw TensorError.invalidArgument(
                operation: "Parameter '\(name)'.setGradient", reason: "\(scalars.count) values for a parameter of shape \(value.shape)")
        }
        value.gradient = Tensor(unchecked: scalars, shape: value.shape, requiresGradient: false)
    }

    /// Replaces the value with one of the same shape.
    public func assign(_ newValue: Tensor) throws {
        guard newValue.shape == value.shape else {
            throw TensorError.shapeMismatch(
                operation: "Parameter '\(name)'.assign", shapes: [value.shape, newValue.shape],
                hint: "a parameter keeps its shape; the new value must have shape \(value.shape)")
        }
        value = Tensor(unchecked: newValue.scalars, shape: value.shape, requiresGradient: isTrainable)
    }

    /// Projects the value onto its ``constraint``, if it has one (optimizers call this after an update).
    public func applyConstraint() throws {
        guard let constraint else { return }
        try assign(try GradientMode.withoutRecording { try constraint(value.detached()) })
    }

    /// Runs `body` on the value's scalars, which it may change in place (a planned training step updates the
    /// weights this way, with no gradient tensor). Counts as a change of ``value``.
    public func withUnsafeMutableScalars<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        defer { version &+= 1 }
        return try value.scalars.withUnsafeMutableBufferPointer { try body($0) }
    }

    /// Updates the scalars in place, with the gradient's scalars (for optimizers). The gradient is
    /// cleared afterwards.
    public func update(_ body: (_ values: UnsafeMutableBufferPointer<Float>, _ gradient: UnsafeBufferPointer<Float>) -> Void) {
        guard let gradient = value.gradient else { return }
        gradient.scalars.withUnsafeBufferPointer { g in
            value.scalars.withUnsafeMutableBufferPointer { v in body(v, g) }
            version &+= 1
        }
        value.zeroGradient()
    }
}
