import Models
import Tensors

/// The data and training settings a search passes to every trial (what `tuner.search(x, y, …)` takes).
public struct SearchData {
    public var x: [Tensor]
    public var y: [Tensor]
    public var validationData: (x: [Tensor], y: [Tensor])?
    public var validationSplit: Float
    public var batchSize: Int

    public init(x: [Tensor], y: [Tensor], validationData: (x: [Tensor], y: [Tensor])? = nil, validationSplit: Float = 0, batchSize: Int = 32) {
        (self.x, self.y, self.validationData, self.validationSplit, self.batchSize) = (x, y, validationData, validationSplit, batchSize)
    }

    public init(_ x: Tensor, _ y: Tensor, validationData: (x: Tensor, y: Tensor)? = nil, validationSplit: Float = 0, batchSize: Int = 32) {
        self.init(x: [x], y: [y], validationData: validationData.map { ([$0.x], [$0.y]) }, validationSplit: validationSplit, batchSize: batchSize)
    }
}

/// One execution's training: the search's data, the epochs to train to (and from, for Hyperband), and
/// the callbacks (the search's own, which record the trial, included).
public struct FitArguments {
    public var data: SearchData
    public var epochs: Int
    public var initialEpoch: Int
    public var callbacks: [Callback]

    /// Trains `model` as the search asked, with `batchSize` in place of the search's when given (a
    /// hypermodel that tunes the batch size passes its own).
    @discardableResult
    public func fit(_ model: Model, batchSize: Int? = nil) throws -> History {
        try model.fit(
            data.x, data.y, batchSize: batchSize ?? data.batchSize, epochs: epochs, verbose: .silent, callbacks: callbacks,
            validationSplit: data.validationData == nil ? data.validationSplit : 0, validationData: data.validationData,
            initialEpoch: initialEpoch)
    }
}

/// A model family to search (Keras Tuner's `HyperModel`): `build` makes a compiled model from the
/// hyperparameters, `fit` trains it and may tune training itself (batch size, preprocessing), as the
/// book's `MyClassificationHyperModel` does.
public protocol HyperModel {
    func build(_ hp: HyperParameters) throws -> Model
    func fit(_ hp: HyperParameters, model: Model, _ arguments: FitArguments) throws -> History
}

extension HyperModel {
    /// Trains with the search's settings.
    public func fit(_ hp: HyperParameters, model: Model, _ arguments: FitArguments) throws -> History { try arguments.fit(model) }
}

/// A hypermodel from a model-building closure, as passing `build_model` to a Keras Tuner tuner.
public struct BuildClosure: HyperModel {
    public let build: (HyperParameters) throws -> Model
    public init(_ build: @escaping (HyperParameters) throws -> Model) { self.build = build }
    public func build(_ hp: HyperParameters) throws -> Model { try build(hp) }
}
