import CCrypto
import Foundation

/// SHA-256 through the system's OpenSSL (libcrypto), to check downloaded files against known digests.
public enum SHA256 {
    /// The digest of `data`, as 32 bytes.
    public static func digest(_ data: Data) throws -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let status = data.withUnsafeBytes { bytes in
            digest.withUnsafeMutableBufferPointer { out in
                EVP_Digest(bytes.baseAddress, bytes.count, out.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        guard status == 1, length == 32 else { throw DatasetError.corrupt("OpenSSL could not compute a SHA-256 digest") }
        return digest
    }

    /// The digest of `data` in lowercase hexadecimal, as `sha256sum` prints it.
    public static func hexDigest(_ data: Data) throws -> String {
        try digest(data).map { String(format: "%02x", $0) }.joined()
    }
}
