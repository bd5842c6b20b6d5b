import Tensors

/// An 8-bit image for a summary: `height` rows from top to bottom, each of `width` pixels whose
/// `channels` bytes are side by side.
public struct SummaryImage: Sendable, Equatable {
    /// The channels of each pixel, as PNG's colour types name them.
    public enum Channels: Int, Sendable {
        case grayscale = 1, grayscaleAlpha = 2, rgb = 3, rgba = 4
    }

    public let width: Int
    public let height: Int
    public let channels: Channels
    public let pixels: [UInt8]

    /// An image from its bytes; `pixels` must hold `width · height · channels` of them.
    public init(width: Int, height: Int, channels: Channels, pixels: [UInt8]) throws {
        guard width > 0, height > 0, width < 1 << 31, height < 1 << 31 else {
            throw TensorBoardError.invalidArgument("an image needs a positive width and height, not \(width)×\(height)")
        }
        guard pixels.count == width * height * channels.rawValue else {
            throw TensorBoardError.invalidArgument(
                "a \(width)×\(height) image with \(channels.rawValue) channel(s) needs \(width * height * channels.rawValue) bytes, "
                    + "but \(pixels.count) were given")
        }
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// An image from a `[height, width]` or `[height, width, channels]` tensor of values in 0...1 (1, 2,
    /// 3 or 4 channels), converted to bytes as `tf.summary.image` does (`floor(value · 255.5)`, clipped).
    public init(_ tensor: Tensor) throws {
        let dimensions = tensor.shape.dimensions
        guard dimensions.count == 2 || dimensions.count == 3,
            let channels = Channels(rawValue: dimensions.count == 3 ? dimensions[2] : 1)
        else {
            throw TensorBoardError.invalidArgument(
                "an image tensor has the shape [height, width] or [height, width, channels] with 1 to 4 channels, not \(dimensions)")
        }
        let bytes = tensor.scalars.map { value -> UInt8 in
            guard value.isFinite else { return value > 0 ? 255 : 0 }
            return UInt8(Swift.min(Swift.max(value * 255.5, 0), 255).rounded(.down))
        }
        try self.init(width: dimensions[1], height: dimensions[0], channels: channels, pixels: bytes)
    }
}
