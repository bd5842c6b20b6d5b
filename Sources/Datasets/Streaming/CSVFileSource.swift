import Tensors
import Training

/// Samples read from a CSV file on disk a batch at a time, so a table larger than memory trains in
/// bounded memory: one pass at opening finds where each row starts (8 bytes a row) and the target's
/// classes; each batch then reads and parses only its own rows. Values are read as strictly as
/// ``CSVFile`` reads them, with the line of any bad cell. Under `mpirun`, ``CSVShardSource`` reads only
/// one rank's part of the file.
public final class CSVFileSource: DataSource, @unchecked Sendable {
    public var sampleCount: Int { rows.count }
    /// The feature columns, in the order the samples hold them.
    public var featureNames: [String] { rows.featureNames }
    /// The target column, if any.
    public var target: String? { rows.target }
    /// The class names of a classification target, numbered in sorted order (as ``LabelEncoder``);
    /// empty for a numeric target.
    public var classNames: [String] { rows.classNames }
    private let rows: CSVRows

    /// Opens `path`, whose first row names the columns. `features` defaults to every column but the
    /// target. A target is read as class names when `classification` says so, or when it is nil and
    /// some value is not a number.
    public init(path: String, target: String? = nil, features: [String]? = nil, classification: Bool? = nil) throws {
        let file = try ReadOnlyFile(path)
        let scan = try CSVRowScanner.scan(file, collecting: target)
        guard let header = scan.header else { throw DatasetError.malformed("\(path) is empty; it needs a header row and data rows") }
        guard !scan.starts.isEmpty else { throw DatasetError.malformed("\(path) has a header but no data rows") }
        _ = try CSVFile.checkedHeader(header, name: path)
        let columns = try CSVRows.columns(of: header, target: target, features: features, path: path)
        let classNames = try columns.target.map { _ in try CSVRows.classes(of: Set(scan.columnValues), classification: classification, path: path) } ?? []
        rows = CSVRows(
            file: file, starts: scan.starts, ends: scan.ends, lines: scan.lines, featureColumns: columns.features,
            featureNames: columns.features.map { header[$0] }, targetColumn: columns.target, target: target, columnCount: header.count,
            classNames: classNames)
    }

    public func batch(at indices: [Int]) throws -> Batch { try rows.batch(at: indices) }
}
