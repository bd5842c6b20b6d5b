import Foundation
import Layers
import Tensors
import Training

/// One group of a weights file: its path, the layer's name, and the layer's weights.
typealias WeightFileEntry = (group: String, name: String, weights: [Parameter])

extension Model {
    /// The layers as Keras's weight files list them, each with its HDF5 group, found as Keras's saving
    /// walks a model: a Sequential or Functional model's `layers/dense`, `layers/dense_1`, …
    /// (`to_snake_case` of the class, numbered within the list, not the layer's name; a functional
    /// model's inputs first, without weights); a subclass's layer attributes by name (`hidden1`), in
    /// Python's sorted order, with `layers` (every layer, numbered by class) among them, each layer
    /// once. Nested models are walked the same way under their own group.
    func weightFileEntries() -> [WeightFileEntry] {
        var entries: [WeightFileEntry] = []
        var visited = Set<ObjectIdentifier>([ObjectIdentifier(self)])
        appendWeightEntries(under: "", to: &entries, visited: &visited)
        return entries
    }

    /// A layer's entry, or a nested model's entry followed by its own layers under its group.
    private func appendWeightEntry(_ layer: Layer, at group: String, to entries: inout [WeightFileEntry], visited: inout Set<ObjectIdentifier>) {
        guard visited.insert(ObjectIdentifier(layer)).inserted else { return }
        if let model = layer as? Model {
            entries.append((group, layer.name, []))
            model.appendWeightEntries(under: group + "/", to: &entries, visited: &visited)
        } else {
            entries.append((group, layer.name, layer.weights))
        }
    }

    /// A list of layers, each under `group/<snake_class>[_k]`, numbered by class within the list.
    func appendListWeightEntries(_ layers: [Layer], at group: String, to entries: inout [WeightFileEntry], visited: inout Set<ObjectIdentifier>) {
        var counts: [String: Int] = [:]
        for layer in layers {
            let base = snakeCaseName(layer.kerasClassName)
            let index = counts[base, default: 0]
            counts[base] = index + 1
            appendWeightEntry(layer, at: group + "/" + (index == 0 ? base : "\(base)_\(index)"), to: &entries, visited: &visited)
        }
    }

    /// A subclass's layer attributes by name, in Python's `dir()` order (private names last), with
    /// `layers` among them, as Keras's `_walk_saveable`.
    func appendAttributeWeightEntries(under prefix: String, to entries: inout [WeightFileEntry], visited: inout Set<ObjectIdentifier>) {
        func key(_ name: String) -> String { name.hasPrefix("_") ? "~" + name : name }
        let attributes = (layerAttributes + [("layers", layers, true)]).sorted { key($0.name) < key($1.name) }
        for attribute in attributes {
            if attribute.isList {
                appendListWeightEntries(attribute.layers, at: prefix + attribute.name, to: &entries, visited: &visited)
            } else {
                appendWeightEntry(attribute.layers[0], at: prefix + attribute.name, to: &entries, visited: &visited)
            }
        }
    }

    /// Every layer, nested models' layers included (not the models themselves).
    func allLayers() -> [Layer] {
        layers.flatMap { layer in (layer as? Model)?.allLayers() ?? [layer] }
    }

    /// Saves every weight in Keras's `.weights.h5` layout (`save_weights`), atomically: a crash while
    /// writing never leaves a truncated file in place of an earlier one.
    public func saveWeights(to path: String) throws {
        guard path.hasSuffix(".weights.h5") else {
            throw SavingError.io("weights files end in .weights.h5, as Keras requires; got \(path)")
        }
        try AtomicFile.checkFolder(of: path, what: "the weights")
        if !hasWeights, let shape = declaredInputShape { try build(inputShape: shape) }
        guard hasWeights else { throw SavingError.mismatch("\(name) has no weights yet; build or fit it before saving") }
        let image = try weightsImage(name: path)
        try AtomicFile.replace(path, what: "the weights", write: { try AtomicFile.write(image, to: $0) })
    }

    /// The bytes of the weights file: written in memory, closed and checked before anything is on disk.
    /// `extra` adds groups of its own (a training backup's state) before the file is closed.
    func weightsImage(name fileName: String, extra: ((HDF5File) throws -> Void)? = nil) throws -> Data {
        let file = try HDF5File(creatingInMemory: fileName)
        if self is Functional { try file.createGroup("layers") }
        for entry in weightFileEntries() {
            try file.createGroup(entry.group + "/vars")
            try file.setAttribute("name", entry.name, on: entry.group + "/vars")
            for (index, weight) in entry.weights.enumerated() {
                if weight.storage == .int8 {
                    try file.writeInt8(weight.value, at: "\(entry.group)/vars/\(index)")
                } else {
                    try file.write(weight.value, at: "\(entry.group)/vars/\(index)")
                }
            }
        }
        try file.createGroup("vars")
        try file.setAttribute("name", name, on: "vars")
        if let optimizer, optimizer.iterations > 0 { try writeOptimizer(optimizer, to: file) }
        try extra?(file)
        let image = try file.image()
        try file.close()
        return image
    }

    /// Keras's `optimizer/vars`: 0 the iteration count, 1 the learning rate (a constant one; a schedule
    /// is in the config, not a variable), then as Keras's base optimizer makes them the moving averages
    /// (`use_ema`) and the gradient accumulators, then each trainable weight's slots in turn (Adam:
    /// momentum, velocity; …), so that training resumes where it stopped.
    private func writeOptimizer(_ optimizer: Optimizer, to file: HDF5File) throws {
        try file.createGroup("optimizer/vars")
        try file.setAttribute("name", optimizer.name, on: "optimizer/vars")
        try file.writeScalar(Int32(clamping: optimizer.iterations), at: "optimizer/vars/0")
        var index = 1
        func write(_ values: [Float], _ shape: Shape) throws {
            try file.write(try Tensor(values, shape: shape), at: "optimizer/vars/\(index)")
            index += 1
        }
        if case .constant = optimizer.learningRate { try write([optimizer.currentLearningRate], []) }
        let trainable = trainableWeights
        for parameter in trainable where optimizer.useEMA {
            try write(optimizer.average(of: parameter) ?? [Float](repeating: 0, count: parameter.shape.elementCount), parameter.shape)
        }
        for parameter in trainable where optimizer.gradientAccumulationSteps != nil {
            try write(optimizer.accumulatedGradient(of: parameter), parameter.shape)
        }
        for parameter in trainable {
            for (slot, values) in zip(optimizer.slotLayout(for: parameter.shape), optimizer.orderedSlotValues(of: parameter)) {
                try write(values, slot.shape)
            }
        }
        for value in optimizer.extraVariables { try write([value], []) }
    }

    /// Restores the optimizer's iteration count and slots, when the file has them and they fit.
    private func readOptimizer(_ optimizer: Optimizer, from file: HDF5File, path: String) throws {
        let stored = try file.members(of: "optimizer/vars").filter { Int($0) != nil }
        guard !stored.isEmpty else { return }
        let trainable = trainableWeights
        let hasRate: Bool = if case .constant = optimizer.learningRate { true } else { false }
        let perWeight = (optimizer.useEMA ? 1 : 0) + (optimizer.gradientAccumulationSteps != nil ? 1 : 0)
        let slotCount = trainable.reduce(0) { $0 + optimizer.slotLayout(for: $1.shape).count }
        let expected = 1 + (hasRate ? 1 : 0) + trainable.count * perWeight + slotCount + optimizer.extraVariables.count
        guard stored.count == expected else {
            // Keras keeps the optimizer state it had before `quantize` (slots for the kernels that int8 made
            // untrainable) and skips it when loading; so does NeuralKit: the optimizer starts afresh.
            if hasQuantizedLayers { return }
            throw SavingError.mismatch(
                "\(path) holds \(stored.count) optimizer variables but \(optimizer.name) on this model has \(expected); "
                    + "was it saved with another optimizer or other options?")
        }
        guard
            let iterations = try file.read("optimizer/vars/0", maximumElements: 1).scalars.first
                .flatMap({ $0.isFinite && $0 >= 0 && $0 < 2e9 ? Int($0) : nil })
        else {
            throw SavingError.corrupt("\(path): the optimizer's iteration count is missing or not a count")
        }
        var index = hasRate ? 2 : 1
        func read(_ shape: Shape, _ what: String) throws -> [Float] {
            let stored = try file.shape(of: "optimizer/vars/\(index)")
            guard stored == shape else {
                throw SavingError.mismatch("optimizer variable \(index) (\(what)) has shape \(stored), but NeuralKit expects \(shape)")
            }
            index += 1
            return try file.read("optimizer/vars/\(index - 1)", expecting: stored).scalars
        }
        for parameter in trainable where optimizer.useEMA {
            try optimizer.setAverage(try read(parameter.shape, "the moving average of '\(parameter.name)'"), of: parameter)
        }
        for parameter in trainable where optimizer.gradientAccumulationSteps != nil {
            try optimizer.setAccumulatedGradient(try read(parameter.shape, "the gradient accumulator of '\(parameter.name)'"), of: parameter)
        }
        for parameter in trainable {
            let slots = try optimizer.slotLayout(for: parameter.shape).map { try read($0.shape, "slot \($0.name) of '\(parameter.name)'") }
            try optimizer.setSlotValues(slots, of: parameter, iterations: iterations)
        }
        let extras = optimizer.extraVariables.count
        if extras > 0 {
            optimizer.extraVariables = try (index..<index + extras).map { try file.read("optimizer/vars/\($0)", maximumElements: 1).scalars.first ?? 1 }
        }
    }

    /// Loads weights saved by ``saveWeights(to:)`` or by Keras's `save_weights`, for a model of the same
    /// architecture. Nothing changes unless every weight is found with the right shape.
    public func loadWeights(from path: String) throws {
        if !hasWeights, let shape = declaredInputShape { try build(inputShape: shape) }
        guard hasWeights else { throw SavingError.mismatch("\(name) has no weights yet; build it before loading weights") }
        try HDF5Watchdog.guarding(path) { try loadWeights(from: try HDF5File(reading: path)) }
    }

    /// Loads every weight (and the optimizer's state) from an open weights file.
    func loadWeights(from file: HDF5File) throws {
        let path = file.name
        var loaded: [(Parameter, Tensor)] = []
        for entry in weightFileEntries() where !entry.weights.isEmpty {
            let stored = try file.members(of: entry.group + "/vars").filter { Int($0) != nil }
            guard stored.count == entry.weights.count else {
                throw SavingError.mismatch(
                    "layer '\(entry.name)' (\(entry.group)) has \(entry.weights.count) weight(s) but \(path) holds "
                        + "\(stored.count) for it; is the file from a model of the same architecture?")
            }
            for (index, parameter) in entry.weights.enumerated() {
                let stored = try file.shape(of: "\(entry.group)/vars/\(index)")
                // Normalization's sample count is a scalar in Keras and here; accept any single-element shape for it.
                guard stored == parameter.shape || (stored.elementCount == 1 && parameter.shape.elementCount == 1) else {
                    throw SavingError.mismatch(
                        "layer '\(entry.name)': weight \(index) ('\(parameter.name)') has shape \(parameter.shape) "
                            + "but the file holds \(stored); is the file from a model of the same architecture?")
                }
                let value = try file.read("\(entry.group)/vars/\(index)", expecting: stored)
                loaded.append((parameter, try value.reshaped(to: parameter.shape)))
            }
        }
        // Every layer's values are checked (finite; its own rules) before any weight changes.
        var byParameter: [ObjectIdentifier: Tensor] = [:]
        for (parameter, value) in loaded { byParameter[ObjectIdentifier(parameter)] = value }
        for layer in allLayers() {
            let values = layer.weights.compactMap { byParameter[ObjectIdentifier($0)] }
            guard values.count == layer.weights.count, !values.isEmpty else { continue }
            do { try layer.validateWeights(values) } catch { throw SavingError.corrupt("\(path): \(error)") }
        }
        for (parameter, value) in loaded { try parameter.assign(value) }
        if let optimizer { try readOptimizer(optimizer, from: file, path: path) }
    }
}
