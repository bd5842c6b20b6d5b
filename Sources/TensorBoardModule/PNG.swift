import CGzip
import Foundation

/// A PNG encoder for 8-bit images: the signature, an `IHDR`, one zlib-compressed `IDAT` of rows
/// without filtering, and `IEND`, each chunk with its CRC-32 (zlib's, which PNG uses).
enum PNG {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func encode(_ image: SummaryImage) throws -> Data {
        var header = Data()
        append(UInt32(image.width), to: &header)
        append(UInt32(image.height), to: &header)
        header.append(contentsOf: [8, colorType(image.channels), 0, 0, 0])
        let rowBytes = image.width * image.channels.rawValue
        var raw = [UInt8]()
        raw.reserveCapacity((rowBytes + 1) * image.height)
        for row in 0..<image.height {
            raw.append(0)
            raw.append(contentsOf: image.pixels[row * rowBytes..<(row + 1) * rowBytes])
        }
        var png = Data(signature)
        chunk("IHDR", header, into: &png)
        chunk("IDAT", try compress(raw), into: &png)
        chunk("IEND", Data(), into: &png)
        return png
    }

    /// PNG's colour type for the channels: 0 grey, 4 grey and alpha, 2 RGB, 6 RGBA.
    static func colorType(_ channels: SummaryImage.Channels) -> UInt8 {
        switch channels {
        case .grayscale: 0
        case .grayscaleAlpha: 4
        case .rgb: 2
        case .rgba: 6
        }
    }

    private static func compress(_ bytes: [UInt8]) throws -> Data {
        var capacity = compressBound(uLong(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(capacity))
        let status = output.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                compress2(out.baseAddress, &capacity, input.baseAddress, uLong(input.count), Z_DEFAULT_COMPRESSION)
            }
        }
        guard status == Z_OK else { throw TensorBoardError.invalidArgument("zlib could not compress an image (error \(status))") }
        return Data(output.prefix(Int(capacity)))
    }

    private static func chunk(_ type: String, _ body: Data, into png: inout Data) {
        append(UInt32(body.count), to: &png)
        var checked = Data(type.utf8)
        checked.append(body)
        png.append(checked)
        let crc = checked.withUnsafeBytes { buffer in
            crc32(0, buffer.bindMemory(to: Bytef.self).baseAddress, uInt(buffer.count))
        }
        append(UInt32(truncatingIfNeeded: crc), to: &png)
    }

    private static func append(_ value: UInt32, to data: inout Data) {
        data.append(contentsOf: [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)])
    }
}
