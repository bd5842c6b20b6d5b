import Foundation

extension Communicator {
    /// Sends `bytes` to rank `destination` with `tag` (`MPI_Send`); returns once the buffer may be reused.
    public func send(_ bytes: [UInt8], to destination: Int, tag: Int) throws {
        try checkRank(destination, "send to")
        let count = try checkedCount(bytes.count, "send")
        let code = bytes.withUnsafeBytes { library.send($0.baseAddress, count, library.byte, Int32(destination), Int32(tag), library.commWorld) }
        try check(code, "MPI_Send")
    }

    /// The next message with `tag` from rank `source` (any rank when nil), and the rank that sent it.
    ///
    /// It waits by polling (`MPI_Iprobe` every `pollSeconds`) rather than in a blocking `MPI_Recv`, which
    /// in Open MPI spins a core for as long as it waits: a rank that waits for work, or a coordinator
    /// thread beside a rank's training, then leaves the core to the training.
    public func receive(from source: Int? = nil, tag: Int, pollSeconds: Double = 0.001) throws -> (bytes: [UInt8], source: Int) {
        if let source { try checkRank(source, "receive from") }
        // Open MPI's MPI_Status: its source is the first word.
        var status = [Int32](repeating: 0, count: MPILibrary.statusWords)
        while true {
            var found: Int32 = 0
            let code = status.withUnsafeMutableBytes { words in
                library.iprobe(source.map(Int32.init) ?? MPILibrary.anySource, Int32(tag), library.commWorld, &found, words.baseAddress)
            }
            try check(code, "MPI_Iprobe")
            if found != 0 { break }
            Thread.sleep(forTimeInterval: pollSeconds)
        }
        var count: Int32 = 0
        try check(status.withUnsafeBytes { library.getCount($0.baseAddress, library.byte, &count) }, "MPI_Get_count")
        var bytes = [UInt8](repeating: 0, count: Int(count))
        let sender = status[0]
        let code = bytes.withUnsafeMutableBytes {
            library.recv($0.baseAddress, count, library.byte, sender, Int32(tag), library.commWorld, nil)
        }
        try check(code, "MPI_Recv")
        return (bytes, Int(sender))
    }

    private func checkRank(_ rank: Int, _ what: String) throws {
        guard (0..<size).contains(rank) else { throw TrainingError.invalidArgument("cannot \(what) rank \(rank): this job has ranks 0..<\(size)") }
    }
}
