import Layers
import Tensors

/// The graph of a functional model: its inputs, its outputs, and every layer call between them in an
/// order where each comes after what it reads. Every walk is iterative and linear in the number of
/// calls, so a model of 20,000 layers builds, saves and loads as fast per layer as a small one.
struct FunctionalGraph {
    let inputs: [SymbolicTensor]
    let outputs: [SymbolicTensor]
    /// The layer calls, inputs first.
    let order: [SymbolicTensor]
    /// Each layer once, in Keras's order (its `map_graph`): deepest first, a layer's depth being the
    /// longest path from it to an output; ties in the order a depth-first walk from the outputs first
    /// meets them. Weight files number layers in this order, so it decides which file group is whose.
    let layers: [Layer]
    /// What ``run(_:training:)`` does, worked out once: each layer call with the positions in ``order`` of its
    /// arguments, and the positions of the inputs and outputs (no lookups by identity on every batch).
    private let steps: [(slot: Int, layer: Layer, arguments: [Int])]
    private let inputSlots: [Int], outputSlots: [Int]

    init(inputs: [SymbolicTensor], outputs: [SymbolicTensor], modelName: String, renamingLayers: Bool = true) throws {
        guard !inputs.isEmpty, !outputs.isEmpty else {
            throw ModelError.invalidArchitecture("\(modelName) needs at least one input and one output")
        }
        let inputIDs = Set(inputs.map(ObjectIdentifier.init))
        guard inputIDs.count == inputs.count else { throw ModelError.invalidArchitecture("\(modelName) lists an input twice") }
        let order = try Self.postOrder(from: outputs) { tensor, output in
            if tensor.layer == nil && !inputIDs.contains(ObjectIdentifier(tensor)) {
                throw ModelError.invalidArchitecture(
                    "output '\(output.name)' of \(modelName) depends on input '\(tensor.name)', "
                        + "which is not among the model's inputs; add it to inputs:")
            }
        }
        let visited = Set(order.map(ObjectIdentifier.init))
        if let unused = inputs.first(where: { !visited.contains(ObjectIdentifier($0)) }) {
            throw ModelError.invalidArchitecture("input '\(unused.name)' of \(modelName) is never used by its outputs; remove it or connect it")
        }
        self.inputs = inputs
        self.outputs = outputs
        self.order = order
        var slots: [ObjectIdentifier: Int] = [:]
        for (slot, tensor) in order.enumerated() { slots[ObjectIdentifier(tensor)] = slot }
        // The post-order puts every tensor after its arguments, so each lookup succeeds.
        steps = order.enumerated().compactMap { slot, tensor in
            tensor.layer.map { (slot, $0, tensor.inputs.compactMap { slots[ObjectIdentifier($0)] }) }
        }
        inputSlots = inputs.compactMap { slots[ObjectIdentifier($0)] }
        outputSlots = outputs.compactMap { slots[ObjectIdentifier($0)] }
        self.layers = Self.kerasLayerOrder(outputs: outputs, order: order)
        // Keras's names for what the user left unnamed: input_layer, input_layer_1, dense, dense_1, …
        var names = NameAllocator(taken: inputs.filter(\.hasExplicitName).map(\.inputName) + layers.filter(\.hasExplicitName).map(\.name))
        for input in inputs where !input.hasExplicitName { input.inputName = names.unique("input_layer") }
        if renamingLayers { for layer in layers where !layer.hasExplicitName { layer.name = names.unique(layer.kerasDefaultName) } }
        var seen = Set<String>()
        if let duplicate = (inputs.map(\.inputName) + layers.map(\.name)).first(where: { !seen.insert($0).inserted }) {
            throw ModelError.invalidArchitecture("\(modelName) has two inputs or layers named '\(duplicate)'; names must be unique")
        }
    }

    /// Every tensor the outputs depend on, each after its inputs (a depth-first post-order from each
    /// output in turn, with an explicit stack); `check` sees each tensor once, with the output it serves.
    private static func postOrder(
        from outputs: [SymbolicTensor],
        check: (SymbolicTensor, SymbolicTensor) throws -> Void
    ) rethrows -> [SymbolicTensor] {
        var order: [SymbolicTensor] = [], visited: Set<ObjectIdentifier> = []
        for output in outputs {
            var stack: [(tensor: SymbolicTensor, next: Int)] = []
            if visited.insert(ObjectIdentifier(output)).inserted {
                try check(output, output)
                stack.append((output, 0))
            }
            while let top = stack.last {
                if top.next < top.tensor.inputs.count {
                    stack[stack.count - 1].next += 1
                    let input = top.tensor.inputs[top.next]
                    if visited.insert(ObjectIdentifier(input)).inserted {
                        try check(input, output)
                        stack.append((input, 0))
                    }
                } else {
                    order.append(top.tensor)
                    stack.removeLast()
                }
            }
        }
        return order
    }

    /// Keras's `map_graph` layer order (see ``layers``).
    private static func kerasLayerOrder(outputs: [SymbolicTensor], order: [SymbolicTensor]) -> [Layer] {
        // The order in which a depth-first walk from the outputs first meets each layer (pre-order).
        var firstVisit: [ObjectIdentifier: Int] = [:], expanded: Set<ObjectIdentifier> = []
        for output in outputs {
            var stack = [output]
            while let tensor = stack.popLast() {
                guard let layer = tensor.layer, expanded.insert(ObjectIdentifier(tensor)).inserted else { continue }
                if firstVisit[ObjectIdentifier(layer)] == nil { firstVisit[ObjectIdentifier(layer)] = firstVisit.count }
                stack.append(contentsOf: tensor.inputs.reversed())
            }
        }
        var nodeDepth: [ObjectIdentifier: Int] = [:], layerDepth: [ObjectIdentifier: Int] = [:]
        var unique: [Layer] = []
        for node in order.reversed() {
            guard let layer = node.layer else { continue }
            let depth = Swift.max(nodeDepth[ObjectIdentifier(node), default: 0], layerDepth[ObjectIdentifier(layer), default: 0])
            if layerDepth[ObjectIdentifier(layer)] == nil { unique.append(layer) }
            layerDepth[ObjectIdentifier(layer)] = depth
            for input in node.inputs { nodeDepth[ObjectIdentifier(input)] = Swift.max(depth + 1, nodeDepth[ObjectIdentifier(input), default: 0]) }
        }
        return unique.sorted { a, b in
            let (da, db) = (layerDepth[ObjectIdentifier(a), default: 0], layerDepth[ObjectIdentifier(b), default: 0])
            return da != db ? da > db : firstVisit[ObjectIdentifier(a), default: 0] < firstVisit[ObjectIdentifier(b), default: 0]
        }
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
            throw ModelError.invalidData(
                "the model has \(inputs.count) inputs (\(inputs.map(\.name).joined(separator: ", "))) but \(values.count) arrays were given")
        }
        var computed = [Tensor?](repeating: nil, count: order.count)
        for ((input, slot), value) in zip(zip(inputs, inputSlots), values) {
            guard value.shape.dimensions.dropFirst().elementsEqual(input.shape.dimensions) else {
                throw ModelError.invalidData("input '\(input.name)' expects samples of shape \(input.shape) but got a batch of shape \(value.shape)")
            }
            computed[slot] = value
        }
        for step in steps {
            let arguments = try step.arguments.map { slot in
                guard let value = computed[slot] else { throw ModelError.invalidArchitecture("'\(order[slot].name)' is used before it is computed") }
                return value
            }
            computed[step.slot] =
                try (step.layer as? MergeLayer).map { try $0.call(arguments, training: training) }
                ?? step.layer.call(arguments[0], training: training)
        }
        return try zip(outputs, outputSlots).map { output, slot in
            guard let value = computed[slot] else { throw ModelError.invalidArchitecture("output '\(output.name)' was never computed") }
            return value
        }
    }
}
