/// An error in how a tensor operation was called: what was wrong, and how to put it right.
public enum TensorError: Error, Equatable, CustomStringConvertible {
    /// The operands' shapes do not fit the operation.
    case shapeMismatch(operation: String, shapes: [Shape], hint: String)
    /// An axis outside `-rank..<rank`.
    case invalidAxis(operation: String, axis: Int, shape: Shape)
    /// Any other argument the operation cannot take.
    case invalidArgument(operation: String, reason: String)

    public var description: String {
        switch self {
        case let .shapeMismatch(operation, shapes, hint):
            let list = shapes.map(\.description).joined(separator: " and ")
            return "\(operation): shapes \(list) do not fit; \(hint)."
        case let .invalidAxis(operation, axis, shape):
            return "\(operation): axis \(axis) is out of range for a tensor of shape \(shape) "
                + "(rank \(shape.rank)); use an axis in \(-shape.rank)..<\(shape.rank)."
        case let .invalidArgument(operation, reason):
            return "\(operation): \(reason)."
        }
    }
}
