import Foundation
import Tensors

/// The IDX format of MNIST and Fashion-MNIST: a big-endian header (magic `0x0000_08_NN`, then one
/// 32-bit size per axis) followed by unsigned bytes.
public enum IDX {
    /// Decodes an IDX file's bytes (already decompressed) into a float tensor of its shape.
    public static func decode(_ data: Data, name: String, expectedRank: Int? = nil) throws -> Tensor {
        guard data.count >= 8 else { throw DatasetError.corrupt("\(name) is truncated: \(data.count) bytes is not even an IDX header") }
        let bytes = [UInt8](data.prefix(4))
        guard bytes[0] == 0, bytes[1] == 0, bytes[2] == 0x08 else {
            let magic = bytes.map { String(format: "%02X", $0) }.joined()
            throw DatasetError.corrupt("\(name) has magic number 0x\(magic); an IDX file of unsigned bytes starts with 0x000008")
        }
        let rank = Int(bytes[3])
        guard rank >= 1 && rank <= 4 else { throw DatasetError.corrupt("\(name) declares \(rank) dimensions; IDX datasets have 1 to 4") }
        if let expectedRank, rank != expectedRank {
            throw DatasetError.corrupt("\(name) has \(rank) dimensions where \(expectedRank) were expected (images: 3, labels: 1)")
        }
        let headerSize = 4 + 4 * rank
        guard data.count >= headerSize else { throw DatasetError.corrupt("\(name) is truncated inside its header") }
        let dimensions: [Int] = (0..<rank).map { axis in
            let offset = data.startIndex + 4 + 4 * axis
            return data[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
        }
        let count = dimensions.reduce(1, *)
        guard data.count - headerSize == count else {
            throw DatasetError.corrupt("\(name) declares shape \(dimensions) (\(count) values) but holds \(data.count - headerSize) bytes of data; "
                + "the file is truncated or corrupt: delete it and download it again")
        }
        let scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            data.withUnsafeBytes { bytes in
                for i in 0..<count { buffer[i] = Float(bytes[headerSize + i]) }
            }
            initialized = count
        }
        return try Tensor(scalars, shape: Shape(dimensions))
    }
}
