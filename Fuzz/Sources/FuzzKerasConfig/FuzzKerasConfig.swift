import Foundation
import FuzzMain
import Models
import Serialization
import Tensors

/// A model's `config.json`: any JSON, rebuilt into a model under an allocation budget of 10⁶ weights.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes: data, count: size)) else { return 0 }
    let budget = AllocationBudget(elements: 1_000_000, reason: "the fuzzer's budget")
    _ = try? AllocationBudget.$current.withValue(budget) {
        let model = try Model.fromKerasConfig(json)
        _ = try? model.kerasModelConfig()
    }
    return 0
}

@_cdecl("FuzzKerasConfig_main")
func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt { nk_fuzz_main(argc, argv) }
