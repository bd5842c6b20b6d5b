import Serialization
import Tensors

/// Dropout for self-normalizing (SELU) networks (Keras's `AlphaDropout`): while training, sets a
/// fraction `rate` of the inputs to SELU's negative saturation value and applies the affine correction
/// that keeps the mean and variance; passes inputs through at inference.
public final class AlphaDropout: RandomStreamLayer {
    public let rate: Float
    /// The shape of the drop mask, batch axis included (nil sizes take the input's); nil for the input's.
    public let noiseShape: [Int?]?

    public init(rate: Float, noiseShape: [Int?]? = nil, seed: UInt64? = nil, name: String? = nil, inputShape: Shape? = nil) {
        self.rate = rate
        self.noiseShape = noiseShape
        super.init(seed: seed, name: name, inputShape: inputShape)
    }

    public override func validateOptions() throws {
        guard rate >= 0, rate < 1 else {
            throw LayerError.invalidArgument(
                "AlphaDropout '\(name)': rate must lie in [0, 1), not \(rate) (a rate of 1 drops everything and divides by zero)")
        }
    }

    private func maskShape(for input: Tensor) throws -> Shape {
        guard let noiseShape else { return input.shape }
        let concrete = zip(noiseShape, input.shape.dimensions).map { $0 ?? $1 }
        guard noiseShape.count == input.rank, zip(concrete, input.shape.dimensions).allSatisfy({ $0 == $1 || $0 == 1 }) else {
            throw LayerError.invalidArgument(
                "AlphaDropout '\(name)': noise_shape \(noiseShape.map { $0.map(String.init) ?? "None" }) does not broadcast "
                    + "to inputs of shape \(input.shape); give one size per axis, each 1, null or the input's size")
        }
        return Shape(concrete)
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard training && rate > 0 else { return input }
        let alphaP = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946
        let p = Double(rate)
        let a = Float(1 / ((1 - p) * (1 + p * alphaP * alphaP)).squareRoot())
        let b = Float(-Double(a) * alphaP * p)
        let shape = try maskShape(for: input)
        let kept = try Tensor((0..<shape.elementCount).map { _ in generator.nextUnitFloat() >= rate ? 1 : 0 }, shape: shape)
        let dropped = try input * kept + (1 - kept) * Float(alphaP)
        return dropped * a + b
    }

    public override func config() throws -> [String: JSONValue] {
        [
            "rate": .float(rate), "seed": seedJSON,
            "noise_shape": noiseShape.map { .shape($0) } ?? .null,
        ]
    }
}
