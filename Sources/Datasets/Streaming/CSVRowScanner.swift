/// The byte-level side of reading CSV in place: where each row starts and ends (quotes may hold commas
/// and line breaks), and the fields of one row (RFC 4180 quoting).
enum CSVRowScanner {
    struct Scan {
        var header: [String]?
        var starts: [Int] = [], ends: [Int] = [], lines: [Int32] = []
    }

    /// One pass over the file in 1 MB pieces.
    static func scan(_ file: ReadOnlyFile) throws -> Scan {
        var scan = Scan()
        var offset = 0, rowStart = 0, line: Int32 = 1, rowLine: Int32 = 1, inQuotes = false, blank = true
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        func endRow(at end: Int) throws {
            defer { blank = true }
            guard !blank else { return }
            var stop = end
            if stop > rowStart, try file.bytes(at: stop - 1, count: 1)[0] == UInt8(ascii: "\r") { stop -= 1 }
            if scan.header == nil {
                let bytes = try file.bytes(at: rowStart, count: stop - rowStart)
                scan.header = try fields(of: bytes[...], path: file.path, line: Int(rowLine)).map { $0.trimmingCharacters(in: .whitespaces) }
            } else {
                scan.starts.append(rowStart)
                scan.ends.append(stop)
                scan.lines.append(rowLine)
            }
        }
        while offset < file.size {
            let count = min(chunk.count, file.size - offset)
            try chunk.withUnsafeMutableBytes { try file.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<count]), at: offset) }
            for i in 0..<count {
                let byte = chunk[i]
                if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    if inQuotes { continue }
                    try endRow(at: offset + i)
                    rowStart = offset + i + 1
                    rowLine = line
                } else if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\r") && byte != UInt8(ascii: "\t") {
                    blank = false
                }
            }
            offset += count
        }
        if inQuotes { throw DatasetError.malformed("\(file.path), line \(rowLine): a quoted field is never closed") }
        try endRow(at: file.size)
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
