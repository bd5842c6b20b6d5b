import Serialization
import TestSupport
import Testing
import Training

/// Keras 3's `keras/src/optimizers/adam_test.py`, ported with its inputs, expected values and tolerances.
///
/// Not ported:
/// (`test_ema`'s `model.fit` half needs a Model: it is ported in `Tests/ModelsTests/KerasPorts/OptimizerTests+KerasFit.swift`.)
/// - `test_clipnorm_indexed_slices`: TensorFlow's IndexedSlices (an Embedding layer), TF backend only.
@Suite("Keras port: adam_test.py") struct KerasPortAdamTest {
    typealias Port = KerasOptimizerPort

    @Test func config() throws {
        try Port.expectConfigRoundTrip(Adam(learningRate: 0.5, beta1: 0.5, beta2: 0.67, epsilon: 1e-5, amsgrad: true))
    }

    @Test func singleStep() throws {
        expectAllClose(try Port.singleStep(Adam(learningRate: 0.5)), [0.5, 1.5, 2.5, 3.5], atol: 1e-4, rtol: 1e-4)
    }

    @Test func weightDecay() throws { try Port.expectWeightDecay { Adam(learningRate: 1.0, weightDecay: 0.004) } }

    @Test func correctnessWithGolden() throws {
        try Port.expectGolden(Adam(amsgrad: true), [[0.999], [0.9982], [0.9974], [0.9965], [0.9955]])
    }

    @Test func clipNormAndClipValue() throws { try Port.expectClipping { Adam(clipNorm: $0, clipValue: $1) } }

    @Test func ema() throws {
        let optimizer = Adam(learningRate: 1.0)
        optimizer.useEMA = true
        optimizer.emaMomentum = 0.9
        let v = try Port.variable([1, 2])
        // First step: the average starts at the updated variable.
        try Port.applyGradients(optimizer, [([0.1, 0.2], v)])
        let v1 = v.value.scalars
        expectAllClose(try #require(optimizer.average(of: v)), v1)
        // Second step: the average moves.
        try Port.applyGradients(optimizer, [([0.1, 0.2], v)])
        let v2 = v.value.scalars
        let expected = zip(v1, v2).map { 0.9 * $0 + 0.1 * $1 }
        expectAllClose(try #require(optimizer.average(of: v)), expected)
        // Finalizing writes the average into the variable.
        try optimizer.finalizeVariableValues([v])
        expectAllClose(v.value.scalars, expected)
    }

    @Test func emaOverwriteFrequency() throws {
        let optimizer = Adam(learningRate: 1.0), plain = Adam(learningRate: 1.0)
        optimizer.useEMA = true
        optimizer.emaMomentum = 0.9
        optimizer.emaOverwriteFrequency = 2
        let v = try Port.variable([1, 2]), vPlain = try Port.variable([1, 2])
        try Port.applyGradients(optimizer, [([0.1, 0.2], v)])
        try Port.applyGradients(plain, [([0.1, 0.2], vPlain)])
        let v1 = vPlain.value.scalars
        expectAllClose(v.value.scalars, v1, "not overwritten after the first step")
        try Port.applyGradients(optimizer, [([0.1, 0.2], v)])
        try Port.applyGradients(plain, [([0.1, 0.2], vPlain)])
        let expected = zip(v1, vPlain.value.scalars).map { 0.9 * $0 + 0.1 * $1 }
        expectAllClose(v.value.scalars, expected, "overwritten by the average after the second")
        expectAllClose(try #require(optimizer.average(of: v)), expected)
    }
}
