import TestSupport
import Testing

/// `train`'s data-parallel and in-place IDX flags given bad values: a clear message naming the flag or the
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
    ])
    func badValuesAreClearErrors(arguments: [String], expected: String) throws {
        let result = try runProduct("neuralkit", ["train", "--epochs", "1", "--quiet"] + arguments)
        #expect(result.status != 0)
        #expect(result.status < 128, "the process must exit, not crash")
        #expect(result.standardError.contains(expected), "\(result.standardError)")
        #expect(!result.standardOutput.contains("Epoch"), "nothing trained")
    }
}
