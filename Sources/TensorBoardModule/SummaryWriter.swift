import Foundation
import SwiftProtobuf

/// Writes your own summaries to a TensorBoard log folder, in the form TensorFlow 2's `tf.summary`
/// writes them (tensors tagged with the plugin that displays them), without TensorFlow.
///
/// ```swift
/// let writer = try SummaryWriter(logDir: "logs/run1")
/// try writer.scalar("loss", 0.25, step: 1)
/// try writer.histogram("weights", values: [0.1, -0.3, 0.7], step: 1)
/// try writer.text("notes", "a *markdown* note", step: 1)
/// writer.close()
/// ```
///
/// Each writer makes one new event file in `logDir` (created if missing). Every summary is appended
/// to it with one `write` call, so a running `tensorboard --logdir` shows it at once, and a process
/// killed mid-write loses at most that last summary.
public final class SummaryWriter {
    /// The folder this writer writes to (a TensorBoard "run").
    public let logDir: String
    private let file: EventFile

    /// Creates `logDir` if needed and starts a new event file there, beginning with the
    /// `brain.Event:2` version record. Throws an error naming the folder when it cannot be written.
    public init(logDir: String) throws {
        self.logDir = logDir
        file = try EventFile(directory: logDir)
        var event = Tensorboard_Event()
        event.wallTime = Date().timeIntervalSince1970
        event.fileVersion = "brain.Event:2"
        event.sourceMetadata.writer = "neuralkit"
        try append(event)
    }

    /// The path of the event file.
    public var path: String { file.path }

    /// Appends a scalar (plugin `scalars`, a rank-0 float32 tensor), as `tf.summary.scalar`.
    public func scalar(_ tag: String, _ value: Float, step: Int) throws {
        try write(tag: tag, tensor: .scalar(value), plugin: "scalars", step: step)
    }

    /// Appends a text (plugin `text`, a rank-0 string tensor), as `tf.summary.text`. TensorBoard
    /// renders it as Markdown.
    public func text(_ tag: String, _ text: String, step: Int) throws {
        try write(tag: tag, tensor: .strings([Data(text.utf8)], shape: []), plugin: "text", step: step)
    }

    /// Asks the system to put everything written so far on the disk. Summaries are visible to
    /// readers as soon as they are written; this makes them survive a power cut too.
    public func flush() { file.sync() }

    /// Flushes and closes the event file; writing afterwards is an error.
    public func close() {
        file.sync()
        file.close()
    }

    /// Appends one summary value: `tensor` under `tag` at `step`, for `plugin` (its `content` says the
    /// plugin's data version; TensorFlow writes the metadata with every value, and so does this).
    func write(tag: String, tensor: Tensorboard_TensorProto, plugin: String, content: Data = Data(), step: Int) throws {
        guard !tag.isEmpty else { throw TensorBoardError.invalidArgument("a summary needs a non-empty tag (writing to \(logDir))") }
        var value = Tensorboard_Summary.Value()
        value.tag = tag
        value.metadata.pluginData.pluginName = plugin
        value.metadata.pluginData.content = content
        value.tensor = tensor
        var event = Tensorboard_Event()
        event.wallTime = Date().timeIntervalSince1970
        event.step = Int64(step)
        event.summary.value = [value]
        try append(event)
    }

    private func append(_ event: Tensorboard_Event) throws {
        let bytes: Data
        do { bytes = try event.serializedBytes() } catch {
            throw TensorBoardError.invalidArgument("cannot encode a summary for \(file.path): \(error)")
        }
        try file.append(bytes)
    }
}
