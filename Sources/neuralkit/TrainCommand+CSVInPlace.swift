import ChapterModels
import Datasets
import Foundation
import Layers
import Models
import Plotting
import Training

extension TrainCommand {
    /// Trains an MLP on a CSV file read in place (``CSVShardSource``): under `mpirun` each rank reads
    /// only its part of the file's bytes, and memory holds the model, the rank's row index and one batch.
    /// The features' mean and variance are computed over every rank's rows; `--validation-csv` is read
    /// the same way and each rank validates its part. Used under `mpirun` and for `--validation-csv`.
    func trainCSVInPlace(_ parallel: DataParallel?, path: String) throws {
        let chief = parallel?.isChief ?? true
        let console = Console(dataOnStandardOutput: report == "-", quiet: quiet || !chief)
        guard path != "-" else { throw CommandError("--csv -: standard input cannot be read in place; under mpirun or with --validation-csv give a file") }
        if validationSplit != nil {
            throw CommandError(
                "--validation-split: a CSV read in place (under mpirun, or with --validation-csv) is not split; "
                    + "give the validation rows as a file of their own with --validation-csv")
        }
        let group: any RankGroup = parallel?.communicator ?? SingleRank()
        let classification = setup.task.map { $0 == .classification }
        let source: CSVShardSource, validation: CSVShardSource?
        do { source = try CSVShardSource(path: path, group: group, target: setup.target, classification: classification) } catch {
            throw CommandError("--csv: \(error)")
        }
        do {
            validation = try stream.validationCsv.map {
                try CSVShardSource(
                    path: $0, group: group, target: setup.target, features: source.featureNames, classification: !source.classNames.isEmpty,
                    classNames: source.classNames.isEmpty ? nil : source.classNames)
            }
        } catch { throw CommandError("--validation-csv: \(error)") }
        let model = try csvModel(source, group: group)
        console.say(try model.summary())
        let cap = ProcessInfo.processInfo.environment["NEURALKIT_MAX_EPOCHS"].flatMap(Int.init) ?? Int.max
        let timer = EpochTimer()
        let callbacks = try callbackOptions.makeCallbacks(
            hasValidation: validation != nil, verbose: !quiet && verbose > 0 && chief, output: console.progress, writesFiles: chief)
        let history: History
        do {
            history = try model.fit(
                source: source, validation: validation, batchSize: compute.batchSize, epochs: Swift.min(epochs ?? 10, cap),
                verbose: quiet ? .silent : Verbosity(rawValue: verbose) ?? .progressBar, callbacks: [timer] + callbacks,
                output: console.progress, distribution: parallel.map { .dataParallel($0) })
        } catch let error as DataParallelMismatch {
            throw error
        } catch { throw CommandError(error) }
        var memory = [Double(peakMemoryBytes())], identical: Bool?, rows = [source.sampleCount]
        if let parallel {
            do {
                identical = try parallel.weightsAgree(model)
                memory = try parallel.communicator.allgather(memory).map { $0[0] }
                rows = try parallel.communicator.allgather([Double(source.sampleCount)]).map { Int($0[0]) }
            } catch { throw CommandError(error) }
            console.say("Trained on \(parallel.size) MPI ranks; weights identical on every rank: \(identical == true ? "yes" : "NO")")
        }
        if let reason = model.stopReason { console.say("Stopped: \(reason)") }
        guard chief else { return }
        if let save {
            do { try model.save(to: save) } catch { throw CommandError("\(error)") }
            console.say("Saved the model to \(save)")
        }
        if let plot, !history.epoch.isEmpty {
            do { try LearningCurves.draw([TrainingRun(name: path, history: history)], to: plot) } catch { throw CommandError("--plot: \(error)") }
            console.say("Drew the learning curves to \(plot)")
        }
        if let report {
            let document: [String: Any] = [
                "example": "csv:" + path, "history": history.history.mapValues { $0.map(Double.init) }, "epochs": history.epoch.map { $0 + 1 },
                "epoch_seconds": timer.seconds, "peak_memory_bytes": Int(memory[0]), "peak_memory_bytes_per_rank": memory.map(Int.init),
                "rows_per_rank": rows, "parameters": model.parameterCount, "ranks": parallel?.size ?? 1,
                "weights_identical_on_all_ranks": identical ?? NSNull(), "planned_step": model.lastStepWasPlanned, "stop_reason": model.stopReason ?? NSNull(),
            ]
            try Console.writeJSON(document, to: report, what: "the report")
        }
    }

    /// The `--from` model, or a table MLP whose Normalization has the mean and variance of every rank's rows.
    private func csvModel(_ source: CSVShardSource, group: any RankGroup) throws -> Model {
        let classification = !source.classNames.isEmpty
        let model: Model
        if let from = setup.from {
            model = try loadModel(from)
        } else {
            let hidden = try setup.layers.map(FlagChecks.layerSizes) ?? [30]
            let outputs = classification ? source.classNames.count : 1
            try FlagChecks.checkModelSize(layerWidths: [source.featureNames.count] + hidden + [outputs])
            let statistics = try FeatureStatistics(source, group: group)
            let normalization = Normalization(inputShape: [source.featureNames.count])
            try normalization.setStatistics(mean: statistics.mean, variance: statistics.variance, count: statistics.count)
            model = try ChapterModels.tableMLP(
                normalization: normalization, hidden: hidden, activation: try setup.activationNamed(setup.activation), outputs: outputs,
                outputActivation: try setup.activationNamed(setup.outputActivation ?? (classification ? "softmax" : "linear")), seed: setup.seed)
        }
        if setup.from == nil || model.optimizer == nil {
            let loss = try lossNamed(setup.loss ?? (classification ? "sparse_categorical_crossentropy" : "mean_squared_error"))
            let metrics = try setup.metrics.map(metricsNamed) ?? (classification ? [.accuracy] : [])
            model.compile(loss: loss, optimizer: try setup.makeOptimizer(nil), metrics: metrics)
        }
        if model.dataDescription == nil {
            model.dataDescription = DataDescription(featureNames: source.featureNames, classNames: source.classNames, targetName: setup.target)
        }
        return model
    }
}
