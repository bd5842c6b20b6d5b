/// A search space that cannot be sampled, with Keras Tuner's reasons, naming the parameter.
public struct HyperParameterError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
