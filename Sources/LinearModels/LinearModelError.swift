/// Why a linear model could not be fitted or used, phrased so that the caller can fix it.
public enum LinearModelError: Error, Equatable, CustomStringConvertible {
    /// The data given to `fit`, `predict` and the like is not usable as it is.
    case invalidInput(String)
    /// A hyperparameter is outside its valid range.
    case invalidParameter(String)
    /// The model was used before `fit`.
    case notFitted(String)
    /// Training diverged.
    case diverged(String)

    public var description: String {
        switch self {
        case let .invalidInput(message), let .invalidParameter(message), let .notFitted(message), let .diverged(message):
            message
        }
    }
}

/// A feature matrix checked once: rectangular, finite, not empty, flattened row-major.
struct FeatureMatrix {
    let rows: Int
    let columns: Int
    let values: [Double]

    init(_ x: [[Double]], expectedColumns: Int? = nil) throws(LinearModelError) {
        guard let first = x.first else {
            throw .invalidInput("the feature matrix has no rows; at least one sample is needed")
        }
        guard !first.isEmpty else { throw .invalidInput("the samples have no features; at least one column is needed") }
        if let bad = x.firstIndex(where: { $0.count != first.count }) {
            throw .invalidInput("row \(bad) has \(x[bad].count) features but row 0 has \(first.count); every row needs the same number")
        }
        if let expectedColumns, first.count != expectedColumns {
            throw .invalidInput("the samples have \(first.count) features but the model was fitted on \(expectedColumns)")
        }
        for (i, row) in x.enumerated() {
            if let j = row.firstIndex(where: { !$0.isFinite }) {
                throw .invalidInput("row \(i), feature \(j) is \(row[j]); features must be finite numbers (drop or impute missing values first)")
            }
        }
        rows = x.count
        columns = first.count
        values = x.flatMap { $0 }
    }

    func row(_ i: Int) -> ArraySlice<Double> { values[(i * columns)..<((i + 1) * columns)] }
}
