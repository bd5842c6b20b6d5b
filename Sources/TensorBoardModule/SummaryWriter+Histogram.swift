import Foundation
import Tensors

extension SummaryWriter {
    /// Appends a histogram of `values` (plugin `histograms`, a `[buckets, 3]` float64 tensor of left
    /// edge, right edge and count), bucketed as `tf.summary.histogram` does; TensorBoard shows it in
    /// both the Histograms and the Distributions tabs. Values that are NaN or infinite are left out.
    public func histogram<Values: Sequence>(_ tag: String, values: Values, step: Int, buckets: Int = 30) throws
    where Values.Element: BinaryFloatingPoint {
        let rows = Self.buckets(values.lazy.map { Double($0) }.filter(\.isFinite), count: buckets)
        try write(tag: tag, tensor: .doubles(rows.flatMap { [$0.left, $0.right, $0.count] }, shape: [rows.count, 3]), plugin: "histograms", step: step)
    }

    /// Appends a histogram of every element of `tensor` (see ``histogram(_:values:step:buckets:)``).
    public func histogram(_ tag: String, _ tensor: Tensor, step: Int, buckets: Int = 30) throws {
        try histogram(tag, values: tensor.scalars, step: step, buckets: buckets)
    }

    /// TensorBoard's `_buckets` (histogram/summary_v2.py): `count` equal-width buckets from the smallest
    /// to the largest value, the last one closed; no data gives `count` empty buckets and a single
    /// distinct value gives `count` zero-width buckets at it with every value in the last.
    static func buckets<Values: Sequence>(_ values: Values, count: Int) -> [(left: Double, right: Double, count: Double)]
    where Values.Element == Double {
        let count = Swift.max(count, 0)
        let data = Array(values)
        guard let low = data.min(), let high = data.max(), count > 0 else {
            return Array(repeating: (0, 0, 0), count: count)
        }
        let range = high - low
        if range == 0 {
            return (0..<count).map { (high, high, $0 == count - 1 ? Double(data.count) : 0) }
        }
        let width = range / Double(count)
        var counts = [Double](repeating: 0, count: count)
        for value in data {
            let index = Swift.min(Int(((value - low) / width).rounded(.down)), count - 1)
            counts[index] += 1
        }
        let edges = (0...count).map { $0 == count ? high : low + Double($0) * width }
        return (0..<count).map { (edges[$0], edges[$0 + 1], counts[$0]) }
    }
}
