import Foundation

/// TFRecord framing, the container of TensorBoard event files: each record is
/// `uint64 length | uint32 masked CRC-32C of the length | data | uint32 masked CRC-32C of the data`,
/// little-endian.
public enum TFRecord {
    /// The bytes of one record holding `data`.
    public static func frame(_ data: Data) -> Data {
        var length = UInt64(data.count).littleEndian
        let header = withUnsafeBytes(of: &length) { Data($0) }
        var record = Data(capacity: data.count + 16)
        record.append(header)
        append(CRC32C.maskedChecksum(header), to: &record)
        record.append(data)
        append(CRC32C.maskedChecksum(data), to: &record)
        return record
    }

    /// The records of a whole file's bytes. A record cut short at the end (a writer still at work,
    /// or killed mid-write) ends the list quietly; a damaged record before that is an error that names
    /// `name` and the record's position.
    public static func records(in bytes: Data, name: String) throws -> [Data] {
        var records: [Data] = []
        try bytes.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while buffer.count - offset >= 12 {
                let header = UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + 8])
                guard CRC32C.masked(CRC32C.checksum(header)) == word(buffer, at: offset + 8) else {
                    throw corrupt(name, record: records.count, offset: offset, what: "length")
                }
                let length = header.loadUnaligned(as: UInt64.self).littleEndian
                // A length past the end of the file is a record still being written.
                let room = buffer.count - offset - 16
                guard room >= 0, length <= UInt64(room) else { return }
                let start = offset + 12, end = start + Int(length)
                let data = UnsafeRawBufferPointer(rebasing: buffer[start..<end])
                guard CRC32C.masked(CRC32C.checksum(data)) == word(buffer, at: end) else {
                    // A tail of zeros is a record whose bytes had not reached the disk when the writer died.
                    if end + 4 == buffer.count && data.allSatisfy({ $0 == 0 }) { return }
                    throw corrupt(name, record: records.count, offset: offset, what: "data")
                }
                records.append(Data(data))
                offset = end + 4
            }
        }
        return records
    }

    /// The records of the file at `path` (see ``records(in:name:)``).
    public static func records(inFile path: String) throws -> [Data] {
        guard let bytes = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read (a folder, or no permission)" : "it does not exist"
            throw TensorBoardError.io("cannot read the event file \(path): \(reason); give the path of an events.out.tfevents file")
        }
        return try records(in: bytes, name: path)
    }

    private static func append(_ value: UInt32, to data: inout Data) {
        var little = value.littleEndian
        withUnsafeBytes(of: &little) { data.append(contentsOf: $0) }
    }

    private static func word(_ buffer: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
        buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian
    }

    private static func corrupt(_ name: String, record: Int, offset: Int, what: String) -> TensorBoardError {
        .corrupt(
            "the event file \(name) is corrupt: record \(record + 1) (at byte \(offset)) fails its \(what) checksum; "
                + "the \(record) record(s) before it are intact; move the file aside or restore it from a copy")
    }
}
