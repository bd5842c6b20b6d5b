// The chapter's workloads, timed in a release build, printed as JSON lines in the format of
// ../shared/bench/peers.py so that Benchmarks/compare-peers.sh can put them side by side.
//
//   swift run -c release chapter-benchmarks --wl A|B|C|C-int8|C-parts|callbacks|sweep [--threads 1|2] [--reps N]
//   … --wl A --allocations: also what two more epochs allocate per step (SGD silent; Adam with progress and History)
//   … --wl C|C-int8 [--plan off]     (predict by the model's call, layer by layer, instead of its inference plan)
//   … --wl sweep [--widths 300,1000,3000] [--batches 32,64,128,256,1024] [--gflop 40]
//   chapter-benchmarks --sweep-figure sweep.csv figure.png     (SweepFigure.swift)
//
// A: Fashion-MNIST 784-300-100-10, sparse CE, SGD 0.01, batch 32, one epoch of 55,000 samples (--dense: the first
//    layer on BLAS's products too; --avx2: its zero-skipping kernels in their AVX2 version; --eager: the eager step;
//    --fixed-threads: with --threads 2, every step on two threads, without ThreadChoice's probes).
// B: California housing 8-30-1, MSE, SGD 1e-3, batch 32, one epoch of 11,610 samples.
// C: inference with model A on 1 sample and on 10,000 samples (C-int8: after model.quantize(.int8)).
// callbacks: what each callback adds to an epoch of A, and the time to checkpoint A (CallbackCosts.swift).
// sweep: an epoch of A at each batch size × hidden width, 784-W-W/3-10, timed on a part of it (Sweep.swift).
import CAllocationCounter
import Datasets
import Foundation
import Layers
import Models
import Tensors
import Training

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--sweep-figure" {
    guard arguments.count == 3 else {
        FileHandle.standardError.write(Data("usage: chapter-benchmarks --sweep-figure SWEEP.csv FIGURE.png\n".utf8))
        exit(2)
    }
    do { try drawSweepFigure(csv: arguments[1], to: arguments[2]) } catch {
        FileHandle.standardError.write(Data("chapter-benchmarks: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
}
func option(_ name: String, _ fallback: String) -> String {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return fallback }
    return arguments[i + 1]
}
/// The value of a whole-number option in `range`, or a message that names it and exit code 2.
func count(_ name: String, _ fallback: String, in range: ClosedRange<Int>) -> Int {
    let text = option(name, fallback)
    guard let value = Int(text), range.contains(value) else {
        FileHandle.standardError.write(Data("\(name) \(text): give a whole number from \(range.lowerBound) to \(range.upperBound)\n".utf8))
        exit(2)
    }
    return value
}
let workload = option("--wl", "A")
let threads = count("--threads", "1", in: 1...2)
let reps = count("--reps", "5", in: 1...1000)
let plan = option("--plan", "on")
guard plan == "on" || plan == "off" else {
    FileHandle.standardError.write(Data("--plan \(plan): give on or off\n".utf8))
    exit(2)
}
let plansPredictions = plan == "on"
try BLAS.setThreads(threads)

@MainActor func emit(_ variant: String, _ times: [Double], _ extra: [String: Any] = [:]) {
    var record: [String: Any] = [
        "fw": "neuralkit", "wl": workload, "threads": threads, "variant": variant,
        "median": times.sorted()[times.count / 2], "runs": times.count,
        "times": times.count > 20 ? [] : times.map { ($0 * 1e6).rounded() / 1e6 },
    ]
    record.merge(extra) { $1 }
    record["blas"] = BLAS.configuration.core
    print(String(decoding: try! JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]), as: UTF8.self))
}

func timed(_ count: Int, _ body: () throws -> Void) rethrows -> [Double] {
    try (0..<count).map { _ in
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}

func peakMemory() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024
}

/// Resident and peak resident memory from /proc/self/status (VmRSS, VmHWM), in bytes.
func residentMemory() -> (current: Int, peak: Int) {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
    func field(_ name: String) -> Int {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first { Int($0) != nil } ?? "0") ?? 0) * 1024
    }
    return (field("VmRSS"), field("VmHWM"))
}

/// Resets the kernel's peak-RSS mark, so that the next reading is the peak of what follows.
func resetPeakMemory() {
    try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
}

func chapterClassifier() throws -> Sequential {
    let model = try Sequential([
        Flatten(inputShape: [28, 28]),
        Dense(units: 300, activation: .relu),
        Dense(units: 100, activation: .relu),
        Dense(units: 10, activation: .softmax),
    ])
    model.compile(loss: .sparseCategoricalCrossentropy, optimizer: SGD(learningRate: 0.01), metrics: [.accuracy])
    model.runEagerly = arguments.contains("--eager")  // the eager autodiff step instead of the planned one
    model.plannedStep.sparseInputs = !arguments.contains("--dense")  // BLAS's products for the first layer too
    if arguments.contains("--avx2") { model.plannedStep.sparseInstructionSet = .avx2 }  // the AVX2 sparse kernels on an AVX-512 core
    model.plannedStep.choosesThreads = !arguments.contains("--fixed-threads")  // two threads every step, even when one is faster
    return model
}

func fashionMNIST() throws -> (x: Tensor, y: Tensor) {
    let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/data/fashion_mnist").standardized.path
    let data = FileManager.default.fileExists(atPath: shared) ? try FashionMNIST.load(directory: shared) : try FashionMNIST.load()
    return (try data.xTrain.slice(5000..<60000) / 255, try data.yTrain.slice(5000..<60000))
}

switch workload {
case "A":
    let (x, y) = try fashionMNIST()
    let model = try chapterClassifier()
    try model.build(inputShape: [28, 28])
    resetPeakMemory()
    let before = residentMemory().current
    let first = try timed(1) { try model.fit(x, y, batchSize: 32, epochs: 1, verbose: .silent) }[0]
    let times = try timed(reps) { try model.fit(x, y, batchSize: 32, epochs: 1, verbose: .silent) }
    let during = residentMemory().peak
    // Heap allocations of one more epoch, per step (the step itself, and the whole loop around it).
    let batch = Batch(inputs: [try x.slice(0..<32)], targets: [try y.slice(0..<32)])
    let optimizer = model.optimizer!
    nk_allocation_counting(1)
    var mark = (nk_allocation_count(), nk_large_allocation_count())
    for _ in 0..<100 { _ = try (model.runEagerly ? EagerTrainStep() : model.plannedStep as any TrainStep).train(model, on: batch, optimizer: optimizer) }
    let stepAllocations = Double(nk_allocation_count() - mark.0) / 100, stepLarge = Double(nk_large_allocation_count() - mark.1) / 100
    mark = (nk_allocation_count(), nk_large_allocation_count())
    try model.fit(x, y, batchSize: 32, epochs: 1, verbose: .silent)
    let loopAllocations = Double(nk_allocation_count() - mark.0) / 1719, loopLarge = Double(nk_large_allocation_count() - mark.1) / 1719
    nk_allocation_counting(0)
    // With --allocations: what two more epochs allocate per step (per-call costs cancel), with SGD silent, and with
    // Adam, the progress bar into a pipe and a History callback (issue 16 item 5: nothing per step).
    var extra: [String: Any] = [:]
    if arguments.contains("--allocations") {
        let adam = try chapterClassifier()
        adam.compile(loss: .sparseCategoricalCrossentropy, optimizer: Adam(), metrics: [.accuracy])
        let pipe = OutputSink(isTerminal: false) { _ in }
        for (key, trained, verbose) in [("sgd_silent", model, Verbosity.silent), ("adam_progress_history", adam, .progressBar)] {
            func fit(_ epochs: Int) throws { try trained.fit(x, y, batchSize: 32, epochs: epochs, verbose: verbose, callbacks: [History()], output: pipe) }
            try fit(1)
            nk_allocation_counting(1)
            let start = nk_allocation_count()
            try fit(1)
            let one = nk_allocation_count() - start
            try fit(3)
            let three = nk_allocation_count() - start - one
            nk_allocation_counting(0)
            extra["extra_epoch_allocations_per_step_" + key] = Double(three - one) / (2 * 1719)
        }
    }
    emit(
        "fit-epoch", times,
        [
            "first_epoch": first, "n": x.shape[0], "process_peak_memory_bytes": peakMemory(),
            "dataset_bytes": x.elementCount * 4 + y.elementCount * 4, "resident_before_training": before,
            "peak_resident_while_training": during, "training_overhead_bytes": during - before,
            "model_bytes": model.parameterCount * 4,
            "planned": model.plannedStep.lastObstacle == nil, "skipped_zeros": model.plannedStep.lastStepSkippedZeros, "step_allocations": stepAllocations,
            "step_large_allocations": stepLarge,
            "loop_allocations_per_step": loopAllocations, "loop_large_allocations_per_step": loopLarge,
            "split_regions": model.plannedStep.splitProducts.regions, "second_thread_parts": model.plannedStep.splitProducts.onSecondThread,
            "thread_choice_changes": model.plannedStep.threadChoice?.changes ?? 0, "ends_on_two_threads": model.plannedStep.threadChoice?.twoThreads ?? false,
        ].merging(extra) { $1 })
case "B":
    let housing = try CaliforniaHousing.load()
    let split = try trainTestSplit(housing.features, housing.target, scikitLearnRandomState: 42)
    let inner = try trainTestSplit(split.xTrain, split.yTrain, scikitLearnRandomState: 42)
    var scaler = StandardScaler()
    let scaled = try scaler.fitTransform(inner.xTrain)
    let x = try Tensor(scaled.flatMap { $0.map(Float.init) }, shape: [scaled.count, 8])
    let y = Tensor(inner.yTrain.map(Float.init))
    let model = try Sequential([Dense(units: 30, activation: .relu, inputShape: [8]), Dense(units: 1)])
    model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 1e-3))
    let first = try timed(1) { try model.fit(x, y, epochs: 1, verbose: .silent) }[0]
    emit("fit-epoch", try timed(reps) { try model.fit(x, y, epochs: 1, verbose: .silent) }, ["first_epoch": first, "n": x.shape[0]])
case "C":
    let (x, _) = try fashionMNIST()
    let model = try chapterClassifier()
    try model.build(inputShape: [28, 28])
    model.plansPredictions = plansPredictions
    let one = try x.slice(0..<1), many = try x.slice(0..<10_000)
    _ = try model.predict(one)
    emit("predict-1", try timed(2000) { _ = try model.predict(one) })
    emit("predict-10k(batch_size=32 Keras default)", try timed(7) { _ = try model.predict(many, batchSize: 32) })
    emit("predict-10k(batch_size=1024 default)", try timed(15) { _ = try model.predict(many) })
    emit("predict-10k(batch_size=10000)", try timed(15) { _ = try model.predict(many, batchSize: 10_000) })
case "C-int8":
    // The same inference after model.quantize(.int8): int8 kernels with exact integer products.
    let (x, _) = try fashionMNIST()
    let model = try chapterClassifier()
    try model.build(inputShape: [28, 28])
    try model.quantize(.int8)
    model.plansPredictions = plansPredictions
    let one = try x.slice(0..<1), many = try x.slice(0..<10_000)
    _ = try model.predict(one)
    emit("predict-1 int8", try timed(3000) { _ = try model.predict(one) })
    emit("call-1 int8", try timed(3000) { _ = try GradientMode.withoutRecording { try model.call(one, training: false) } })
    var input = one
    for layer in model.layers {
        let current = input
        emit("int8: layer \(layer.name)", try timed(3000) { _ = try GradientMode.withoutRecording { try layer.call(current, training: false) } })
        input = try layer.call(current, training: false)
    }
    emit("predict-10k int8 (batch_size=10000)", try timed(7) { _ = try model.predict(many, batchSize: 10_000) })
    emit("predict-10k int8 (batch_size=1024 default)", try timed(7) { _ = try model.predict(many) })
case "C-parts":
    // Where predicting one sample spends its time: the whole call, each layer, the first product alone.
    let (x, _) = try fashionMNIST()
    let model = try chapterClassifier()
    try model.build(inputShape: [28, 28])
    let one = try x.slice(0..<1)
    emit("predict-1", try timed(3000) { _ = try model.predict(one) })
    emit("call-1", try timed(3000) { _ = try GradientMode.withoutRecording { try model.call(one, training: false) } })
    var input = one
    for layer in model.layers {
        let current = input
        emit("layer \(layer.name)", try timed(3000) { _ = try GradientMode.withoutRecording { try layer.call(current, training: false) } })
        input = try layer.call(current, training: false)
    }
    let flat = try one.reshaped(to: [1, 784]), kernel = (model.layers[1] as! Dense).kernel!.value
    emit("matmul 1x784 · 784x300", try timed(3000) { _ = try flat.matmul(kernel) })
    var batch = try x.slice(0..<10_000)
    emit("predict-10k one batch", try timed(5) { _ = try model.predict(batch, batchSize: 10_000) })
    for layer in model.layers {
        let current = batch
        emit("10k: layer \(layer.name)", try timed(5) { _ = try GradientMode.withoutRecording { try layer.call(current, training: false) } })
        batch = try layer.call(current, training: false)
    }
    let dense = try Tensor.ones([1, 784])
    emit("matmul, no zeros", try timed(3000) { _ = try dense.matmul(kernel) })
    let small = try Tensor.ones([1, 300]), kernel2 = (model.layers[2] as! Dense).kernel!.value
    emit("matmul 1x300 · 300x100, no zeros", try timed(3000) { _ = try small.matmul(kernel2) })
case "callbacks":
    try callbackCosts(reps: reps)
case "sweep":
    func numbers(_ name: String, _ fallback: String) -> [Int] {
        let text = option(name, fallback)
        let values = text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.count == text.split(separator: ",").count, values.allSatisfy({ $0 >= 3 }) else {
            FileHandle.standardError.write(Data("\(name) \(text): give whole numbers of at least 3, comma-separated\n".utf8))
            exit(2)
        }
        return values
    }
    guard let budget = Double(option("--gflop", "40")), budget > 0 else {
        FileHandle.standardError.write(Data("--gflop \(option("--gflop", "")): give the GFLOP to time per configuration, above 0\n".utf8))
        exit(2)
    }
    try sweep(
        widths: numbers("--widths", "300,1000,3000"), batches: numbers("--batches", "32,64,128,256,1024"), budget: budget * 1e9,
        reps: reps)
default:
    FileHandle.standardError.write(Data("unknown workload \(workload); use A, B, C, C-int8, C-parts, callbacks or sweep\n".utf8))
    exit(2)
}
