import Foundation

/// scikit-learn's 8×8 handwritten digits, shipped with the library: 1,797 images of 64 pixels (0–16),
/// labels 0–9, as `load_digits()` gives them.
public enum Digits {
    /// The data set, from the library's bundled `digits.csv.gz`.
    public static func load() throws -> TabularDataset {
        let lines = try BundledData.text("digits.csv.gz").split(separator: "\n")
        let rows = try lines.enumerated().map { try BundledData.numbers($1, file: "digits.csv", line: $0 + 1) }
        guard rows.count == 1_797, rows.allSatisfy({ $0.count == 65 }) else {
            throw DatasetError.corrupt("the bundled digits.csv is damaged; reinstall NeuralKit")
        }
        let names = (0..<8).flatMap { r in (0..<8).map { c in "pixel_\(r)_\(c)" } }
        return try TabularDataset(
            name: "digits", features: rows.map { Array($0[0..<64]) }, featureNames: names,
            target: rows.map { $0[64] }, targetNames: (0...9).map(String.init))
    }
}
