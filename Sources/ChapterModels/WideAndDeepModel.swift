import Layers
import Models
import Serialization
import Tensors

/// The chapter's Wide & Deep network written with the Subclassing API, as the book writes it: the
/// layers (normalization included) are properties made in `init`, `call` wires them, and the model
/// finds them by tracing its first call. It is `KerasSerializable` under the name
/// "NeuralKit>WideAndDeepModel", so `--save` writes a `.keras` file that Keras opens with the Python
/// twin in tools/chapter_models.py.
public final class WideAndDeepModel: Model, KerasSerializable {
    public static let kerasPackage = "NeuralKit"
    public let units: Int
    public let activation: Activation
    public let normLayerWide = Normalization()
    public let normLayerDeep = Normalization()
    public let hidden1: Dense
    public let hidden2: Dense
    public let mainOutput = Dense(units: 1, name: "main_output")
    public let auxOutput = Dense(units: 1, name: "aux_output")

    /// The network with `units` neurons in each hidden layer; call ``adapt(wide:deep:)`` before training.
    public init(units: Int = 30, activation: Activation = .relu, name: String = "wide_and_deep", seed: UInt64 = 42) {
        self.units = units
        self.activation = activation
        hidden1 = Dense(units: units, activation: activation)
        hidden2 = Dense(units: units, activation: activation)
        super.init(name: name, seed: seed, inputShapes: [[5], [6]], outputNames: ["main_output", "aux_output"])
    }

    public convenience init(kerasConfig config: [String: JSONValue]) throws {
        self.init(
            units: try config.int("units", in: "WideAndDeepModel", default: 30),
            activation: try Activation(kerasName: config["activation"]?.stringValue ?? "relu"))
    }

    public override func config() throws -> [String: JSONValue] { ["units": .int(units), "activation": try activation.kerasJSON] }

    public override func call(_ inputs: [Tensor], training: Bool) throws -> [Tensor] {
        let normWide = try normLayerWide(inputs[0], training: training), normDeep = try normLayerDeep(inputs[1], training: training)
        let hidden = try hidden2(try hidden1(normDeep, training: training), training: training)
        let concat = try Tensor.concatenate([normWide, hidden], alongAxis: 1)
        return [try mainOutput(concat, training: training), try auxOutput(hidden, training: training)]
    }

    /// Builds the model and adapts its two Normalization layers to the training features of each path.
    public func adapt(wide: Tensor, deep: Tensor) throws {
        try build(inputShape: [5])
        try normLayerWide.adapt(wide)
        try normLayerDeep.adapt(deep)
    }
}
