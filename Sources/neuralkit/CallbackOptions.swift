import ArgumentParser
import Foundation
import Models
import TensorBoardModule

/// The callbacks of `neuralkit train`: checkpoints, early stopping, learning-rate reduction, TensorBoard
/// logs, a CSV log and crash-safe backups, each one option.
struct CallbackOptions: ParsableArguments {
    @Option(
        help:
            "Save the model to PATH (.keras, or .weights.h5 for weights only) after every epoch; PATH may name {epoch:02d} or a logged value such as {val_loss:.4f}."
    )
    var checkpoint: String?

    @Flag(help: "With --checkpoint: save only when the monitored value improves on the best so far.")
    var saveBestOnly = false

    @Option(help: "Stop when the monitored value has not improved for PATIENCE epochs, and keep the best epoch's weights.")
    var earlyStopping: Int?

    @Option(
        help: "The logged value that --early-stopping, --save-best-only and --reduce-lr-on-plateau watch (default: val_loss with validation data, else loss).")
    var monitor: String?

    @Option(help: "Divide the learning rate by 10 when the monitored value has not improved for PATIENCE epochs.")
    var reduceLrOnPlateau: Int?

    @Option(help: "Write TensorBoard logs (Keras's layout: DIR/train, DIR/validation) for `tensorboard --logdir`.")
    var tensorboard: String?

    @Option(help: "Append each epoch's logs to FILE as CSV (Keras's CSVLogger format).")
    var csvLog: String?

    @Option(help: "Back up the whole training state to DIR after every epoch; run the same command again after a crash to resume where it stopped.")
    var backupDir: String?

    func validate() throws {
        if saveBestOnly && checkpoint == nil { throw ValidationError("--save-best-only applies to --checkpoint PATH; give one") }
        if let earlyStopping, earlyStopping < 0 { throw ValidationError("--early-stopping takes a patience of 0 epochs or more, not \(earlyStopping)") }
        if let reduceLrOnPlateau, reduceLrOnPlateau < 0 {
            throw ValidationError("--reduce-lr-on-plateau takes a patience of 0 epochs or more, not \(reduceLrOnPlateau)")
        }
        if let checkpoint {
            guard checkpoint.hasSuffix(".keras") || checkpoint.hasSuffix(".weights.h5") else {
                throw ValidationError("--checkpoint takes a path ending in .keras (the whole model) or .weights.h5 (its weights only); got \(checkpoint)")
            }
            do { _ = try ModelCheckpoint(checkpoint, saveWeightsOnly: checkpoint.hasSuffix(".weights.h5")) } catch {
                throw ValidationError("--checkpoint: \(error)")
            }
        }
        try FlagChecks.outputFile(csvLog, flag: "--csv-log", what: "the CSV log")
        if monitor != nil && checkpoint == nil && earlyStopping == nil && reduceLrOnPlateau == nil {
            Console.warn("ignoring --monitor (it applies to --early-stopping, --save-best-only and --reduce-lr-on-plateau)")
        }
    }

    /// The callbacks asked for, in Keras's usual order; `hasValidation` picks the default monitor. Without
    /// `writesFiles` (the ranks other than 0 of an MPI job) the checkpoints and logs are left out and the
    /// backup is only read.
    func makeCallbacks(hasValidation: Bool, verbose: Bool, output: OutputSink, writesFiles: Bool = true) throws -> [Callback] {
        let watched = monitor ?? (hasValidation ? "val_loss" : "loss")
        var callbacks: [Callback] = []
        do {
            if let checkpoint, writesFiles {
                callbacks.append(
                    try ModelCheckpoint(
                        checkpoint, monitor: watched, verbose: verbose && saveBestOnly, saveBestOnly: saveBestOnly,
                        saveWeightsOnly: checkpoint.hasSuffix(".weights.h5"), output: output))
            }
            if let earlyStopping {
                callbacks.append(EarlyStopping(monitor: watched, patience: earlyStopping, restoreBestWeights: true, verbose: verbose, output: output))
            }
            if let reduceLrOnPlateau {
                callbacks.append(try ReduceLROnPlateau(monitor: watched, patience: reduceLrOnPlateau, verbose: verbose, output: output))
            }
        } catch { throw CommandError("\(error)") }
        if let tensorboard, writesFiles { callbacks.append(TensorBoard(logDir: tensorboard)) }
        if let csvLog, writesFiles { callbacks.append(CSVLogger(csvLog)) }
        if let backupDir {
            let backup = BackupAndRestore(backupDir: backupDir, verbose: verbose, output: output)
            backup.writes = writesFiles
            callbacks.append(backup)
        }
        return callbacks
    }
}
