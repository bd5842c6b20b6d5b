import CKernels

// Reshaping, transposing, slicing, gathering, joining and one-hot encoding.

extension Tensor {
    /// The same scalars under another shape; one dimension may be -1 and is then inferred.
    public func reshaped(to newShape: Shape) throws -> Tensor {
        var dimensions = newShape.dimensions
        let unknown = dimensions.indices.filter { dimensions[$0] == -1 }
        let known = dimensions.filter { $0 != -1 }.reduce(1, *)
        guard unknown.count <= 1, dimensions.allSatisfy({ $0 >= -1 }) else {
            throw TensorError.invalidArgument(operation: "reshape", reason: "shape \(newShape) may hold at most one -1 and no other negative size")
        }
        if let axis = unknown.first, known > 0, elementCount % known == 0 { dimensions[axis] = elementCount / known }
        let target = Shape(dimensions)
        guard target.elementCount == elementCount, !dimensions.contains(-1) else {
            throw TensorError.shapeMismatch(
                operation: "reshape", shapes: [shape, newShape],
                hint: "a tensor of \(elementCount) elements cannot take a shape that holds a different number")
        }
        if target == shape { return self }
        return Tensor(unchecked: scalars, shape: target).recording(from: [self]) { g in [try g.reshaped(to: self.shape)] }
    }

    /// Reorders the axes: axis `i` of the result is axis `permutation[i]` of this tensor.
    public func permuted(_ permutation: [Int]) throws -> Tensor {
        guard permutation.sorted() == Array(0..<rank) else {
            throw TensorError.invalidArgument(
                operation: "transpose",
                reason: "\(permutation) is not a permutation of the axes 0..<\(rank) of shape \(shape)")
        }
        let output = Tensor(unchecked: Kernels.permute(scalars, shape, permutation), shape: Shape(permutation.map { shape[$0] }))
        var inverse = permutation
        for (i, p) in permutation.enumerated() { inverse[p] = i }
        return output.recording(from: [self]) { g in [try g.permuted(inverse)] }
    }

    /// The axes in reverse order (for a matrix, its transpose).
    public func transposed() -> Tensor {
        Self.infallible("reversing the axes is always a valid permutation") { try permuted(Array((0..<rank).reversed())) }
    }

    /// The elements at positions `range` along `axis`.
    public func slice(alongAxis axis: Int = 0, _ range: Range<Int>) throws -> Tensor {
        let axis = try shape.normalizedAxis(axis, operation: "slice")
        guard range.lowerBound >= 0 && range.upperBound <= shape[axis] else {
            throw TensorError.invalidArgument(
                operation: "slice",
                reason: "range \(range) is outside 0..<\(shape[axis]) along axis \(axis) of shape \(shape)")
        }
        return try gather(alongAxis: axis, Array(range))
    }

    /// The elements at the given positions along `axis`, in that order (repeats allowed): with axis 0,
    /// a mini-batch of rows.
    public func gather(alongAxis axis: Int = 0, _ indices: [Int]) throws -> Tensor {
        let axis = try shape.normalizedAxis(axis, operation: "gather")
        let length = shape[axis]
        if let bad = indices.first(where: { $0 < 0 || $0 >= length }) {
            throw TensorError.invalidArgument(
                operation: "gather",
                reason: "index \(bad) is outside 0..<\(length) along axis \(axis) of shape \(shape)")
        }
        let inner = shape.dimensions[(axis + 1)...].reduce(1, *)
        let outer = length == 0 ? 0 : elementCount / (length * inner)
        var resultShape = shape
        resultShape[axis] = indices.count
        // Every element is written once: the rows are copied whole into uninitialized storage.
        let result = [Float](unsafeUninitializedCapacity: resultShape.elementCount) { out, count in
            scalars.withUnsafeBufferPointer { x in
                guard let source = x.baseAddress, let target = out.baseAddress else { return }
                indices.withUnsafeBufferPointer { rows in
                    guard let rows = rows.baseAddress else { return }
                    for o in 0..<outer { nk_gather_rows(target + o * indices.count * inner, source + o * length * inner, inner, rows, indices.count) }
                }
            }
            count = resultShape.elementCount
        }
        let inputShape = shape
        return Tensor(unchecked: result, shape: resultShape).recording(from: [self]) { g in
            // Scatter-add: a row taken twice gets both gradients.
            var scattered = [Float](repeating: 0, count: inputShape.elementCount)
            let upstream = g.scalars
            for o in 0..<outer {
                for (position, index) in indices.enumerated() {
                    let target = (o * length + index) * inner, source = (o * indices.count + position) * inner
                    for i in 0..<inner { scattered[target + i] += upstream[source + i] }
                }
            }
            return [Tensor(unchecked: scattered, shape: inputShape)]
        }
    }

    /// Joins tensors along an existing axis; all other sizes must agree.
    public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int = -1) throws -> Tensor {
        guard let first = tensors.first else {
            throw TensorError.invalidArgument(operation: "concatenate", reason: "needs at least one tensor")
        }
        let axis = try first.shape.normalizedAxis(axis, operation: "concatenate")
        for tensor in tensors
        where tensor.rank != first.rank
            || (0..<first.rank).contains(where: { $0 != axis && tensor.shape[$0] != first.shape[$0] })
        {
            throw TensorError.shapeMismatch(
                operation: "concatenate", shapes: tensors.map(\.shape),
                hint: "all sizes except along axis \(axis) must be equal")
        }
        let inner = first.shape.dimensions[(axis + 1)...].reduce(1, *)
        let outer = first.shape.dimensions[..<axis].reduce(1, *)
        let lengths = tensors.map { $0.shape[axis] }, total = lengths.reduce(0, +)
        var resultShape = first.shape
        resultShape[axis] = total
        var result = [Float]()
        result.reserveCapacity(resultShape.elementCount)
        for o in 0..<outer {
            for (tensor, length) in zip(tensors, lengths) {
                result.append(contentsOf: tensor.scalars[(o * length * inner)..<((o + 1) * length * inner)])
            }
        }
        return Tensor(unchecked: result, shape: resultShape).recording(from: tensors) { g in
            var start = 0
            return try lengths.map { length in
                defer { start += length }
                return try g.slice(alongAxis: axis, start..<(start + length))
            }
        }
    }

    /// Joins tensors of one shape along a new axis.
    public static func stack(_ tensors: [Tensor], alongAxis axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else {
            throw TensorError.invalidArgument(operation: "stack", reason: "needs at least one tensor")
        }
        guard tensors.allSatisfy({ $0.shape == first.shape }) else {
            throw TensorError.shapeMismatch(operation: "stack", shapes: tensors.map(\.shape), hint: "stacked tensors must have one shape")
        }
        let position = axis < 0 ? axis + first.rank + 1 : axis
        guard position >= 0 && position <= first.rank else {
            throw TensorError.invalidAxis(operation: "stack", axis: axis, shape: Shape(first.shape.dimensions + [1]))
        }
        var expanded = first.shape.dimensions
        expanded.insert(1, at: position)
        return try concatenate(tensors.map { try $0.reshaped(to: Shape(expanded)) }, alongAxis: position)
    }

    /// One row per label with a 1 at the label's column: shape `[labels.count, depth]`.
    public static func oneHot(_ labels: [Int], depth: Int) throws -> Tensor {
        if let bad = labels.first(where: { $0 < 0 || $0 >= depth }) {
            throw TensorError.invalidArgument(operation: "oneHot", reason: "label \(bad) is outside 0..<\(depth)")
        }
        var result = [Float](repeating: 0, count: labels.count * depth)
        for (row, label) in labels.enumerated() { result[row * depth + label] = 1 }
        return Tensor(unchecked: result, shape: [labels.count, depth])
    }
}
