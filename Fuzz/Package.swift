// swift-tools-version: 6.1
// libFuzzer targets for NeuralKit's file readers; see tools/fuzz.sh (build with -sanitize=fuzzer,address).
import PackageDescription

let package = Package(
    name: "NeuralKitFuzz",
    dependencies: [.package(name: "NeuralKit", path: "..")],
    targets: [
        .target(name: "FuzzMain"),
        .target(name: "FuzzFiles"),
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzMain", .product(name: "Datasets", package: "NeuralKit")]),
        .executableTarget(
            name: "FuzzIDX",
            dependencies: ["FuzzMain", "FuzzFiles", .product(name: "Datasets", package: "NeuralKit"), .product(name: "Training", package: "NeuralKit")]),
        .executableTarget(
            name: "FuzzKerasFile",
            dependencies: ["FuzzMain", "FuzzFiles", .product(name: "Models", package: "NeuralKit"), .product(name: "Tensors", package: "NeuralKit")]),
        .executableTarget(
            name: "FuzzKerasConfig",
            dependencies: [
                "FuzzMain", .product(name: "Models", package: "NeuralKit"), .product(name: "Tensors", package: "NeuralKit"),
                .product(name: "Serialization", package: "NeuralKit"),
            ]),
        .executableTarget(
            name: "FuzzWeights",
            dependencies: [
                "FuzzMain", "FuzzFiles", .product(name: "Models", package: "NeuralKit"), .product(name: "Layers", package: "NeuralKit"),
                .product(name: "Tensors", package: "NeuralKit"),
            ]),
    ]
)
