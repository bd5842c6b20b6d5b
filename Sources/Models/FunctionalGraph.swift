import Layers
import Tensors

/// The graph of a functional model: its inputs, its outputs, and every layer call between them in an
/// order where each comes after what it reads.
struct FunctionalGraph {
    let inputs: [SymbolicTensor]
    let outputs: [SymbolicTensor]
    /// The layer calls, inputs first.
    let order: [SymbolicTensor]

    init(inputs: [SymbolicTensor], outputs: [SymbolicTensor], modelName: String, renamingLayers: Bool = true) throws {
        guard !inputs.isEmpty, !outputs.isEmpty else {
            throw ModelError.invalidArchitecture("\(modelName) needs at least one input and one output")
        }
        let inputIDs = Set(inputs.map(ObjectIdentifier.init))
        guard inputIDs.count == inputs.count else { throw ModelError.invalidArchitecture("\(modelName) lists an input twice") }
        var order: [SymbolicTensor] = [], visited: Set<ObjectIdentifier> = []
        func visit(_ tensor: SymbolicTensor, from output: SymbolicTensor) throws {
            guard visited.insert(ObjectIdentifier(tensor)).inserted else { return }
            if tensor.layer == nil && !inputIDs.contains(ObjectIdentifier(tensor)) {
                throw ModelError.invalidArchitecture("output '\(output.name)' of \(modelName) depends on input '\(tensor.name)', "
                    + "which is not among the model's inputs; add it to inputs:")
            }
            for input in tensor.inputs { try visit(input, from: output) }
            order.append(tensor)
        }
        for output in outputs { try visit(output, from: output) }
        if let unused = inputs.first(where: { !visited.contains(ObjectIdentifier($0)) }) {
            throw ModelError.invalidArchitecture("input '\(unused.name)' of \(modelName) is never used by its outputs; remove it or connect it")
        }
        self.inputs = inputs
        self.outputs = outputs
        self.order = order
        // Keras's names for what the user left unnamed: input_layer, input_layer_1, dense, dense_1, …
        var names = NameAllocator(taken: inputs.filter(\.hasExplicitName).map(\.inputName) + layers.filter(\.hasExplicitName).map(\.name))
        for input in inputs where !input.hasExplicitName { input.inputName = names.unique("input_layer") }
        if renamingLayers { for layer in layers where !layer.hasExplicitName { layer.name = names.unique(layer.kerasDefaultName) } }
        let all = inputs.map(\.inputName) + layers.map(\.name)
        if let duplicate = all.first(where: { name in all.filter { $0 == name }.count > 1 }) {
            throw ModelError.invalidArchitecture("\(modelName) has two inputs or layers named '\(duplicate)'; names must be unique")
        }
    }

    /// Each layer once, in call order.
    var layers: [Layer] {
        var seen: Set<ObjectIdentifier> = []
        return order.compactMap(\.layer).filter { seen.insert(ObjectIdentifier($0)).inserted }
    }

    /// Builds every layer that has no weights yet, for the shapes it is called on.
    func build(using generator: inout RandomGenerator) throws {
        for node in order {
            guard let layer = node.layer, !layer.isBuilt else { continue }
            if let merge = layer as? MergeLayer {
                try merge.build(inputShapes: node.inputs.map(\.shape), using: &generator)
            } else {
                try layer.build(inputShape: node.inputs[0].shape, using: &generator)
            }
        }
    }

    /// Runs the graph on one batch per input.
    func run(_ values: [Tensor], training: Bool) throws -> [Tensor] {
        guard values.count == inputs.count else {
            throw ModelError.invalidData("the model has \(inputs.count) inputs (\(inputs.map(\.name).joined(separator: ", "))) but \(values.count) arrays were given")
        }
        var computed: [ObjectIdentifier: Tensor] = [:]
        for (input, value) in zip(inputs, values) {
            guard Shape(Array(value.shape.dimensions.dropFirst())) == input.shape else {
                throw ModelError.invalidData("input '\(input.name)' expects samples of shape \(input.shape) but got a batch of shape \(value.shape)")
            }
            computed[ObjectIdentifier(input)] = value
        }
        for node in order {
            guard let layer = node.layer else { continue }
            let arguments = node.inputs.map { computed[ObjectIdentifier($0)]! }
            computed[ObjectIdentifier(node)] = try (layer as? MergeLayer).map { try $0.call(arguments, training: training) }
                ?? layer.call(arguments[0], training: training)
        }
        return outputs.map { computed[ObjectIdentifier($0)]! }
    }
}
