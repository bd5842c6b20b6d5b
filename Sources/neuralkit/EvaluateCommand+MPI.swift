import Datasets
import Foundation
import Models
import Training

extension EvaluateCommand {
    /// Under `mpirun`, a model with one input evaluated on a whole CSV file (`--csv FILE --target
    /// COLUMN`, no split, scale or input columns): each rank reads only its part of the file's bytes
    /// (``CSVShardSource``) and the metrics' sums and counts are added over the ranks. Nil when this is
    /// not such a run (then every rank evaluates all the data, as one process does).
    func evaluateInPlace(_ model: Model) throws -> (metrics: Logs, description: String, samples: Int, chief: Bool)? {
        guard Communicator.launchedByMPI, let path = data.csv, path != "-", let target = data.target, data.inputColumns.isEmpty,
            data.scale == nil, data.split ?? .all == .all, model.inputNames.count == 1, model.outputNames.count == 1
        else { return nil }
        let parallel: DataParallel
        do {
            guard let world = try DataParallel.world() else { return nil }
            parallel = world
        } catch { throw CommandError("\(error)") }
        let description = model.dataDescription
        let features = description.flatMap { $0.featureNames.isEmpty ? nil : $0.featureNames }
        let classes = description.flatMap { $0.classNames.isEmpty ? nil : $0.classNames }
        let source: CSVShardSource
        do {
            source = try CSVShardSource(
                path: path, group: parallel.communicator, target: target, features: features, classification: classes.map { _ in true },
                classNames: classes)
        } catch { parallel.communicator.abort("Error: --csv: \(error)") }
        let metrics: Logs
        do { metrics = try model.evaluate(source: source, batchSize: compute.batchSize, distribution: .dataParallel(parallel)) } catch {
            parallel.communicator.abort("Error: \(error)")
        }
        let text = "\(path), all rows, \(source.globalSampleCount) samples, read in place by \(parallel.size) MPI ranks"
        return (metrics, text, source.globalSampleCount, parallel.isChief)
    }
}
