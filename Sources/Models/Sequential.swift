import Layers
import Serialization
import Tensors

/// A plain stack of layers, each feeding the next: the chapter's first model API. It is a functional
/// model whose graph is one chain, made when the model is built (as Keras's `Sequential`).
public final class Sequential: Functional {
    /// Every layer as added, the input layer included.
    public private(set) var stack: [Layer] = []
    private var computeLayers: [Layer] = []
    /// The names and identities in the stack, so that adding n layers takes linear time.
    private var names = NameAllocator(taken: [])
    private var members: Set<ObjectIdentifier> = []

    /// A model from a list of layers. The first may be an `InputLayer` or carry `inputShape:`;
    /// otherwise the model is built from the first data it sees.
    public init(_ layers: [Layer] = [], name: String? = nil, seed: UInt64 = 42) throws {
        super.init(pendingGraphNamed: name, seed: seed)
        for layer in layers { try add(layer) }
    }

    public override var kerasClassName: String { "Sequential" }
    public override var layers: [Layer] { computeLayers }

    /// Appends a layer, giving it Keras's default name (`dense_1`, …) if it has none.
    public func add(_ layer: Layer) throws {
        if layer is InputLayer && !stack.isEmpty {
            throw ModelError.invalidArchitecture("\(name): an InputLayer can only be the first layer")
        }
        guard !members.contains(ObjectIdentifier(layer)) else {
            throw ModelError.invalidArchitecture("\(name): layer '\(layer.name)' is already in this model")
        }
        if !layer.hasExplicitName {
            layer.name = names.unique(layer.kerasDefaultName)
        } else {
            guard !names.isTaken(layer.name) else {
                throw ModelError.invalidArchitecture("\(name): two layers are named '\(layer.name)'; layer names must be unique")
            }
            names.take(layer.name)
        }
        stack.append(layer)
        members.insert(ObjectIdentifier(layer))
        if !(layer is InputLayer) { computeLayers.append(layer) }
        if isBuilt, let shape = builtInputShape {
            // Keep a built model usable: build the new layer for the previous output, and extend the graph.
            var generator = RandomGenerator(seed: seed &+ UInt64(stack.count))
            if !layer.isBuilt { try layer.build(inputShape: try outputShape(for: shape, through: stack.dropLast()), using: &generator) }
            try makeGraph(shape)
        }
    }

    /// Removes and returns the last layer.
    @discardableResult
    public func pop() throws -> Layer {
        guard let last = stack.popLast() else { throw ModelError.invalidArchitecture("\(name): there is no layer to pop") }
        names.release(last.name)
        members.remove(ObjectIdentifier(last))
        if !(last is InputLayer) { computeLayers.removeLast() }
        if let shape = builtInputShape { if layers.isEmpty { graph = nil } else { try makeGraph(shape) } }
        return last
    }

    /// A layer by name.
    public func layer(named name: String) throws -> Layer {
        guard let layer = stack.first(where: { $0.name == name }) else {
            throw ModelError.invalidArgument("\(self.name) has no layer named '\(name)'; its layers are \(stack.map(\.name).joined(separator: ", "))")
        }
        return layer
    }

    /// A layer by position (the input layer is not counted, as in Keras).
    public func layer(at index: Int) throws -> Layer {
        guard layers.indices.contains(index) else {
            throw ModelError.invalidArgument("\(name) has \(layers.count) layers; index \(index) is out of range")
        }
        return layers[index]
    }

    /// The input shape declared by the first layer, if any.
    public override var declaredInputShape: Shape? { stack.first?.declaredInputShape }

    public override func build(inputShape: Shape, using generator: inout RandomGenerator) throws {
        guard !layers.isEmpty else { throw ModelError.invalidArchitecture("\(name) has no layers; add some before building it") }
        var generator = RandomGenerator(seed: seed)
        var shape = inputShape
        for layer in layers {
            if !layer.isBuilt { try layer.build(inputShape: shape, using: &generator) }
            shape = try layer.outputShape(for: shape)
        }
        try makeGraph(inputShape)
        try markBuilt(inputShape)
    }

    /// A Sequential model is a functional graph whose layers form one chain.
    private func makeGraph(_ inputShape: Shape) throws {
        let input = Input(shape: inputShape, name: (stack.first as? InputLayer)?.name)
        let output = try layers.reduce(input) { try $1($0) }
        graph = try FunctionalGraph(inputs: [input], outputs: [output], modelName: name, renamingLayers: false)
    }

    public override func outputShape(for inputShape: Shape) throws -> Shape {
        try outputShape(for: inputShape, through: layers[...])
    }

    private func outputShape(for inputShape: Shape, through layers: ArraySlice<Layer>) throws -> Shape {
        try layers.filter { !($0 is InputLayer) }.reduce(inputShape) { try $1.outputShape(for: $0) }
    }

    override func summaryTable() throws -> String { try layerSummary(rows: chainSummaryRows()) }

    override func modelConfig() throws -> JSONValue { try sequentialModelConfig() }

    /// A Sequential model's weight file lists its layers, without the input layer.
    override func appendWeightEntries(under prefix: String, to entries: inout [WeightFileEntry], visited: inout Set<ObjectIdentifier>) {
        appendListWeightEntries(layers, at: prefix + "layers", to: &entries, visited: &visited)
    }

}
