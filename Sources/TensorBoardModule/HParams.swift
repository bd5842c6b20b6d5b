import Foundation

/// TensorBoard's HParams dashboard data (the `hparams` plugin, `HParamsPluginData` version 0): an
/// experiment that declares the hyperparameters and metrics, and per run (one trial) the values it
/// used and how it ended. The dashboard reads each run's metrics from its scalars.
public enum HParams {
    /// A hyperparameter's value as the dashboard shows it.
    public enum Value: Hashable, Sendable {
        case number(Double)
        case string(String)
        case bool(Bool)
    }

    /// A hyperparameter of the experiment: its values (a list) or its range.
    public struct Info: Sendable {
        public var name: String
        public var discrete: [Value]
        public var interval: ClosedRange<Double>?

        public init(name: String, discrete: [Value] = [], interval: ClosedRange<Double>? = nil) {
            (self.name, self.discrete, self.interval) = (name, discrete, interval)
        }
    }

    /// How a run ended (the plugin's `Status`).
    public enum Status: UInt64, Sendable {
        case success = 1, failure = 2, running = 3
    }

    static func experiment(_ infos: [Info], metrics: [String], created: Double) -> Data {
        pluginData(field: 2) { experiment in
            experiment.double(3, created)
            for info in infos {
                experiment.message(4) { message in
                    message.string(1, info.name)
                    let kinds = Set(info.discrete.map(kind))
                    message.varint(4, info.interval != nil ? 3 : kinds.count == 1 ? kinds.first ?? 0 : 0)
                    if let interval = info.interval {
                        message.message(6) { range in
                            range.double(1, interval.lowerBound)
                            range.double(2, interval.upperBound)
                        }
                    } else if !info.discrete.isEmpty {
                        message.message(5) { list in for value in info.discrete { list.message(1) { encode(value, into: &$0) } } }
                    }
                }
            }
            for metric in metrics { experiment.message(5) { info in info.message(1) { $0.string(2, metric) } } }
        }
    }

    static func sessionStart(_ values: [String: Value], group: String, started: Double) -> Data {
        pluginData(field: 3) { start in
            for (name, value) in values.sorted(by: { $0.key < $1.key }) {
                start.message(1) { entry in
                    entry.string(1, name)
                    entry.message(2) { encode(value, into: &$0) }
                }
            }
            if !group.isEmpty { start.string(4, group) }
            start.double(5, started)
        }
    }

    static func sessionEnd(_ status: Status, ended: Double) -> Data {
        pluginData(field: 4) { end in
            end.varint(1, status.rawValue)
            end.double(2, ended)
        }
    }

    private static func pluginData(field: Int, _ build: (inout ProtoWriter) -> Void) -> Data {
        var data = ProtoWriter()
        data.message(field, build)
        return data.data
    }

    /// `google.protobuf.Value`: number 2, string 3, bool 4.
    private static func encode(_ value: Value, into writer: inout ProtoWriter) {
        switch value {
        case .number(let number): writer.double(2, number)
        case .string(let text): writer.string(3, text)
        case .bool(let flag): writer.varint(4, flag ? 1 : 0)
        }
    }

    /// The plugin's `DataType`: string 1, bool 2, float64 3.
    private static func kind(_ value: Value) -> UInt64 {
        switch value {
        case .string: 1
        case .bool: 2
        case .number: 3
        }
    }
}

extension Tensorboard_TensorProto {
    /// The empty float tensor TensorBoard's hparams summaries carry (`metadata.NULL_TENSOR`).
    static var hparamsNull: Self {
        var tensor = Self()
        tensor.dtype = .dtFloat
        tensor.tensorShape = .init([0])
        return tensor
    }
}

extension SummaryWriter {
    /// Declares the experiment (in the log folder's top run): the hyperparameters and the metric tags.
    public func hparamsExperiment(_ infos: [HParams.Info], metrics: [String]) throws {
        try write(
            tag: "_hparams_/experiment", tensor: .hparamsNull, plugin: "hparams",
            content: HParams.experiment(infos, metrics: metrics, created: Date().timeIntervalSince1970), step: 0)
    }

    /// Marks this run as one session (a trial) with its hyperparameter values.
    public func hparamsSessionStart(_ values: [String: HParams.Value], group: String = "") throws {
        try write(
            tag: "_hparams_/session_start_info", tensor: .hparamsNull, plugin: "hparams",
            content: HParams.sessionStart(values, group: group, started: Date().timeIntervalSince1970), step: 0)
    }

    /// Marks how this run's session ended.
    public func hparamsSessionEnd(_ status: HParams.Status) throws {
        try write(
            tag: "_hparams_/session_end_info", tensor: .hparamsNull, plugin: "hparams",
            content: HParams.sessionEnd(status, ended: Date().timeIntervalSince1970), step: 0)
    }
}
