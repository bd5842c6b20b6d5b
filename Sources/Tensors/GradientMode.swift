/// Whether operations record what they do for `backward()`.
///
/// Recording is on by default. Inference (`predict`) and optimizer updates run inside
/// ``withoutRecording(_:)`` so that they build no graph and keep no intermediate tensors alive.
public enum GradientMode {
    @TaskLocal static var isRecording = true

    /// Whether operations are being recorded in the current task or thread.
    public static var isEnabled: Bool { isRecording }

    /// Runs `body` with recording off.
    public static func withoutRecording<Result>(_ body: () throws -> Result) rethrows -> Result {
        try $isRecording.withValue(false, operation: body)
    }
}
