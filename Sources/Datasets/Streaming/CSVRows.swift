import Tensors
import Training

/// The rows of a CSV file that a scan found (where each starts and ends, and its line), read and parsed
/// a batch at a time: what ``CSVFileSource`` (every row) and ``CSVShardSource`` (one rank's) share.
/// Values are read as strictly as ``CSVFile`` reads them, with the line of any bad cell.
struct CSVRows {
    let file: ReadOnlyFile
    let starts: [Int], ends: [Int], lines: [Int32]
    let featureColumns: [Int], featureNames: [String]
    let targetColumn: Int?, target: String?
    let columnCount: Int
    let classNames: [String]

    var count: Int { starts.count }

    /// The rows at `indices`, as inputs `[rows, features]` and targets (class numbers for classes).
    func batch(at indices: [Int]) throws -> Batch {
        var x = [Float](), y = [Float]()
        x.reserveCapacity(indices.count * featureColumns.count)
        y.reserveCapacity(indices.count)
        let classIndex = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, $0) })
        for index in indices {
            guard index >= 0 && index < count else { throw DatasetError.invalidArgument("row \(index) is out of 0..<\(count)") }
            let fields = try row(index)
            let line = Int(lines[index])
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

    /// The fields of row `index`, checked against the header's width.
    private func row(_ index: Int) throws -> [String] {
        let bytes = try file.bytes(at: starts[index], count: ends[index] - starts[index])
        let fields = try CSVRowScanner.fields(of: bytes[...], path: file.path, line: Int(lines[index]))
        guard fields.count == columnCount else {
            throw DatasetError.malformed("\(file.path), line \(lines[index]): \(fields.count) fields, but the header has \(columnCount)")
        }
        return fields
    }

    /// The columns of `header` that hold `target` and `features` (default: every column but the target).
    static func columns(
        of header: [String], target: String?, features: [String]?, path: String
    ) throws -> (target: Int?, features: [Int]) {
        func column(_ name: String) throws -> Int {
            guard let index = header.firstIndex(of: name) else {
                throw DatasetError.invalidArgument("\(path) has no column '\(name)'; its columns are \(header.joined(separator: ", "))")
            }
            return index
        }
        return (try target.map(column), try (features ?? header.filter { $0 != target }).map(column))
    }

    /// The sorted class names of a target column's distinct values, or none when it is numeric (and not
    /// declared classes).
    static func classes(of values: Set<String>, classification: Bool?, path: String) throws -> [String] {
        if classification == false { return [] }
        let numeric = values.allSatisfy { Double($0) != nil }
        guard classification == true || !numeric else { return [] }
        guard values.count <= 100_000 else {
            throw DatasetError.malformed("\(path): the target has over 100,000 distinct values; is it really a class column?")
        }
        return values.sorted()
    }
}
