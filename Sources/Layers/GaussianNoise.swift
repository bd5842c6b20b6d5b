import Serialization
import Tensors

/// Adds zero-mean Gaussian noise of standard deviation `stddev` while training; passes inputs through at
/// inference (Keras's `GaussianNoise`).
public final class GaussianNoise: RandomStreamLayer {
    public let stddev: Float

    public init(stddev: Float, seed: UInt64? = nil, name: String? = nil, inputShape: Shape? = nil) {
        self.stddev = stddev
        super.init(seed: seed, name: name, inputShape: inputShape)
    }

    public override func validateOptions() throws {
        guard stddev >= 0, stddev <= 1 else {
            throw LayerError.invalidArgument("GaussianNoise '\(name)': stddev must lie in [0, 1] (as in Keras), not \(stddev)")
        }
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard training && stddev > 0 else { return input }
        return try input + Tensor.normal(input.shape, standardDeviation: stddev, using: &generator)
    }

    public override func config() throws -> [String: JSONValue] { ["stddev": .float(stddev), "seed": seedJSON] }
}
