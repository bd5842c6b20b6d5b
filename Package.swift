// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "NeuralKit",
    // MARK: - Public API
    products: [
        .library(name: "Tensors", targets: ["Tensors"]),
        .executable(name: "neuralkit-benchmarks", targets: ["NeuralKitBenchmarks"]),
    ],
    targets: [
        // MARK: - Implementation details
        // OpenBLAS's CBLAS header (Debian `libopenblas-dev`). No `link` line on purpose: `Tensors`
        // loads the library at run time, after choosing its CPU kernels (see BLAS+Loading.swift).
        .systemLibrary(
            name: "COpenBLAS",
            path: "Sources/COpenBLAS",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(name: "Tensors", dependencies: ["COpenBLAS"]),

        // MARK: - Benchmarks
        .executableTarget(
            name: "NeuralKitBenchmarks",
            dependencies: ["Tensors"],
            path: "Benchmarks/NeuralKitBenchmarks"
        ),

        // MARK: - Tests
        .target(name: "TestSupport", dependencies: ["Tensors"], path: "Tests/TestSupport"),
        .testTarget(
            name: "TensorsTests",
            dependencies: ["Tensors", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
