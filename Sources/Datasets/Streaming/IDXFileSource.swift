import Tensors
import Training

/// Samples read from uncompressed IDX files on disk a batch at a time (images and, optionally,
/// labels), so a data set larger than memory trains in bounded memory: only the batch is held.
public final class IDXFileSource: DataSource, @unchecked Sendable {
    public let sampleCount: Int
    /// The shape of one sample (`[28, 28]` for MNIST).
    public let sampleShape: Shape
    private let images: ReadOnlyFile, imageHeader: Int, sampleSize: Int
    private let labels: ReadOnlyFile?, labelHeader: Int

    /// Opens `images` (and `labels`, one byte per sample) and checks that their headers and sizes agree.
    public init(images imagesPath: String, labels labelsPath: String? = nil) throws {
        for path in [imagesPath] + (labelsPath.map { [$0] } ?? []) where path.hasSuffix(".gz") {
            throw DatasetError.invalidArgument(
                "\(path) is compressed; reading it in place needs the uncompressed IDX file "
                    + "(gunzip -k \(path)), or load it whole with the data set's loader")
        }
        images = try ReadOnlyFile(imagesPath)
        let header = try IDX.Header(try images.bytes(at: 0, count: min(20, images.size)), name: imagesPath)
        guard images.size == header.size + header.count else {
            throw DatasetError.corrupt("\(imagesPath) declares shape \(header.dimensions) but holds \(images.size - header.size) bytes of data")
        }
        sampleCount = header.dimensions[0]
        sampleShape = Shape(Array(header.dimensions.dropFirst()))
        sampleSize = header.count / max(sampleCount, 1)
        imageHeader = header.size
        if let labelsPath {
            let file = try ReadOnlyFile(labelsPath)
            let labelHeader = try IDX.Header(try file.bytes(at: 0, count: min(8, file.size)), name: labelsPath, expectedRank: 1)
            guard file.size == labelHeader.size + labelHeader.count else {
                throw DatasetError.corrupt("\(labelsPath) declares \(labelHeader.count) labels but holds \(file.size - labelHeader.size) bytes")
            }
            guard labelHeader.count == sampleCount else {
                throw DatasetError.invalidArgument("\(imagesPath) holds \(sampleCount) samples but \(labelsPath) \(labelHeader.count) labels")
            }
            labels = file
            self.labelHeader = labelHeader.size
        } else {
            labels = nil
            labelHeader = 0
        }
    }

    public func batch(at indices: [Int]) throws -> Batch {
        var pixels = [Float](repeating: 0, count: indices.count * sampleSize), targets = [Float](repeating: 0, count: indices.count)
        var record = [UInt8](repeating: 0, count: sampleSize), label: [UInt8] = [0]
        for (row, index) in indices.enumerated() {
            guard index >= 0 && index < sampleCount else { throw DatasetError.invalidArgument("sample \(index) is out of 0..<\(sampleCount)") }
            try record.withUnsafeMutableBytes { try images.read(into: $0, at: imageHeader + index * sampleSize) }
            for i in 0..<sampleSize { pixels[row * sampleSize + i] = Float(record[i]) }
            if let labels {
                try label.withUnsafeMutableBytes { try labels.read(into: $0, at: labelHeader + index) }
                targets[row] = Float(label[0])
            }
        }
        let x = try Tensor(pixels, shape: Shape([indices.count] + sampleShape.dimensions))
        return Batch(inputs: [x], targets: labels == nil ? [] : [Tensor(targets)])
    }

    /// One read for a contiguous range.
    public func batch(in range: Range<Int>) throws -> Batch {
        guard range.lowerBound >= 0 && range.upperBound <= sampleCount else {
            throw DatasetError.invalidArgument("samples \(range) are out of 0..<\(sampleCount)")
        }
        let bytes = try images.bytes(at: imageHeader + range.lowerBound * sampleSize, count: range.count * sampleSize)
        let x = try Tensor(bytes.map(Float.init), shape: Shape([range.count] + sampleShape.dimensions))
        guard let labels else { return Batch(inputs: [x]) }
        let y = try labels.bytes(at: labelHeader + range.lowerBound, count: range.count)
        return Batch(inputs: [x], targets: [Tensor(y.map(Float.init))])
    }
}
