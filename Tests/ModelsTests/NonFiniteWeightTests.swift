import Foundation
import Layers
import Models
import Tensors
import Testing
import Training

/// NaN and infinite weights are never hidden: activations propagate NaN as NumPy and Keras do, and a
/// file with non-finite weights or a negative variance is refused with the layer and the file named.
@Suite struct NonFiniteWeightTests {
    @Test func activationsPropagateNaN() throws {
        let x = try Tensor([Float.nan, -1, 2, 0.5], shape: [1, 4])
        // Keras's hard and soft shrink compare first (NaN > t is false) and give 0 for NaN, as NeuralKit does.
        let comparing: [Activation] = [.step, .softmax, .logSoftmax, .hardShrink(), .softShrink()]
        for activation in Activation.allNamed where !comparing.contains(activation) {
            #expect(try activation(x).scalars[0].isNaN, "\(activation.kerasName)")
        }
        #expect(try Activation.hardShrink()(x).scalars[0] == 0 && Activation.softShrink()(x).scalars[0] == 0)
        #expect(x.heaviside().scalars[0].isNaN)
        #expect(try Tensor.maximum(x, Tensor(0)).scalars[0].isNaN)
        #expect(try Tensor.maximum(Tensor(0), x).scalars[0].isNaN)
        #expect(Tensor.minimum(x, 0).scalars[0].isNaN)
        let inPlace = try Tensor([Float.nan, -3, 4], shape: [3])
        try inPlace.formRelu()
        #expect(inPlace.scalars[0].isNaN && inPlace.scalars[1] == 0 && inPlace.scalars[2] == 4)
    }

    @Test func aNaNKernelShowsInPredictionsAndIsRefusedOnLoad() throws {
        let model = try Sequential([Dense(units: 4, activation: .relu, inputShape: [3]), Dense(units: 2, activation: .softmax)], seed: 1)
        try model.build(inputShape: [3])
        var kernel = model.layers[0].getWeights()[0].scalars
        kernel[0] = .nan
        try model.layers[0].weights[0].assign(try Tensor(kernel, shape: [3, 4]))
        let prediction = try model.predict(try Tensor([[1, 2, 3]]))
        #expect(prediction.scalars.allSatisfy { $0.isNaN })
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nan-\(UUID().uuidString).keras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        #expect { try Model.load(from: path) } throws: { "\($0)".contains(path) && "\($0)".contains("nan") && "\($0)".contains("dense") }
        #expect(throws: (any Error).self) { try model.layers[0].setWeights(model.layers[0].getWeights()) }
    }

    @Test func aNegativeVarianceIsRefused() throws {
        let layer = Normalization()
        var generator = RandomGenerator(seed: 0)
        try layer.build(inputShape: [2], using: &generator)
        #expect { try layer.setWeights([Tensor([0, 0]), Tensor([1, -2]), Tensor(10)]) } throws: { "\($0)".contains("negative") }
        try layer.setWeights([Tensor([0, 0]), Tensor([1, 2]), Tensor(10)])
    }
}

/// Class labels beyond a model's outputs are explained in terms of the data (issue 12, item 15).
@Suite struct SparseLabelMessageTests {
    @Test func labelsBeyondTheOutputsSayHowManyClassesTheDataHas() throws {
        let model = try Sequential([Dense(units: 1, activation: .softmax, inputShape: [2])], seed: 1)
        model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD())
        let x = try Tensor([[0, 1], [1, 0], [1, 1]])
        #expect { try model.fit(x, Tensor([0, 1, 2]), epochs: 1, verbose: .silent) } throws: { error in
            "\(error)".contains("3 classes") && "\(error)".contains("1 output") && !"\(error)".contains("0..<1")
        }
    }
}
