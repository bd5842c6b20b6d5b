/// How one rank of `n` finds its rows of a CSV file without reading the others' (what
/// ``CSVShardSource`` does at opening): every rank reads the header; the bytes after it are cut into `n`
/// ranges; a row belongs to the rank whose range holds its first byte. A rank whose range starts inside
/// a row skips to the end of that row, and reads past its range's end to finish its last row.
///
/// Where rows start depends on quotes (a quoted field may hold line breaks), so a rank must know
/// whether its first byte lies inside quotes: the number of quote characters before it, odd or even
/// (an escaped quote `""` counts twice). Each rank counts the quotes and line breaks of its own range,
/// and the ranks exchange the counts: the quotes decide the state, the line breaks the line numbers of
/// error messages. A rank thus reads its own range twice (counting, then finding rows) and never
/// another's.
enum CSVShardScan {
    /// The header row: its fields, the byte after its line break, and the line breaks before that byte.
    struct Header {
        var fields: [String]
        var end: Int
        var lineBreaks: Int
    }

    /// What a rank finds in its range: where its rows are, and the distinct values of one column
    /// (dropped once they pass `distinctLimit` while all numeric: a regression target, not classes).
    struct Rows {
        var starts: [Int] = [], ends: [Int] = [], lines: [Int32] = []
        var values: Set<String> = []
        var allNumeric = true
        var tooManyValues = false
    }

    static let distinctLimit = 100_000
    private static let lineFeed = UInt8(ascii: "\n"), quote = UInt8(ascii: "\"")

    /// The first row of the file (blank lines before it skipped), nil for a file without one.
    static func header(_ file: ReadOnlyFile) throws -> Header? {
        var boundaries = CSVRowScanner.Boundaries(), row: [UInt8] = [], lineBreaks = 0
        var found: Header?
        try forEachByte(of: file, from: 0) { byte, offset in
            if byte == lineFeed { lineBreaks += 1 }
            let ended = byte == lineFeed && !boundaries.isInsideQuotes
            if let header = boundaries.feed(byte, at: offset) {
                found = Header(fields: try fields(row, header, file), end: offset + 1, lineBreaks: lineBreaks)
                return false
            }
            if ended { row.removeAll(keepingCapacity: true) } else { row.append(byte) }
            return true
        }
        if found != nil { return found }
        if boundaries.isInsideQuotes { throw DatasetError.malformed("\(file.path), line \(boundaries.openRowLine): a quoted field is never closed") }
        guard let last = boundaries.finish(at: file.size, endsWithCR: boundaries.lastWasCR) else { return nil }
        return Header(fields: try fields(row, last, file), end: file.size, lineBreaks: lineBreaks)
    }

    private static func fields(_ row: [UInt8], _ found: CSVRowScanner.Row, _ file: ReadOnlyFile) throws -> [String] {
        try CSVRowScanner.fields(of: row[0..<(found.end - found.start)], path: file.path, line: Int(found.line))
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Rank `rank`'s bytes of the data (`dataStart..<size`, after the header) cut into `ranks` ranges.
    static func range(rank: Int, of ranks: Int, dataStart: Int, size: Int) -> Range<Int> {
        let length = size - dataStart
        return (dataStart + length * rank / ranks)..<(dataStart + length * (rank + 1) / ranks)
    }

    /// The quote characters and line breaks in `range`.
    static func count(_ file: ReadOnlyFile, in range: Range<Int>) throws -> (quotes: Int, lineBreaks: Int) {
        var quotes = 0, lineBreaks = 0
        try forEachByte(of: file, from: range.lowerBound, to: range.upperBound) { byte, _ in
            if byte == quote { quotes += 1 } else if byte == lineFeed { lineBreaks += 1 }
            return true
        }
        return (quotes, lineBreaks)
    }

    /// The rows that start in `range`, given whether its first byte lies inside quotes and its line;
    /// `column` (an index) has its values collected, checked against `columnCount` fields.
    static func rows(
        _ file: ReadOnlyFile, in range: Range<Int>, dataStart: Int, inQuotes: Bool, line: Int, collecting column: Int?
    ) throws -> Rows {
        var rows = Rows()
        guard !range.isEmpty else { return rows }
        guard let firstLine = Int32(exactly: line) else { throw DatasetError.malformed("\(file.path) has over 2^31 lines") }
        var boundaries = CSVRowScanner.Boundaries(startingAt: range.lowerBound, inQuotes: inQuotes, line: firstLine)
        // Whether a row starts at the range's first byte: the data's start, or just after a line break outside quotes.
        var collecting = range.lowerBound == dataStart
        if !collecting && !inQuotes { collecting = try file.bytes(at: range.lowerBound - 1, count: 1)[0] == lineFeed }
        var row: [UInt8] = [], reachedEnd = false
        func take(_ found: CSVRowScanner.Row) throws {
            rows.starts.append(found.start)
            rows.ends.append(found.end)
            rows.lines.append(found.line)
            guard let column else { return }
            let values = try CSVRowScanner.fields(of: row[0..<(found.end - found.start)], path: file.path, line: Int(found.line))
            guard column < values.count else {
                throw DatasetError.malformed("\(file.path), line \(found.line): \(values.count) fields, fewer than the header's columns")
            }
            add(values[column].trimmingCharacters(in: .whitespaces), to: &rows)
        }
        try forEachByte(of: file, from: range.lowerBound) { byte, offset in
            let ended = byte == lineFeed && !boundaries.isInsideQuotes
            if let found = boundaries.feed(byte, at: offset), collecting { try take(found) }
            if ended {
                row.removeAll(keepingCapacity: true)
                collecting = true
                // The next row starts at or after the range's end: the next rank's.
                if offset + 1 >= range.upperBound {
                    reachedEnd = true
                    return false
                }
            } else if collecting && column != nil {
                row.append(byte)
            }
            return true
        }
        guard !reachedEnd else { return rows }
        if boundaries.isInsideQuotes { throw DatasetError.malformed("\(file.path), line \(boundaries.openRowLine): a quoted field is never closed") }
        if collecting, let found = boundaries.finish(at: file.size, endsWithCR: boundaries.lastWasCR) { try take(found) }
        return rows
    }

    /// Keeps a column's distinct values, until there are too many for classes while all are numbers.
    private static func add(_ value: String, to rows: inout Rows) {
        if rows.allNumeric && Double(value) == nil { rows.allNumeric = false }
        guard !rows.tooManyValues else { return }
        rows.values.insert(value)
        if rows.values.count > distinctLimit {
            rows.tooManyValues = true
            rows.values = []
        }
    }

    /// Feeds the bytes from `start` (to `end`, else the file's end) in 1 MB pieces, until `body` says stop.
    private static func forEachByte(of file: ReadOnlyFile, from start: Int, to end: Int? = nil, _ body: (UInt8, Int) throws -> Bool) throws {
        let stop = Swift.min(end ?? file.size, file.size)
        var chunk = [UInt8](repeating: 0, count: 1 << 20), offset = start
        while offset < stop {
            let count = Swift.min(chunk.count, stop - offset)
            try chunk.withUnsafeMutableBytes { try file.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<count]), at: offset) }
            for i in 0..<count where try !body(chunk[i], offset + i) { return }
            offset += count
        }
    }
}
