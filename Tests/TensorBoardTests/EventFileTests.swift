import Foundation
import Testing

@testable import TensorBoardModule

/// TFRecord framing and event files: round trips, the file name, appends visible at once, a
/// truncated tail read quietly, a damaged record reported with the file's name.
@Suite struct EventFileTests {
    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tb-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func recordRoundTrip() throws {
        let payloads = [Data(), Data("hello".utf8), Data((0..<1000).map { UInt8(truncatingIfNeeded: $0) })]
        var file = Data()
        for payload in payloads { file.append(TFRecord.frame(payload)) }
        #expect(try TFRecord.records(in: file, name: "memory") == payloads)
        // The framing, byte by byte: length, masked CRC of the length, data, masked CRC of the data.
        let record = [UInt8](TFRecord.frame(Data("hello".utf8)))
        #expect(record.count == 8 + 4 + 5 + 4)
        #expect(Array(record[0..<8]) == [5, 0, 0, 0, 0, 0, 0, 0])
        let lengthCRC = UInt32(record[8]) | UInt32(record[9]) << 8 | UInt32(record[10]) << 16 | UInt32(record[11]) << 24
        #expect(lengthCRC == CRC32C.maskedChecksum(record[0..<8]))
        let dataCRC = UInt32(record[17]) | UInt32(record[18]) << 8 | UInt32(record[19]) << 16 | UInt32(record[20]) << 24
        #expect(dataCRC == CRC32C.maskedChecksum(Array("hello".utf8)))
    }

    @Test func fileIsNamedAndStartedAsTensorFlowDoes() throws {
        let directory = try Self.folder()
        let first = try SummaryWriter(logDir: directory), second = try SummaryWriter(logDir: directory)
        let name = (first.path as NSString).lastPathComponent
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        #expect(name.hasPrefix("events.out.tfevents.") && name.hasSuffix(".\(getpid()).0.v2"), "\(name)")
        #expect(parts[3].count == 10 && Int(parts[3]) != nil)
        #expect(first.path != second.path)
        let events = try EventFileReader.events(inFile: first.path)
        #expect(events.count == 1)
        #expect(events.first?.fileVersion == "brain.Event:2")
        #expect(abs((events.first?.wallTime ?? 0) - Date().timeIntervalSince1970) < 60)
    }

    @Test func everyWriteIsInTheFileAtOnce() throws {
        let writer = try SummaryWriter(logDir: try Self.folder())
        for step in 0..<3 {
            try writer.scalar("loss", Float(step) / 2, step: step)
            // Not flushed, not closed: already readable.
            #expect(try EventFileReader.scalars(inFile: writer.path)["loss"]?.count == step + 1)
        }
    }

    @Test func truncatedTailNeverHidesEarlierRecords() throws {
        let writer = try SummaryWriter(logDir: try Self.folder())
        for step in 0..<4 { try writer.scalar("loss", Float(step), step: step) }
        writer.close()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: writer.path))
        let complete = try TFRecord.records(in: bytes, name: writer.path)
        #expect(complete.count == 5)
        // Cut the file at every length, as a kill mid-write would: the whole records before the cut are read.
        var boundaries: [Int] = [0]
        for record in complete { boundaries.append((boundaries.last ?? 0) + record.count + 16) }
        for length in 0...bytes.count {
            let records = try TFRecord.records(in: bytes.prefix(length), name: writer.path)
            #expect(records.count == boundaries.lastIndex { $0 <= length }, "cut at \(length)")
        }
        let cut = bytes.prefix(bytes.count - 3)
        let path = writer.path + ".cut"
        try cut.write(to: URL(fileURLWithPath: path))
        #expect(try EventFileReader.scalars(inFile: path)["loss"]?.map(\.step) == [0, 1, 2])
    }

    @Test func damagedRecordInTheMiddleIsAnErrorNamingTheFile() throws {
        let writer = try SummaryWriter(logDir: try Self.folder())
        for step in 0..<3 { try writer.scalar("loss", Float(step), step: step) }
        writer.close()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: writer.path))
        let firstLength = Int(bytes[0]) + 16
        bytes[firstLength + 14] ^= 0x40  // inside the second record's data
        try bytes.write(to: URL(fileURLWithPath: writer.path))
        #expect {
            try EventFileReader.scalars(inFile: writer.path)
        } throws: { error in
            let message = "\(error)"
            return message.contains(writer.path) && message.contains("record 2") && message.contains("corrupt")
        }
        // A damaged length is caught too.
        bytes[firstLength + 14] ^= 0x40
        bytes[firstLength + 1] ^= 0x01
        #expect(throws: TensorBoardError.self) { try TFRecord.records(in: bytes, name: "x") }
    }

    @Test func unwritableLogDirectoryIsAClearError() throws {
        let blocker = try Self.folder() + "/not-a-folder"
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        let logDir = blocker + "/logs"
        #expect {
            try SummaryWriter(logDir: logDir)
        } throws: { error in
            "\(error)".contains("cannot write TensorBoard logs to the folder \(logDir)")
        }
    }

    @Test func logDirectoryReaderNamesRunsAsTensorBoard() throws {
        let root = try Self.folder()
        let top = try SummaryWriter(logDir: root)
        let train = try SummaryWriter(logDir: root + "/train")
        let nested = try SummaryWriter(logDir: root + "/a/b")
        try top.scalar("x", 1, step: 0)
        try train.scalar("epoch_loss", 0.5, step: 0)
        try train.scalar("epoch_loss", 0.25, step: 1)
        try nested.scalar("y", 2, step: 3)
        let runs = try EventFileReader.scalars(inLogDirectory: root)
        #expect(Set(runs.keys) == [".", "train", "a/b"])
        #expect(runs["train"]?["epoch_loss"]?.map(\.value) == [0.5, 0.25])
        #expect(runs["a/b"]?["y"]?.first?.step == 3)
        #expect(throws: TensorBoardError.self) { try EventFileReader.scalars(inLogDirectory: root + "/missing") }
    }
}
