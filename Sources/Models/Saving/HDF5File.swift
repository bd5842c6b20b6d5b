import CHDF5
import Foundation
import Tensors

/// A small, safe view of an HDF5 file: groups, float datasets and string attributes, the subset that
/// Keras's weight files use. Every failure is a thrown error; HDF5's own error printing is turned off.
final class HDF5File {
    let id: hid_t
    let path: String

    private static let setup: Void = { H5open() }()

    /// Turns off HDF5's printing of error stacks, which is a per-thread setting in thread-safe builds:
    /// called on the thread of every operation that can fail on a corrupt file.
    private static func quiet() { H5Eset_auto2(nk_h5e_default(), nil, nil) }

    /// Creates (or truncates) a file for writing.
    init(creating path: String) throws {
        _ = Self.setup
        Self.quiet()
        id = H5Fcreate(path, nk_h5f_acc_trunc(), nk_h5p_default(), nk_h5p_default())
        self.path = path
        guard id >= 0 else { throw SavingError.io("cannot create the HDF5 file \(path)") }
    }

    /// Opens an existing file read-only.
    init(reading path: String) throws {
        _ = Self.setup
        Self.quiet()
        guard FileManager.default.fileExists(atPath: path) else { throw SavingError.io("no file at \(path)") }
        guard H5Fis_hdf5(path) > 0 else { throw SavingError.corrupt("\(path) is not an HDF5 file (or it is truncated)") }
        id = H5Fopen(path, nk_h5f_acc_rdonly(), nk_h5p_default())
        self.path = path
        guard id >= 0 else { throw SavingError.corrupt("cannot open the HDF5 file \(path); it may be truncated or corrupt") }
    }

    deinit { H5Fclose(id) }

    /// Makes a group and any missing parents.
    func createGroup(_ group: String) throws {
        var prefix = ""
        for part in group.split(separator: "/") {
            prefix += "/" + part
            if H5Lexists(id, prefix, nk_h5p_default()) > 0 { continue }
            let handle = H5Gcreate2(id, prefix, nk_h5p_default(), nk_h5p_default(), nk_h5p_default())
            guard handle >= 0 else { throw SavingError.io("cannot create group \(prefix) in \(path)") }
            H5Gclose(handle)
        }
    }

    func exists(_ object: String) -> Bool {
        var prefix = ""
        for part in object.split(separator: "/") {
            prefix += "/" + part
            guard H5Lexists(id, prefix, nk_h5p_default()) > 0 else { return false }
        }
        return true
    }

    /// Writes a float32 dataset of the tensor's shape.
    func write(_ tensor: Tensor, at name: String) throws {
        let dims = tensor.shape.dimensions.map { hsize_t($0) }
        let space = dims.isEmpty ? H5Screate(H5S_SCALAR) : H5Screate_simple(Int32(dims.count), dims, nil)
        defer { H5Sclose(space) }
        let dataset = H5Dcreate2(id, name, nk_h5t_native_float(), space, nk_h5p_default(), nk_h5p_default(), nk_h5p_default())
        guard dataset >= 0 else { throw SavingError.io("cannot create dataset \(name) in \(path)") }
        defer { H5Dclose(dataset) }
        let status = tensor.scalars.withUnsafeBufferPointer { H5Dwrite(dataset, nk_h5t_native_float(), nk_h5s_all(), nk_h5s_all(), nk_h5p_default(), $0.baseAddress) }
        guard status >= 0 else { throw SavingError.io("cannot write dataset \(name) in \(path)") }
    }

    /// Writes a scalar int32 dataset (Keras's optimizer iteration count).
    func writeScalar(_ value: Int32, at name: String) throws {
        let space = H5Screate(H5S_SCALAR)
        defer { H5Sclose(space) }
        let dataset = H5Dcreate2(id, name, nk_h5t_native_int32(), space, nk_h5p_default(), nk_h5p_default(), nk_h5p_default())
        guard dataset >= 0 else { throw SavingError.io("cannot create dataset \(name) in \(path)") }
        defer { H5Dclose(dataset) }
        var copy = value
        guard H5Dwrite(dataset, nk_h5t_native_int32(), nk_h5s_all(), nk_h5s_all(), nk_h5p_default(), &copy) >= 0 else {
            throw SavingError.io("cannot write dataset \(name) in \(path)")
        }
    }

    /// The shape of a dataset, read from its header without reading its data.
    func shape(of name: String) throws -> Shape {
        Self.quiet()
        guard exists(name) else { throw SavingError.corrupt("\(path) has no dataset \(name)") }
        let dataset = H5Dopen2(id, name, nk_h5p_default())
        guard dataset >= 0 else { throw SavingError.corrupt("\(path): \(name) is not a dataset") }
        defer { H5Dclose(dataset) }
        return try shape(of: dataset, name: name)
    }

    private func shape(of dataset: hid_t, name: String) throws -> Shape {
        let space = H5Dget_space(dataset)
        guard space >= 0 else { throw SavingError.corrupt("\(path): dataset \(name) has no readable shape") }
        defer { H5Sclose(space) }
        let rank = Int(H5Sget_simple_extent_ndims(space))
        guard rank >= 0 && rank <= 8 else { throw SavingError.corrupt("\(path): dataset \(name) has an invalid rank") }
        var dims = [hsize_t](repeating: 0, count: rank)
        H5Sget_simple_extent_dims(space, &dims, nil)
        guard dims.allSatisfy({ $0 <= hsize_t(Int32.max) }) else { throw SavingError.corrupt("\(path): dataset \(name) claims an absurd shape") }
        return Shape(dims.map { Int($0) })
    }

    /// Reads a numeric dataset as float32. With `expecting`, a dataset of another shape is an error
    /// found before anything is allocated; without, absurd sizes are refused.
    func read(_ name: String, expecting expected: Shape? = nil, maximumElements: Int = 1 << 28) throws -> Tensor {
        Self.quiet()
        guard exists(name) else { throw SavingError.corrupt("\(path) has no dataset \(name)") }
        let dataset = H5Dopen2(id, name, nk_h5p_default())
        guard dataset >= 0 else { throw SavingError.corrupt("\(path): \(name) is not a dataset") }
        defer { H5Dclose(dataset) }
        let shape = try shape(of: dataset, name: name)
        if let expected, expected != shape {
            throw SavingError.mismatch("\(path): \(name) holds a weight of shape \(shape), but the model's has shape \(expected); "
                + "is the file from a model of the same architecture?")
        }
        let count = shape.dimensions.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
        guard count <= maximumElements else {
            throw SavingError.corrupt("\(path): dataset \(name) claims \(shape) elements, more than a weight can have")
        }
        var scalars = [Float](repeating: 0, count: count)
        let status = scalars.withUnsafeMutableBufferPointer { H5Dread(dataset, nk_h5t_native_float(), nk_h5s_all(), nk_h5s_all(), nk_h5p_default(), $0.baseAddress) }
        guard status >= 0 else { throw SavingError.corrupt("\(path): cannot read dataset \(name) as numbers (truncated or corrupt file?)") }
        return try Tensor(scalars, shape: shape)
    }

    /// The names of a group's members, in name order.
    func members(of group: String) throws -> [String] {
        Self.quiet()
        guard exists(group) else { return [] }
        var names: [String] = []
        let handle = H5Gopen2(id, group, nk_h5p_default())
        guard handle >= 0 else { throw SavingError.corrupt("\(path): \(group) is not a group") }
        defer { H5Gclose(handle) }
        var info = H5G_info_t()
        H5Gget_info(handle, &info)
        for index in 0..<info.nlinks {
            let length = H5Lget_name_by_idx(handle, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, nk_h5p_default())
            guard length >= 0 && length < 4096 else { continue }
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            H5Lget_name_by_idx(handle, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, Int(length) + 1, nk_h5p_default())
            names.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return names
    }

    /// Sets a string attribute (fixed-length, UTF-8) on an object.
    func setAttribute(_ name: String, _ value: String, on object: String) throws {
        let type = H5Tcopy(nk_h5t_c_s1())
        defer { H5Tclose(type) }
        let bytes = Array(value.utf8)
        H5Tset_size(type, Swift.max(bytes.count, 1))
        H5Tset_cset(type, H5T_CSET_UTF8)
        let space = H5Screate(H5S_SCALAR)
        defer { H5Sclose(space) }
        let attribute = H5Acreate_by_name(id, object, name, type, space, nk_h5p_default(), nk_h5p_default(), nk_h5p_default())
        guard attribute >= 0 else { throw SavingError.io("cannot set attribute \(name) on \(object) in \(path)") }
        defer { H5Aclose(attribute) }
        let padded = bytes.isEmpty ? [UInt8(0)] : bytes
        guard H5Awrite(attribute, type, padded) >= 0 else { throw SavingError.io("cannot write attribute \(name) in \(path)") }
    }
}

/// Why a model or its weights could not be saved or loaded.
public enum SavingError: Error, Equatable, CustomStringConvertible {
    case io(String)
    case corrupt(String)
    case mismatch(String)

    public var description: String {
        switch self {
        case let .io(message), let .corrupt(message), let .mismatch(message): message
        }
    }
}
