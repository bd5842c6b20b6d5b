import Foundation
import TestSupport
import Testing

/// `neuralkit plot`, `train --plot` and `lr-find --plot`.
@Suite struct PlotCommandTests {
    static func isPNG(_ path: String) -> Bool {
        (try? Data(contentsOf: URL(fileURLWithPath: path)).prefix(8)) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    @Test func trainPlotsAndPlotRedrawsFromTheReportAndTheLog() throws {
        let folder = temporaryPath("plots")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let train = try runProduct(
            "neuralkit",
            [
                "train", "--dataset", "iris", "--epochs", "8", "--validation-split", "0.2", "--quiet", "--report", folder + "/r.json",
                "--csv-log", folder + "/log.csv", "--plot", folder + "/train.png",
            ])
        #expect(train.status == 0, "\(train.standardError)")
        #expect(Self.isPNG(folder + "/train.png"))
        let plot = try runProduct("neuralkit", ["plot", folder + "/r.json", "--output", folder + "/again.pdf"])
        #expect(plot.status == 0 && plot.standardOutput.contains("again.pdf"), "\(plot.standardError)")
        let compare = try runProduct(
            "neuralkit", ["plot", folder + "/r.json", folder + "/log.csv", "--compare", "-o", folder + "/both.svg", "--metrics", "loss"])
        #expect(compare.status == 0, "\(compare.standardError)")
        #expect(try String(contentsOfFile: folder + "/both.svg", encoding: .utf8).contains("<svg"))
        let logs = try runProduct(
            "neuralkit", ["train", "--dataset", "iris", "--epochs", "3", "--validation-split", "0.2", "--quiet", "--tensorboard", folder + "/logs"])
        #expect(logs.status == 0, "\(logs.standardError)")
        let fromLogs = try runProduct("neuralkit", ["plot", folder + "/logs", "-o", folder + "/logs.png"])
        #expect(fromLogs.status == 0 && Self.isPNG(folder + "/logs.png"), "\(fromLogs.standardError)")
        let lr = try runProduct("neuralkit", ["lr-find", "--dataset", "iris", "--quiet", "--plot", folder + "/lr.png"])
        #expect(lr.status == 0 && Self.isPNG(folder + "/lr.png"), "\(lr.standardError)")
    }

    @Test func badPlotRequestsAreClearErrors() throws {
        let report = temporaryPath("r.json")
        try Data(#"{"history": {"loss": [1, 0.5]}}"#.utf8).write(to: URL(fileURLWithPath: report))
        let cases: [([String], String)] = [
            (["plot", report, report, "-o", temporaryPath("x.png")], "add --compare"),
            (["plot", report, "-o", temporaryPath("x.gif")], ".png, .svg or .pdf"),
            (["plot", report, "-o", "/no/such/folder/x.png"], "does not exist"),
            (["plot", "/no/such/history.json", "-o", temporaryPath("x.png")], "no such file"),
            (["plot", report, "-o", temporaryPath("x.png"), "--metrics", "accuracy"], "no 'accuracy' to draw"),
            (["train", "--dataset", "iris", "--plot", "curves.bmp"], "--plot"),
            (["lr-find", "--dataset", "iris", "--plot", "lr.jpeg"], "--plot"),
        ]
        for (arguments, expected) in cases {
            let result = try runProduct("neuralkit", arguments)
            #expect(result.status != 0 && result.standardError.contains(expected), "\(arguments): \(result.standardError)")
        }
    }

    /// A run whose loss diverged still writes its report (NaN as null) and draws (null as a gap).
    @Test func aDivergedRunReportsNullAndStillDraws() throws {
        let folder = temporaryPath("diverged")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let train = try runProduct(
            "neuralkit", ["train", "--dataset", "iris", "--learning-rate", "1e6", "--epochs", "3", "--quiet", "--report", folder + "/r.json"])
        #expect(train.status == 0, "\(train.standardError)")
        let text = try String(contentsOfFile: folder + "/r.json", encoding: .utf8)
        #expect(text.contains("null") && !text.contains("nan"))
        let plot = try runProduct("neuralkit", ["plot", folder + "/r.json", "-o", folder + "/r.png"])
        #expect(plot.status == 0 && Self.isPNG(folder + "/r.png"), "\(plot.standardError)")
    }

    /// With SOURCE_DATE_EPOCH, the same history gives the same PDF bytes.
    @Test func pdfsAreReproducible() throws {
        let report = temporaryPath("r.json")
        try Data(#"{"history": {"loss": [1, 0.5, 0.4]}}"#.utf8).write(to: URL(fileURLWithPath: report))
        let environment = ProcessInfo.processInfo.environment.merging(["SOURCE_DATE_EPOCH": "1700000000"]) { $1 }
        let first = temporaryPath("a.pdf"), second = temporaryPath("b.pdf")
        #expect(try runProduct("neuralkit", ["plot", report, "-o", first], environment: environment).status == 0)
        Thread.sleep(forTimeInterval: 1.1)
        #expect(try runProduct("neuralkit", ["plot", report, "-o", second], environment: environment).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
    }
}
