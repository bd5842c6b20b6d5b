// Matrix-product and elementwise throughput of NeuralKit's tensors (run in a release build).
//
//   swift run -c release neuralkit-benchmarks [--json] [--quick] [--filter TEXT]
//
// `Benchmarks/compare.sh` runs this beside NumPy (`numpy_bench.py`) and prints the ratios.
import Foundation
import Tensors

let arguments = CommandLine.arguments.dropFirst()
let json = arguments.contains("--json")
let quick = arguments.contains("--quick")
/// `--filter TEXT` runs only the workloads whose name contains TEXT.
let filter = arguments.firstIndex(of: "--filter").flatMap { arguments.index(after: $0) < arguments.endIndex ? arguments[arguments.index(after: $0)] : nil }
func selected(_ name: String) -> Bool { filter.map { name.contains($0) } ?? true }

/// The median seconds per call, over several samples of enough calls to last `minimum` seconds.
func measure(minimum: Double = quick ? 0.05 : 0.25, samples: Int = quick ? 3 : 5, _ body: () throws -> Void) rethrows -> Double {
    try body()
    var calls = 1
    let clock = ContinuousClock()
    while true {
        let elapsed = try clock.measure { for _ in 0..<calls { try body() } }
        if elapsed.seconds >= minimum / 4 || calls > 1 << 20 { break }
        calls *= 2
    }
    var times: [Double] = []
    for _ in 0..<samples {
        var total = 0.0, count = 0
        while total < minimum {
            total += try clock.measure { for _ in 0..<calls { try body() } }.seconds
            count += calls
        }
        times.append(total / Double(count))
    }
    return times.sorted()[times.count / 2]
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

struct Row: Codable {
    var name: String
    var threads: Int
    var value: Double
    var unit: String
}

@MainActor func report(_ row: Row) {
    if json {
        let data = try! JSONEncoder().encode(row)
        print(String(decoding: data, as: UTF8.self))
    } else {
        print("\(row.name.padding(toLength: 44, withPad: " ", startingAt: 0)) \(row.threads) thread(s)  \(String(format: "%8.1f", row.value)) \(row.unit)")
    }
}

var generator = RandomGenerator(seed: 42)
@MainActor func random(_ rows: Int, _ columns: Int) -> Tensor { try! .uniform([rows, columns], low: -1, high: 1, using: &generator) }

// (name, m, k, n, transposeA, transposeB): the chapter's 784-300-100-10 network at batch 32, its
// backward products (kernel gradient xᵀ·g and input gradient g·Wᵀ), and square matrices.
var products: [(String, Int, Int, Int, Bool, Bool)] = []
for (fanIn, units) in [(784, 300), (300, 100), (100, 10)] {
    products.append(("forward 32x\(fanIn) . \(fanIn)x\(units)", 32, fanIn, units, false, false))
    products.append(("kernel grad (32x\(fanIn))T . 32x\(units)", fanIn, 32, units, true, false))
    products.append(("input grad 32x\(units) . (\(fanIn)x\(units))T", 32, units, fanIn, false, true))
}
for n in quick ? [512, 1024] : [512, 1024, 2048] { products.append(("square \(n)", n, n, n, false, false)) }

if !json { print(BLAS.configuration) }
for threads in [1, 2] {
    try BLAS.setThreads(threads)
    for (name, m, k, n, ta, tb) in products where selected("matmul " + name) {
        let a = ta ? random(k, m) : random(m, k)
        let b = tb ? random(n, k) : random(k, n)
        let seconds = try measure { _ = try a.matmul(b, transposeSelf: ta, transposeOther: tb) }
        report(Row(name: "matmul " + name, threads: threads, value: 2 * Double(m * n * k) / seconds / 1e9, unit: "GFLOP/s"))
    }
}
try BLAS.setThreads(1)

let count = 1 << 20
let x = try Tensor.uniform([1024, 1024], low: -1, high: 1, using: &generator)
let y = try Tensor.uniform([1024, 1024], low: -1, high: 1, using: &generator)
let bias = try Tensor.uniform([1024], using: &generator)
let elementwise: [(String, () throws -> Void)] = [
    ("add 1024x1024 + 1024x1024", { _ = try x + y }),
    ("add 1024x1024 + bias 1024", { _ = try x + bias }),
    ("multiply 1024x1024", { _ = try x * y }),
    ("exp 1024x1024", { _ = x.exp() }),
    ("relu 1024x1024", { _ = x.relu() }),
    ("sum over axis 0, 1024x1024", { _ = try x.sum(alongAxes: [0]) }),
    ("softmax rows, 1024x1024", { _ = try x.softmax() }),
]
for (name, body) in elementwise where selected(name) {
    let seconds = try measure(body)
    report(Row(name: name, threads: 1, value: Double(count) / seconds / 1e6, unit: "Melem/s"))
}
if json {
    let configuration = BLAS.configuration
    print(#"{"blas_core": "\#(configuration.core)", "blas_choice": "\#(configuration.coreChoice)"}"#)
}
