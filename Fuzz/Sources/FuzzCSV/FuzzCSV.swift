import Datasets
import Foundation
import FuzzMain

/// libFuzzer's entry: CSV text, parsed strictly and turned into a data set; any thrown error is fine,
/// a crash, a hang or a sanitizer report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    guard let text = String(data: bytes, encoding: .utf8) else { return 0 }
    if let file = try? CSVFile(text: text, name: "fuzz.csv"), let target = file.header.last {
        _ = try? file.dataset(target: target, name: "fuzz.csv")
        _ = try? file.featureMatrix(name: "fuzz.csv")
    }
    return 0
}

@_cdecl("FuzzCSV_main")
func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt { nk_fuzz_main(argc, argv) }
