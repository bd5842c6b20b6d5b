import Foundation

/// A file open for reading at any offset (`pread`), closed when the last reference goes away: what the
/// streaming sources read their samples from, a batch at a time.
final class ReadOnlyFile: @unchecked Sendable {
    let path: String
    let size: Int
    private let descriptor: Int32

    init(_ path: String) throws {
        var status = stat()
        guard stat(path, &status) == 0 else { throw DatasetError.fileNotFound("cannot read '\(path)': no such file") }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw DatasetError.fileNotFound("'\(path)' is not a regular file") }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw DatasetError.fileNotFound("cannot read '\(path)': \(String(cString: strerror(errno)))") }
        self.path = path
        self.size = Int(status.st_size)
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Fills `buffer` with the bytes at `offset`; a short read (the file shrank) is an error.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws {
        guard let base = buffer.baseAddress else { return }
        var done = 0
        while done < buffer.count {
            let got = pread(descriptor, base + done, buffer.count - done, off_t(offset + done))
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else {
                throw DatasetError.corrupt(
                    "\(path) ended at byte \(offset + done) while reading \(buffer.count) bytes at \(offset); "
                        + "was it changed during training?")
            }
            done += got
        }
    }

    /// `count` bytes at `offset`.
    func bytes(at offset: Int, count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        try bytes.withUnsafeMutableBytes { try read(into: $0, at: offset) }
        return bytes
    }
}
