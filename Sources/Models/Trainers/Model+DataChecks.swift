import Layers
import Tensors
import Training

/// The checks every entry point makes on the caller's arrays before any batch is cut, so that an error
/// names the caller's sample, not a position in a shuffled batch.
extension Model {
    /// Builds an unbuilt model from the first sample of `source`.
    func ensureBuilt(from source: any DataSource) throws {
        guard !isBuilt, source.sampleCount > 0 else { return }
        try ensureBuilt(for: try source.batch(in: 0..<1).inputs)
    }

    /// Arrays given by name, in the order of `names`.
    func ordered(_ arrays: [String: Tensor], _ names: [String], _ kind: String) throws -> [Tensor] {
        for key in arrays.keys where !names.contains(key) {
            throw ModelError.invalidData("\(name) has no \(kind) named '\(key)'; its \(kind)s are \(names.joined(separator: ", "))")
        }
        return try names.map { key in
            guard let array = arrays[key] else { throw ModelError.invalidData("no array given for \(kind) '\(key)' of \(name)") }
            return array
        }
    }

    func checkData(_ x: [Tensor], _ y: [Tensor], sampleWeight: Tensor?, role: String) throws {
        let inputs = inputNames, outputs = outputNames
        guard x.count == inputs.count else {
            throw ModelError.invalidData(
                "\(name) has \(inputs.count) input(s) (\(inputs.joined(separator: ", "))) but \(x.count) \(role) input arrays were given")
        }
        guard y.count == outputs.count else {
            throw ModelError.invalidData(
                "\(name) has \(outputs.count) output(s) (\(outputs.joined(separator: ", "))) but \(y.count) \(role) target arrays were given")
        }
        for array in x + y where array.rank < 1 {
            throw ModelError.invalidData("\(role) data needs a batch axis; got an array of shape \(array.shape)")
        }
        let count = x[0].shape[0]
        guard count > 0 else { throw ModelError.invalidData("the \(role) data has no samples") }
        for (array, label) in zip(x + y, inputs.map { "input '\($0)'" } + outputs.map { "targets of '\($0)'" }) where array.shape[0] != count {
            throw ModelError.invalidData(
                "the \(role) data has \(count) samples in its first input but \(array.shape[0]) in the \(label); "
                    + "every array must have one row per sample")
        }
        if let sampleWeight, sampleWeight.elementCount != count {
            throw ModelError.invalidData("\(sampleWeight.elementCount) sample weights for \(count) \(role) samples")
        }
        for array in x { try checkFinite(array, "\(role) inputs") }
        for array in y { try checkFinite(array, "\(role) targets") }
    }

    /// Sparse labels must be whole class indices below the output's width; checked up front so that the
    /// error names the sample in the caller's data, not in a shuffled batch.
    func checkSparseLabels(_ y: [Tensor], role: String) throws {
        for (index, targets) in y.enumerated() where index < losses.count && losses[index].takesClassIndices {
            guard index < outputWidths.count else { continue }
            let classes = outputWidths[index]
            if let bad = targets.scalars.firstIndex(where: { $0.rounded() != $0 || $0 < 0 || $0 >= Float(classes) }) {
                let distinct = Set(targets.scalars).count
                let whole = targets.scalars.allSatisfy { $0.rounded() == $0 && $0 >= 0 }
                let advice =
                    whole && distinct > classes
                    ? "the data has \(distinct) classes but the model has \(classes) output\(classes == 1 ? "" : "s"); give the last layer \(distinct) units"
                    : "\(losses[index].name) needs whole-number class labels from 0 to \(classes - 1), one per sample"
                throw ModelError.invalidData(
                    "the \(role) targets hold \(targets.scalars[bad]) at sample \(bad), which is not a class index "
                        + "of this model's \(classes) output\(classes == 1 ? "" : "s"); \(advice)")
            }
        }
    }

    func checkFinite(_ tensor: Tensor, _ what: String) throws {
        if let bad = tensor.firstNonFiniteIndex {
            let sample = bad / Swift.max(1, tensor.elementCount / Swift.max(tensor.shape.first ?? 1, 1))
            throw ModelError.invalidData("the \(what) contain \(tensor.scalars[bad]) at sample \(sample); remove or impute non-finite values")
        }
    }

    /// Per-sample weights from explicit weights and/or class weights (by label).
    func sampleWeights(_ y: Tensor, _ sampleWeight: Tensor?, _ classWeight: [Int: Float]?) throws -> Tensor? {
        guard let classWeight else { return try sampleWeight?.reshaped(to: [-1]) }
        let count = y.shape[0], width = y.elementCount / count
        let labels: [Int] = (0..<count).map { r in
            width == 1
                ? (y.scalars[r].magnitude < 1e9 ? Int(y.scalars[r]) : -1) : ((0..<width).max { y.scalars[r * width + $0] < y.scalars[r * width + $1] } ?? 0)
        }
        let weights = labels.map { classWeight[$0] ?? 1 }
        let combined = try Tensor(weights, shape: [count])
        return try sampleWeight.map { try $0.reshaped(to: [count]) * combined } ?? combined
    }
}
