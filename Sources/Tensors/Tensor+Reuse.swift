import CKernels

// Tensors written again in place when nothing else can see them: a training loop's mini-batches and
// predictions, made once and refilled every step without allocating.

/// Copies the rows of a mini-batch for ``Tensor/gatherRows(_:into:copier:)``: a training step's second thread,
/// which can copy half of them while the first copies the other half.
public protocol RowCopier: AnyObject {
    /// Copies rows `rows[0..<count]` of `source` (rows of `rowLength` floats) into consecutive rows of `target`.
    func gatherRows(into target: UnsafeMutablePointer<Float>, from source: UnsafePointer<Float>, rowLength: Int, rows: UnsafePointer<Int>, count: Int)
}

extension Tensor {
    /// A tensor shaped as `reusable` after its first axis, with `rows` rows that `fill` writes (every scalar):
    /// `reusable` itself, written in place, when nothing else holds it, it already has `rows` rows and it records
    /// no history; else a new tensor, left in `reusable`. Nobody can see the difference, since nothing else holds
    /// a tensor written in place: a tensor stays unchanged for whoever holds it.
    public static func refill(
        _ reusable: inout Tensor, rows: Int, _ fill: (UnsafeMutableBufferPointer<Float>) throws -> Void
    ) rethrows {
        try refill(&reusable, rows: rows, inPlace: true, fill)
    }

    /// ``refill(_:rows:_:)``, always into a new tensor when `inPlace` is false.
    private static func refill(
        _ reusable: inout Tensor, rows: Int, inPlace: Bool, _ fill: (UnsafeMutableBufferPointer<Float>) throws -> Void
    ) rethrows {
        let dimensions = reusable.shape.dimensions
        let fits = dimensions.count > 0 && dimensions[0] == rows && reusable.isPlainValue
        if !(inPlace && fits && isKnownUniquelyReferenced(&reusable)) {
            var inner = 1
            for axis in 1..<Swift.max(dimensions.count, 1) { inner *= dimensions[axis] }
            var shape = dimensions.isEmpty ? Shape([rows]) : reusable.shape
            shape[0] = rows
            reusable = Tensor(unchecked: [Float](repeating: 0, count: rows * inner), shape: shape)
        }
        try reusable.scalars.withUnsafeMutableBufferPointer { try fill($0) }
    }

    /// The rows of this tensor at `indices` (a shuffled mini-batch), into `reusable` as
    /// ``refill(_:rows:_:)`` says: in place when nothing else holds it. Records no gradient (a tensor that requires
    /// one gives a new tensor from ``gather(alongAxis:_:)``). A `copier` copies the rows instead when there are
    /// enough of them (``RowCopierSize/minimumFloats``).
    public func gatherRows(_ indices: ArraySlice<Int>, into reusable: inout Tensor, copier: RowCopier? = nil) throws {
        guard rank > 0, !requiresGradient else {
            reusable = try gather(Array(indices))
            return
        }
        let length = shape[0], inner = length == 0 ? 0 : elementCount / length
        try indices.withUnsafeBufferPointer { indices in
            for k in 0..<indices.count where indices[k] < 0 || indices[k] >= length {
                throw TensorError.invalidArgument(
                    operation: "gather", reason: "index \(indices[k]) is outside 0..<\(length) along axis 0 of shape \(shape)")
            }
            let fresh = reusable === self || !hasRows(like: reusable)
            if fresh { reusable = self }  // a model of the rows' shape, never written
            Self.refill(&reusable, rows: indices.count, inPlace: !fresh) { target in
                scalars.withUnsafeBufferPointer { source in
                    guard let source = source.baseAddress, let target = target.baseAddress else { return }
                    guard let rows = indices.baseAddress else { return }
                    if let copier, indices.count * inner >= RowCopierSize.minimumFloats {
                        copier.gatherRows(into: target, from: source, rowLength: inner, rows: rows, count: indices.count)
                    } else {
                        nk_gather_rows(target, source, inner, rows, indices.count)
                    }
                }
            }
        }
    }

    /// The rows of this tensor in `range` (an unshuffled mini-batch), into `reusable` as ``refill(_:rows:_:)`` says.
    public func sliceRows(_ range: Range<Int>, into reusable: inout Tensor) throws {
        guard rank > 0, !requiresGradient, range.lowerBound >= 0, range.upperBound <= shape[0] else {
            reusable = try slice(range)
            return
        }
        let inner = shape[0] == 0 ? 0 : elementCount / shape[0]
        let fresh = reusable === self || !hasRows(like: reusable)
        if fresh { reusable = self }
        Self.refill(&reusable, rows: range.count, inPlace: !fresh) { target in
            scalars.withUnsafeBufferPointer { source in
                guard let source = source.baseAddress, let target = target.baseAddress else { return }
                target.update(from: source + range.lowerBound * inner, count: range.count * inner)
            }
        }
    }

    /// Whether `other` has this tensor's shape after the first axis.
    private func hasRows(like other: Tensor) -> Bool {
        let mine = shape.dimensions, theirs = other.shape.dimensions
        guard mine.count == theirs.count else { return false }
        for axis in 1..<Swift.max(mine.count, 1) where mine[axis] != theirs[axis] { return false }
        return true
    }

    /// No history, no gradient, no logits: a value that may be written again once nothing else holds it.
    private var isPlainValue: Bool { !requiresGradient && node == nil && gradient == nil && logits == nil }
}

/// The size of a copy worth handing to a ``RowCopier``.
public enum RowCopierSize {
    /// The floats from which ``Tensor/gatherRows(_:into:copier:)`` hands the rows to its copier: 16,384 (64 KB, a
    /// batch of 21 Fashion-MNIST images); smaller copies take less time than waking a second thread would save.
    public static let minimumFloats = 16_384
}
