import Foundation
import Layers
import Models
import Tensors
import Testing

/// Models of thousands of layers: every walk over the graph is iterative (no deep recursion) and
/// linear, and names stay Keras's.
@Suite struct DeepModelTests {
    @Test func aModelOfThousandsOfLayersBuildsSavesAndLoads() throws {
        let count = 1_500
        let model = try Sequential((0..<count).map { _ in Dense(units: 2) }, seed: 1)
        try model.build(inputShape: [2])
        #expect(model.layers.first?.name == "dense" && model.layers.last?.name == "dense_\(count - 1)")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("deep-\(UUID().uuidString).keras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try Model.load(from: path)
        #expect(loaded.layers.count == count)
        let x = try Tensor([[0.5, -0.25]])
        #expect(try loaded.predict(x).scalars == model.predict(x).scalars)
    }

    @Test func poppingAndAddingKeepsNamesUnique() throws {
        let model = try Sequential([Dense(units: 2), Dense(units: 2), Dense(units: 2)])
        try model.pop()
        try model.add(Dense(units: 3))
        try model.add(Dense(units: 3, name: "dense_1x"))
        let names = model.layers.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(throws: ModelError.self) { try model.add(Dense(units: 1, name: "dense")) }
    }
}
