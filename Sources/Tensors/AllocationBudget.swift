import Foundation
import Synchronization

/// A bound on the elements that creating tensors (zeros, ones, random initial weights) may ask for in
/// all, set while NeuralKit builds a model described by a file: a hostile or corrupt config
/// (`"units": 1000000000000`) is then an error, not an out-of-memory crash. Outside such a scope
/// only negative and overflowing sizes are errors.
public final class AllocationBudget: Sendable {
    @TaskLocal public static var current: AllocationBudget?

    private let remaining: Mutex<Int>
    /// What the budget allows, and why, for error messages.
    public let limit: Int
    public let reason: String

    public init(elements: Int, reason: String) {
        self.limit = elements
        self.reason = reason
        self.remaining = Mutex(elements)
    }

    /// The element count of `shape`, after checking that it is a sane size and that the current budget
    /// (if any) allows it.
    public static func reserve(_ shape: Shape, _ operation: String) throws -> Int {
        var count = 1
        for dimension in shape.dimensions {
            guard dimension >= 0 else { throw TensorError.invalidArgument(operation: operation, reason: "shape \(shape) has a negative size") }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw TensorError.invalidArgument(operation: operation, reason: "shape \(shape) holds more elements than memory can") }
            count = product
        }
        if let budget = current {
            try budget.remaining.withLock { remaining in
                guard count <= remaining else {
                    throw TensorError.invalidArgument(
                        operation: operation,
                        reason: "a tensor of shape \(shape) would exceed the \(budget.limit) elements that \(budget.reason) allows")
                }
                remaining -= count
            }
        }
        // No tensor can be larger than the machine's memory: refuse before the allocation aborts the process.
        let memory = Int(clamping: ProcessInfo.processInfo.physicalMemory)
        guard count <= memory / MemoryLayout<Float>.size else {
            throw TensorError.invalidArgument(
                operation: operation,
                reason: "a tensor of shape \(shape) needs "
                    + String(format: "%.1f", Double(count) * 4 / 1e9) + " GB, more than this machine's "
                    + String(format: "%.1f", Double(memory) / 1e9) + " GB of memory")
        }
        return count
    }
}
