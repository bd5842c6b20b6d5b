import Datasets
import Layers
import Models
import Tensors

/// The chapter's example networks, in one place for the command-line tool, the examples and the
/// tests. Each carries its own input scaling (a Rescaling or an adapted Normalization layer), as the
/// book's third edition does, so that a saved model predicts on raw data.
public enum ChapterModels {
    /// The columns of California housing that feed the Wide & Deep network's wide path (0–4) and deep
    /// path (2–7).
    public static let wideColumns = 0..<5
    public static let deepColumns = 2..<8

    /// The image classifier: pixels scaled by 1/255, flattened, `hidden` Dense layers, and one output
    /// per class (the chapter's is 784-300-100-10 with relu and softmax).
    public static func imageClassifier(
        inputShape: Shape = [28, 28], hidden: [Int] = [300, 100], activation: Activation = .relu,
        classes: Int = 10, outputActivation: Activation = .softmax, seed: UInt64 = 42
    ) throws -> Sequential {
        let model = try Sequential(
            [Rescaling(scale: 1 / 255, inputShape: inputShape), Flatten()]
                + hidden.map { Dense(units: $0, activation: activation) } + [Dense(units: classes, activation: outputActivation)],
            name: "sequential", seed: seed)
        try model.build(inputShape: inputShape)
        return model
    }

    /// An MLP on table rows: a Normalization layer adapted to `training` (the chapter's `norm_layer.adapt`),
    /// `hidden` Dense layers, and `outputs` outputs (the chapter's regressor is 8-30-1 on California housing).
    public static func tableMLP(
        adaptedTo training: Tensor, hidden: [Int] = [30], activation: Activation = .relu, outputs: Int = 1,
        outputActivation: Activation = .linear, seed: UInt64 = 42
    ) throws -> Sequential {
        let normalization = Normalization(inputShape: [training.shape.last ?? 1])
        try normalization.adapt(training)
        return try tableMLP(
            normalization: normalization, hidden: hidden, activation: activation, outputs: outputs, outputActivation: outputActivation, seed: seed)
    }

    /// The same MLP behind a `Normalization` already given its statistics (adapted over the ranks of
    /// an MPI job, each holding part of the data).
    public static func tableMLP(
        normalization: Normalization, hidden: [Int] = [30], activation: Activation = .relu, outputs: Int = 1,
        outputActivation: Activation = .linear, seed: UInt64 = 42
    ) throws -> Sequential {
        let columns = normalization.mean?.shape.first ?? 1
        let model = try Sequential(
            [normalization] + hidden.map { Dense(units: $0, activation: activation) }
                + [Dense(units: outputs, activation: outputActivation)], name: "sequential", seed: seed)
        try model.build(inputShape: [columns])
        return model
    }

    /// The wide and deep inputs of California housing rows (`[samples, 8]`): columns 0–4 and 2–7.
    public static func wideAndDeepInputs(_ rows: Tensor) throws -> [Tensor] {
        [try rows.gather(alongAxis: 1, Array(wideColumns)), try rows.gather(alongAxis: 1, Array(deepColumns))]
    }

    /// The chapter's Wide & Deep network with the Functional API: each path through its own
    /// Normalization (adapted to `wide` and `deep`), two Dense(30) on the deep path, a main output on
    /// both paths and an auxiliary output on the deep one.
    public static func wideAndDeep(adaptedTo wide: Tensor, _ deep: Tensor, activation: Activation = .relu, seed: UInt64 = 42) throws -> Functional {
        let wideInput = Input(shape: [wide.shape.last ?? 5], name: "wide_input")
        let deepInput = Input(shape: [deep.shape.last ?? 6], name: "deep_input")
        let normLayerWide = Normalization(), normLayerDeep = Normalization()
        try normLayerWide.adapt(wide)
        try normLayerDeep.adapt(deep)
        let normWide = try normLayerWide(wideInput), normDeep = try normLayerDeep(deepInput)
        let hidden2 = try Dense(units: 30, activation: activation)(try Dense(units: 30, activation: activation)(normDeep))
        let main = try Dense(units: 1, name: "main_output")(try Concatenate()([normWide, hidden2]))
        let aux = try Dense(units: 1, name: "aux_output")(hidden2)
        return try Functional(inputs: [wideInput, deepInput], outputs: [main, aux], name: "wide_and_deep", seed: seed)
    }

    /// The same network written by subclassing ``Model`` (``WideAndDeepModel``), adapted and built.
    public static func wideAndDeepSubclassed(
        adaptedTo wide: Tensor, _ deep: Tensor, activation: Activation = .relu,
        seed: UInt64 = 42
    ) throws -> WideAndDeepModel {
        let model = WideAndDeepModel(activation: activation, seed: seed)
        try model.adapt(wide: wide, deep: deep)
        return model
    }
}
