import ChapterModels
import Datasets
import Foundation
import Models
import Training

extension TrainCommand {
    /// Trains the chapter's classifier on IDX files read in place (``IDXFileSource``): memory holds the
    /// model and one batch, not the data set; under `mpirun` each rank reads only the byte ranges of its
    /// rows. The report gives every rank's peak memory.
    func trainStreaming(_ parallel: DataParallel?, images: String, labels: String) throws {
        let chief = parallel?.isChief ?? true
        let console = Console(dataOnStandardOutput: report == "-", quiet: quiet || !chief)
        let source: IDXFileSource
        do { source = try IDXFileSource(images: images, labels: labels) } catch { throw CommandError("--idx-images: \(error)") }
        let hidden = try setup.layers.map(FlagChecks.layerSizes) ?? [300, 100]
        let model = try ChapterModels.imageClassifier(inputShape: source.sampleShape, hidden: hidden, classes: stream.classes, seed: setup.seed)
        model.compile(loss: .sparseCategoricalCrossentropy, optimizer: try setup.makeOptimizer(0.01), metrics: [.accuracy])
        console.say(try model.summary())
        let cap = ProcessInfo.processInfo.environment["NEURALKIT_MAX_EPOCHS"].flatMap(Int.init) ?? Int.max
        let timer = EpochTimer()
        let callbacks = try callbackOptions.makeCallbacks(
            hasValidation: false, verbose: !quiet && verbose > 0 && chief, output: console.progress, writesFiles: chief)
        let history: History
        do {
            history = try model.fit(
                source: source, batchSize: compute.batchSize, epochs: Swift.min(epochs ?? 1, cap),
                verbose: quiet ? .silent : Verbosity(rawValue: verbose) ?? .progressBar, callbacks: [timer] + callbacks,
                output: console.progress, distribution: parallel.map { .dataParallel($0) })
        } catch let error as DataParallelMismatch {
            throw error
        } catch { throw CommandError(error) }
        var memory = [Double(peakMemoryBytes())]
        var identical: Bool?
        if let parallel {
            do {
                identical = try parallel.weightsAgree(model)
                var perRank = [Double](repeating: 0, count: parallel.size)
                perRank[parallel.rank] = memory[0]
                try parallel.communicator.allreduceSum(&perRank)
                memory = perRank
            } catch { throw CommandError(error) }
            console.say("Trained on \(parallel.size) MPI ranks; weights identical on every rank: \(identical == true ? "yes" : "NO")")
        }
        guard chief else { return }
        if let save {
            do { try model.save(to: save) } catch { throw CommandError("\(error)") }
            console.say("Saved the model to \(save)")
        }
        if let report {
            let document: [String: Any] = [
                "example": "idx:" + images, "history": history.history.mapValues { $0.map(Double.init) }, "epochs": history.epoch.map { $0 + 1 },
                "epoch_seconds": timer.seconds, "peak_memory_bytes": Int(memory[0]), "peak_memory_bytes_per_rank": memory.map(Int.init),
                "parameters": model.parameterCount, "ranks": parallel?.size ?? 1, "weights_identical_on_all_ranks": identical ?? NSNull(),
                "planned_step": model.lastStepWasPlanned,
            ]
            try Console.writeJSON(document, to: report, what: "the report")
        }
    }
}
