import Foundation
import TestSupport
import Testing

@testable import Plotting

/// Reading what to draw: `--report` JSON files and CSV logs, and clear errors for anything else.
@Suite struct HistoryFileTests {
    static func file(_ name: String, _ text: String) throws -> String {
        let path = temporaryPath(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aReportAndAKerasCSVLog() throws {
        let report = try HistoryFile.read(
            try Self.file("r.json", #"{"history": {"loss": [1.5, 1.0], "accuracy": [0.5, 0.7]}, "epochs": [3, 4], "restored_epoch": 3}"#))
        #expect(report.series["loss"] == [1.5, 1.0] && report.epochs == [3, 4] && report.restoredEpoch == 3)
        let csv = try HistoryFile.read(try Self.file("log.csv", "epoch,accuracy,loss,val_loss\r\n0,0.5,1.5,NA\r\n1,0.75,1.0,0.9\r\n"))
        #expect(csv.epochs == [1, 2] && csv.series["accuracy"] == [0.5, 0.75] && csv.series["val_loss"]?[1] == 0.9)
        #expect(csv.series["val_loss"]?[0].isNaN == true)
        let semicolons = try HistoryFile.read(try Self.file("log2.csv", "epoch;loss\n0;nan\n1;inf\n"))
        #expect(semicolons.series["loss"]?[1] == .infinity)
    }

    @Test func badFilesNameThemselvesAndTheProblem() throws {
        let cases: [(String, String, String)] = [
            ("bad.json", "{\"history\": 3}", "no \"history\" object"),
            ("bad2.json", "{\"history\": {\"loss\": [1, \"x\"]}}", "not a number"),
            ("bad3.json", "{not json", "not valid JSON"),
            ("bad4.json", "{\"history\": {\"loss\": [1, 2], \"acc\": [1]}}", "different lengths"),
            ("empty.json", "{\"history\": {}}", "no epochs"),
            ("bad.csv", "loss,accuracy\n1,2\n", "header starting with epoch"),
            ("bad2.csv", "epoch,loss\n0,1\n1,oops\n", "line 3, column loss: oops"),
            ("bad3.csv", "epoch,loss\n0,1,2\n", "line 2 has 3 fields"),
            ("empty.csv", "", "is empty"),
            ("header.csv", "epoch,loss\n", "no epochs"),
        ]
        for (name, text, expected) in cases {
            let path = try Self.file(name, text)
            #expect { try HistoryFile.read(path) } throws: { "\($0)".contains(path) && "\($0)".contains(expected) }
        }
        #expect { try HistoryFile.read("/no/such/history.json") } throws: { "\($0)".contains("no such file") }
        #expect { try HistoryFile.read(FileManager.default.temporaryDirectory.path) } throws: { "\($0)".contains("is a folder") }
    }
}
