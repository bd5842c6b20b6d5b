/// The chapter's artificial neuron: a weighted sum of the inputs followed by the Heaviside step,
/// `step(z) = 1 if z ≥ 0, else 0`.
public struct ThresholdLogicUnit: Sendable, Equatable {
    public var weights: [Double]
    public var bias: Double

    public init(weights: [Double], bias: Double) {
        self.weights = weights
        self.bias = bias
    }

    /// The unit's output for one input vector.
    public func callAsFunction(_ x: [Double]) throws -> Double {
        guard x.count == weights.count else {
            throw LinearModelError.invalidInput("this unit has \(weights.count) inputs but got \(x.count) values")
        }
        return zip(weights, x).reduce(bias) { $0 + $1.0 * $1.1 } >= 0 ? 1 : 0
    }
}

/// Layers of threshold logic units with fixed weights, each layer fed by the one before: the
/// multilayer perceptron of step units that computes XOR, which no single layer can.
public struct ThresholdNetwork: Sendable {
    public var layers: [[ThresholdLogicUnit]]

    public init(layers: [[ThresholdLogicUnit]]) { self.layers = layers }

    /// XOR as `AND(OR(a, b), NAND(a, b))`, the chapter's two-layer network.
    public static let xor = ThresholdNetwork(layers: [
        [ThresholdLogicUnit(weights: [1, 1], bias: -0.5), ThresholdLogicUnit(weights: [-1, -1], bias: 1.5)],
        [ThresholdLogicUnit(weights: [1, 1], bias: -1.5)],
    ])

    public func callAsFunction(_ x: [Double]) throws -> [Double] {
        try layers.reduce(x) { input, layer in try layer.map { try $0(input) } }
    }
}
