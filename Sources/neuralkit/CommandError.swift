/// A problem found while a command runs (bad data, an unusable file): printed as "Error: …" without
/// the usage text, which only helps with mistyped options.
struct CommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
