import Layers
import Serialization
import Tensors

extension Model {
    /// Keras 3's config of a functional model: each layer with its `inbound_nodes` (the tensors it was
    /// called on, by `keras_history`), and the input and output layers.
    func functionalConfig(_ graph: FunctionalGraph) throws -> [String: JSONValue] {
        var callIndex: [ObjectIdentifier: Int] = [:], calls: [ObjectIdentifier: Int] = [:]
        var layerNodes: [ObjectIdentifier: [JSONValue]] = [:]
        func reference(_ tensor: SymbolicTensor) -> JSONValue {
            let history: JSONValue = [.string(tensor.name), .number(Double(callIndex[ObjectIdentifier(tensor)] ?? 0)), 0]
            return [
                "class_name": "__keras_tensor__",
                "config": ["shape": .shape([nil] + tensor.shape.dimensions), "dtype": "float32", "keras_history": history],
            ]
        }
        var entries: [JSONValue] = []
        for input in graph.inputs {
            let layer = InputLayer(shape: input.shape, name: input.name)
            guard var json = try LayerRegistry.json(of: layer).objectValue else { throw SavingError.mismatch("\(layer.name): its config is not an object") }
            json["name"] = .string(input.name)
            json["inbound_nodes"] = []
            entries.append(.object(json))
        }
        var order: [Layer] = []
        for node in graph.order {
            guard let layer = node.layer else { continue }
            let key = ObjectIdentifier(layer)
            callIndex[ObjectIdentifier(node)] = calls[key, default: 0]
            calls[key, default: 0] += 1
            let arguments: JSONValue = layer is MergeLayer ? .array(node.inputs.map(reference)) : reference(node.inputs[0])
            layerNodes[key, default: []].append(["args": [arguments], "kwargs": [:]])
            if !order.contains(where: { $0 === layer }) { order.append(layer) }
        }
        for layer in order {
            guard var json = try LayerRegistry.json(of: layer).objectValue else { throw SavingError.mismatch("\(layer.name): its config is not an object") }
            json["name"] = .string(layer.name)
            json["inbound_nodes"] = .array(layerNodes[ObjectIdentifier(layer)] ?? [])
            entries.append(.object(json))
        }
        func endpoints(_ tensors: [SymbolicTensor]) -> JSONValue {
            .array(tensors.map { [.string($0.name), .number(Double(callIndex[ObjectIdentifier($0)] ?? 0)), 0] })
        }
        return [
            "name": .string(name), "trainable": .bool(isTrainable), "layers": .array(entries),
            "input_layers": endpoints(graph.inputs), "output_layers": endpoints(graph.outputs),
        ]
    }

    /// Rebuilds a functional model from Keras 3's config by replaying every layer call.
    static func functionalModel(from config: JSONValue, customObjects: [any KerasSerializable.Type] = []) throws -> Functional {
        guard let body = config["config"], let layerConfigs = body["layers"]?.arrayValue else {
            throw SavingError.corrupt("the Functional config lists no layers")
        }
        var produced: [String: [SymbolicTensor]] = [:]  // layer name → output of each call
        var inputs: [String: SymbolicTensor] = [:]
        for entry in layerConfigs {
            guard let className = entry["class_name"]?.stringValue else { throw SavingError.corrupt("a layer config has no class_name") }
            let name = entry["name"]?.stringValue ?? entry["config"]?["name"]?.stringValue ?? ""
            if className == "InputLayer" {
                guard let input = try LayerRegistry.layer(from: entry, customObjects: customObjects) as? InputLayer else { continue }
                let tensor = Input(shape: input.shape, name: name)
                inputs[name] = tensor
                produced[name] = [tensor]
                continue
            }
            let layer = try LayerRegistry.layer(from: entry, customObjects: customObjects)
            for node in entry["inbound_nodes"]?.arrayValue ?? [] {
                func lookUp(_ source: String, _ call: Int) throws -> SymbolicTensor {
                    guard let outputs = produced[source], outputs.indices.contains(call) else {
                        throw SavingError.corrupt("layer '\(name)' is called on a tensor that no earlier layer produced")
                    }
                    return outputs[call]
                }
                // Keras 2: a node is a list of [layer name, node index, tensor index, kwargs].
                if let references = node.arrayValue {
                    let arguments = try references.map { reference -> SymbolicTensor in
                        guard let parts = reference.arrayValue, let source = parts.first?.stringValue,
                            let call = parts.dropFirst().first?.intValue
                        else {
                            throw SavingError.corrupt("layer '\(name)' has an inbound node that is not [name, index, index, kwargs]")
                        }
                        return try lookUp(source, call)
                    }
                    if let merge = layer as? MergeLayer {
                        produced[name, default: []].append(try merge(arguments))
                    } else if let argument = arguments.first, arguments.count == 1 {
                        produced[name, default: []].append(try layer(argument))
                    } else {
                        throw SavingError.corrupt("layer '\(name)' is called on \(arguments.count) tensors but takes one")
                    }
                    continue
                }
                guard let argument = node["args"]?.arrayValue?.first else { throw SavingError.corrupt("layer '\(name)': a call has no arguments") }
                func resolve(_ reference: JSONValue) throws -> SymbolicTensor {
                    guard let history = reference["config"]?["keras_history"]?.arrayValue, history.count == 3,
                        let source = history[0].stringValue, let call = history[1].intValue
                    else {
                        throw SavingError.corrupt("layer '\(name)' is called on a tensor that no earlier layer produced")
                    }
                    return try lookUp(source, call)
                }
                if let merge = layer as? MergeLayer, let list = argument.arrayValue {
                    produced[name, default: []].append(try merge(try list.map(resolve)))
                } else {
                    produced[name, default: []].append(try layer(try resolve(argument)))
                }
            }
        }
        func endpoints(_ key: String) throws -> [SymbolicTensor] {
            var list = body[key]?.arrayValue ?? []
            // Keras writes a model's one input or output as a bare ["name", 0, 0], not a list of them.
            if list.first?.stringValue != nil { list = [.array(list)] }
            return try list.map { endpoint in
                guard let parts = endpoint.arrayValue, let layer = parts.first?.stringValue, let call = parts.dropFirst().first?.intValue,
                    let outputs = produced[layer], outputs.indices.contains(call)
                else {
                    throw SavingError.corrupt("the Functional config's \(key) name a layer it does not define")
                }
                return outputs[call]
            }
        }
        return try Functional(
            inputs: try endpoints("input_layers"), outputs: try endpoints("output_layers"),
            name: body["name"]?.stringValue ?? "functional")
    }
}
