/// The raw loops over scalar buffers that tensor operations call. Nothing here knows about gradients;
/// making a kernel faster never touches differentiation code.
enum Kernels {
    @inline(__always)
    static func map(_ x: [Float], _ f: (Float) -> Float) -> [Float] {
        [Float](unsafeUninitializedCapacity: x.count) { out, count in
            x.withUnsafeBufferPointer { x in
                for i in 0..<x.count { out[i] = f(x[i]) }
            }
            count = x.count
        }
    }

    @inline(__always)
    static func zip(_ a: [Float], _ b: [Float], _ f: (Float, Float) -> Float) -> [Float] {
        precondition(a.count == b.count, "NeuralKit bug: zip of \(a.count) and \(b.count) scalars")
        return [Float](unsafeUninitializedCapacity: a.count) { out, count in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    for i in 0..<a.count { out[i] = f(a[i], b[i]) }
                }
            }
            count = a.count
        }
    }

    /// Strides that read a tensor of `shape` as if it had the larger `target` shape: 0 along every axis
    /// that is broadcast.
    static func broadcastStrides(_ shape: Shape, to target: Shape) -> [Int] {
        let offset = target.rank - shape.rank
        let strides = shape.strides
        return (0..<target.rank).map { axis in
            axis < offset || shape[axis - offset] == 1 ? 0 : strides[axis - offset]
        }
    }

    /// `f(a, b)` elementwise after broadcasting both operands to `shape`.
    @inline(__always)
    static func broadcast(
        _ a: [Float], _ aShape: Shape, _ b: [Float], _ bShape: Shape, to shape: Shape,
        _ f: (Float, Float) -> Float
    ) -> [Float] {
        if aShape == shape && bShape == shape { return zip(a, b, f) }
        if bShape.elementCount == 1 && aShape == shape {
            let y = b[0]
            return map(a) { f($0, y) }
        }
        if aShape.elementCount == 1 && bShape == shape {
            let x = a[0]
            return map(b) { f(x, $0) }
        }
        let sa = broadcastStrides(aShape, to: shape), sb = broadcastStrides(bShape, to: shape)
        let total = shape.elementCount
        return [Float](unsafeUninitializedCapacity: total) { out, count in
            count = total
            guard total > 0 else { return }
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    forEachRow(of: shape, strides: [sa, sb]) { row, offsets, inner in
                        let ia = sa.last ?? 0, ib = sb.last ?? 0
                        var oa = offsets[0], ob = offsets[1]
                        let base = row * inner
                        for j in 0..<inner {
                            out[base + j] = f(a[oa], b[ob])
                            oa += ia
                            ob += ib
                        }
                    }
                }
            }
        }
    }

    /// Calls `body(row, offsets, rowLength)` for each run of the last axis of `shape`, in row-major
    /// order, with each operand's offset (given its `strides`) at the row's start.
    @inline(__always)
    static func forEachRow(of shape: Shape, strides: [[Int]], _ body: (Int, [Int], Int) -> Void) {
        let rank = shape.rank
        guard rank > 0 else {
            body(0, strides.map { _ in 0 }, 1)
            return
        }
        let inner = shape[rank - 1]
        let rows = inner == 0 ? 0 : shape.elementCount / inner
        var index = [Int](repeating: 0, count: rank)
        var offsets = strides.map { _ in 0 }
        for row in 0..<rows {
            body(row, offsets, inner)
            // Advance the odometer over the outer axes.
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                for k in offsets.indices { offsets[k] += strides[k][axis] }
                if index[axis] < shape[axis] { break }
                for k in offsets.indices { offsets[k] -= strides[k][axis] * shape[axis] }
                index[axis] = 0
                axis -= 1
            }
        }
    }

    /// Reduces `x` over `axes` with a `Double` accumulator, giving the kept-dimensions layout.
    @inline(__always)
    static func reduce(
        _ x: [Float], _ shape: Shape, axes: [Int], initial: Double, _ combine: (Double, Float) -> Double
    ) -> [Float] {
        var kept = shape
        for axis in axes { kept[axis] = 1 }
        let keptStrides = kept.strides
        let outStrides = (0..<shape.rank).map { axes.contains($0) ? 0 : keptStrides[$0] }
        var accumulators = [Double](repeating: initial, count: kept.elementCount)
        x.withUnsafeBufferPointer { x in
            accumulators.withUnsafeMutableBufferPointer { acc in
                forEachRow(of: shape, strides: [outStrides]) { row, offsets, inner in
                    let step = outStrides.last ?? 0
                    var o = offsets[0]
                    let base = row * inner
                    for j in 0..<inner {
                        acc[o] = combine(acc[o], x[base + j])
                        o += step
                    }
                }
            }
        }
        return accumulators.map { Float($0) }
    }

    /// Copies `x` with its axes reordered: output axis `i` is input axis `permutation[i]`.
    static func permute(_ x: [Float], _ shape: Shape, _ permutation: [Int]) -> [Float] {
        let inStrides = shape.strides
        let outShape = Shape(permutation.map { shape[$0] })
        let strides = permutation.map { inStrides[$0] }
        return [Float](unsafeUninitializedCapacity: x.count) { out, count in
            count = x.count
            guard x.count > 0 else { return }
            x.withUnsafeBufferPointer { x in
                forEachRow(of: outShape, strides: [strides]) { row, offsets, inner in
                    let step = strides.last ?? 0
                    var o = offsets[0]
                    let base = row * inner
                    for j in 0..<inner {
                        out[base + j] = x[o]
                        o += step
                    }
                }
            }
        }
    }
}
