import Foundation

extension SummaryWriter {
    /// Appends one image (plugin `images`), as `tf.summary.image` writes a batch of one.
    public func image(_ tag: String, _ image: SummaryImage, step: Int) throws {
        try images(tag, [image], step: step)
    }

    /// Appends up to `maxOutputs` images under one tag and step (plugin `images`): a string tensor of
    /// the width, the height (of the first image, as text) and each image encoded as PNG, as
    /// `tf.summary.image` writes them.
    public func images(_ tag: String, _ images: [SummaryImage], step: Int, maxOutputs: Int = 3) throws {
        guard let first = images.first else { throw TensorBoardError.invalidArgument("no image to write under the tag \(tag)") }
        guard images.allSatisfy({ $0.width == first.width && $0.height == first.height }) else {
            throw TensorBoardError.invalidArgument("the images under the tag \(tag) must all have the size of the first, \(first.width)×\(first.height)")
        }
        let kept = images.prefix(Swift.max(maxOutputs, 0))
        let encoded = try kept.map(PNG.encode)
        let values = [Data(String(first.width).utf8), Data(String(first.height).utf8)] + encoded
        try write(tag: tag, tensor: .strings(values, shape: [values.count]), plugin: "images", step: step)
    }
}
