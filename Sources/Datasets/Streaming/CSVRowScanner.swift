/// The byte-level reading of CSV, shared by ``CSVFile`` (a whole text) and ``CSVFileSource`` (a file read
/// in pieces): where each row ends (quotes may hold commas and line breaks; a CR before the LF is not
/// part of the row; blank rows are skipped) and the fields of one row (RFC 4180 quoting).
enum CSVRowScanner {
    /// A row found in the bytes: its byte range (without the line break) and the line it starts on.
    struct Row {
        var start: Int, end: Int, line: Int32
    }

    /// The state of a pass over the bytes, fed one byte at a time.
    struct Boundaries {
        private var inQuotes = false, blank = true, previous: UInt8 = 0
        private var line: Int32 = 1, rowLine: Int32 = 1, rowStart = 0

        init() {}

        /// A pass that starts at byte `offset` of a file, inside quotes or not, on line `line`: one
        /// rank's part, whose quote state and line come from the bytes before it (``CSVShardScan``).
        init(startingAt offset: Int, inQuotes: Bool, line: Int32) {
            (self.inQuotes, self.line, rowLine, rowStart) = (inQuotes, line, line, offset)
        }

        /// The line of the row being read, for a quote that is never closed.
        var openRowLine: Int32 { rowLine }
        var isInsideQuotes: Bool { inQuotes }
        /// Whether the last byte fed was a CR (a last row without a line break may end with one).
        var lastWasCR: Bool { previous == UInt8(ascii: "\r") }

        /// Feeds the byte at `offset`; returns the row it ends, if it ends a row that is not blank.
        mutating func feed(_ byte: UInt8, at offset: Int) -> Row? {
            defer { previous = byte }
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            guard byte == UInt8(ascii: "\n") else {
                if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\r") && byte != UInt8(ascii: "\t") { blank = false }
                return nil
            }
            line += 1
            if inQuotes { return nil }
            let row = finish(at: offset, endsWithCR: previous == UInt8(ascii: "\r"))
            rowStart = offset + 1
            rowLine = line
            return row
        }

        /// The row the bytes end with, if they do not end with a line break.
        mutating func finish(at end: Int, endsWithCR: Bool) -> Row? {
            defer { blank = true }
            guard !blank else { return nil }
            return Row(start: rowStart, end: end > rowStart && endsWithCR ? end - 1 : end, line: rowLine)
        }
    }

    /// Every row of a text, as fields with the line each started on.
    static func records(_ bytes: [UInt8], name: String) throws -> [(line: Int, fields: [String])] {
        var boundaries = Boundaries(), records: [(line: Int, fields: [String])] = []
        func add(_ row: Row?) throws {
            guard let row else { return }
            records.append((Int(row.line), try fields(of: bytes[row.start..<row.end], path: name, line: Int(row.line))))
        }
        for (offset, byte) in bytes.enumerated() { try add(boundaries.feed(byte, at: offset)) }
        if boundaries.isInsideQuotes { throw DatasetError.malformed("\(name), line \(boundaries.openRowLine): a quoted field is never closed") }
        try add(boundaries.finish(at: bytes.count, endsWithCR: boundaries.lastWasCR))
        return records
    }

    /// What one pass over a file finds: the header, where each data row is, and the values of one column.
    struct Scan {
        var header: [String]?
        var starts: [Int] = [], ends: [Int] = [], lines: [Int32] = []
        var columnValues: [String] = []
    }

    /// One pass over the file in 1 MB pieces; with `column` (a header name), its value in every row is
    /// collected on the way, so that nothing is read twice.
    static func scan(_ file: ReadOnlyFile, collecting column: String? = nil) throws -> Scan {
        var scan = Scan(), boundaries = Boundaries()
        // The current row's bytes, kept only while the header or the collected column needs them.
        var row: [UInt8] = [], columnIndex: Int?, offset = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        func take(_ found: Row) throws {
            // Only called on `row` while it is kept (the header, or a row whose column is collected).
            var bytes: ArraySlice<UInt8> { row[0..<(found.end - found.start)] }
            if scan.header == nil {
                let header = try fields(of: bytes, path: file.path, line: Int(found.line)).map { $0.trimmingCharacters(in: .whitespaces) }
                scan.header = header
                columnIndex = column.flatMap { header.firstIndex(of: $0) }
                return
            }
            scan.starts.append(found.start)
            scan.ends.append(found.end)
            scan.lines.append(found.line)
            guard let columnIndex else { return }
            let values = try fields(of: bytes, path: file.path, line: Int(found.line))
            guard columnIndex < values.count else {
                throw DatasetError.malformed("\(file.path), line \(found.line): \(values.count) fields, fewer than the header's columns")
            }
            scan.columnValues.append(values[columnIndex].trimmingCharacters(in: .whitespaces))
        }
        while offset < file.size {
            let count = min(chunk.count, file.size - offset)
            try chunk.withUnsafeMutableBytes { try file.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<count]), at: offset) }
            for i in 0..<count {
                let byte = chunk[i], keeping = scan.header == nil || columnIndex != nil
                let ended = byte == UInt8(ascii: "\n") && !boundaries.isInsideQuotes
                if let found = boundaries.feed(byte, at: offset + i) { try take(found) }
                if ended { row.removeAll(keepingCapacity: true) } else if keeping { row.append(byte) }
            }
            offset += count
        }
        if boundaries.isInsideQuotes { throw DatasetError.malformed("\(file.path), line \(boundaries.openRowLine): a quoted field is never closed") }
        if let found = boundaries.finish(at: file.size, endsWithCR: boundaries.lastWasCR) { try take(found) }
        return scan
    }

    /// The fields of one row; a NUL byte or invalid UTF-8 is an error with the line.
    static func fields(of bytes: ArraySlice<UInt8>, path: String, line: Int) throws -> [String] {
        if bytes.contains(0) { throw DatasetError.malformed("\(path), line \(line): the row holds a NUL byte; the file is not text") }
        var fields: [String] = [], field: [UInt8] = [], inQuotes = false, index = bytes.startIndex
        func finish() throws {
            guard let text = String(validating: field, as: UTF8.self) else {
                throw DatasetError.malformed("\(path), line \(line): the row is not UTF-8 text; save the file as UTF-8 CSV")
            }
            fields.append(text)
            field = []
        }
        while index < bytes.endIndex {
            let byte = bytes[index]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.endIndex && bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(byte)
                }
            } else if byte == UInt8(ascii: "\"") && field.isEmpty {
                inQuotes = true
            } else if byte == UInt8(ascii: ",") {
                try finish()
            } else {
                field.append(byte)
            }
            index += 1
        }
        try finish()
        return fields
    }
}
