import Serialization
import Tensors

/// A layer that combines several inputs into one (Keras's merge layers). It is called with a list of
/// tensors; `build` and `outputShape` take one shape per input (no batch axis).
open class MergeLayer: Layer {
    /// Combines a batch of each input.
    open func call(_ inputs: [Tensor], training: Bool) throws -> Tensor {
        throw LayerError.invalidArgument("\(kerasClassName) '\(name)' does not implement call(_:training:) for several inputs")
    }

    /// The output shape for these input shapes; throws, naming the layer, when they cannot be merged.
    open func outputShape(for inputShapes: [Shape]) throws -> Shape {
        try checkCount(inputShapes)
        return inputShapes[0]
    }

    /// The input shapes the layer was built for.
    public private(set) var builtInputShapes: [Shape] = []

    /// Makes the weights (merge layers have none) and records the input shapes.
    open func build(inputShapes: [Shape], using generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShapes)
        builtInputShapes = inputShapes
        try super.build(inputShape: inputShapes[0], using: &generator)
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        throw LayerError.invalidArgument("\(kerasClassName) '\(name)' merges several inputs; call it with a list of tensors")
    }

    /// Builds on first use and merges a batch of each input.
    public func callAsFunction(_ inputs: [Tensor], training: Bool = false) throws -> Tensor {
        let shapes = inputs.map { Shape(Array($0.shape.dimensions.dropFirst())) }
        LayerTracer.current?.record(self)
        if !isBuilt {
            if let tracer = LayerTracer.current {
                try build(inputShapes: shapes, using: &tracer.generator)
            } else {
                var generator = RandomGenerator(seed: 0)
                try build(inputShapes: shapes, using: &generator)
            }
        } else {
            _ = try outputShape(for: shapes)
        }
        guard Set(inputs.map { $0.shape.first ?? -1 }).count == 1 else {
            throw LayerError.invalidArgument("\(kerasClassName) '\(name)': the inputs have different batch sizes \(inputs.map { $0.shape.first ?? 0 })")
        }
        let output = try call(inputs, training: training)
        LayerTracer.current?.record(self, output: output)
        return output
    }

    func checkCount(_ shapes: [Shape]) throws {
        guard shapes.count >= 2 else {
            throw LayerError.invalidArgument("\(kerasClassName) '\(name)' merges at least 2 inputs, but got \(shapes.count)")
        }
    }
}

/// Joins its inputs along an axis (the last by default): Keras's `Concatenate`.
public final class Concatenate: MergeLayer {
    public let axis: Int

    public init(axis: Int = -1, name: String? = nil) {
        self.axis = axis
        super.init(name: name)
    }

    public override func outputShape(for inputShapes: [Shape]) throws -> Shape {
        try checkCount(inputShapes)
        let rank = inputShapes[0].rank
        // The axis counts the batch axis, as in Keras; shapes here leave it out.
        let resolved = axis < 0 ? axis + rank : axis - 1
        guard inputShapes.allSatisfy({ $0.rank == rank }), resolved >= 0, resolved < rank else {
            throw LayerError.invalidArgument(
                "Concatenate '\(name)' cannot join inputs of shapes "
                    + inputShapes.map { "(None, " + $0.dimensions.map(String.init).joined(separator: ", ") + ")" }.joined(separator: " and ")
                    + " along axis \(axis): they need one rank and the axis must exist")
        }
        for shape in inputShapes where (0..<rank).contains(where: { $0 != resolved && shape[$0] != inputShapes[0][$0] }) {
            throw LayerError.invalidArgument(
                "Concatenate '\(name)' cannot join inputs of shapes "
                    + inputShapes.map { "(None, " + $0.dimensions.map(String.init).joined(separator: ", ") + ")" }.joined(separator: " and ")
                    + " along axis \(axis): all other sizes must be equal")
        }
        var output = inputShapes[0]
        output[resolved] = inputShapes.reduce(0) { $0 + $1[resolved] }
        return output
    }

    public override func call(_ inputs: [Tensor], training: Bool) throws -> Tensor {
        try Tensor.concatenate(inputs, alongAxis: axis)
    }

    public override func config() throws -> [String: JSONValue] { ["axis": .number(Double(axis))] }
}

/// A merge of inputs of one shape (or shapes that broadcast), element by element.
open class ElementwiseMerge: MergeLayer {
    public override init(name: String? = nil, inputShape: Shape? = nil) { super.init(name: name, inputShape: inputShape) }

    /// How many inputs the merge takes at most (Subtract: 2).
    open var maximumInputs: Int { .max }

    /// Combines two batches; the inputs are folded left to right.
    open func combine(_ a: Tensor, _ b: Tensor) throws -> Tensor { try a + b }

    public override func outputShape(for inputShapes: [Shape]) throws -> Shape {
        try checkCount(inputShapes)
        guard inputShapes.count <= maximumInputs else {
            throw LayerError.invalidArgument("\(kerasClassName) '\(name)' takes exactly \(maximumInputs) inputs, not \(inputShapes.count)")
        }
        var shape = inputShapes[0]
        for other in inputShapes.dropFirst() {
            do {
                shape = try Shape.broadcast(shape, other, operation: kerasClassName)
            } catch {
                throw LayerError.invalidArgument(
                    "\(kerasClassName) '\(name)' cannot merge inputs of shapes "
                        + inputShapes.map(\.description).joined(separator: " and ") + ": they must be equal (or broadcast)")
            }
        }
        return shape
    }

    public override func call(_ inputs: [Tensor], training: Bool) throws -> Tensor {
        try inputs.dropFirst().reduce(inputs[0]) { try combine($0, $1) }
    }
}

/// The sum of the inputs.
public final class Add: ElementwiseMerge {}

/// The first input minus the second.
public final class Subtract: ElementwiseMerge {
    public override var maximumInputs: Int { 2 }
    public override func combine(_ a: Tensor, _ b: Tensor) throws -> Tensor { try a - b }
}

/// The product of the inputs.
public final class Multiply: ElementwiseMerge {
    public override func combine(_ a: Tensor, _ b: Tensor) throws -> Tensor { try a * b }
}

/// The mean of the inputs.
public final class Average: ElementwiseMerge {
    public override func call(_ inputs: [Tensor], training: Bool) throws -> Tensor {
        try super.call(inputs, training: training) / Float(inputs.count)
    }
}

/// The elementwise maximum of the inputs.
public final class Maximum: ElementwiseMerge {
    public override func combine(_ a: Tensor, _ b: Tensor) throws -> Tensor { try Tensor.maximum(a, b) }
}

/// The elementwise minimum of the inputs.
public final class Minimum: ElementwiseMerge {
    public override func combine(_ a: Tensor, _ b: Tensor) throws -> Tensor { try Tensor.minimum(a, b) }
}
