import CGzip
import Foundation
import Tensors
import Testing

@testable import TensorBoardModule

/// The summaries as TF 2's `tf.summary` writes them: the plugin, the tensor's type, shape and values.
@Suite struct SummaryWriterTests {
    /// The one summary value of each event after the file-version event.
    static func values(_ writer: SummaryWriter) throws -> [(step: Int64, value: Tensorboard_Summary.Value)] {
        try EventFileReader.events(inFile: writer.path).dropFirst().compactMap { event in
            event.summary.value.first.map { (event.step, $0) }
        }
    }

    @Test func scalarIsAFloatTensorForTheScalarsPlugin() throws {
        let writer = try SummaryWriter(logDir: try EventFileTests.folder())
        try writer.scalar("loss", 0.125, step: 7)
        let (step, value) = try #require(try Self.values(writer).first)
        #expect(step == 7 && value.tag == "loss")
        #expect(value.metadata.pluginData.pluginName == "scalars" && value.metadata.pluginData.content.isEmpty)
        #expect(value.tensor.dtype == .dtFloat && value.tensor.tensorShape.dim.isEmpty)
        #expect(value.tensor.tensorContent == Data([0, 0, 0, 0x3E]))
        #expect(value.tensor.numbers == [0.125])
        #expect(throws: TensorBoardError.self) { try writer.scalar("", 1, step: 0) }
    }

    @Test func histogramBucketsAsTensorBoard() throws {
        // numpy: edges = linspace(0, 10, 6); counts of [0, 1, 2, 2.5, 9.99, 10] by floor((x - 0) / 2), the last bucket closed.
        let rows = SummaryWriter.buckets([0, 1, 2, 2.5, 9.99, 10], count: 5)
        #expect(rows.map(\.left) == [0, 2, 4, 6, 8])
        #expect(rows.map(\.right) == [2, 4, 6, 8, 10])
        #expect(rows.map(\.count) == [2, 2, 0, 0, 2])
        // One distinct value: zero-width buckets at it, every value in the last. No data: empty buckets.
        let single = SummaryWriter.buckets([3, 3, 3], count: 4)
        #expect(single.map(\.left) == [3, 3, 3, 3] && single.map(\.right) == [3, 3, 3, 3] && single.map(\.count) == [0, 0, 0, 3])
        #expect(SummaryWriter.buckets([], count: 3).map(\.count) == [0, 0, 0])
        #expect(SummaryWriter.buckets([1, 2], count: 0).isEmpty)

        let writer = try SummaryWriter(logDir: try EventFileTests.folder())
        try writer.histogram("weights", values: [Float](arrayLiteral: -1, 0, 1, .nan), step: 2, buckets: 2)
        let (_, value) = try #require(try Self.values(writer).first)
        #expect(value.metadata.pluginData.pluginName == "histograms")
        #expect(value.tensor.dtype == .dtDouble && value.tensor.tensorShape.dim.map(\.size) == [2, 3])
        #expect(value.tensor.numbers == [-1, 0, 1, 0, 1, 2])
        let tensor = try Tensor([[1, 2], [3, 4]])
        try writer.histogram("tensor", tensor, step: 3)
        #expect(try Self.values(writer).last?.value.tensor.tensorShape.dim.map(\.size) == [30, 3])
    }

    @Test func textIsAStringTensorForTheTextPlugin() throws {
        let writer = try SummaryWriter(logDir: try EventFileTests.folder())
        try writer.text("notes", "héllo **world**", step: 1)
        let (_, value) = try #require(try Self.values(writer).first)
        #expect(value.metadata.pluginData.pluginName == "text")
        #expect(value.tensor.dtype == .dtString && value.tensor.tensorShape.dim.isEmpty)
        #expect(value.tensor.stringVal == [Data("héllo **world**".utf8)])
    }

    @Test func imagesAreWidthHeightAndPNGs() throws {
        let writer = try SummaryWriter(logDir: try EventFileTests.folder())
        let red = try SummaryImage(width: 2, height: 1, channels: .rgb, pixels: [255, 0, 0, 0, 255, 0])
        let blue = try SummaryImage(width: 2, height: 1, channels: .rgb, pixels: [0, 0, 255, 9, 9, 9])
        try writer.images("pictures", [red, blue, red, blue], step: 4)
        let (step, value) = try #require(try Self.values(writer).first)
        #expect(step == 4 && value.metadata.pluginData.pluginName == "images")
        #expect(value.tensor.dtype == .dtString && value.tensor.tensorShape.dim.map(\.size) == [5])
        #expect(value.tensor.stringVal.prefix(2) == [Data("2".utf8), Data("1".utf8)])
        #expect(try PNGTests.decode(value.tensor.stringVal[2]).pixels == red.pixels)
        #expect(try PNGTests.decode(value.tensor.stringVal[3]).pixels == blue.pixels)
        #expect(throws: TensorBoardError.self) {
            try writer.images("mixed", [red, try SummaryImage(width: 1, height: 1, channels: .rgb, pixels: [0, 0, 0])], step: 0)
        }
    }

    @Test func imageFromTensorConvertsAsTensorFlow() throws {
        // tf.image.convert_image_dtype(saturate=True): floor(x * 255.5), clipped to 0...255.
        let image = try SummaryImage(try Tensor([0, 0.5, 1, 2, -1, 0.999], shape: [2, 3]))
        #expect(image.width == 3 && image.height == 2 && image.channels == .grayscale)
        #expect(image.pixels == [0, 127, 255, 255, 0, 255])
        #expect(throws: TensorBoardError.self) { try SummaryImage(try Tensor([0, 0, 0, 0, 0], shape: [1, 1, 5])) }
        #expect(throws: TensorBoardError.self) { try SummaryImage(width: 2, height: 2, channels: .rgba, pixels: [1, 2, 3]) }
    }
}
