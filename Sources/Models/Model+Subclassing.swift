import Layers
import Tensors

/// The Subclassing API's state: what a subclass declared in `init`, and the layers, shapes and input
/// shapes that tracing its first call found.
struct SubclassTrace {
    /// The input shapes given to `init` (no batch axis), and the names of the outputs.
    let declaredInputShapes: [Shape]
    let declaredOutputNames: [String]
    /// The layers the call used, each once, and each one's output shape.
    var layers: [Layer] = []
    var outputShapes: [ObjectIdentifier: Shape] = [:]
    /// The input shapes the model was traced with.
    var inputShapes: [Shape] = []
}

extension Model {
    /// Runs the subclass's call once on zeros with a tracer that records (and builds, from the model's
    /// seed) every layer it calls, and names the layers as Keras would.
    func traceBuild(_ shapes: [Shape]) throws {
        let tracer = LayerTracer(seed: seed)
        let zeros = try shapes.map { try Tensor.zeros(Shape([1] + $0.dimensions)) }
        _ = try tracer.trace { try GradientMode.withoutRecording { try call(zeros, training: false) } }
        guard !tracer.layers.isEmpty else {
            throw ModelError.invalidArchitecture(
                "\(name): its call(_:training:) used no layers; call each layer as a function, "
                    + "layer(x), so that the model can find its weights")
        }
        // Keras lists a subclass's layers in the order its attributes were set; here, the order of the
        // stored properties, then any layer made inside `call`.
        let attributeLayers = layerAttributes.flatMap(\.layers)
        var seen = Set<ObjectIdentifier>()
        let calledIDs = Set(tracer.layers.map(ObjectIdentifier.init))
        subclass.layers = (attributeLayers.filter { calledIDs.contains(ObjectIdentifier($0)) } + tracer.layers)
            .filter { seen.insert(ObjectIdentifier($0)).inserted }
        subclass.outputShapes = tracer.outputShapes
        subclass.inputShapes = shapes
        // Keras's default names, unique within the model: dense, dense_1, …
        var names = NameAllocator(taken: subclass.layers.filter(\.hasExplicitName).map(\.name))
        for layer in subclass.layers where !layer.hasExplicitName { layer.name = names.unique(layer.kerasDefaultName) }
        try markBuilt(shapes[0])
    }

    /// A subclass's summary rows: each traced layer with the output shape it produced.
    func subclassSummaryRows() throws -> [(String, String, Int)] {
        guard !subclass.layers.isEmpty else { return try chainSummaryRows() }
        return subclass.layers.map { layer in
            let shape = subclass.outputShapes[ObjectIdentifier(layer)].map { "(None" + $0.dimensions.map { ", \($0)" }.joined() + ")" } ?? "?"
            return ("\(layer.name) (\(layer.kerasClassName))", shape, layer.parameterCount)
        }
    }
}
