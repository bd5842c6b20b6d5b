import Foundation
import Testing

@testable import Tensors

@Suite(.serialized) struct BLASTests {
    @Test func reportsItsCoreAndThreads() throws {
        let configuration = BLAS.configuration
        #expect(!configuration.core.isEmpty)
        #expect(configuration.threads >= 1)
        #expect("\(configuration)".contains(configuration.core))
    }

    /// Changing the count happens in a child process (`neuralkit info --threads 2`, in the CLI tests):
    /// here, other suites multiply matrices in parallel, and OpenBLAS must not change its threads under them.
    @Test func threadCountIsChecked() throws {
        guard OpenBLASLibrary.shared != nil else { return }
        let before = BLAS.configuration.threads
        try BLAS.setThreads(before)
        #expect(BLAS.configuration.threads == before)
        #expect(throws: TensorError.self) { try BLAS.setThreads(0) }
    }

    @Test func kernelsAreChosenByInstructionSet() {
        func cpu(_ vendor: String, _ flags: String) -> CPUFeatures {
            CPUFeatures(cpuinfo: "processor\t: 0\nvendor_id\t: \(vendor)\nflags\t\t: \(flags)\n")
        }
        let avx512 = "sse sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl"
        #expect(cpu("GenuineIntel", avx512).openBLASCoreType == "SkylakeX")
        #expect(cpu("GenuineIntel", "sse avx avx2 fma").openBLASCoreType == "Haswell")
        #expect(cpu("AuthenticAMD", "sse avx avx2 fma").openBLASCoreType == "Zen")
        #expect(cpu("GenuineIntel", "sse sse2 avx").openBLASCoreType == "Sandybridge")
        #expect(cpu("GenuineIntel", "sse sse2").openBLASCoreType == nil)
        #expect(CPUFeatures(cpuinfo: "").openBLASCoreType == nil)
    }

    @Test func theProcessorsOwnKernelsAreInUse() {
        // With no OPENBLAS_CORETYPE, OpenBLAS must not be left on its generic kernels on a CPU with AVX.
        guard OpenBLASLibrary.shared != nil, let expected = CPUFeatures.current().openBLASCoreType,
            ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil
        else { return }
        #expect(BLAS.configuration.core.lowercased() == expected.lowercased())
    }
}
