// Workload "sweep": how the cost of an epoch of workload A grows with the batch size and the width of the
// hidden layers (issue 16). The model is the chapter's 784-300-100-10 scaled: 784-W-W/3-10, ReLU, softmax,
// sparse categorical cross-entropy, SGD 0.01. Each configuration trains on the first `samples` rows of
// Fashion-MNIST's 55,000 (a whole number of steps, enough for about `budget` FLOPs, at least 3 steps), after
// one untimed warm-up fit of the same size; the epoch time is that time scaled to 55,000 samples.
// Benchmarks/sweep_peers.py runs the same configurations in the peers and in NumPy's products alone.
import Foundation
import Layers
import Models
import Tensors
import Training

/// The sweep's shared arithmetic, the same as sweep_peers.py's: the layer sizes and the FLOPs of one sample.
enum SweepShape {
    static let epochSamples = 55_000

    static func sizes(width: Int) -> [Int] { [784, width, width / 3, 10] }

    /// Forward products of every layer, weight-gradient products of every layer, input-gradient products of
    /// every layer but the first: 2·m·n·k each, per sample.
    static func flopsPerSample(width: Int) -> Double {
        let s = sizes(width: width)
        var flops = 0.0
        for layer in 0..<(s.count - 1) {
            let product = 2.0 * Double(s[layer] * s[layer + 1])
            flops += layer == 0 ? 2 * product : 3 * product
        }
        return flops
    }

    /// Samples to time: a whole number of batches, about `budget` FLOPs, at least 3 batches, at most an epoch.
    static func samples(width: Int, batch: Int, budget: Double) -> Int {
        let wanted = Int(budget / flopsPerSample(width: width))
        let batches = max(3, min(epochSamples / batch, wanted / batch))
        return batches * batch
    }
}

@MainActor func sweep(widths: [Int], batches: [Int], budget: Double, reps: Int) throws {
    let (x, y) = try fashionMNIST()
    for width in widths {
        for batch in batches {
            let samples = SweepShape.samples(width: width, batch: batch, budget: budget)
            let xs = try x.slice(0..<samples), ys = try y.slice(0..<samples)
            let sizes = SweepShape.sizes(width: width)
            let model = try Sequential([
                Flatten(inputShape: [28, 28]),
                Dense(units: sizes[1], activation: .relu),
                Dense(units: sizes[2], activation: .relu),
                Dense(units: 10, activation: .softmax),
            ])
            model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: 0.01))
            try model.build(inputShape: [28, 28])
            _ = try model.fit(xs, ys, batchSize: batch, epochs: 1, verbose: .silent)  // warm-up
            let times = try timed(reps) { _ = try model.fit(xs, ys, batchSize: batch, epochs: 1, verbose: .silent) }
            let scale = Double(SweepShape.epochSamples) / Double(samples)
            let median = times.sorted()[times.count / 2]
            emit(
                "sweep-epoch", times.map { $0 * scale },
                [
                    "width": width, "batch": batch, "layers": sizes, "samples_timed": samples,
                    "gflops_per_s": SweepShape.flopsPerSample(width: width) * Double(samples) / median / 1e9,
                ])
        }
    }
}
