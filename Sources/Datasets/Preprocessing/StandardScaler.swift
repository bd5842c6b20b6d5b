import Foundation

/// Standardises each feature to zero mean and unit variance: `(x - mean) / scale`, as scikit-learn's
/// `StandardScaler` (population standard deviation; a constant feature keeps scale 1).
public struct StandardScaler: Sendable, Codable, Equatable {
    public private(set) var mean: [Double] = []
    public private(set) var scale: [Double] = []

    public init() {}

    public var isFitted: Bool { !mean.isEmpty }

    /// Learns each column's mean and standard deviation.
    public mutating func fit(_ x: [[Double]]) throws {
        try Self.check(x, columns: nil)
        let n = Double(x.count), columns = x[0].count
        mean = (0..<columns).map { j in x.reduce(0) { $0 + $1[j] } / n }
        scale = (0..<columns).map { j in
            let variance = x.reduce(0) { $0 + ($1[j] - mean[j]) * ($1[j] - mean[j]) } / n
            return variance > 0 ? variance.squareRoot() : 1
        }
    }

    public func transform(_ x: [[Double]]) throws -> [[Double]] {
        try checkFitted(x)
        return x.map { row in row.indices.map { (row[$0] - mean[$0]) / scale[$0] } }
    }

    public func inverseTransform(_ x: [[Double]]) throws -> [[Double]] {
        try checkFitted(x)
        return x.map { row in row.indices.map { row[$0] * scale[$0] + mean[$0] } }
    }

    public mutating func fitTransform(_ x: [[Double]]) throws -> [[Double]] {
        try fit(x)
        return try transform(x)
    }

    private func checkFitted(_ x: [[Double]]) throws {
        guard isFitted else { throw DatasetError.invalidArgument("StandardScaler: call fit before transform") }
        try Self.check(x, columns: mean.count)
    }

    static func check(_ x: [[Double]], columns: Int?) throws {
        guard let first = x.first else { throw DatasetError.invalidArgument("StandardScaler: the data has no rows") }
        let expected = columns ?? first.count
        for (i, row) in x.enumerated() {
            guard row.count == expected else {
                throw DatasetError.invalidArgument("StandardScaler: row \(i) has \(row.count) features, expected \(expected)")
            }
            if let j = row.firstIndex(where: { !$0.isFinite }) {
                throw DatasetError.invalidArgument("StandardScaler: row \(i), feature \(j) is \(row[j]); values must be finite")
            }
        }
    }
}
