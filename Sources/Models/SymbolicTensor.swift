import Layers
import Tensors

/// A placeholder for the tensors that will flow along one edge of a functional model: its sample
/// shape (no batch axis), and the layer call that produces it. Calling a layer on symbolic tensors
/// records the graph that `Functional(inputs:outputs:)` turns into a model.
public final class SymbolicTensor {
    public let shape: Shape
    /// The input's name, or the name of the layer that produces it.
    public var name: String { layer?.name ?? inputName }
    var inputName: String
    let hasExplicitName: Bool
    /// The layer that produces this tensor, and the tensors it is applied to; none for an input.
    let layer: Layer?
    let inputs: [SymbolicTensor]

    init(shape: Shape, name: String?, layer: Layer?, inputs: [SymbolicTensor]) {
        self.shape = shape
        self.inputName = name ?? "input_layer"
        self.hasExplicitName = name != nil
        self.layer = layer
        self.inputs = inputs
    }

    /// Keras's shape notation with the batch axis: `(None, 30)`.
    public var kerasShape: String { "(None" + shape.dimensions.map { ", \($0)" }.joined() + ")" }
}

/// A model input of the given sample shape, as Keras's `keras.Input(shape=…, name=…)`.
public func Input(shape: Shape, name: String? = nil) -> SymbolicTensor {
    SymbolicTensor(shape: shape, name: name, layer: nil, inputs: [])
}

extension Layer {
    /// Records a call of this layer on a symbolic tensor; checks the shapes now, not deep inside training.
    public func callAsFunction(_ input: SymbolicTensor) throws -> SymbolicTensor {
        if let merge = self as? MergeLayer { return try merge([input]) }
        if let built = builtInputShape, built != input.shape {
            throw ModelError.invalidArchitecture("layer '\(name)' was built for inputs \(built) but is called on \(input.name) of shape \(input.kerasShape)")
        }
        let shape: Shape
        do { shape = try outputShape(for: input.shape) } catch {
            throw ModelError.invalidArchitecture("layer '\(name)' cannot take \(input.name) of shape \(input.kerasShape): \(error)")
        }
        return SymbolicTensor(shape: shape, name: nil, layer: self, inputs: [input])
    }
}

extension MergeLayer {
    /// Records a merge of several symbolic tensors, checking that their shapes can be merged.
    public func callAsFunction(_ inputs: [SymbolicTensor]) throws -> SymbolicTensor {
        let shape: Shape
        do { shape = try outputShape(for: inputs.map(\.shape)) } catch {
            throw ModelError.invalidArchitecture("\(error)")
        }
        return SymbolicTensor(shape: shape, name: nil, layer: self, inputs: inputs)
    }
}
