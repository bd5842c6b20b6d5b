import Foundation
import FuzzFiles
import FuzzMain
import Models
import Tensors

/// A `.keras` file (or a legacy .h5): the zip, its entries and CRCs, the config, the HDF5 weights. Any
/// thrown error is fine; a crash, a hang, a sanitizer report or an allocation beyond the budget is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    let path = FuzzFiles.write(bytes, "fuzz.keras")
    if let model = try? Model.load(from: path), let shape = model.builtInputShape, shape.elementCount <= 4096 {
        _ = try? model.predict(try Tensor.zeros(Shape([1] + shape.dimensions)))
    }
    return 0
}

@_cdecl("FuzzKerasFile_main")
func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt { nk_fuzz_main(argc, argv) }
