import COpenBLAS
import Foundation

/// OpenBLAS, opened with `dlopen` so that its kernels can be chosen before it initialises (it reads
/// `OPENBLAS_CORETYPE` once, as it loads).
struct OpenBLASLibrary: @unchecked Sendable {
    typealias Sgemm =
        @convention(c) (
            CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, Int32, Int32, Int32, Float,
            UnsafePointer<Float>?, Int32, UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32
        ) -> Void

    typealias Sgemv =
        @convention(c) (
            CBLAS_ORDER, CBLAS_TRANSPOSE, Int32, Int32, Float, UnsafePointer<Float>?, Int32, UnsafePointer<Float>?, Int32,
            Float, UnsafeMutablePointer<Float>?, Int32
        ) -> Void

    let sgemm: Sgemm
    let sgemv: Sgemv
    let setThreads: @convention(c) (Int32) -> Void
    let getThreads: @convention(c) () -> Int32
    let coreName: String
    let coreChoice: String
    let buildDescription: String

    /// The result of opening the library, once per process (Swift runs a static's initialiser once).
    static let loaded: (library: OpenBLASLibrary?, failure: String) = open()
    /// The loaded library, or `nil` when none could be opened.
    static var shared: OpenBLASLibrary? { loaded.library }
    static var loadFailure: String { loaded.failure }

    private static func open() -> (library: OpenBLASLibrary?, failure: String) {
        var coreChoice = "detected by OpenBLAS"
        var chosenCore: String?
        if let requested = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"], !requested.isEmpty {
            coreChoice = "OPENBLAS_CORETYPE=\(requested)"
        } else if let core = CPUFeatures.current().openBLASCoreType {
            chosenCore = core
            coreChoice = "chosen by NeuralKit from the CPU's instruction set"
            setenv("OPENBLAS_CORETYPE", core, 1)
        }
        defer { if chosenCore != nil { unsetenv("OPENBLAS_CORETYPE") } }

        let names = ["libopenblas.so.0", "libopenblas.so", "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0"]
        guard let handle = names.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first else {
            return (nil, "could not open libopenblas.so.0: " + (dlerror().map { String(cString: $0) } ?? "not found"))
        }
        func symbol<T>(_ name: String, as type: T.Type) -> T? {
            dlsym(handle, name).map { unsafeBitCast($0, to: type) }
        }
        guard let sgemm = symbol("cblas_sgemm", as: Sgemm.self), let sgemv = symbol("cblas_sgemv", as: Sgemv.self),
            let setThreads = symbol("openblas_set_num_threads", as: (@convention(c) (Int32) -> Void).self),
            let getThreads = symbol("openblas_get_num_threads", as: (@convention(c) () -> Int32).self),
            let coreName = symbol("openblas_get_corename", as: (@convention(c) () -> UnsafeMutablePointer<CChar>?).self),
            let config = symbol("openblas_get_config", as: (@convention(c) () -> UnsafeMutablePointer<CChar>?).self)
        else {
            return (nil, "the library that was opened lacks OpenBLAS's functions")
        }
        let environment = ProcessInfo.processInfo.environment
        if environment["OPENBLAS_NUM_THREADS"] == nil && environment["OMP_NUM_THREADS"] == nil {
            setThreads(1)
        }
        let library = OpenBLASLibrary(
            sgemm: sgemm, sgemv: sgemv, setThreads: setThreads, getThreads: getThreads,
            coreName: coreName().map { String(cString: $0) } ?? "unknown",
            coreChoice: coreChoice,
            buildDescription: config().map { String(cString: $0) } ?? "OpenBLAS")
        return (library, "")
    }
}
