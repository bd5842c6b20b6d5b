// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "NeuralKit",
    // MARK: - Public API
    products: [
        .library(name: "NeuralKit", targets: ["NeuralKit"]),
        .library(name: "Serialization", targets: ["Serialization"]),
        .library(name: "Tensors", targets: ["Tensors"]),
        .library(name: "Datasets", targets: ["Datasets"]),
        .library(name: "LinearModels", targets: ["LinearModels"]),
        .library(name: "Training", targets: ["Training"]),
        .library(name: "Layers", targets: ["Layers"]),
        .library(name: "Models", targets: ["Models"]),
        .library(name: "ChapterModels", targets: ["ChapterModels"]),
        .library(name: "Plotting", targets: ["Plotting"]),
        .library(name: "TensorBoard", targets: ["TensorBoardModule"]),
        .library(name: "Tuning", targets: ["Tuning"]),
        .executable(name: "neuralkit", targets: ["neuralkit"]),
        .executable(name: "neuralkit-benchmarks", targets: ["NeuralKitBenchmarks"]),
        .executable(name: "chapter-benchmarks", targets: ["ChapterBenchmarks"]),
        .executable(name: "chapter10-examples", targets: ["Chapter10Examples"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
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
        .systemLibrary(name: "CGzip", path: "Sources/CGzip", providers: [.apt(["zlib1g-dev"])]),
        // SHA-256 of downloaded data sets from the system's OpenSSL (a 73 s BoringSSL build saved).
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CHDF5", path: "Sources/CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        // The study database of a hyperparameter search, through the system's SQLite (Debian `libsqlite3-dev`).
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // Cairo draws the figures: PNG, SVG and PDF with anti-aliased lines and real fonts.
        .systemLibrary(name: "CCairo", path: "Sources/CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        // The one hand-written kernel: a row times a matrix, skipping the row's zeros (AVX2 chosen at run time).
        .target(name: "CKernels"),
        // Removes temporary files when the process is interrupted (an async-signal-safe handler).
        .target(name: "CCleanup"),
        // Keras configs: JSON values, the serializable protocols and the one registry of classes.
        .target(name: "Serialization"),
        .target(name: "Tensors", dependencies: ["COpenBLAS", "CKernels", "Serialization"]),
        .target(
            name: "Datasets",
            dependencies: ["Tensors", "Training", "CGzip", "CCrypto"],
            resources: [.copy("Resources")]
        ),
        .target(name: "LinearModels", dependencies: ["Tensors"]),
        .target(name: "Training", dependencies: ["Tensors", "Serialization"]),
        .target(name: "Layers", dependencies: ["Tensors", "Serialization"]),
        .target(
            name: "Models",
            dependencies: ["Tensors", "Serialization", "Layers", "Training", "CHDF5", "CCleanup", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),

        // Learning curves and the learning-rate finder's figure, drawn with Cairo.
        .target(name: "Plotting", dependencies: ["Models", "CCairo"]),
        // TensorBoard event files without TensorFlow: the Keras callback, a summary writer and a reader. The
        // module is not named after its `TensorBoard` callback (as ComplexModule is not named `Complex`);
        // the messages are Swift generated from the .proto files beside them (tools/generate-protos.sh).
        .target(
            name: "TensorBoardModule",
            dependencies: ["Tensors", "Serialization", "Models", "CGzip", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: [
                "Protos/event.proto", "Protos/histogram.proto", "Protos/summary.proto", "Protos/tensor.proto", "Protos/tensor_shape.proto",
                "Protos/types.proto",
            ]
        ),

        // Hyperparameter search with Keras Tuner's tuners, in a resumable SQLite study shared by worker processes.
        .target(name: "Tuning", dependencies: ["Tensors", "Models", "Training", "Layers", "CSQLite"]),

        // The umbrella: `import NeuralKit` re-exports every library below.
        .target(
            name: "NeuralKit",
            dependencies: ["Serialization", "Tensors", "Datasets", "LinearModels", "Layers", "Training", "Models", "Plotting", "TensorBoardModule", "Tuning"]
        ),

        // The chapter's example networks, shared by the tool, the examples and the tests.
        .target(name: "ChapterModels", dependencies: ["Datasets", "Layers", "Models", "Tensors", "Serialization"]),

        // MARK: - Command-line tool
        .executableTarget(
            name: "neuralkit",
            dependencies: [
                "Tensors", "Serialization", "Datasets", "LinearModels", "Layers", "Training", "Models", "ChapterModels", "Plotting", "TensorBoardModule",
                "Tuning", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Benchmarks
        .executableTarget(
            name: "NeuralKitBenchmarks",
            dependencies: ["Tensors"],
            path: "Benchmarks/NeuralKitBenchmarks"
        ),

        .executableTarget(
            name: "ChapterBenchmarks",
            dependencies: ["Tensors", "Datasets", "Layers", "Training", "Models", "TensorBoardModule", "Plotting", "CAllocationCounter"],
            path: "Benchmarks/ChapterBenchmarks"
        ),

        // MARK: - Examples
        .executableTarget(
            name: "Chapter10Examples",
            dependencies: ["Tensors", "Datasets", "Layers", "Training", "Models", "ChapterModels", "Plotting"],
            path: "Examples/Chapter10"
        ),

        // MARK: - Tests
        .target(name: "TestSupport", dependencies: ["Tensors", "Serialization"], path: "Tests/TestSupport"),
        // Test-only: counts heap allocations (the test binary's own malloc over glibc's).
        .target(name: "CAllocationCounter", path: "Tests/CAllocationCounter"),
        .testTarget(name: "NeuralKitTests", dependencies: ["NeuralKit"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "TestSupport", "Training"]),
        .testTarget(name: "LayersTests", dependencies: ["Layers", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting", "Models", "CCairo", "TestSupport"]),
        .testTarget(
            name: "ModelsTests",
            dependencies: ["Models", "Layers", "Training", "Datasets", "ChapterModels", "TestSupport", "ZIPFoundation", "Serialization", "CAllocationCounter"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "LinearModelsTests", dependencies: ["LinearModels", "Datasets", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "TuningTests", dependencies: ["Tuning", "Models", "Layers", "Training", "Tensors", "Datasets", "TestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "TensorBoardTests", dependencies: ["TensorBoardModule", "Models", "Layers", "Training", "Tensors", "CGzip", "TestSupport"]),
        .testTarget(
            name: "NeuralKitCLITests", dependencies: ["TestSupport", "Datasets", "Models", "Layers", "Tensors", "Tuning"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "TensorsTests",
            dependencies: ["Tensors", "CKernels", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
