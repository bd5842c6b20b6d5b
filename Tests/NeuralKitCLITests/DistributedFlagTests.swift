import Foundation
import TestSupport
import Testing

/// `train`'s data-parallel and in-place IDX and CSV flags given bad values: a clear message naming the flag or the
/// file, an exit rather than a crash, and no training started.
@Suite struct DistributedFlagTests {
    @Test(arguments: [
        (["--idx-images", "images.idx"], "--idx-images needs --idx-labels"),
        (["--idx-labels", "labels.idx"], "--idx-labels goes with --idx-images"),
        (["--idx-images", "/nonexistent/images", "--idx-labels", "/nonexistent/labels"], "cannot read '/nonexistent/images'"),
        (["--idx-images", "/etc/passwd", "--idx-labels", "/etc/passwd"], "/etc/passwd has magic number"),
        (["--idx-images", "a", "--idx-labels", "b", "--classes", "1"], "--classes must be at least 2"),
        (["--warmup-epochs", "2"], "--warmup-epochs goes with --scale-lr"),
        (["--scale-lr", "--warmup-epochs=-1"], "--warmup-epochs must not be negative"),
        (["--validation-csv", "val.csv"], "--validation-csv goes with --csv"),
        (["--csv", "/nonexistent/t.csv", "--target", "y", "--validation-csv", "v.csv"], "--csv: cannot read '/nonexistent/t.csv'"),
        (["--csv", "-", "--target", "y", "--validation-csv", "v.csv"], "standard input cannot be read in place"),
    ])
    func badValuesAreClearErrors(arguments: [String], expected: String) throws {
        let result = try runProduct("neuralkit", ["train", "--epochs", "1", "--quiet"] + arguments)
        #expect(result.status != 0)
        #expect(result.status < 128, "the process must exit, not crash")
        #expect(result.standardError.contains(expected), "\(result.standardError)")
        #expect(!result.standardOutput.contains("Epoch"), "nothing trained")
    }

    /// A validation file that is missing, lacks the target or holds a class the training rows lack.
    @Test func badValidationFilesNameTheFlagAndTheFile() throws {
        let train = temporaryPath("train.csv"), other = temporaryPath("other.csv"), classes = temporaryPath("classes.csv")
        try "x,y\n1,a\n2,b\n".write(toFile: train, atomically: true, encoding: .utf8)
        try "x,z\n1,a\n".write(toFile: other, atomically: true, encoding: .utf8)
        try "x,y\n1,c\n".write(toFile: classes, atomically: true, encoding: .utf8)
        for (validation, expected) in [
            ("/nonexistent/v.csv", "--validation-csv: cannot read '/nonexistent/v.csv'"), (other, "--validation-csv: \(other) has no column 'y'"),
            (classes, "--validation-csv: \(classes): the class 'c' is not one of the training data's"),
        ] {
            let result = try runProduct("neuralkit", ["train", "--csv", train, "--target", "y", "--validation-csv", validation, "--quiet"])
            #expect(result.status != 0 && result.status < 128)
            #expect(result.standardError.contains(expected), "\(result.standardError)")
        }
    }
}
