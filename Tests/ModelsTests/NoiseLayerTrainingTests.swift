import Foundation
import Layers
import Models
import Tensors
import TestSupport
import Testing
import Training

/// Training through the noise layers and BatchNormalization: the same seed gives the same weights bit
/// for bit, and a run interrupted and resumed by BackupAndRestore draws the same noise as one never
/// interrupted.
@Suite struct NoiseLayerTrainingTests {
    static func model(seed: UInt64 = 5) throws -> Sequential {
        let model = try Sequential(
            [
                Dense(units: 8, activation: .selu, inputShape: [4]), GaussianNoise(stddev: 0.2), BatchNormalization(),
                AlphaDropout(rate: 0.2), Dense(units: 8, activation: .relu), GaussianDropout(rate: 0.3),
                Dense(units: 3, activation: .softmax),
            ], seed: seed)
        model.compile(loss: .sparseCategoricalCrossentropy, optimizer: Adam(learningRate: 0.02))
        return model
    }

    @Test func theSameSeedTrainsTheSameWeightsAndAnotherSeedOthers() throws {
        let (x, y) = try BackupAndRestoreTests.data()
        func trained(_ seed: UInt64) throws -> [[Float]] {
            let model = try Self.model(seed: seed)
            try model.fit(x, y, batchSize: 16, epochs: 2, verbose: .silent)
            return model.getWeights().map(\.scalars)
        }
        #expect(try trained(5) == trained(5))
        #expect(try trained(5) != trained(6))
    }

    @Test func aResumedRunDrawsTheSameNoiseAsAnUninterruptedOne() throws {
        let (x, y) = try BackupAndRestoreTests.data()
        let folder = temporaryPath("noise-backup")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let reference = try Self.model()
        try reference.fit(x, y, batchSize: 16, epochs: 4, verbose: .silent, callbacks: [BackupAndRestore(backupDir: folder + "/reference")])
        #expect(throws: BackupAndRestoreTests.Crash.self) {
            try Self.model().fit(
                x, y, batchSize: 16, epochs: 4, verbose: .silent,
                callbacks: [BackupAndRestoreTests.CrashAt(epoch: 2, batch: 3), BackupAndRestore(backupDir: folder + "/resumed")])
        }
        let resumed = try Self.model()
        try resumed.fit(x, y, batchSize: 16, epochs: 4, verbose: .silent, callbacks: [BackupAndRestore(backupDir: folder + "/resumed")])
        #expect(resumed.getWeights().map(\.scalars) == reference.getWeights().map(\.scalars))
    }
}
