import Foundation
import Models
import Serialization

extension TensorBoard {
    /// The tag of a weight's histogram: Keras's `weight.path` with `:` as `_`, then `/histogram`. The
    /// path starts with the model's name unless the model is Functional, whose layers are built outside
    /// its name scope (Keras gives `sequential/dense/kernel` but `dense/kernel`).
    static func histogramTag(model: Model, layer: String, weight: String) -> String {
        let path = (model is Functional && !(model is Sequential) ? "" : model.name + "/") + layer + "/" + weight
        return path.replacingOccurrences(of: ":", with: "_") + "/histogram"
    }

    /// A histogram of every weight of every layer, at `step`.
    func writeHistograms(of model: Model, step: Int, to writer: SummaryWriter) throws {
        for layer in model.layers {
            for weight in layer.weights {
                try writer.histogram(
                    Self.histogramTag(model: model, layer: layer.name, weight: weight.name), values: weight.value.scalars, step: step)
            }
        }
    }

    /// Keras's `keras_model_summary("keras", model, step=0)`: the model's JSON config as a string
    /// tensor for the `graph_keras_model` plugin (content `"1"`, its version), written for Sequential
    /// and Functional models only, as Keras does. A config that cannot be made is a warning, not an
    /// error, as in Keras.
    func writeKerasModel(_ model: Model, to writer: SummaryWriter) throws {
        guard model.kerasClassName == "Sequential" || model.kerasClassName == "Functional" else { return }
        let json: String
        do { json = try model.kerasModelConfig().jsonString() } catch {
            FileHandle.standardError.write(Data("warning: TensorBoard: model failed to serialize as JSON, no graph written: \(error)\n".utf8))
            return
        }
        try writer.write(tag: "keras", tensor: .strings([Data(json.utf8)], shape: []), plugin: "graph_keras_model", content: Data("1".utf8), step: 0)
    }
}
