import Foundation
import Serialization
import Tensors
import Training

extension Model {
    /// What every rank of a data-parallel `fit` must agree on, by name: the model, its loss and
    /// optimizer, the data's size, shapes and a checksum of its first and last samples (of all the rows
    /// for data every rank holds; a ``ShardedDataSource``'s global count, each rank's rows being its
    /// own), and the loop's settings. Rank 0's is compared with every other rank's before training.
    func dataParallelFingerprint(source: any DataSource, validation: (any DataSource)?, batchSize: Int, epochs: Int, shuffle: Bool) throws -> [String: String] {
        let sharded = source is any ShardedDataSource
        let count = Self.globalCount(source), localCount = source.sampleCount
        let ends = try source.batch(at: localCount > 1 ? [0, localCount - 1] : [0])
        var checksum: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a over the values' bits
        for tensor in ends.inputs + ends.targets + (ends.sampleWeight.map { [$0] } ?? []) where !sharded {
            for value in tensor.scalars {
                checksum = (checksum ^ UInt64(value.bitPattern)) &* 0x100_0000_01b3
            }
        }
        let shapes = (ends.inputs + ends.targets).map { "\(Array($0.shape.dimensions.dropFirst()))" }.joined(separator: " ")
        return [
            "model architecture": (try? modelConfig().jsonString()) ?? weights.map { "\($0.name) \($0.shape)" }.joined(separator: ", "),
            "weights": weights.map { "\($0.name) \($0.shape)" }.joined(separator: ", "),
            "loss": losses.map(\.name).joined(separator: ", ") + " weighted " + lossWeights.map { "\($0)" }.joined(separator: ", "),
            // A closure's learning rate has no config; the rest of the optimizer is still compared.
            "optimizer": optimizer.map { o in (try? JSONValue.object(o.kerasConfig()).jsonString()) ?? "\(o.kerasClassName) with a closure learning rate" }
                ?? "none",
            "training samples": "\(count)",
            "validation samples": validation.map { "\(Self.globalCount($0))" } ?? "none",
            "sample shapes": shapes,
            "data checksum (first and last samples)": sharded ? "each rank's own rows" : String(checksum, radix: 16),
            "batch size": "\(batchSize)", "epochs": "\(epochs)", "shuffle": "\(shuffle)",
        ]
    }

    /// Throws on every rank, with the same message, when some rank's fingerprint differs from rank 0's.
    func checkSameConfiguration(_ fingerprint: [String: String], on communicator: Communicator) throws {
        let chiefText = try communicator.broadcast(JSONValue.object(fingerprint.mapValues { .string($0) }).jsonString())
        var differences: [String] = []
        if let data = chiefText.data(using: .utf8), let chief = try? JSONSerialization.jsonObject(with: data) as? [String: String] {
            for key in Set(chief.keys).union(fingerprint.keys).sorted() where chief[key] != fingerprint[key] {
                differences.append(
                    "\(key): \(Self.shorten(chief[key] ?? "none")) on rank 0, \(Self.shorten(fingerprint[key] ?? "none")) on rank \(communicator.rank)")
            }
        } else {
            differences.append("rank 0's configuration could not be read")
        }
        var flags = [Double](repeating: 0, count: communicator.size)
        if !differences.isEmpty { flags[communicator.rank] = 1 }
        try communicator.allreduceSum(&flags)
        guard let first = flags.firstIndex(where: { $0 > 0 }) else { return }
        let mismatched = flags.enumerated().filter { $0.element > 0 }.map { "\($0.offset)" }
        let message = try communicator.broadcast(differences.joined(separator: "; "), from: first)
        throw DataParallelMismatch(
            description: "the ranks of this MPI job were not given the same training: rank(s) \(mismatched.joined(separator: ", ")) differ from rank 0 "
                + "(\(message)); start every rank with the same data, model and options")
    }

    /// The rows of every rank together for a sharded source, else the source's.
    static func globalCount(_ source: any DataSource) -> Int { (source as? any ShardedDataSource)?.globalSampleCount ?? source.sampleCount }

    private static func shorten(_ text: String) -> String { text.count > 120 ? String(text.prefix(117)) + "..." : text }

    /// Copies rank 0's training state to every rank (Horovod's `broadcast_variables` and
    /// `broadcast_optimizer_state`): weights, optimizer slots, moving averages, step count, learning rate,
    /// random streams, and where training starts (a backup rank 0 restored).
    func broadcastTrainingState(from communicator: Communicator) throws {
        let trainable = trainableWeights
        let optimizer = self.optimizer
        let hasSlots = optimizer.map { opt in !trainable.isEmpty && trainable.allSatisfy { opt.slotValues(of: $0) != nil } } ?? false
        let hasAverages = optimizer.map { opt in opt.useEMA && !trainable.isEmpty && trainable.allSatisfy { opt.average(of: $0) != nil } } ?? false
        var header: [String: JSONValue] = [
            "iterations": .number(Double(optimizer?.iterations ?? 0)), "slots": .bool(hasSlots), "averages": .bool(hasAverages),
            "start": .number(Double(resumeEpoch ?? -1)), "stop": .bool(stopTraining),
            "random": .array(randomStates().map { .array($0.map { .string(String($0)) }) }),
            "extras": .array((optimizer?.extraVariables ?? []).map { .number(Double($0.bitPattern)) }),
        ]
        if let optimizer, case .constant(let rate) = optimizer.learningRate { header["rate"] = .number(Double(rate.bitPattern)) }
        let text = try communicator.broadcast(JSONValue.object(header).jsonString())
        guard let data = text.data(using: .utf8), let chief = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let iterations = chief["iterations"] as? Int, let slots = chief["slots"] as? Bool, let averages = chief["averages"] as? Bool,
            let start = chief["start"] as? Int, let stop = chief["stop"] as? Bool, let random = chief["random"] as? [[String]],
            let extras = chief["extras"] as? [UInt32]
        else { throw ModelError.invalidArgument("rank 0's training state could not be read on rank \(communicator.rank)") }

        var values = getWeights().flatMap(\.scalars)
        if let optimizer {
            for parameter in trainable where slots {
                for slot in optimizer.slotNames { values += optimizer.slotValues(of: parameter)?[slot] ?? [] }
            }
            for parameter in trainable where averages { values += optimizer.average(of: parameter) ?? [] }
        }
        try communicator.broadcast(&values)
        var offset = 0
        func take(_ count: Int) -> [Float] {
            defer { offset += count }
            return Array(values[offset..<(offset + count)])
        }
        try setWeights(try getWeights().map { try Tensor(take($0.elementCount), shape: $0.shape) })
        if let optimizer {
            if slots {
                for parameter in trainable {
                    let size = parameter.shape.elementCount
                    try optimizer.setSlotValues(optimizer.slotNames.map { _ in take(size) }, of: parameter, iterations: iterations)
                }
            }
            if averages { for parameter in trainable { try optimizer.setAverage(take(parameter.shape.elementCount), of: parameter) } }
            if extras.count == optimizer.extraVariables.count { optimizer.extraVariables = extras.map { Float(bitPattern: $0) } }
            if let bits = chief["rate"] as? UInt32 { try optimizer.setLearningRate(Float(bitPattern: bits)) }
        }
        try setRandomStates(random.map { $0.compactMap(UInt64.init) })
        resumeEpoch = start >= 0 ? start : nil
        stopTraining = stop
    }
}

extension Model {
    /// Checks, on every rank together, that a data-parallel `fit` can start: the same configuration
    /// everywhere (else every rank throws the same error naming what differs), the eager train step, and
    /// a global batch with a row for every rank.
    func checkDataParallel(
        _ parallel: DataParallel, source: any DataSource, validation: (any DataSource)?, batchSize: Int, epochs: Int, shuffle: Bool
    ) throws {
        let fingerprint = try dataParallelFingerprint(source: source, validation: validation, batchSize: batchSize, epochs: epochs, shuffle: shuffle)
        try checkSameConfiguration(fingerprint, on: parallel.communicator)
        guard trainStep is EagerTrainStep else {
            throw ModelError.invalidArgument("data-parallel training computes its own step; it cannot use the custom trainStep \(type(of: trainStep))")
        }
        guard batchSize >= parallel.size, Self.globalCount(source) >= parallel.size else {
            throw ModelError.invalidArgument(
                "data-parallel training over \(parallel.size) ranks needs a global batch (batchSize \(batchSize)) and data (\(Self.globalCount(source)) samples) "
                    + "of at least one row per rank; use a larger batch or fewer ranks")
        }
    }
}
