import Foundation
import Layers
import Tensors

extension Model {
    /// The layers as Keras's weight files list them, each with its HDF5 group name: `layers/dense`,
    /// `layers/dense_1`, … (`to_snake_case` of the class, numbered within the list, not the layer's name).
    /// A functional model's inputs come first, as `input_layer` entries without weights.
    func weightFileEntries() -> [(group: String, name: String, weights: [Parameter])] {
        var counts: [String: Int] = [:]
        func group(_ className: String) -> String {
            let base = snakeCaseName(className)
            let index = counts[base, default: 0]
            counts[base] = index + 1
            return "layers/" + (index == 0 ? base : "\(base)_\(index)")
        }
        var entries: [(String, String, [Parameter])] = []
        if let graph, !(self is Sequential) {
            for input in graph.inputs { entries.append((group("InputLayer"), input.name, [])) }
        }
        for layer in layers { entries.append((group(layer.kerasClassName), layer.name, layer.weights)) }
        return entries
    }

    /// Saves every weight in Keras's `.weights.h5` layout (`save_weights`), atomically: a crash while
    /// writing never leaves a truncated file in place of an earlier one.
    public func saveWeights(to path: String) throws {
        guard path.hasSuffix(".weights.h5") else {
            throw SavingError.io("weights files end in .weights.h5, as Keras requires; got \(path)")
        }
        guard isBuilt || graph != nil else { throw SavingError.mismatch("\(name) has no weights yet; build or fit it before saving") }
        let temporary = (path as NSString).deletingLastPathComponent.isEmpty ? ".\(UUID().uuidString).tmp"
            : (path as NSString).deletingLastPathComponent + "/.\(UUID().uuidString).tmp"
        do {
            try writeWeights(to: temporary)
            guard rename(temporary, path) == 0 else { throw SavingError.io("cannot move the weights into place at \(path)") }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// Writes the weight tree; the file is closed when this returns.
    private func writeWeights(to path: String) throws {
        let file = try HDF5File(creating: path)
        try file.createGroup("layers")
        for entry in weightFileEntries() {
            try file.createGroup(entry.group + "/vars")
            try file.setAttribute("name", entry.name, on: entry.group + "/vars")
            for (index, weight) in entry.weights.enumerated() { try file.write(weight.value, at: "\(entry.group)/vars/\(index)") }
        }
        try file.createGroup("vars")
        try file.setAttribute("name", name, on: "vars")
    }

    /// Loads weights saved by ``saveWeights(to:)`` or by Keras's `save_weights`, for a model of the same
    /// architecture. Nothing changes unless every weight is found with the right shape.
    public func loadWeights(from path: String) throws {
        guard isBuilt || graph != nil else { throw SavingError.mismatch("\(name) has no weights yet; build it before loading weights") }
        let file = try HDF5File(reading: path)
        var loaded: [(Parameter, Tensor)] = []
        for entry in weightFileEntries() {
            let stored = try file.members(of: entry.group + "/vars").filter { Int($0) != nil }
            guard stored.count == entry.weights.count else {
                throw SavingError.mismatch("layer '\(entry.name)' (\(entry.group)) has \(entry.weights.count) weight(s) but \(path) holds "
                    + "\(stored.count) for it; is the file from a model of the same architecture?")
            }
            for (index, parameter) in entry.weights.enumerated() {
                let value = try file.read("\(entry.group)/vars/\(index)")
                guard value.shape == parameter.shape else {
                    throw SavingError.mismatch("layer '\(entry.name)': weight \(index) ('\(parameter.name)') has shape \(parameter.shape) "
                        + "but the file holds \(value.shape)")
                }
                loaded.append((parameter, value))
            }
        }
        for (parameter, value) in loaded { try parameter.assign(value) }
    }
}

