import Foundation
import FuzzFiles
import FuzzMain
import Layers
import Models
import Tensors

/// A `.weights.h5` file for a small Sequential model (Dense(2) on 3 inputs): libhdf5 parses it, contained
/// by NeuralKit's checks (hard links, plain storage, shapes, finite values).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFiles.write(Data(bytes: data, count: size), "fuzz.weights.h5")
    if let model = try? Sequential([Dense(units: 2, inputShape: [3])], seed: 1) {
        _ = try? model.loadWeights(from: path)
    }
    return 0
}

@_cdecl("FuzzWeights_main")
func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt { nk_fuzz_main(argc, argv) }
