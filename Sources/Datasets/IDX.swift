import Foundation
import Tensors

/// The IDX format of MNIST and Fashion-MNIST: a big-endian header (magic `0x0000_08_NN`, then one
/// 32-bit size per axis) followed by unsigned bytes.
public enum IDX {
    /// An IDX header: the shape it declares and where the data starts.
    public struct Header: Sendable, Equatable {
        public let dimensions: [Int]
        public let size: Int
        /// The number of values, checked against overflow.
        public let count: Int

        /// Reads a header from the first bytes of a file named `name` (for messages).
        public init(_ bytes: [UInt8], name: String, expectedRank: Int? = nil) throws {
            guard bytes.count >= 8 else { throw DatasetError.corrupt("\(name) is truncated: \(bytes.count) bytes is not even an IDX header") }
            guard bytes[0] == 0, bytes[1] == 0, bytes[2] == 0x08 else {
                let magic = bytes.prefix(4).map { String(format: "%02X", $0) }.joined()
                throw DatasetError.corrupt("\(name) has magic number 0x\(magic); an IDX file of unsigned bytes starts with 0x000008")
            }
            let rank = Int(bytes[3])
            guard rank >= 1 && rank <= 4 else { throw DatasetError.corrupt("\(name) declares \(rank) dimensions; IDX datasets have 1 to 4") }
            if let expectedRank, rank != expectedRank {
                throw DatasetError.corrupt("\(name) has \(rank) dimensions where \(expectedRank) were expected (images: 3, labels: 1)")
            }
            size = 4 + 4 * rank
            guard bytes.count >= size else { throw DatasetError.corrupt("\(name) is truncated inside its header") }
            dimensions = (0..<rank).map { axis in bytes[(4 + 4 * axis)..<(8 + 4 * axis)].reduce(0) { $0 << 8 | Int($1) } }
            var product = 1
            for dimension in dimensions {
                let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
                guard !overflow, next <= 1 << 40 else {
                    throw DatasetError.corrupt("\(name) declares shape \(dimensions), more values than any file holds; the header is corrupt")
                }
                product = next
            }
            count = product
        }
    }

    /// Decodes an IDX file's bytes (already decompressed) into a float tensor of its shape.
    public static func decode(_ data: Data, name: String, expectedRank: Int? = nil) throws -> Tensor {
        let header = try Header([UInt8](data.prefix(20)), name: name, expectedRank: expectedRank)
        let (headerSize, count) = (header.size, header.count)
        guard data.count - headerSize == count else {
            throw DatasetError.corrupt(
                "\(name) declares shape \(header.dimensions) (\(count) values) but holds \(data.count - headerSize) bytes of data; "
                    + "the file is truncated or corrupt: delete it and download it again")
        }
        let scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            data.withUnsafeBytes { bytes in
                for i in 0..<count { buffer[i] = Float(bytes[headerSize + i]) }
            }
            initialized = count
        }
        return try Tensor(scalars, shape: Shape(header.dimensions))
    }
}
