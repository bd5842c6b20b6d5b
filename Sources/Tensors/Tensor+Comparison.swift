// Comparisons give masks of 0 and 1 (no gradient flows through a mask); `where` selects by a mask.

extension Tensor {
    @inline(__always)
    static func mask(_ a: Tensor, _ b: Tensor, _ operation: String, _ test: (Float, Float) -> Bool) throws -> Tensor {
        let shape = try Shape.broadcast(a.shape, b.shape, operation: operation)
        return Tensor(
            unchecked: Kernels.broadcast(a.scalars, a.shape, b.scalars, b.shape, to: shape) { test($0, $1) ? 1 : 0 },
            shape: shape)
    }

    public static func .> (a: Tensor, b: Tensor) throws -> Tensor { try mask(a, b, "greater", >) }
    public static func .< (a: Tensor, b: Tensor) throws -> Tensor { try mask(a, b, "less", <) }
    public static func .>= (a: Tensor, b: Tensor) throws -> Tensor { try mask(a, b, "greater_equal", >=) }
    public static func .<= (a: Tensor, b: Tensor) throws -> Tensor { try mask(a, b, "less_equal", <=) }
    public static func .== (a: Tensor, b: Tensor) throws -> Tensor { try mask(a, b, "equal", ==) }
    public static func .!= (a: Tensor, b: Tensor) throws -> Tensor { try mask(a, b, "not_equal", !=) }

    public static func .> (a: Tensor, b: Float) -> Tensor { infallible(Self.scalarBroadcasts) { try a .> Tensor(b) } }
    public static func .< (a: Tensor, b: Float) -> Tensor { infallible(Self.scalarBroadcasts) { try a .< Tensor(b) } }
    public static func .>= (a: Tensor, b: Float) -> Tensor { infallible(Self.scalarBroadcasts) { try a .>= Tensor(b) } }
    public static func .<= (a: Tensor, b: Float) -> Tensor { infallible(Self.scalarBroadcasts) { try a .<= Tensor(b) } }
    public static func .== (a: Tensor, b: Float) -> Tensor { infallible(Self.scalarBroadcasts) { try a .== Tensor(b) } }
    public static func .!= (a: Tensor, b: Float) -> Tensor { infallible(Self.scalarBroadcasts) { try a .!= Tensor(b) } }

    /// Elements of `a` where `condition` is nonzero, else of `b`; all three broadcast together.
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(try Shape.broadcast(condition.shape, a.shape, operation: "where"), b.shape, operation: "where")
        let mask = try condition.broadcasted(to: shape).detached().scalars
        let taken = try a.broadcasted(to: shape).scalars, other = try b.broadcasted(to: shape).scalars
        var scalars = taken
        for i in scalars.indices where mask[i] == 0 { scalars[i] = other[i] }
        let output = Tensor(unchecked: scalars, shape: shape)
        return output.recording(from: [a, b]) { g in
            let chosen = Tensor(unchecked: mask.map { $0 != 0 ? 1 : 0 }, shape: shape)
            return [try (g * chosen).unbroadcast(to: a.shape), try (g * (1 - chosen)).unbroadcast(to: b.shape)]
        }
    }

    /// This tensor repeated along broadcast axes to `shape`.
    public func broadcasted(to target: Shape) throws -> Tensor {
        guard try Shape.broadcast(shape, target, operation: "broadcast_to") == target else {
            throw TensorError.shapeMismatch(
                operation: "broadcast_to", shapes: [shape, target],
                hint: "the target must be at least as large as the tensor along every axis")
        }
        if shape == target { return self }
        let zeros = [Float](repeating: 0, count: target.elementCount)
        let output = Tensor(unchecked: Kernels.broadcast(scalars, shape, zeros, target, to: target, +), shape: target)
        return output.recording(from: [self]) { g in [try g.unbroadcast(to: self.shape)] }
    }
}
