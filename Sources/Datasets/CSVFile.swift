import Foundation

/// A comma-separated table with a header row, read strictly: every problem is reported with its line.
public struct CSVFile: Sendable {
    public var header: [String]
    /// The fields of each data row, with the line number each came from (1-based, header = line 1).
    public var rows: [(line: Int, fields: [String])]

    /// Reads a CSV file from disk.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError.fileNotFound("cannot read '\(path)': no such file, or it is not readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DatasetError.malformed("\(path) is not UTF-8 text; save it as UTF-8 CSV")
        }
        try self.init(text: text, name: path)
    }

    /// Parses CSV text (RFC 4180 quoting; blank lines are skipped), with the row reader that
    /// ``CSVFileSource`` uses on files.
    public init(text: String, name: String = "CSV") throws {
        let records = try CSVRowScanner.records(Array(text.utf8), name: name)
        guard let (_, header) = records.first else { throw DatasetError.malformed("\(name) is empty; it needs a header row and data rows") }
        self.header = try Self.checkedHeader(header.map { $0.trimmingCharacters(in: .whitespaces) }, name: name)
        self.rows = records.dropFirst().map { (line: $0.0, fields: $0.1) }
        for row in rows where row.fields.count != self.header.count {
            throw DatasetError.malformed("\(name), line \(row.line): \(row.fields.count) fields, but the header has \(self.header.count)")
        }
        guard !rows.isEmpty else { throw DatasetError.malformed("\(name) has a header but no data rows") }
    }

    /// A header whose columns all have their own names (two columns of one name would be read as one).
    static func checkedHeader(_ header: [String], name: String) throws -> [String] {
        var seen = Set<String>()
        if let duplicate = header.first(where: { !seen.insert($0).inserted }) {
            throw DatasetError.malformed("\(name): the header names column '\(duplicate)' twice; give every column its own name")
        }
        return header
    }

    /// A dataset with `target` as the target column and every other column (or `features`) as numeric
    /// features. A target that is not numeric is read as class names, numbered in sorted order; with
    /// `task: .classification`, numbers are class labels too (sorted as numbers), and with `.regression`
    /// a target that is not numeric is an error.
    public func dataset(target: String, features: [String]? = nil, name: String = "csv", task: DatasetTask? = nil) throws -> TabularDataset {
        guard let targetColumn = header.firstIndex(of: target) else {
            throw DatasetError.invalidArgument("\(name) has no column '\(target)'; its columns are \(header.joined(separator: ", "))")
        }
        let featureColumns: [Int] = try (features ?? header.filter { $0 != target }).map { column in
            guard let index = header.firstIndex(of: column) else {
                throw DatasetError.invalidArgument("\(name) has no column '\(column)'; its columns are \(header.joined(separator: ", "))")
            }
            return index
        }
        let matrix = try rows.map { row in
            try featureColumns.map { try Self.number(row.fields[$0], line: row.line, column: header[$0], file: name) }
        }
        let rawTargets = rows.map { $0.fields[targetColumn].trimmingCharacters(in: .whitespaces) }
        let numeric = rawTargets.allSatisfy { Double($0) != nil }
        if task == .regression && !numeric, let bad = rows.first(where: { Double($0.fields[targetColumn].trimmingCharacters(in: .whitespaces)) == nil }) {
            throw DatasetError.malformed(
                "\(name), line \(bad.line), column '\(target)': '\(bad.fields[targetColumn])' is not a number, "
                    + "but the task is regression; use --task classification for class labels")
        }
        if task == .classification && numeric {
            let values = try rows.map { try Self.number($0.fields[targetColumn], line: $0.line, column: target, file: name) }
            let classes = Set(values).sorted()
            let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, Double($0)) })
            let names = classes.map { $0.rounded() == $0 && Swift.abs($0) < 1e15 ? String(Int($0)) : String($0) }
            return try TabularDataset(
                name: name, features: matrix, featureNames: featureColumns.map { header[$0] },
                target: values.map { index[$0] ?? 0 }, targetNames: names)
        }
        if numeric {
            let values = try rows.map { try Self.number($0.fields[targetColumn], line: $0.line, column: target, file: name) }
            return try TabularDataset(name: name, features: matrix, featureNames: featureColumns.map { header[$0] }, target: values)
        }
        let encoder = try LabelEncoder(fitting: rawTargets)
        return try TabularDataset(
            name: name, features: matrix, featureNames: featureColumns.map { header[$0] },
            target: try encoder.transform(rawTargets).map(Double.init), targetNames: encoder.classes)
    }

    /// Every column but `excluded` as numeric features, for data without targets (new samples to predict).
    /// With `only`, exactly those columns in that order (a model's own columns, matched by name).
    public func featureMatrix(excluding excluded: [String] = [], only: [String]? = nil, name: String = "csv") throws -> (names: [String], rows: [[Double]]) {
        for column in excluded + (only ?? []) where !header.contains(column) {
            throw DatasetError.invalidArgument("\(name) has no column '\(column)'; its columns are \(header.joined(separator: ", "))")
        }
        let columns = only.map { names in names.compactMap { header.firstIndex(of: $0) } } ?? header.indices.filter { !excluded.contains(header[$0]) }
        let matrix = try rows.map { row in try columns.map { try Self.number(row.fields[$0], line: row.line, column: header[$0], file: name) } }
        return (columns.map { header[$0] }, matrix)
    }

    static func number(_ text: String, line: Int, column: String, file: String) throws -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            throw DatasetError.malformed("\(file), line \(line), column '\(column)': the value is missing; fill or drop that row")
        }
        guard let value = Double(trimmed) else {
            throw DatasetError.malformed("\(file), line \(line), column '\(column)': '\(trimmed)' is not a number")
        }
        guard value.isFinite else {
            throw DatasetError.malformed("\(file), line \(line), column '\(column)': \(trimmed) is not a finite number")
        }
        guard Swift.abs(value) <= Double(Float.greatestFiniteMagnitude) else {
            throw DatasetError.malformed(
                "\(file), line \(line), column '\(column)': \(trimmed) is too large for a 32-bit float "
                    + "(at most about 3.4e38); rescale the column")
        }
        return value
    }
}
