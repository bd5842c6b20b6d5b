import Foundation

/// The tensors TensorFlow 2's summary ops write, byte for byte as its writer stores them: numbers as
/// raw little-endian `tensor_content` (`Tensor::AsProtoTensorContent`), strings in `string_val`.
extension Tensorboard_TensorProto {
    /// A rank-0 float32 tensor (a `scalars` point).
    static func scalar(_ value: Float) -> Self {
        var tensor = Self()
        tensor.dtype = .dtFloat
        tensor.tensorShape = Tensorboard_TensorShapeProto()
        var little = value.bitPattern.littleEndian
        tensor.tensorContent = withUnsafeBytes(of: &little) { Data($0) }
        return tensor
    }

    /// A float64 tensor of `shape` (a histogram's `[k, 3]` buckets).
    static func doubles(_ values: [Double], shape: [Int]) -> Self {
        var tensor = Self()
        tensor.dtype = .dtDouble
        tensor.tensorShape = .init(shape)
        var content = Data(capacity: values.count * 8)
        for value in values {
            var little = value.bitPattern.littleEndian
            withUnsafeBytes(of: &little) { content.append(contentsOf: $0) }
        }
        tensor.tensorContent = content
        return tensor
    }

    /// A string tensor of `shape` (text, images, a Keras model's JSON).
    static func strings(_ values: [Data], shape: [Int]) -> Self {
        var tensor = Self()
        tensor.dtype = .dtString
        tensor.tensorShape = .init(shape)
        tensor.stringVal = values
        return tensor
    }

    /// The tensor's values as numbers, whichever field holds them; nil for strings and other types.
    var numbers: [Double]? {
        switch dtype {
        case .dtFloat:
            if !floatVal.isEmpty { return floatVal.map(Double.init) }
            return Self.decode(tensorContent, width: 4) { Double(Float(bitPattern: UInt32(truncatingIfNeeded: $0))) }
        case .dtDouble:
            if !doubleVal.isEmpty { return doubleVal }
            return Self.decode(tensorContent, width: 8) { Double(bitPattern: $0) }
        case .dtInt32:
            if !intVal.isEmpty { return intVal.map(Double.init) }
            return Self.decode(tensorContent, width: 4) { Double(Int32(bitPattern: UInt32(truncatingIfNeeded: $0))) }
        case .dtInt16, .dtInt8, .dtUint8:
            return intVal.map(Double.init)
        case .dtInt64:
            if !int64Val.isEmpty { return int64Val.map(Double.init) }
            return Self.decode(tensorContent, width: 8) { Double(Int64(bitPattern: $0)) }
        default:
            return nil
        }
    }

    /// Little-endian words of `width` bytes, each turned into a number.
    private static func decode(_ content: Data, width: Int, _ convert: (UInt64) -> Double) -> [Double] {
        let bytes = [UInt8](content)
        return stride(from: 0, to: bytes.count - width + 1, by: width).map { start in
            var word: UInt64 = 0
            for index in 0..<width { word |= UInt64(bytes[start + index]) << (8 * UInt64(index)) }
            return convert(word)
        }
    }
}

extension Tensorboard_TensorShapeProto {
    init(_ dimensions: [Int]) {
        self.init()
        dim = dimensions.map { size in
            var dimension = Dim()
            dimension.size = Int64(size)
            return dimension
        }
    }
}
