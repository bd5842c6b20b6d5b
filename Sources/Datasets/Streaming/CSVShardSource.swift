import Tensors
import Training

/// One rank's part of a CSV file, for data-parallel training on data that no rank loads whole: rank
/// `r` of `n` reads the header and then only the rows that start in its `r`-th of the file's bytes
/// (see ``CSVShardScan``), indexes them (20 bytes a row) and reads them a batch at a time. At opening
/// the ranks exchange their row counts, so each knows its rows' global numbers (`globalOffset` on),
/// and their target values, so all number the classes alike.
///
/// An ``EpochIterator`` with a shard orders the global rows and each rank reads its rows of every
/// global batch; with one rank (``SingleRank``) it is the whole file, read as ``CSVFileSource`` reads it.
public final class CSVShardSource: ShardedDataSource, @unchecked Sendable {
    public var sampleCount: Int { rows.count }
    public let globalSampleCount: Int
    public let globalOffset: Int
    /// The feature columns, in the order the samples hold them.
    public var featureNames: [String] { rows.featureNames }
    /// The target column, if any.
    public var target: String? { rows.target }
    /// The class names of a classification target over the whole file, numbered in sorted order.
    public var classNames: [String] { rows.classNames }
    /// The bytes of the file this rank's rows start in.
    public let byteRange: Range<Int>
    private let rows: CSVRows

    /// Opens this rank's part of `path` (every rank of `group` calls it together). `target`,
    /// `features` and `classification` are as ``CSVFileSource``'s. A file whose data rows are fewer
    /// than the ranks, or so uneven that some rank's bytes hold no row start, is an error on every rank.
    /// `classNames` numbers the classes as another file did (validation data as its training data).
    public init(
        path: String, group: any RankGroup = SingleRank(), target: String? = nil, features: [String]? = nil, classification: Bool? = nil,
        classNames givenClasses: [String]? = nil
    ) throws {
        let file = try ReadOnlyFile(path)
        guard let header = try CSVShardScan.header(file) else { throw DatasetError.malformed("\(path) is empty; it needs a header row and data rows") }
        _ = try CSVFile.checkedHeader(header.fields, name: path)
        let columns = try CSVRows.columns(of: header.fields, target: target, features: features, path: path)
        let range = CSVShardScan.range(rank: group.rank, of: group.size, dataStart: header.end, size: file.size)
        byteRange = range

        // The quote state and line at this range's start, from the counts of the ranges before it.
        var counted: (quotes: Int, lineBreaks: Int) = (0, 0), failure: Error?
        do { counted = try CSVShardScan.count(file, in: range) } catch { failure = error }
        let counts = try Self.gather([Double(counted.quotes), Double(counted.lineBreaks)], failure, group, path)
        let before = counts[0..<group.rank]
        let quotes = before.reduce(0) { $0 + Int($1[0]) }, lineBreaks = header.lineBreaks + before.reduce(0) { $0 + Int($1[1]) }

        var found = CSVShardScan.Rows()
        do {
            found = try CSVShardScan.rows(
                file, in: range, dataStart: header.end, inQuotes: quotes % 2 == 1, line: lineBreaks + 1, collecting: columns.target)
        } catch { failure = error }
        let summary = try Self.gather(
            [Double(found.starts.count), found.allNumeric ? 1 : 0, found.tooManyValues ? 1 : 0], failure, group, path)
        let rowCounts = summary.map { Int($0[0]) }
        globalSampleCount = rowCounts.reduce(0, +)
        globalOffset = rowCounts[0..<group.rank].reduce(0, +)
        guard globalSampleCount > 0 else { throw DatasetError.malformed("\(path) has a header but no data rows") }
        if let empty = rowCounts.firstIndex(of: 0) {
            throw DatasetError.invalidArgument(
                "\(path) cannot be shared by \(group.size) ranks: rank \(empty)'s part of its bytes holds no row start "
                    + "(\(globalSampleCount) data rows, per rank \(rowCounts.map(String.init).joined(separator: ", "))); use fewer ranks")
        }

        var classNames: [String] = []
        let numeric = summary.allSatisfy { $0[1] == 1 }
        if columns.target != nil && classification != false && (classification == true || !numeric) {
            guard !summary.contains(where: { $0[2] == 1 }) else {
                throw DatasetError.malformed("\(path): the target has over 100,000 distinct values; is it really a class column?")
            }
            // Every rank's distinct values, separated by NUL (which a CSV field cannot hold).
            let texts = try group.allgather(found.values.sorted().joined(separator: "\0"))
            let values = Set(texts.flatMap { $0.split(separator: "\0", omittingEmptySubsequences: false).map(String.init) })
            classNames = try CSVRows.classes(of: values, classification: classification, path: path)
            if let givenClasses, let unknown = classNames.first(where: { !givenClasses.contains($0) }) {
                throw DatasetError.invalidArgument(
                    "\(path): the class '\(unknown)' is not one of the training data's (\(givenClasses.prefix(10).joined(separator: ", ")))")
            }
            classNames = givenClasses ?? classNames
        }
        rows = CSVRows(
            file: file, starts: found.starts, ends: found.ends, lines: found.lines, featureColumns: columns.features,
            featureNames: columns.features.map { header.fields[$0] }, targetColumn: columns.target, target: target,
            columnCount: header.fields.count, classNames: classNames)
    }

    public func batch(at indices: [Int]) throws -> Batch { try rows.batch(at: indices) }

    /// Every rank's `values`, after telling the others whether this rank failed: a failed rank throws its
    /// own error, the others one that names it, so that no rank waits for another forever.
    private static func gather(_ values: [Double], _ failure: Error?, _ group: any RankGroup, _ path: String) throws -> [[Double]] {
        let gathered = try group.allgather(values + [failure == nil ? 0 : 1])
        if let failure { throw failure }
        if let failed = gathered.firstIndex(where: { $0.last == 1 }) {
            throw DatasetError.malformed("rank \(failed) could not read its part of \(path) (its message says why)")
        }
        return gathered.map { Array($0.dropLast()) }
    }
}
