import Foundation
import Layers
import Serialization
import Tensors
import TestSupport
import Testing

/// Keras 3's `regularizers_test.py`, continued: the OrthogonalRegularizer cases, with Keras's inputs,
/// expected values and tolerances (the rest of the module is in `RegularizersTests+Keras.swift`).
/// Keras's invalid `mode` is a string given to the constructor; Swift's `OrthogonalMode` cannot be
/// invalid, so the check is ported through a config, where a string can be.
@Suite("Keras port: regularizers_test.py (OrthogonalRegularizer)") struct KerasPortOrthogonalRegularizerTest {
    typealias Base = KerasPortRegularizersTest

    /// `test_config`'s OrthogonalRegularizer line.
    @Test func config() throws {
        let regularizer = Regularizer.orthogonal(factor: 0.1, mode: .rows)
        let restored = try Base.read(regularizer.kerasClassName, regularizer.kerasConfig())
        #expect(restored == regularizer)
        #expect(try restored.kerasConfig() == regularizer.kerasConfig())
    }

    /// `test_orthogonal_regularizer`: `0.1 · 0.5 · Σ|UUᵀ ⊙ (1 − I)| / (4·3/2)` with U the rows of a random
    /// (4, 4) matrix scaled to unit norm (Keras's formula, evaluated in Double), default tolerances.
    @Test func orthogonalRegularizer() throws {
        let value = try Base.randomValue()
        let rows = (0..<4).map { i in value.scalars[i * 4..<(i + 1) * 4].map(Double.init) }
        let units = rows.map { row in row.map { $0 / row.reduce(0) { $0 + $1 * $1 }.squareRoot() } }
        var offDiagonal = 0.0
        for i in 0..<4 { for j in 0..<4 where i != j { offDiagonal += abs(zip(units[i], units[j]).reduce(0) { $0 + $1.0 * $1.1 }) } }
        let expected = Float(0.1 * 0.5 * offDiagonal / (4.0 * (4.0 - 1.0) / 2.0))
        expectAllClose([try Base.penalty(.orthogonal(factor: 0.1, mode: .rows), value)], [expected])
    }

    /// `test_get_method`'s OrthogonalRegularizer line.
    @Test func getMethod() throws {
        #expect(try Regularizer(keras: "orthogonal_regularizer") == .orthogonal())
    }

    @Test func modeValidation() {
        // Keras: 'Invalid value for argument `mode`. Expected one of {"rows", "columns"}. Received: mode=invalid_mode'
        #expect { _ = try Base.read("OrthogonalRegularizer", ["factor": 0.01, "mode": "invalid_mode"]) } throws: {
            "\($0)".contains("mode") && "\($0)".contains("invalid_mode")
        }
    }

    @Test func inputRankValidation() throws {
        var generator = RandomGenerator(seed: 107)
        let value = try Tensor((0..<64).map { _ in Float.random(in: 0..<1, using: &generator) }, shape: [4, 4, 4])
        // Keras: "Inputs to OrthogonalRegularizer must have rank 2. Received: inputs.shape=(4, 4, 4)"
        #expect { _ = try Regularizer.orthogonal(factor: 0.1).penalty(value) } throws: {
            "\($0)".contains("rank-2") && "\($0)".contains("4, 4, 4")
        }
    }

    @Test func getConfig() throws {
        let config = try Regularizer.orthogonal(factor: 0.01, mode: .columns).kerasConfig()
        expectAlmostEqual(config["factor"]?.floatValue ?? .nan, 0.01, decimal: 7)
        #expect(config["mode"] == "columns")
        let fromConfig = try Base.read("OrthogonalRegularizer", config).kerasConfig()
        expectAlmostEqual(fromConfig["factor"]?.floatValue ?? .nan, 0.01, decimal: 7)
        #expect(fromConfig["mode"] == "columns")
    }
}
