import Tensors

/// Keras's shape rules for metric inputs: ranks matched by one trailing axis of 1, weights broadcast.
enum MetricShapes {
    /// Keras's `squeeze_or_expand_to_same_rank`: when the ranks differ by one and the longer ends in an
    /// axis of 1, that axis is dropped, or (`expandRankOne`) a rank-1 partner gets one.
    static func sameRank(_ a: Tensor, _ b: Tensor, expandRankOne: Bool) throws -> (Tensor, Tensor) {
        var (a, b) = (a, b)
        if a.rank == b.rank + 1, a.shape.dimensions.last == 1 {
            if b.rank == 1 && expandRankOne {
                b = try b.reshaped(to: Shape(b.shape.dimensions + [1]))
            } else {
                a = try a.reshaped(to: Shape(Array(a.shape.dimensions.dropLast())))
            }
        } else if b.rank == a.rank + 1, b.shape.dimensions.last == 1 {
            if a.rank == 1 && expandRankOne {
                a = try a.reshaped(to: Shape(a.shape.dimensions + [1]))
            } else {
                b = try b.reshaped(to: Shape(Array(b.shape.dimensions.dropLast())))
            }
        }
        return (a, b)
    }

    /// `weight` broadcast to `shape` (NumPy's rules), as flat values; weights that do not broadcast are an
    /// error naming the metric and the shape the caller gave.
    static func broadcast(_ weight: Tensor, to shape: Shape, owner: String, given: Shape? = nil) throws -> [Float] {
        guard let broadcast = try? weight * Tensor.ones(shape), broadcast.shape == shape else {
            throw TrainingError.invalidArgument(
                "\(owner): sample weights of shape \(given ?? weight.shape) do not broadcast to predictions of shape \(shape); "
                    + "give one weight per sample or one per prediction")
        }
        return broadcast.scalars
    }

    /// Checks a list of thresholds: each in [0, 1], as Keras's `assert_thresholds_range`.
    static func checkThresholds(_ thresholds: [Float], argument: String = "thresholds", owner: String) throws {
        let invalid = thresholds.filter { !(0...1).contains($0) }
        guard invalid.isEmpty else {
            throw TrainingError.invalidArgument("\(owner): \(argument) must each be in [0, 1], got \(invalid)")
        }
    }

    /// Keras's `is_evenly_distributed_thresholds`: three or more thresholds equal to `i / (n − 1)`.
    static func evenlyDistributed(_ thresholds: [Float]) -> Bool {
        let n = thresholds.count
        guard n >= 3 else { return false }
        return thresholds.enumerated().allSatisfy { i, t in
            // np.allclose with atol = 1e-7 and its default rtol = 1e-5.
            Swift.abs(Double(t) - Double(Float(i) / Float(n - 1))) <= 1e-7 + 1e-5 * Swift.abs(Double(Float(i) / Float(n - 1)))
        }
    }

    /// Keras's `divide_no_nan`.
    static func divideNoNaN(_ a: Double, _ b: Double) -> Double { b == 0 ? 0 : a / b }
}
