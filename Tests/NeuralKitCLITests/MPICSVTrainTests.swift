import Foundation
import Models
import Tensors
import TestSupport
import Testing

/// `mpirun -np 2 neuralkit train --csv`: each rank reads only its part of the CSV files' bytes, trains
/// on its rows of every global batch and validates on its part of the validation file; the run matches
/// one process reading the whole files in place. Skips without `mpirun` (fails with NEURALKIT_REQUIRE_MPI=1).
@Suite(.serialized) struct MPICSVTrainTests {
    /// Three separable classes in two features and a noise column; the class names quoted, one with a
    /// comma and a line break, CRLF line ends.
    static func writeTable(_ path: String, rows: Int, seed: UInt64) throws {
        var generator = RandomGenerator(seed: seed)
        let names = ["cat", "\"dog, large\"", "\"bird\nsmall\""]
        var text = "x1,x2,noise,label\r\n"
        for _ in 0..<rows {
            let k = Int(generator.next() % 3)
            func noise() -> Double { Double(generator.next() % 1000) / 1000 - 0.5 }
            text += String(format: "%.3f,%.3f,%.3f,", Double(k) + noise(), Double(2 - k) * 0.5 + noise(), noise()) + names[k] + "\r\n"
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    static func folder(_ name: String) throws -> String {
        let path = temporaryPath(name)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func report(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    /// Items 1 and 3: the same global batches as one process (one global order from the seed), so the
    /// same weights and History up to float summation order, the validation values included (each rank
    /// validates its part; the metrics' sums and counts are added over the ranks).
    @Test func twoRanksReadingTheirPartsTrainAndValidateAsOneProcess() throws {
        let folder = try Self.folder("csv-ranks")
        try Self.writeTable(folder + "/train.csv", rows: 300, seed: 1)
        try Self.writeTable(folder + "/val.csv", rows: 91, seed: 2)
        func arguments(_ name: String) -> [String] {
            [
                "train", "--csv", folder + "/train.csv", "--validation-csv", folder + "/val.csv", "--target", "label", "--layers", "8",
                "--learning-rate", "0.1", "--epochs", "3", "--batch-size", "32", "--save", folder + "/\(name).keras", "--report",
                folder + "/\(name).json", "--quiet",
            ]
        }
        guard let (one, two) = try MPIRun.runBoth(2, "neuralkit", "two", arguments) else {
            print("SKIP: mpirun is not installed (apt-get install openmpi-bin)")
            return
        }
        #expect(one.status == 0, "\(one.standardError)")
        #expect(two.status == 0, "\(two.standardError)")
        let single = try Self.report(folder + "/one.json"), parallel = try Self.report(folder + "/two.json")
        #expect(parallel["ranks"] as? Int == 2 && parallel["weights_identical_on_all_ranks"] as? Bool == true)
        let rows = try #require(parallel["rows_per_rank"] as? [Int])
        #expect(rows.count == 2 && rows.allSatisfy { $0 > 100 } && rows.reduce(0, +) == 300, "\(rows)")
        #expect(single["rows_per_rank"] as? [Int] == [300])
        let h1 = try #require(single["history"] as? [String: [Double]]), h2 = try #require(parallel["history"] as? [String: [Double]])
        #expect(h1.keys.sorted() == ["accuracy", "loss", "val_accuracy", "val_loss"] && h2.keys.sorted() == h1.keys.sorted())
        for (key, values) in h1 {
            for (x, y) in zip(values, h2[key] ?? []) { #expect(abs(x - y) <= 1e-5 * max(1, abs(x)), "\(key): \(x) vs \(y)") }
        }
        let a = try Model.load(from: folder + "/one.keras").getWeights().flatMap(\.scalars)
        let b = try Model.load(from: folder + "/two.keras").getWeights().flatMap(\.scalars)
        #expect(a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 1e-5 })
        let losses = try #require(h2["val_loss"])
        #expect(losses[2] < losses[0] * 0.9, "\(losses)")  // it learnt: a run that trained nothing would match too

        // `neuralkit evaluate` under mpirun: each rank its part of the file, the metrics' states added up;
        // the same numbers as one process loading the whole file, printed once.
        func evaluation(_ name: String) -> [String] {
            ["evaluate", folder + "/one.keras", "--csv", folder + "/val.csv", "--target", "label", "--report", folder + "/\(name).json"]
        }
        let whole = try runProduct("neuralkit", evaluation("eval-one"))
        let parts = try #require(try MPIRun.run(2, "neuralkit", evaluation("eval-two")))
        #expect(whole.status == 0 && parts.status == 0, "\(whole.standardError)\(parts.standardError)")
        #expect(parts.standardOutput.components(separatedBy: "read in place by 2 MPI ranks").count == 2, "\(parts.standardOutput)")
        let m1 = try #require(try Self.report(folder + "/eval-one.json")["metrics"] as? [String: Double])
        let m2 = try #require(try Self.report(folder + "/eval-two.json")["metrics"] as? [String: Double])
        #expect(m1.keys.sorted() == ["accuracy", "loss"] && m2.keys.sorted() == m1.keys.sorted())
        for (key, value) in m1 { #expect(abs(value - (m2[key] ?? .nan)) <= 1e-5 * max(1, abs(value)), "\(key): \(value) vs \(m2[key] ?? .nan)") }
        #expect(abs((m1["loss"] ?? 0) - (h1["val_loss"]?.last ?? 0)) < 1e-5)  // the last epoch's validation, again
    }

    /// Batches of 4 over 3 ranks: a rank holds none of a global batch's rows in about one step in five
    /// ((2/3)^4), the first step included at times; it still joins every step's allreduce, and the run
    /// matches one process's.
    @Test func ranksWithNoRowInAStepStillTrainAsOneProcess() throws {
        let folder = try Self.folder("csv-small-batches")
        try Self.writeTable(folder + "/train.csv", rows: 60, seed: 3)
        try Self.writeTable(folder + "/val.csv", rows: 20, seed: 4)
        func arguments(_ name: String) -> [String] {
            [
                "train", "--csv", folder + "/train.csv", "--validation-csv", folder + "/val.csv", "--target", "label", "--layers", "8",
                "--epochs", "3", "--batch-size", "4", "--report", folder + "/\(name).json", "--quiet",
            ]
        }
        guard let (one, three) = try MPIRun.runBoth(3, "neuralkit", "three", arguments) else {
            print("SKIP: mpirun is not installed")
            return
        }
        #expect(one.status == 0, "\(one.standardError)")
        #expect(three.status == 0, "\(three.standardError)")
        let single = try Self.report(folder + "/one.json"), parallel = try Self.report(folder + "/three.json")
        #expect((parallel["rows_per_rank"] as? [Int])?.count == 3 && parallel["weights_identical_on_all_ranks"] as? Bool == true)
        let h1 = try #require(single["history"] as? [String: [Double]]), h3 = try #require(parallel["history"] as? [String: [Double]])
        #expect(h1.keys.sorted() == h3.keys.sorted() && h1["val_loss"]?.count == 3)
        for (key, values) in h1 {
            for (x, y) in zip(values, h3[key] ?? []) { #expect(abs(x - y) <= 1e-5 * max(1, abs(x)), "\(key): \(x) vs \(y)") }
        }
    }

    /// More ranks than rows: every rank stops with the reason; a split of a file read in place is refused.
    @Test func tooManyRanksAndValidationSplitAreClearErrors() throws {
        let folder = try Self.folder("csv-bad")
        try Data("x,label\n1,a\n2,b\n".utf8).write(to: URL(fileURLWithPath: folder + "/tiny.csv"))
        let split = try runProduct(
            "neuralkit", ["train", "--csv", folder + "/tiny.csv", "--validation-csv", folder + "/tiny.csv", "--target", "label", "--validation-split", "0.2"])
        #expect(split.status != 0 && split.standardError.contains("--validation-split") && split.standardError.contains("--validation-csv"))
        guard let run = try MPIRun.run(3, "neuralkit", ["train", "--csv", folder + "/tiny.csv", "--target", "label", "--quiet"]) else {
            print("SKIP: mpirun is not installed")
            return
        }
        #expect(run.status != 0)
        #expect(
            run.standardError.contains("tiny.csv") && run.standardError.contains("3 ranks") && run.standardError.contains("fewer ranks"), "\(run.standardError)"
        )
    }
}
