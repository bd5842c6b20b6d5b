import Datasets
import Foundation
import Tensors
import TestSupport
import Testing
import Training

/// Each rank's part of a CSV file, read from its own byte range: over 1 to 6 ranks (threads here), the
/// ranks' rows together are the file's rows, each once, in order, whatever the line breaks and quotes.
@Suite struct CSVShardSourceTests {
    /// One rank's view: its global offset and count, the class names, and its rows as text.
    struct Part: Sendable {
        var offset: Int, global: Int, classes: [String], rows: [String]
    }

    /// The rows of a source as "features → class or number" strings.
    static func rows(_ batch: Batch, classes: [String]) -> [String] {
        let x = batch.inputs[0], width = x.shape[1], y = batch.targets[0].scalars
        return (0..<x.shape[0]).map { r in
            let features = x.scalars[(r * width)..<((r + 1) * width)].map { "\($0)" }.joined(separator: " ")
            return features + " → " + (classes.isEmpty ? "\(y[r])" : classes[Int(y[r])])
        }
    }

    static func parts(_ path: String, ranks: Int, target: String = "label") throws -> [Part] {
        try ThreadRanks(ranks).run { group in
            let source = try CSVShardSource(path: path, group: group, target: target)
            let batch = try source.batch(in: 0..<source.sampleCount)
            return Part(
                offset: source.globalOffset, global: source.globalSampleCount, classes: source.classNames, rows: rows(batch, classes: source.classNames))
        }.map { try $0.get() }
    }

    /// Checks that every rank count reads `text`'s rows once each, as CSVFileSource reads the whole file.
    static func expectEveryRowOnce(_ text: String, _ name: String, ranks: ClosedRange<Int> = 1...6) throws {
        let path = temporaryPath(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let whole = try CSVFileSource(path: path, target: "label")
        let expected = rows(try whole.batch(in: 0..<whole.sampleCount), classes: whole.classNames)
        for n in ranks {
            let parts = try parts(path, ranks: n)
            #expect(parts.flatMap(\.rows) == expected, "\(name) over \(n) ranks")
            #expect(parts.allSatisfy { $0.global == expected.count && $0.classes == whole.classNames })
            #expect(parts.map(\.offset) == parts.indices.map { parts[0..<$0].reduce(0) { $0 + $1.rows.count } })
        }
    }

    /// Rows of uneven lengths, so that the byte ranges cut rows at many places.
    static func table(lineBreak: String, quoted: Bool, trailing: Bool) -> String {
        let names = quoted ? ["\"two\nlines, and \"\"quotes\"\"\"", "plain", "\"a,b\r\nc\""] : ["cat", "dog", "bird"]
        var text = "x,\"y\",label" + lineBreak
        for i in 0..<37 {
            let x = quoted && i % 4 == 0 ? "\"\(i)\"" : "\(i)"
            text += "\(x),\(String(repeating: "1", count: 1 + i * 7 % 11)),\(names[i % 3])" + lineBreak
            if i % 9 == 4 { text += lineBreak }  // a blank line, skipped
        }
        return trailing ? text : String(text.dropLast(lineBreak.count))
    }

    @Test func everyRowOnceWithLineFeeds() throws {
        try Self.expectEveryRowOnce(Self.table(lineBreak: "\n", quoted: false, trailing: true), "lf.csv")
    }

    @Test func everyRowOnceWithCRLF() throws {
        try Self.expectEveryRowOnce(Self.table(lineBreak: "\r\n", quoted: false, trailing: true), "crlf.csv")
    }

    @Test func everyRowOnceWithQuotedLineBreaksAndNoFinalLineBreak() throws {
        try Self.expectEveryRowOnce(Self.table(lineBreak: "\n", quoted: true, trailing: false), "quoted.csv")
        try Self.expectEveryRowOnce(Self.table(lineBreak: "\r\n", quoted: true, trailing: true), "quoted-crlf.csv")
    }

    @Test func tinyFilesAndMoreRanksThanRows() throws {
        try Self.expectEveryRowOnce("x,label\n1,a\n2,b", "tiny.csv", ranks: 1...2)
        let path = temporaryPath("three.csv"), empty = temporaryPath("header.csv")
        try Data("x,label\n1,a\n2,b\n".utf8).write(to: URL(fileURLWithPath: path))
        try Data("x,label\n".utf8).write(to: URL(fileURLWithPath: empty))
        defer { for p in [path, empty] { try? FileManager.default.removeItem(atPath: p) } }
        // Every rank fails with the same message, none waits for another.
        for result in ThreadRanks(3).run({ try CSVShardSource(path: path, group: $0, target: "label") }) {
            #expect { try result.get() } throws: { "\($0)".contains("three.csv") && "\($0)".contains("3 ranks") && "\($0)".contains("fewer ranks") }
        }
        for result in ThreadRanks(2).run({ try CSVShardSource(path: empty, group: $0, target: "label") }) {
            #expect { try result.get() } throws: { "\($0)".contains("header.csv") && "\($0)".contains("no data rows") }
        }
    }

    /// A bad cell is reported at its line of the whole file by the rank that holds it, and an unclosed
    /// quote stops every rank (the one that found it says where).
    @Test func errorsNameTheLineOfTheWholeFile() throws {
        var text = "x,label\n"
        for i in 0..<30 { text += i == 25 ? "oops,\"b\nb\"\n" : "\(i),\"a\na\"\n" }
        let path = temporaryPath("bad.csv"), open = temporaryPath("open.csv")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try Data((text + "1,\"never closed\n").utf8).write(to: URL(fileURLWithPath: open))
        defer { for p in [path, open] { try? FileManager.default.removeItem(atPath: p) } }
        let messages = ThreadRanks(3).run { group -> String? in
            let source = try CSVShardSource(path: path, group: group, target: "label")
            do { _ = try source.batch(in: 0..<source.sampleCount) } catch { return "\(error)" }
            return nil
        }.compactMap { try? $0.get() }.compactMap { $0 }
        #expect(messages.count == 1 && messages[0].contains("bad.csv, line 52") && messages[0].contains("oops"), "\(messages)")
        let results = ThreadRanks(3).run { try CSVShardSource(path: open, group: $0, target: "label") }
        #expect(results.allSatisfy { if case .failure = $0 { true } else { false } })
        #expect(results.contains { "\($0)".contains("line 62") && "\($0)".contains("never closed") })
    }

    /// Validation data numbered with the training data's classes; a class the training data lacks is an error.
    @Test func validationFilesTakeTheTrainingClasses() throws {
        let path = temporaryPath("val.csv")
        try Data("x,label\n1,dog\n2,dog\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let source = try CSVShardSource(path: path, target: "label", classNames: ["cat", "dog"])
        #expect(try source.batch(in: 0..<2).targets[0].scalars == [1, 1])
        #expect { try CSVShardSource(path: path, target: "label", classNames: ["cat", "bird"]) } throws: {
            "\($0)".contains("'dog'") && "\($0)".contains("val.csv")
        }
    }
}
