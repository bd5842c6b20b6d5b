import CGzip
import Foundation
import Testing

@testable import TensorBoardModule

/// The PNG encoder, checked by structure: signature, chunk order, every chunk's CRC-32, the header's
/// fields, and the pixels back out of the zlib stream.
@Suite struct PNGTests {
    struct Decoded {
        var width = 0, height = 0, colorType = 0, pixels: [UInt8] = []
    }

    /// A minimal reader for what the encoder writes (8 bits, filter 0 on every row).
    static func decode(_ png: Data) throws -> Decoded {
        let bytes = [UInt8](png)
        #expect(Array(bytes.prefix(8)) == PNG.signature)
        var offset = 8, types: [String] = [], idat: [UInt8] = [], result = Decoded()
        func word(_ at: Int) -> Int { Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3]) }
        while offset < bytes.count {
            let length = word(offset)
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            let body = Array(bytes[offset + 8..<offset + 8 + length])
            let crc = Array(bytes[offset + 4..<offset + 8 + length]).withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
            #expect(UInt32(crc) == UInt32(word(offset + 8 + length)), "CRC of \(type)")
            types.append(type)
            if type == "IHDR" {
                result.width = Int(body[0]) << 24 | Int(body[1]) << 16 | Int(body[2]) << 8 | Int(body[3])
                result.height = Int(body[4]) << 24 | Int(body[5]) << 16 | Int(body[6]) << 8 | Int(body[7])
                #expect(body[8] == 8 && body[10] == 0 && body[11] == 0 && body[12] == 0)
                result.colorType = Int(body[9])
            }
            if type == "IDAT" { idat += body }
            offset += 12 + length
        }
        #expect(types == ["IHDR", "IDAT", "IEND"])
        let channels = [0: 1, 4: 2, 2: 3, 6: 4][result.colorType] ?? 0
        var raw = [UInt8](repeating: 0, count: (result.width * channels + 1) * result.height)
        var size = uLongf(raw.count)
        #expect(uncompress(&raw, &size, idat, uLong(idat.count)) == Z_OK)
        for row in 0..<result.height {
            let start = row * (result.width * channels + 1)
            #expect(raw[start] == 0)
            result.pixels += raw[start + 1..<start + 1 + result.width * channels]
        }
        return result
    }

    @Test(arguments: [SummaryImage.Channels.grayscale, .grayscaleAlpha, .rgb, .rgba])
    func encodesEveryChannelLayout(channels: SummaryImage.Channels) throws {
        let width = 5, height = 3
        let pixels = (0..<width * height * channels.rawValue).map { UInt8(truncatingIfNeeded: $0 * 37) }
        let image = try SummaryImage(width: width, height: height, channels: channels, pixels: pixels)
        let decoded = try Self.decode(try PNG.encode(image))
        #expect(decoded.width == width && decoded.height == height)
        #expect(decoded.colorType == Int(PNG.colorType(channels)))
        #expect(decoded.pixels == pixels)
    }
}
