import CHDF5
import Foundation
import Tensors

/// A small, safe view of an HDF5 file: groups, float datasets and string attributes, the subset that
/// Keras's weight files use. Files live in memory (HDF5's core driver): a written file becomes bytes
/// for an atomic write or a zip entry, and a read file comes from bytes already checked, so no
/// temporary file is ever made. Every failure is a thrown error that names `name`, the user's file;
/// HDF5's own error printing is turned off. Only what Keras writes is read: hard links, and datasets
/// stored contiguously or compactly inside the file (no external files, links or virtual datasets).
final class HDF5File {
    let id: hid_t
    /// The file as the user knows it, for messages: `m.keras (model.weights.h5)`.
    let name: String
    private var isClosed = false

    private static let setup: Void = { H5open() }()

    /// The eight bytes every HDF5 file starts with.
    static let signature = Data([0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A])

    /// Turns off HDF5's printing of error stacks, which is a per-thread setting in thread-safe builds:
    /// called on the thread of every operation that can fail on a corrupt file.
    private static func quiet() { H5Eset_auto2(nk_h5e_default(), nil, nil) }

    /// A new, empty file in memory, whose objects record no times (the same weights give the same bytes).
    init(creatingInMemory name: String) throws {
        _ = Self.setup
        Self.quiet()
        self.name = name
        let fapl = nk_h5_memory_fapl(nil, 0), fcpl = nk_h5_untimed(nk_h5p_file_create())
        defer {
            H5Pclose(fapl)
            H5Pclose(fcpl)
        }
        guard fapl >= 0, fcpl >= 0 else { throw SavingError.io("cannot set up an HDF5 file in memory for \(name)") }
        // HDF5 knows open files by name, in memory too: each gets its own.
        id = H5Fcreate("neuralkit-\(UUID().uuidString)", nk_h5f_acc_trunc(), fcpl, fapl)
        guard id >= 0 else { throw SavingError.io("cannot create the HDF5 weights of \(name) in memory") }
    }

    /// Opens the bytes of an HDF5 file, read-only.
    init(image: Data, name: String) throws {
        _ = Self.setup
        Self.quiet()
        self.name = name
        guard image.prefix(8) == Self.signature else {
            throw SavingError.corrupt("\(name) is not an HDF5 file (or it is truncated)")
        }
        let fapl = image.withUnsafeBytes { nk_h5_memory_fapl($0.baseAddress, $0.count) }
        defer { H5Pclose(fapl) }
        guard fapl >= 0 else { throw SavingError.io("cannot hold \(name) in memory (\(image.count) bytes)") }
        id = H5Fopen("neuralkit-\(UUID().uuidString)", nk_h5f_acc_rdonly(), fapl)
        guard id >= 0 else { throw SavingError.corrupt("cannot open the HDF5 file \(name); it may be truncated or corrupt") }
    }

    /// Opens an HDF5 file on disk, read-only, by reading its bytes (at most `limit`).
    convenience init(reading path: String, limit: Int = 8 << 30) throws {
        try self.init(image: try Self.contents(of: path, limit: limit), name: path)
    }

    deinit { if !isClosed { H5Fclose(id) } }

    /// The file's bytes, everything flushed.
    func image() throws -> Data {
        guard H5Fflush(id, H5F_SCOPE_GLOBAL) >= 0 else { throw SavingError.io("cannot finish the HDF5 weights of \(name)") }
        let size = H5Fget_file_image(id, nil, 0)
        guard size > 0 else { throw SavingError.io("cannot read back the HDF5 weights of \(name)") }
        var data = Data(count: size)
        let copied = data.withUnsafeMutableBytes { H5Fget_file_image(id, $0.baseAddress, size) }
        guard copied == size else { throw SavingError.io("cannot read back the HDF5 weights of \(name)") }
        return data
    }

    /// Closes the file, reporting a failure (a write that never completed) instead of ignoring it.
    func close() throws {
        guard !isClosed else { return }
        isClosed = true
        guard H5Fclose(id) >= 0 else { throw SavingError.io("cannot finish the HDF5 weights of \(name)") }
    }

    /// A regular file's bytes, refusing directories, devices and files over `limit`.
    static func contents(of path: String, limit: Int) throws -> Data {
        var status = stat()
        guard stat(path, &status) == 0 else { throw SavingError.io("\(path): no such file") }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw SavingError.io("\(path) is not a regular file (a directory?); give the path of a weights file")
        }
        guard Int(status.st_size) <= limit else { throw SavingError.corrupt("\(path) is \(status.st_size) bytes, more than the \(limit) allowed") }
        guard let data = FileManager.default.contents(atPath: path) else { throw SavingError.io("cannot read \(path): permission denied?") }
        return data
    }

    /// Makes a group and any missing parents.
    func createGroup(_ group: String) throws {
        var prefix = ""
        for part in group.split(separator: "/") {
            prefix += "/" + part
            if try exists(prefix) { continue }
            let gcpl = nk_h5_untimed(nk_h5p_group_create())
            defer { H5Pclose(gcpl) }
            let handle = H5Gcreate2(id, prefix, nk_h5p_default(), gcpl, nk_h5p_default())
            guard handle >= 0 else { throw SavingError.io("cannot create group \(prefix) in \(name)") }
            H5Gclose(handle)
        }
    }

    /// Whether every part of the path exists; a part that is not a hard link (an external or soft
    /// link, which Keras never writes and which could reach other files) is refused.
    func exists(_ object: String) throws -> Bool {
        var prefix = ""
        for part in object.split(separator: "/") {
            prefix += "/" + part
            guard H5Lexists(id, prefix, nk_h5p_default()) > 0 else { return false }
            guard nk_h5_link_is_hard(id, prefix) == 1 else {
                throw SavingError.corrupt("\(name): \(prefix) is an external or soft link, which Keras never writes; refusing to follow it")
            }
        }
        return true
    }

    /// Writes a float32 dataset of the tensor's shape.
    func write(_ tensor: Tensor, at name: String) throws {
        try tensor.scalars.withUnsafeBufferPointer { try writeDataset(name, shape: tensor.shape, type: nk_h5t_native_float(), data: $0.baseAddress) }
    }

    /// Writes an int8 dataset of the tensor's shape from whole numbers in −128…127 (Keras's int8 kernels).
    func writeInt8(_ tensor: Tensor, at name: String) throws {
        let bytes = tensor.scalars.map { Int8(clamping: Int($0.rounded(.toNearestOrEven))) }
        try bytes.withUnsafeBufferPointer { try writeDataset(name, shape: tensor.shape, type: nk_h5t_native_int8(), data: $0.baseAddress) }
    }

    private func writeDataset(_ name: String, shape: Shape, type: hid_t, data: UnsafeRawPointer?) throws {
        let dims = shape.dimensions.map { hsize_t($0) }
        let space = dims.isEmpty ? H5Screate(H5S_SCALAR) : H5Screate_simple(Int32(dims.count), dims, nil)
        defer { H5Sclose(space) }
        let dcpl = nk_h5_untimed(nk_h5p_dataset_create())
        defer { H5Pclose(dcpl) }
        let dataset = H5Dcreate2(id, name, type, space, nk_h5p_default(), dcpl, nk_h5p_default())
        guard dataset >= 0 else { throw SavingError.io("cannot create dataset \(name) in \(self.name)") }
        defer { H5Dclose(dataset) }
        guard H5Dwrite(dataset, type, nk_h5s_all(), nk_h5s_all(), nk_h5p_default(), data) >= 0 else {
            throw SavingError.io("cannot write dataset \(name) in \(self.name)")
        }
    }

    /// Writes a scalar int32 dataset (Keras's optimizer iteration count).
    func writeScalar(_ value: Int32, at name: String) throws {
        var copy = value
        try writeDataset(name, shape: [], type: nk_h5t_native_int32(), data: &copy)
    }

    /// The shape of a dataset, read from its header without reading its data.
    func shape(of name: String) throws -> Shape {
        Self.quiet()
        guard try exists(name) else { throw SavingError.corrupt("\(self.name) has no dataset \(name)") }
        let dataset = H5Dopen2(id, name, nk_h5p_default())
        guard dataset >= 0 else { throw SavingError.corrupt("\(self.name): \(name) is not a dataset") }
        defer { H5Dclose(dataset) }
        return try shape(of: dataset, name: name)
    }

    private func shape(of dataset: hid_t, name: String) throws -> Shape {
        let space = H5Dget_space(dataset)
        guard space >= 0 else { throw SavingError.corrupt("\(self.name): dataset \(name) has no readable shape") }
        defer { H5Sclose(space) }
        let rank = Int(H5Sget_simple_extent_ndims(space))
        guard rank >= 0 && rank <= 8 else { throw SavingError.corrupt("\(self.name): dataset \(name) has an invalid rank") }
        var dims = [hsize_t](repeating: 0, count: rank)
        H5Sget_simple_extent_dims(space, &dims, nil)
        guard dims.allSatisfy({ $0 <= hsize_t(Int32.max) }) else { throw SavingError.corrupt("\(self.name): dataset \(name) claims an absurd shape") }
        return Shape(dims.map { Int($0) })
    }

    /// Reads a numeric dataset as float32. With `expecting`, a dataset of another shape is an error
    /// found before anything is allocated; without, absurd sizes are refused.
    func read(_ name: String, expecting expected: Shape? = nil, maximumElements: Int = 1 << 28) throws -> Tensor {
        Self.quiet()
        guard try exists(name) else { throw SavingError.corrupt("\(self.name) has no dataset \(name)") }
        let dataset = H5Dopen2(id, name, nk_h5p_default())
        guard dataset >= 0 else { throw SavingError.corrupt("\(self.name): \(name) is not a dataset") }
        defer { H5Dclose(dataset) }
        guard nk_h5_dataset_storage_is_plain(dataset) == 1 else {
            throw SavingError.corrupt(
                "\(self.name): \(name) keeps its data outside the file or in a layout Keras never writes "
                    + "(external storage, a virtual dataset or chunks); refusing to read it")
        }
        let shape = try shape(of: dataset, name: name)
        if let expected, expected != shape {
            throw SavingError.mismatch(
                "\(self.name): \(name) holds a weight of shape \(shape), but the model's has shape \(expected); "
                    + "is the file from a model of the same architecture?")
        }
        let count = shape.dimensions.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
        guard count <= maximumElements else {
            throw SavingError.corrupt("\(self.name): dataset \(name) claims \(shape) elements, more than a weight can have")
        }
        var scalars = [Float](repeating: 0, count: count)
        let status = scalars.withUnsafeMutableBufferPointer {
            H5Dread(dataset, nk_h5t_native_float(), nk_h5s_all(), nk_h5s_all(), nk_h5p_default(), $0.baseAddress)
        }
        guard status >= 0 else { throw SavingError.corrupt("\(self.name): cannot read dataset \(name) as numbers (truncated or corrupt file?)") }
        return try Tensor(scalars, shape: shape)
    }

    /// The names of a group's members, in name order.
    func members(of group: String) throws -> [String] {
        Self.quiet()
        guard try exists(group) else { return [] }
        var names: [String] = []
        let handle = H5Gopen2(id, group, nk_h5p_default())
        guard handle >= 0 else { throw SavingError.corrupt("\(self.name): \(group) is not a group") }
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

    /// The strings of a text attribute (one for a scalar, several for an array, none for an empty
    /// array), as h5py and Keras 2 write them; nil when the object has no such attribute.
    func strings(_ attribute: String, of object: String = "/") throws -> [String]? {
        Self.quiet()
        if object != "/" { guard try exists(object) else { return nil } }
        var buffer: UnsafeMutablePointer<CChar>?
        var length = 0
        let count = nk_h5_read_strings(id, object, attribute, &buffer, &length)
        defer { free(buffer) }
        guard count >= 0 else {
            guard H5Aexists_by_name(id, object, attribute, nk_h5p_default()) > 0 else { return nil }
            throw SavingError.corrupt("\(name): attribute \(attribute) of \(object) is not text, or is too large")
        }
        guard let buffer, count > 0 else { return [] }
        let bytes = UnsafeRawBufferPointer(start: buffer, count: length)
        return bytes.split(separator: 0, omittingEmptySubsequences: false).prefix(count).map { String(decoding: $0, as: UTF8.self) }
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
        guard attribute >= 0 else { throw SavingError.io("cannot set attribute \(name) on \(object) in \(self.name)") }
        defer { H5Aclose(attribute) }
        let padded = bytes.isEmpty ? [UInt8(0)] : bytes
        guard H5Awrite(attribute, type, padded) >= 0 else { throw SavingError.io("cannot write attribute \(name) in \(self.name)") }
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
