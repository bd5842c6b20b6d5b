import Datasets
import Foundation
import Layers
import Models
import Tensors
import Training
import Tuning

/// A small search on iris for the tests: one hidden layer of 4–32 units, Adam's learning rate on a log
/// scale; seconds per search.
enum IrisSearch {
    nonisolated(unsafe) static let splits: DatasetSplits? = try? DatasetSplits(table: try Iris.load(), seed: 42)

    static func data() throws -> SearchData {
        guard let splits else { throw TuningError.invalidArgument("iris did not load") }
        return SearchData(splits.xTrain, splits.yTrain, validationData: (splits.xTest, splits.yTest), batchSize: 16)
    }

    /// Builds the model for `hp`.
    static func build(_ hp: HyperParameters) throws -> Model { try build(hp, tuneRate: true) }

    /// Builds the model for `hp`, with the learning rate fixed at 0.01 unless `tuneRate`.
    static func build(_ hp: HyperParameters, tuneRate: Bool) throws -> Model {
        guard let splits else { throw TuningError.invalidArgument("iris did not load") }
        let units = try hp.int("units", min: 4, max: 32, step: 4)
        let rate = tuneRate ? try hp.float("learning_rate", min: 1e-3, max: 1e-1, sampling: .log) : try hp.fixed("learning_rate", 0.01)
        let normalization = Normalization(inputShape: [4])
        try normalization.adapt(splits.xTrain)
        let model = try Sequential([normalization, Dense(units: units, activation: .relu), Dense(units: 3, activation: .softmax)], seed: 7)
        try model.build(inputShape: [4])
        model.compile(loss: .sparseCategoricalCrossentropy, optimizer: Adam(learningRate: .constant(Float(rate))), metrics: [.accuracy])
        return model
    }

    static func tuner(_ directory: String, maxTrials: Int = 3, seed: UInt64 = 42, overwrite: Bool = false) throws -> RandomSearch {
        try RandomSearch(
            hyperModel: BuildClosure(build), objective: try Objective("val_accuracy"), maxTrials: maxTrials, seed: seed, directory: directory,
            overwrite: overwrite)
    }
}

/// Counts calls, for tests that check what ran.
final class Counter: @unchecked Sendable {
    var count = 0
}
