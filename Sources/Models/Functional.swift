import Layers
import Serialization
import Tensors

/// A model defined by a graph of layer calls from its inputs to its outputs (Keras's Functional API:
/// `keras.Model(inputs=…, outputs=…)`, which Keras makes a `Functional`).
open class Functional: Model {
    /// The graph of layer calls; a ``Sequential`` makes it when it is built.
    var graph: FunctionalGraph?

    /// A functional model: the layers called between `inputs` and `outputs`. Layers without weights get
    /// them now, from `seed`.
    public init(inputs: [SymbolicTensor], outputs: [SymbolicTensor], name: String = "functional", seed: UInt64 = 42) throws {
        let graph = try FunctionalGraph(inputs: inputs, outputs: outputs, modelName: name)
        self.graph = graph
        super.init(
            name: name, seed: seed, inputShape: inputs.count == 1 ? inputs[0].shape : nil,
            outputNames: outputs.map(\.name))
        var generator = RandomGenerator(seed: seed)
        try graph.build(using: &generator)
        try markBuilt(inputs[0].shape)
    }

    /// A functional model with one input and one output.
    public convenience init(inputs: SymbolicTensor, outputs: SymbolicTensor, name: String = "functional", seed: UInt64 = 42) throws {
        try self.init(inputs: [inputs], outputs: [outputs], name: name, seed: seed)
    }

    /// A model whose graph comes later (``Sequential``'s, made when it is built).
    init(pendingGraphNamed name: String?, seed: UInt64) {
        super.init(name: name, seed: seed)
    }

    open override var kerasClassName: String { "Functional" }

    /// Each layer once, in Keras's order.
    open override var layers: [Layer] { graph?.layers ?? [] }

    /// The inputs and outputs of the graph.
    public var inputs: [SymbolicTensor] { graph?.inputs ?? [] }
    public var outputs: [SymbolicTensor] { graph?.outputs ?? [] }

    /// The names of the outputs: the output layers' names.
    open override var outputNames: [String] { graph?.outputs.map(\.name) ?? ["output"] }

    /// The names of the inputs.
    open override var inputNames: [String] { graph?.inputs.map(\.name) ?? ["input"] }

    /// A functional model's layers are built with the graph.
    open override func build(inputShape: Shape, using generator: inout RandomGenerator) throws {
        guard let graph else { return }
        try graph.build(using: &generator)
        try markBuilt(inputShape)
    }

    open override func call(_ inputs: [Tensor], training: Bool) throws -> [Tensor] {
        guard let graph else { throw ModelError.invalidArchitecture("\(name) has no layers yet") }
        return try graph.run(inputs, training: training)
    }

    open override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let graph else { throw ModelError.invalidArchitecture("\(name) has no layers yet") }
        guard graph.outputs.count == 1 else {
            throw ModelError.invalidData("\(name) has \(graph.outputs.count) outputs; call it with call(_ inputs: [Tensor], training:) or predict(_: [Tensor])")
        }
        return try graph.run([input], training: training)[0]
    }

    override func ensureBuilt(for x: [Tensor]) throws {
        guard let graph else { return try super.ensureBuilt(for: x) }
        guard x.count == graph.inputs.count else {
            throw ModelError.invalidData("\(name) has \(graph.inputs.count) inputs but \(x.count) arrays were given")
        }
        for (input, array) in zip(graph.inputs, x) where Shape(Array(array.shape.dimensions.dropFirst())) != input.shape {
            throw ModelError.invalidData("input '\(input.name)' of \(name) expects samples of shape \(input.shape) but got a batch of shape \(array.shape)")
        }
    }

    override var outputWidths: [Int] { graph?.outputs.map { $0.shape.last ?? 1 } ?? super.outputWidths }

    override func modelConfig() throws -> JSONValue {
        guard let graph else { throw SavingError.mismatch("\(name) has no layers yet; nothing to save") }
        return try functionalModelConfig(graph)
    }

    override func summaryTable() throws -> String {
        guard let graph else { return try layerSummary(rows: chainSummaryRows()) }
        return functionalSummary(graph)
    }

    override var hasWeights: Bool { graph != nil }

    /// A functional model's weight file lists its inputs (without weights) and then its layers.
    override func appendWeightEntries(under prefix: String, to entries: inout [WeightFileEntry], visited: inout Set<ObjectIdentifier>) {
        let inputs: [Layer] = graph?.inputs.map { InputLayer(shape: $0.shape, name: $0.name) } ?? []
        appendListWeightEntries(inputs + layers, at: prefix + "layers", to: &entries, visited: &visited)
    }
}
