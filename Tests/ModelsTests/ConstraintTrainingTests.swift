import Foundation
import Layers
import Models
import Tensors
import Testing
import Training

/// Constraints in training: every optimizer step ends with the weights projected back onto the rule, and a
/// model with constraints saves and loads them.
@Suite struct ConstraintTrainingTests {
    @Test func weightsStayWithinTheirConstraintsWhileTraining() throws {
        let model = try Sequential(
            [Dense(units: 4, kernelConstraint: .maxNorm(0.5), biasConstraint: .nonNeg, inputShape: [3]), Dense(units: 1, kernelConstraint: .unitNorm())],
            seed: 2)
        model.compile(loss: .meanSquaredError, optimizer: Adam(learningRate: 0.1))
        let x = try Tensor((0..<60).map { Float($0 % 7) - 3 }, shape: [20, 3])
        let y = try x.sum(alongAxes: [1], keepingDimensions: true) * 5
        try model.fit(x, y, epochs: 5, verbose: .silent)
        let weights = model.getWeights()
        let kernel = weights[0].scalars
        for unit in 0..<4 {
            let norm = (0..<3).map { kernel[$0 * 4 + unit] * kernel[$0 * 4 + unit] }.reduce(0, +).squareRoot()
            #expect(norm <= 0.5 + 1e-5, "unit \(unit)'s incoming norm \(norm)")
        }
        #expect(weights[1].scalars.allSatisfy { $0 >= 0 })
        let output = weights[2].scalars
        #expect(Swift.abs(output.map { $0 * $0 }.reduce(0, +).squareRoot() - 1) < 1e-5)

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).keras").path
        try model.save(to: path)
        let loaded = try Model.load(from: path)
        #expect((loaded.layers.first as? Dense)?.kernelConstraint == .maxNorm(0.5))
        #expect((loaded.layers.first as? Dense)?.biasConstraint == .nonNeg)
    }
}
