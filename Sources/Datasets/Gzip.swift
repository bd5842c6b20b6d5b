import CGzip
import Foundation

/// Gzip decompression through zlib, with a ceiling on the output so that a hostile file cannot
/// make it allocate without bound.
public enum Gzip {
    /// The decompressed bytes of a gzip stream (several concatenated members are joined).
    public static func decompress(_ data: Data, name: String = "data", limit: Int = 1 << 31) throws -> Data {
        guard data.count >= 18, data[data.startIndex] == 0x1F, data[data.startIndex + 1] == 0x8B else {
            throw DatasetError.corrupt("\(name) is not gzip-compressed (no gzip header); expected a .gz file")
        }
        var stream = z_stream()
        // 15 + 32: a zlib or gzip header, detected automatically.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DatasetError.corrupt("zlib could not start decompressing \(name)")
        }
        defer { inflateEnd(&stream) }
        var output = Data()
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        try data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
            guard let base = input.bindMemory(to: Bytef.self).baseAddress else { return }
            stream.next_in = UnsafeMutablePointer(mutating: base)
            stream.avail_in = uInt(input.count)
            while true {
                let status = buffer.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(chunk)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                output.append(buffer, count: chunk - Int(stream.avail_out))
                guard output.count <= limit else {
                    throw DatasetError.corrupt("\(name) decompresses to more than \(limit) bytes; refusing it as corrupt or hostile")
                }
                switch status {
                case Z_STREAM_END:
                    // Another gzip member may follow.
                    if stream.avail_in == 0 { return }
                    guard inflateReset(&stream) == Z_OK else { return }
                case Z_OK:
                    if stream.avail_in == 0 && stream.avail_out != 0 {
                        throw DatasetError.corrupt("\(name) is truncated: the gzip stream ends early")
                    }
                case Z_BUF_ERROR where stream.avail_in == 0:
                    throw DatasetError.corrupt("\(name) is truncated: the gzip stream ends early")
                default:
                    let reason = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    throw DatasetError.corrupt("\(name) is corrupt: \(reason)")
                }
            }
        }
        return output
    }
}
