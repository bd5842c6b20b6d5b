import Foundation

/// scikit-learn's 8×8 handwritten digits, shipped with the library: 1,797 images of 64 pixels (0–16),
/// labels 0–9, as `load_digits()` gives them.
public enum Digits {
    public static func load() -> TabularDataset {
        // The embedded file is verified at generation time; decoding it cannot fail.
        let text = String(decoding: try! Gzip.decompress(Data(base64Encoded: gzipBase64)!, name: "digits.csv.gz"), as: UTF8.self)
        let rows = text.split(separator: "\n").map { $0.split(separator: ",").map { Double($0)! } }
        let names = (0..<8).flatMap { r in (0..<8).map { c in "pixel_\(r)_\(c)" } }
        return try! TabularDataset(name: "digits", features: rows.map { Array($0[0..<64]) }, featureNames: names,
            target: rows.map { $0[64] }, targetNames: (0...9).map(String.init))
    }
}
