import Layers
import Models
import Tensors

/// The chapter's Wide & Deep network written with the Subclassing API: the layers are properties made
/// in `init`, `call` wires them, and the model finds them by tracing its first call.
final class WideAndDeepModel: Model {
    let hidden1 = Dense(units: 30, activation: .relu)
    let hidden2 = Dense(units: 30, activation: .relu)
    let concat = Concatenate()
    let mainOutput = Dense(units: 1, name: "main_output")
    let auxOutput = Dense(units: 1, name: "aux_output")

    init(seed: UInt64) {
        super.init(name: "wide_and_deep", seed: seed, inputShapes: [[5], [6]], outputNames: ["main_output", "aux_output"])
    }

    override func call(_ inputs: [Tensor], training: Bool) throws -> [Tensor] {
        let hidden = try hidden2(try hidden1(inputs[1], training: training), training: training)
        return [try mainOutput(try concat([inputs[0], hidden], training: training), training: training),
                try auxOutput(hidden, training: training)]
    }
}
