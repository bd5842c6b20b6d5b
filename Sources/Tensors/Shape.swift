/// The extent of a tensor along each axis, outermost first (row-major).
public struct Shape: Hashable, Codable, Sendable, ExpressibleByArrayLiteral, RandomAccessCollection,
    CustomStringConvertible
{
    public var dimensions: [Int]

    public init(_ dimensions: [Int]) { self.dimensions = dimensions }
    public init(arrayLiteral elements: Int...) { self.dimensions = elements }

    /// The number of axes.
    public var rank: Int { dimensions.count }
    /// The number of scalars a tensor of this shape holds (1 for a scalar).
    public var elementCount: Int { dimensions.reduce(1, *) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { dimensions.count }
    public subscript(position: Int) -> Int {
        get { dimensions[position] }
        set { dimensions[position] = newValue }
    }

    /// Row-major strides, in elements.
    public var strides: [Int] {
        var strides = [Int](repeating: 1, count: rank)
        var running = 1
        for axis in stride(from: rank - 1, through: 0, by: -1) {
            strides[axis] = running
            running *= dimensions[axis]
        }
        return strides
    }

    /// Keras's spelling: `(32, 784)`, `(10,)`, `()`.
    public var description: String {
        rank == 1 ? "(\(dimensions[0]),)" : "(" + dimensions.map(String.init).joined(separator: ", ") + ")"
    }

    /// Resolves a possibly negative axis (`-1` is the last) against this shape's rank.
    public func normalizedAxis(_ axis: Int, operation: String) throws(TensorError) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        guard resolved >= 0 && resolved < rank else {
            throw .invalidAxis(operation: operation, axis: axis, shape: self)
        }
        return resolved
    }

    /// Resolves a list of axes; `nil` means every axis. Rejects duplicates.
    public func normalizedAxes(_ axes: [Int]?, operation: String) throws(TensorError) -> [Int] {
        guard let axes else { return Array(0..<rank) }
        var resolved: [Int] = []
        for axis in axes {
            let r = try normalizedAxis(axis, operation: operation)
            guard !resolved.contains(r) else {
                throw .invalidArgument(operation: operation, reason: "axis \(axis) is listed twice")
            }
            resolved.append(r)
        }
        return resolved.sorted()
    }

    /// The shape NumPy broadcasting gives two operands, or an error naming both shapes.
    public static func broadcast(_ a: Shape, _ b: Shape, operation: String) throws(TensorError) -> Shape {
        if a == b { return a }
        let rank = Swift.max(a.rank, b.rank)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.rank ? 1 : a[i - (rank - a.rank)]
            let db = i < rank - b.rank ? 1 : b[i - (rank - b.rank)]
            guard da == db || da == 1 || db == 1 else {
                throw .shapeMismatch(
                    operation: operation, shapes: [a, b],
                    hint: "shapes broadcast when, from the last axis back, each pair of sizes is equal or one of them is 1")
            }
            result[i] = da == 1 ? db : da
        }
        return Shape(result)
    }
}
