import Serialization
import Tensors

/// Multiplies the inputs by Gaussian noise of mean 1 and standard deviation `√(rate / (1 − rate))` while
/// training; passes inputs through at inference (Keras's `GaussianDropout`).
public final class GaussianDropout: RandomStreamLayer {
    public let rate: Float

    public init(rate: Float, seed: UInt64? = nil, name: String? = nil, inputShape: Shape? = nil) {
        self.rate = rate
        super.init(seed: seed, name: name, inputShape: inputShape)
    }

    public override func validateOptions() throws {
        guard rate >= 0, rate < 1 else {
            throw LayerError.invalidArgument(
                "GaussianDropout '\(name)': rate must lie in [0, 1), not \(rate) (a rate of 1 makes the noise infinite)")
        }
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard training && rate > 0 else { return input }
        let deviation = Float((Double(rate) / (1 - Double(rate))).squareRoot())
        return try input * Tensor.normal(input.shape, mean: 1, standardDeviation: deviation, using: &generator)
    }

    public override func config() throws -> [String: JSONValue] { ["rate": .float(rate), "seed": seedJSON] }
}
