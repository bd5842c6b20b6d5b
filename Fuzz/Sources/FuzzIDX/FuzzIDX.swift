import Datasets
import Foundation
import FuzzFiles
import FuzzMain
import Training

/// IDX bytes, decoded whole and read in place as a data source (images with themselves as labels).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    _ = try? IDX.decode(bytes, name: "fuzz.idx")
    let path = FuzzFiles.write(bytes, "fuzz.idx")
    if let source = try? IDXFileSource(images: path), source.sampleCount > 0 {
        _ = try? source.batch(at: [0, source.sampleCount - 1])
        _ = try? source.batch(in: 0..<min(source.sampleCount, 4))
    }
    return 0
}

@_cdecl("FuzzIDX_main")
func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt { nk_fuzz_main(argc, argv) }
