import Tensors

/// Discovers the layers a model uses by watching one call: every layer called as a function while a
/// tracer is active is recorded, in call order, and built (if it has no weights yet) from the
/// tracer's seeded generator. This is how a subclassed model finds its layers without reflection
/// and without the user listing them.
///
/// `@unchecked Sendable` because a task-local value must be Sendable; a tracer is only ever touched
/// by the one task that installed it, for the length of one call.
public final class LayerTracer: @unchecked Sendable {
    @TaskLocal static var current: LayerTracer?

    public private(set) var layers: [Layer] = []
    /// The output shape (no batch axis) of each traced layer's first call.
    public private(set) var outputShapes: [ObjectIdentifier: Shape] = [:]
    var generator: RandomGenerator

    public init(seed: UInt64) { generator = RandomGenerator(seed: seed) }

    /// Runs `body` with this tracer active.
    public func trace<Result>(_ body: () throws -> Result) rethrows -> Result {
        try LayerTracer.$current.withValue(self, operation: body)
    }

    func record(_ layer: Layer) {
        if !layers.contains(where: { $0 === layer }) { layers.append(layer) }
    }

    func record(_ layer: Layer, output: Tensor) {
        if outputShapes[ObjectIdentifier(layer)] == nil {
            outputShapes[ObjectIdentifier(layer)] = Shape(Array(output.shape.dimensions.dropFirst()))
        }
    }
}

extension Layer {
    /// Builds an unbuilt layer for its first input: from the active tracer's generator while a model
    /// traces its call, else from seed 0.
    func buildForFirstCall(inputShape: Shape) throws {
        if let tracer = LayerTracer.current {
            try build(inputShape: inputShape, using: &tracer.generator)
        } else {
            var generator = RandomGenerator(seed: 0)
            try build(inputShape: inputShape, using: &generator)
        }
    }
}
