import Foundation
import Layers
import Models
import Tensors
import Testing
import Training

/// A loss's reduction in training: `none` cannot train (one value per sample) and says so; the others
/// train and save with the model.
@Suite struct LossReductionTrainingTests {
    @Test func reductionNoneIsRefusedAndOthersSaveWithTheModel() throws {
        let x = try Tensor([[1, 2], [3, 4], [5, 6]]), y = try Tensor([[1], [2], [3]])
        let none = MeanSquaredError()
        none.reduction = .none
        let refused = try Sequential([Dense(units: 1, inputShape: [2])], seed: 1)
        refused.compile(loss: none, optimizer: SGD())
        #expect { try refused.fit(x, y, epochs: 1, verbose: .silent) } throws: { "\($0)".contains("reduction none") }

        let summed = MeanSquaredError()
        summed.reduction = .sum
        let model = try Sequential([Dense(units: 1, inputShape: [2])], seed: 1)
        model.compile(loss: summed, optimizer: SGD(learningRate: 0.001))
        let history = try model.fit(x, y, batchSize: 3, epochs: 1, verbose: .silent, shuffle: false)
        let mean = MeanSquaredError()
        let fresh = try Sequential([Dense(units: 1, inputShape: [2])], seed: 1)
        try fresh.build(inputShape: [2])
        let initial = try mean(y, try fresh.predict(x)).scalar ?? .nan
        #expect(Swift.abs((history.history["loss"]?.first ?? 0) - 3 * initial) < 1e-3 * Swift.max(1, initial), "a sum over 3 samples")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).keras").path
        try model.save(to: path)
        #expect(try Model.load(from: path).loss?.reduction == .sum)
    }
}
