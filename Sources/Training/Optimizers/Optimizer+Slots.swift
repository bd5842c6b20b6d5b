import Tensors

/// One slot an optimizer keeps for a parameter: its name, shape and starting value.
public struct OptimizerSlot: Sendable, Equatable {
    public let name: String
    public let shape: Shape
    public let initialValue: Float

    public init(name: String, shape: Shape, initialValue: Float = 0) {
        self.name = name
        self.shape = shape
        self.initialValue = initialValue
    }
}

extension Optimizer {
    /// The slots of a parameter, by slot name, for inspection and saving (nil before its first update).
    public func slotValues(of parameter: Parameter) -> [String: [Float]]? {
        slots[ObjectIdentifier(parameter)].map { Dictionary(uniqueKeysWithValues: zip(slotLayout(for: parameter.shape).map(\.name), $0)) }
    }

    /// The slots of a parameter in ``slotLayout(for:)``'s order, their starting values before its first update.
    public func orderedSlotValues(of parameter: Parameter) -> [[Float]] {
        slots[ObjectIdentifier(parameter)]
            ?? slotLayout(for: parameter.shape).map { [Float](repeating: $0.initialValue, count: $0.shape.elementCount) }
    }

    /// Replaces the slots of a parameter (when restoring a saved optimizer).
    public func setSlotValues(_ values: [[Float]], of parameter: Parameter, iterations: Int) throws {
        let layout = slotLayout(for: parameter.shape)
        guard values.count == layout.count, zip(values, layout).allSatisfy({ $0.count == $1.shape.elementCount }) else {
            throw TrainingError.invalidArgument(
                "\(name): slots for '\(parameter.name)' need \(layout.count) arrays of "
                    + "\(layout.map { String($0.shape.elementCount) }.joined(separator: ", ")) values")
        }
        if slots[ObjectIdentifier(parameter)] == nil { parameters.append(parameter) }
        slots[ObjectIdentifier(parameter)] = values
        self.iterations = iterations
    }
}
