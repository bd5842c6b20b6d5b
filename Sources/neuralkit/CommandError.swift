/// A problem found while a command runs (bad data, an unusable file): printed as "Error: …" without
/// the usage text, which only helps with mistyped options.
struct CommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }

    /// A library error in the command line's words: flag names, not Swift argument names.
    init(_ error: Error) {
        var text = "\(error)"
        for (api, flag) in [
            ("validationSplit", "--validation-split"), ("batchSize", "--batch-size"), ("BLAS.setThreads", "--threads"),
            ("initialEpoch", "--initial-epoch"), ("learningRate", "--learning-rate"),
        ] {
            text = text.replacingOccurrences(of: api, with: flag)
        }
        self.description = text
    }
}
