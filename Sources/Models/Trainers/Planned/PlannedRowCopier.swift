import CKernels
import Tensors

/// Copies a shuffled batch's rows on a planned step's two threads (``WorkerPair``), the first half on the caller's
/// thread and the second on the worker, which then holds in its cache the rows it mostly works on in the step's rows
/// pass; on the caller's thread alone while the step has no second thread (before its first plan, or with one).
/// Measured on the Zen 4 machine for workload A: the 32 rows of 784 floats of a step gathered in 15–17 µs on one
/// thread.
final class PlannedRowCopier: RowCopier, PairTask {
    /// The plan's second thread, if it has one.
    var workers: WorkerPair?
    /// The copy under way.
    private var target: UnsafeMutablePointer<Float>?
    private var source: UnsafePointer<Float>?
    private var rows: UnsafePointer<Int>?
    private var rowLength = 0, count = 0

    func gatherRows(into target: UnsafeMutablePointer<Float>, from source: UnsafePointer<Float>, rowLength: Int, rows: UnsafePointer<Int>, count: Int) {
        guard let workers else { return nk_gather_rows(target, source, rowLength, rows, count) }
        (self.target, self.source, self.rows, self.rowLength, self.count) = (target, source, rows, rowLength, count)
        defer { (self.target, self.source, self.rows) = (nil, nil, nil) }
        workers.run(self)
    }

    /// Part 0: the first half of the rows, part 1 the rest, cut as the rows pass cuts a batch into equal blocks.
    func runPart(_ part: Int) {
        guard let target, let source, let rows else { return }
        let range = TrainingPlan.block(count, part, of: 2, multiple: 4)
        guard !range.isEmpty else { return }
        nk_gather_rows(target + range.lowerBound * rowLength, source, rowLength, rows + range.lowerBound, range.count)
    }
}
