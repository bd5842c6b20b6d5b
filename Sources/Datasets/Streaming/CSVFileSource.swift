import Tensors
import Training

/// Samples read from a CSV file on disk a batch at a time, so a table larger than memory trains in
/// bounded memory: one pass at opening finds where each row starts (8 bytes a row) and the target's
/// classes; each batch then reads and parses only its own rows. Values are read as strictly as
/// ``CSVFile`` reads them, with the line of any bad cell.
public final class CSVFileSource: DataSource, @unchecked Sendable {
    public var sampleCount: Int { rowStarts.count }
    /// The feature columns, in the order the samples hold them.
    public let featureNames: [String]
    /// The target column, if any.
    public let target: String?
    /// The class names of a classification target, numbered in sorted order (as ``LabelEncoder``);
    /// empty for a numeric target.
    public let classNames: [String]
    private let file: ReadOnlyFile
    private let rowStarts: [Int], rowEnds: [Int], rowLines: [Int32]
    private let featureColumns: [Int], targetColumn: Int?, columnCount: Int

    /// Opens `path`, whose first row names the columns. `features` defaults to every column but the
    /// target. A target is read as class names when `classification` says so, or when it is nil and
    /// some value is not a number.
    public init(path: String, target: String? = nil, features: [String]? = nil, classification: Bool? = nil) throws {
        let file = try ReadOnlyFile(path)
        self.file = file
        let scan = try CSVRowScanner.scan(file, collecting: target)
        guard let header = scan.header else { throw DatasetError.malformed("\(path) is empty; it needs a header row and data rows") }
        guard !scan.starts.isEmpty else { throw DatasetError.malformed("\(path) has a header but no data rows") }
        _ = try CSVFile.checkedHeader(header, name: path)
        func column(_ name: String) throws -> Int {
            guard let index = header.firstIndex(of: name) else {
                throw DatasetError.invalidArgument("\(path) has no column '\(name)'; its columns are \(header.joined(separator: ", "))")
            }
            return index
        }
        let targetColumn = try target.map(column)
        self.targetColumn = targetColumn
        featureColumns = try (features ?? header.filter { $0 != target }).map(column)
        featureNames = featureColumns.map { header[$0] }
        self.target = target
        columnCount = header.count
        (rowStarts, rowEnds, rowLines) = (scan.starts, scan.ends, scan.lines)
        classNames =
            try targetColumn.map { column in
                try Self.classes(of: scan.columnValues, classification: classification, path: path)
            } ?? []
    }

    public func batch(at indices: [Int]) throws -> Batch {
        var x = [Float](), y = [Float]()
        x.reserveCapacity(indices.count * featureColumns.count)
        y.reserveCapacity(indices.count)
        let classIndex = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, $0) })
        for index in indices {
            guard index >= 0 && index < sampleCount else { throw DatasetError.invalidArgument("row \(index) is out of 0..<\(sampleCount)") }
            let fields = try row(index)
            let line = Int(rowLines[index])
            for (column, name) in zip(featureColumns, featureNames) {
                x.append(Float(try CSVFile.number(fields[column], line: line, column: name, file: file.path)))
            }
            if let targetColumn, let name = target {
                let text = fields[targetColumn].trimmingCharacters(in: .whitespaces)
                if classNames.isEmpty {
                    y.append(Float(try CSVFile.number(text, line: line, column: name, file: file.path)))
                } else if let label = classIndex[text] {
                    y.append(Float(label))
                } else {
                    throw DatasetError.malformed("\(file.path), line \(line): class '\(text)' changed since the file was opened")
                }
            }
        }
        let inputs = try Tensor(x, shape: [indices.count, featureColumns.count])
        return Batch(inputs: [inputs], targets: targetColumn == nil ? [] : [Tensor(y)])
    }

    /// The fields of data row `index`, checked against the header's width.
    private func row(_ index: Int) throws -> [String] {
        let bytes = try file.bytes(at: rowStarts[index], count: rowEnds[index] - rowStarts[index])
        let fields = try CSVRowScanner.fields(of: bytes[...], path: file.path, line: Int(rowLines[index]))
        guard fields.count == columnCount else {
            throw DatasetError.malformed("\(file.path), line \(rowLines[index]): \(fields.count) fields, but the header has \(columnCount)")
        }
        return fields
    }

    /// The sorted class names of a target column, or none when it is numeric (and not declared classes).
    /// The sorted class names of a target column's values, or none when it is numeric (and not declared classes).
    private static func classes(of values: [String], classification: Bool?, path: String) throws -> [String] {
        if classification == false { return [] }
        let numeric = values.allSatisfy { Double($0) != nil }
        guard classification == true || !numeric else { return [] }
        let names = Set(values)
        guard names.count <= 100_000 else {
            throw DatasetError.malformed("\(path): the target has over 100,000 distinct values; is it really a class column?")
        }
        return names.sorted()
    }
}
