import Foundation

/// How much `fit`, `evaluate` and `predict` print.
public enum Verbosity: Int, Sendable, Codable {
    /// Nothing.
    case silent = 0
    /// A progress bar redrawn in place on a terminal; one clean line per epoch elsewhere.
    case progressBar = 1
    /// One line per epoch.
    case oneLinePerEpoch = 2
}

/// Where progress text goes: standard output by default, standard error, or any sink (a log, a test).
public struct OutputSink: @unchecked Sendable {
    public let write: (String) -> Void
    /// Whether the sink is a terminal, where lines may be redrawn in place.
    public let isTerminal: Bool
    /// Whether to colour the text: on a terminal, unless `NO_COLOR` is set or `TERM` is `dumb`.
    public let usesColor: Bool

    public init(isTerminal: Bool, usesColor: Bool? = nil, write: @escaping (String) -> Void) {
        self.isTerminal = isTerminal
        self.usesColor = usesColor ?? (isTerminal && Self.colorAllowed)
        self.write = write
    }

    /// `NO_COLOR` (any value) and `TERM=dumb` turn colours off, as https://no-color.org asks.
    static var colorAllowed: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    /// A dumb terminal cannot redraw a line in place.
    static func isRedrawableTerminal(_ descriptor: Int32) -> Bool {
        isatty(descriptor) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// Writes a callback's message as a line of its own: on a terminal it first ends the progress bar's
    /// line, as Keras's callbacks print `"\nEpoch 3: …"`; in a pipe each line stands alone.
    public func line(_ text: String) { write((isTerminal ? "\n" : "") + text + "\n") }

    public static var standardOutput: OutputSink {
        // Through stdio, so that progress and the caller's `print` output stay in order.
        OutputSink(isTerminal: isRedrawableTerminal(STDOUT_FILENO)) { text in
            print(text, terminator: "")
            fflush(nil)
        }
    }

    /// Standard error, for progress when standard output carries data.
    public static var standardError: OutputSink {
        OutputSink(isTerminal: isRedrawableTerminal(STDERR_FILENO)) { text in
            fflush(nil)  // what was printed to standard output first stays first
            FileHandle.standardError.write(Data(text.utf8))
        }
    }
}

/// Keras's progress display: `Epoch 3/30`, then
/// `1719/1719 ━━━━━━━━━━━━━━━━━━━━ 2s 1ms/step - accuracy: 0.8583 - loss: 0.4001 - val_…`.
///
/// On a terminal the bar is redrawn in place (at most every 50 ms). In a pipe or a file nothing is
/// redrawn: each epoch gives one line, with no carriage returns or colour codes.
public final class ProgressBar: Callback {
    public let verbosity: Verbosity
    let sink: OutputSink
    private var epochs = 1
    private var steps = 0
    private var epochStart = Date()
    private var firstStepEnd: Date?
    private var lastDraw = Date.distantPast
    private var lastLength = 0
    /// Whether the events come from `fit` (whose validation passes print nothing of their own).
    private var inFit = false

    public init(verbosity: Verbosity = .progressBar, sink: OutputSink = .standardOutput) {
        self.verbosity = verbosity
        self.sink = sink
    }

    public override func onTrainBegin(logs: Logs) throws {
        epochs = params["epochs"] ?? 1
        steps = params["steps"] ?? 0
        inFit = true
    }

    public override func onTrainEnd(logs: Logs) throws { inFit = false }

    public override func onTestBegin(logs: Logs) throws {
        guard !inFit else { return }
        steps = params["steps"] ?? 0
        epochStart = Date()
    }

    /// A standalone `evaluate` prints one line: steps, time, time per step and the results.
    public override func onTestEnd(logs: Logs) throws {
        guard !inFit, verbosity != .silent else { return }
        let elapsed = Date().timeIntervalSince(epochStart)
        sink.write("\(steps)/\(steps) - \(Int(elapsed.rounded()))s - \(Self.perStep(elapsed / Double(Swift.max(steps, 1))))\(Self.format(logs))\n")
    }

    public override func onEpochBegin(_ epoch: Int, logs: Logs) throws {
        guard verbosity != .silent else { return }
        if epochs > 1 { sink.write("Epoch \(epoch + 1)/\(epochs)\n") }
        epochStart = Date()
        firstStepEnd = nil
        lastDraw = .distantPast
        lastLength = 0
    }

    public override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws {
        if firstStepEnd == nil { firstStepEnd = Date() }
        guard verbosity == .progressBar, sink.isTerminal else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.05 || batch + 1 == steps else { return }
        lastDraw = now
        let line = render(step: batch + 1, logs: logs, finished: false, colors: sink.usesColor)
        sink.write("\r" + line + String(repeating: " ", count: Swift.max(0, lastLength - line.count)))
        lastLength = line.count
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        switch verbosity {
        case .silent: return
        case .progressBar:
            let line = render(step: steps, logs: logs, finished: true, colors: sink.usesColor)
            let padding = String(repeating: " ", count: Swift.max(0, lastLength - line.count))
            sink.write((sink.isTerminal ? "\r" : "") + line + (sink.isTerminal ? padding : "") + "\n")
        case .oneLinePerEpoch:
            let elapsed = Date().timeIntervalSince(epochStart)
            sink.write("\(steps)/\(steps) - \(Int(elapsed.rounded()))s - \(Self.perStep(elapsed / Double(Swift.max(steps, 1))))\(Self.format(logs))\n")
        }
    }

    /// One rendering of the bar, Keras's layout.
    func render(step: Int, logs: Logs, finished: Bool, colors: Bool) -> String {
        let width = 20
        let done = steps > 0 ? Swift.min(width, step * width / steps) : width
        let bold = colors ? "\u{1B}[1m" : "", reset = colors ? "\u{1B}[0m" : ""
        let green = colors ? "\u{1B}[32m" : "", grey = colors ? "\u{1B}[37m" : ""
        let digits = String(steps).count
        let count = String(repeating: " ", count: Swift.max(0, digits - String(step).count)) + "\(step)/\(steps)"
        var bar = "\(bold)\(count)\(reset) \(green)\(String(repeating: "━", count: done))\(reset)"
        if done < width { bar += "\(grey)\(String(repeating: "━", count: width - done))\(reset)" }
        let elapsed = Date().timeIntervalSince(epochStart)
        // Keras leaves the first step (which includes start-up work) out of the time per step.
        let timed = firstStepEnd.map { Date().timeIntervalSince($0) / Double(Swift.max(step - 1, 1)) } ?? elapsed
        let time = finished ? "\(Int(elapsed.rounded()))s" : Self.eta(timed * Double(steps - step))
        return "\(bar) \(time) \(Self.perStep(timed))\(Self.format(logs))"
    }

    static func eta(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s >= 3600 { return String(format: "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60) }
        if s >= 60 { return String(format: "%d:%02d", s / 60, s % 60) }
        return "\(s)s"
    }

    static func perStep(_ seconds: Double) -> String {
        if seconds >= 1 { return "\(Int(seconds.rounded()))s/step" }
        if seconds >= 1e-3 { return "\(Int((seconds * 1e3).rounded()))ms/step" }
        return "\(Int((seconds * 1e6).rounded()))us/step"
    }

    /// ` - name: value` for each log, names sorted; Keras's `%.4f`, or `%.4e` for tiny values.
    static func format(_ logs: Logs) -> String {
        logs.sorted { $0.key < $1.key }.map { key, value in
            " - \(key): " + (Swift.abs(value) > 1e-3 ? String(format: "%.4f", value) : String(format: "%.4e", value))
        }.joined()
    }
}
