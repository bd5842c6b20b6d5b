import Foundation
import Layers
import Serialization
import Tensors
import TestSupport
import Testing

/// Keras 3's `keras/src/regularizers/regularizers_test.py`, ported with its inputs, expected values and
/// tolerances. Keras draws `np.random.random((4, 4))` unseeded; the same distribution comes here from
/// NeuralKit's seeded generator, and the expected values are Keras's formulas on it.
///
/// The OrthogonalRegularizer cases (and its lines of `test_config` and `test_get_method`) are in
/// `RegularizersTests+KerasOrthogonal.swift`.
///
/// Not ported:
/// - `ValidateFloatArgTest.test_validate_float_returns_float_type`: Python's int/float distinction; a
///   Swift factor is a `Float` by type.
@Suite("Keras port: regularizers_test.py") struct KerasPortRegularizersTest {
    static func randomValue(seed: UInt64 = 4) throws -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return try Tensor((0..<16).map { _ in Float.random(in: 0..<1, using: &generator) }, shape: [4, 4])
    }

    static func penalty(_ regularizer: Regularizer, _ x: Tensor) throws -> Float { try regularizer.penalty(x).scalars[0] }

    static func read(_ className: String, _ config: [String: JSONValue]) throws -> Regularizer {
        try Regularizer(keras: ["class_name": .string(className), "config": .object(config)])
    }

    @Test(arguments: [Regularizer.l1(0.1), .l2(0.1), .l1l2(l1: 0.1, l2: 0.2)]) func config(regularizer: Regularizer) throws {
        let restored = try Self.read(regularizer.kerasClassName, regularizer.kerasConfig())
        #expect(restored == regularizer)
        #expect(try restored.kerasConfig() == regularizer.kerasConfig())
    }

    @Test func l1L2AndL1L2() throws {
        let value = try Self.randomValue()
        let absSum = value.scalars.reduce(0) { $0 + Swift.abs($1) }, squareSum = value.scalars.reduce(0) { $0 + $1 * $1 }
        expectAllClose([try Self.penalty(.l1(0.1), value)], [0.1 * absSum])
        expectAllClose([try Self.penalty(.l2(0.1), value)], [0.1 * squareSum])
        expectAllClose([try Self.penalty(.l1l2(l1: 0.1, l2: 0.2), value)], [0.1 * absSum + 0.2 * squareSum])
    }

    @Test func getMethod() throws {
        #expect(try Regularizer(keras: "l1l2").kerasConfig() == Regularizer.l1l2().kerasConfig())
        #expect(try Regularizer(keras: "l1") == .l1())
        #expect(try Regularizer(keras: "l2") == .l2())
        #expect(throws: (any Error).self) { try Regularizer(keras: "typo") }
    }

    @Test func l1l2GetConfig() throws {
        let regularizer = Regularizer.l1l2(l1: 0.01, l2: 0.02)
        let config = try regularizer.kerasConfig()
        expectAllClose([config["l1"]?.floatValue ?? .nan, config["l2"]?.floatValue ?? .nan], [0.01, 0.02])
        let restored = try Self.read("L1L2", config)
        #expect(try restored.kerasConfig() == config)
        expectAllClose([restored.l1, restored.l2], [0.01, 0.02])
    }

    /// `test_l1_with_zero_weights`, `test_l1_zero_coefficient`, `test_l2_with_zero_weights`,
    /// `test_l2_zero_coefficient`, `test_l1l2_zero_coefficients`, `test_l1l2_with_zero_weights`.
    @Test func zeroWeightsAndZeroCoefficients() throws {
        let zeros = try Tensor.zeros([4, 4]), value = try Self.randomValue()
        for (regularizer, x) in [
            (Regularizer.l1(0.1), zeros), (.l1(0), value), (.l2(0.1), zeros), (.l2(0), value), (.l1l2(l1: 0, l2: 0), value), (.l1l2(l1: 0.1, l2: 0.2), zeros),
        ] {
            expectAllClose([try Self.penalty(regularizer, x)], [0], "\(regularizer)")
        }
    }

    @Test func l1WithNegativeWeights() throws {
        expectAllClose([try Self.penalty(.l1(0.1), try Tensor.full([4, 4], -1))], [try Self.penalty(.l1(0.1), try Tensor.full([4, 4], 1))])
    }

    /// `test_l2_is_larger_than_l1_for_large_weights` and `test_l2_is_smaller_than_l1_for_small_weights`.
    @Test func l2AgainstL1() throws {
        let large = try Tensor.full([4, 4], 10), small = try Tensor.full([4, 4], 0.1)
        #expect(try Self.penalty(.l2(1), large) > Self.penalty(.l1(1), large))
        #expect(try Self.penalty(.l2(1), small) < Self.penalty(.l1(1), small))
    }

    /// `test_l1l2_only_l1` and `test_l1l2_only_l2`.
    @Test func l1l2WithOneFactor() throws {
        let value = try Self.randomValue()
        expectAllClose([try Self.penalty(.l1l2(l1: 0.1, l2: 0), value)], [try Self.penalty(.l1(0.1), value)])
        expectAllClose([try Self.penalty(.l1l2(l1: 0, l2: 0.1), value)], [try Self.penalty(.l2(0.1), value)])
    }

    // MARK: ValidateFloatArgTest, through the configs that Keras validates with it

    /// `test_validate_float_with_valid_args`, `_with_zero`, `_with_very_small_positive`, `_with_large_positive`.
    @Test(arguments: [JSONValue.number(1), .real(1), .number(0), .real(0), .real(1e-10), .real(1e6)])
    func validFactors(value: JSONValue) throws {
        let regularizer = try Self.read("L1", ["l1": value])
        expectAlmostEqual(regularizer.l1, value.floatValue ?? .nan, decimal: 7)
    }

    /// `test_validate_float_with_invalid_types`, `_with_nan`, `_with_inf`, `_with_negative_number`,
    /// `_with_negative_float`, `_with_none`, `_with_list`.
    @Test(arguments: [
        JSONValue.string("not_a_number"), .real(.nan), .real(.infinity), .real(-.infinity), .number(-1), .real(-0.001), .null, .array([.real(0.1)]),
    ])
    func invalidFactors(value: JSONValue) {
        for (className, key) in [("L1", "l1"), ("L2", "l2"), ("L1L2", "l1"), ("L1L2", "l2")] {
            #expect { _ = try Self.read(className, [key: value]) } throws: {
                "\($0)".contains("expected a non-negative float") && "\($0)".contains(key)
            }
        }
        if let number = value.floatValue {
            #expect { _ = try Regularizer.l2(number).penalty(try Tensor.zeros([2])) } throws: { "\($0)".contains("non-negative") }
        }
    }
}
