import Layers

/// A Rescaling layer at the start of a plan (`x · scale + offset`, element by element as the layer computes it),
/// into a buffer the first Dense layer reads: `neuralkit train` starts its image models with one.
final class PlannedRescaling {
    let layer: Rescaling
    /// The rescaled inputs, one row per sample.
    let outputs: PlannedBuffer
    let width: Int

    init(_ layer: Rescaling, capacity: Int, width: Int) {
        self.layer = layer
        self.width = width
        outputs = PlannedBuffer(count: capacity * width)
    }

    func apply(_ input: UnsafePointer<Float>, rows: Int) -> UnsafePointer<Float> {
        let out = outputs.pointer, scale = layer.scale, offset = layer.offset
        if offset == 0 {
            for i in 0..<(rows * width) { out[i] = input[i] * scale }
        } else {
            for i in 0..<(rows * width) { out[i] = input[i] * scale + offset }
        }
        return UnsafePointer(out)
    }
}
