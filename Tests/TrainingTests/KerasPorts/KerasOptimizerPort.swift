import Serialization
import Tensors
import TestSupport
import Testing
import Training

/// The steps Keras 3's optimizer tests share (`keras/src/optimizers/*_test.py`), written once: each ported
/// suite gives its optimizer and Keras's expected values.
enum KerasOptimizerPort {
    /// A variable as Keras's `backend.Variable`.
    static func variable(_ values: [Float], shape: Shape? = nil, name: String = "variable") throws -> Parameter {
        Parameter(name: name, value: try Tensor(values, shape: shape ?? [values.count]))
    }

    /// `optimizer.apply_gradients(zip(grads, vars))`: each gradient is seeded into its variable (nil leaves
    /// it without one), then one `apply`.
    static func applyGradients(_ optimizer: Optimizer, _ pairs: [(gradient: [Float]?, variable: Parameter)]) throws {
        for (gradient, variable) in pairs {
            if let gradient { try variable.value.backward(seed: try Tensor(gradient, shape: variable.shape)) }
        }
        try optimizer.apply(to: pairs.map(\.variable))
    }

    /// `test_single_step`: gradients `[1, 6, 7, 2]` applied once to `[1, 2, 3, 4]`.
    static func singleStep(_ optimizer: Optimizer) throws -> [Float] {
        let v = try variable([1, 2, 3, 4])
        try applyGradients(optimizer, [([1, 6, 7, 2], v)])
        return v.value.scalars
    }

    /// `test_correctness_with_golden`: ten ones, a first step with gradients 0.01, then steps with
    /// `arange(0.1, 1.1, 0.1)`; the variable before each of those five steps, each checked against Keras's
    /// golden row with Keras's tolerance (rtol = atol = 5e-4).
    static func expectGolden(_ optimizer: Optimizer, _ golden: [[Float]], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let x = try variable([Float](repeating: 1, count: 10))
        let grads: [Float] = (1...10).map { Float($0) / 10 }
        try applyGradients(optimizer, [([Float](repeating: 0.01, count: 10), x)])
        for (i, row) in golden.enumerated() {
            let expected = row.count == 1 ? [Float](repeating: row[0], count: 10) : row
            expectAllClose(x.value.scalars, expected, atol: 5e-4, rtol: 5e-4, "golden row \(i)", sourceLocation: sourceLocation)
            try applyGradients(optimizer, [(grads, x)])
        }
    }

    /// `test_weight_decay`: three optimizers with weight decay 0.004 and rate 1 each step `var1 = 2` with a
    /// zero gradient (Keras gets 1.9760959, to 6 decimals); the second also steps `var2`, named "exclude" and
    /// excluded by name, the third `var3`, excluded as a variable: both stay 2.
    static func expectWeightDecay(_ make: () throws -> Optimizer, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let var1 = try variable([2], shape: []), var2 = try variable([2], shape: [], name: "exclude"), var3 = try variable([2], shape: [])
        try applyGradients(try make(), [([0], var1)])
        let optimizer2 = try make()
        try optimizer2.excludeFromWeightDecay(names: ["exclude"])
        try applyGradients(optimizer2, [([0], var1), ([0], var2)])
        let optimizer3 = try make()
        try optimizer3.excludeFromWeightDecay([var3])
        try applyGradients(optimizer3, [([0], var1), ([0], var3)])
        expectAlmostEqual(var1.value.scalars[0], 1.9760959, decimal: 6, sourceLocation: sourceLocation)
        expectAlmostEqual(var2.value.scalars[0], 2.0, decimal: 6, sourceLocation: sourceLocation)
        expectAlmostEqual(var3.value.scalars[0], 2.0, decimal: 6, sourceLocation: sourceLocation)
    }

    /// `test_clip_norm` and `test_clip_value`: Keras reads the clipped gradient of `[100, 100]` from the
    /// private `_clip_gradients`; here it is observed through a step: the clipping optimizer's step on
    /// `[100, 100]` must equal an unclipping twin's step on Keras's clipped gradient.
    static func expectClipping(
        _ make: (_ clipNorm: Float?, _ clipValue: Float?) throws -> Optimizer, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        for (clipNorm, clipValue, clipped) in [(Float(1), nil, [Float](repeating: Float(0.5).squareRoot(), count: 2)), (nil, Float(1), [1, 1])] {
            let clipping = try variable([1, 2]), twin = try variable([1, 2])
            try applyGradients(try make(clipNorm, clipValue), [([100, 100], clipping)])
            try applyGradients(try make(nil, nil), [(clipped, twin)])
            expectAllClose(clipping.value.scalars, twin.value.scalars, "clipnorm \(clipNorm ?? 0), clipvalue \(clipValue ?? 0)", sourceLocation: sourceLocation)
        }
    }

    /// `run_class_serialization_test`: the config read back gives the same optimizer class and config.
    static func expectConfigRoundTrip(_ optimizer: Optimizer, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let config = try optimizer.kerasConfig()
        let rebuilt = try Optimizer.fromKeras(try optimizer.kerasJSON())
        #expect(type(of: rebuilt) == type(of: optimizer), sourceLocation: sourceLocation)
        #expect(try rebuilt.kerasConfig() == config, sourceLocation: sourceLocation)
    }
}
