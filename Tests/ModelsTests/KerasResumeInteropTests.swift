import Foundation
import Layers
import Models
import Tensors
import TestSupport
import Testing
import Training

/// Keras opens a NeuralKit model saved mid-training, optimizer state included, and its Adam slots are ours.
@Suite struct KerasResumeInteropTests {
    @Test func kerasReadsTheOptimizerState() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("adam-\(UUID().uuidString).keras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try Sequential([Dense(units: 4, activation: .relu, inputShape: [3]), Dense(units: 2, activation: .softmax)], seed: 2)
        model.compile(loss: .sparseCategoricalCrossentropy, optimizer: Adam(learningRate: 0.01), metrics: [.accuracy])
        try model.fit(sample([8, 3], seed: 1), Tensor((0..<8).map { Float($0 % 2) }), batchSize: 4, epochs: 2, verbose: .silent)
        try model.save(to: path)
        let script = """
            m = keras.models.load_model(sys.argv[1])
            variables = m.optimizer.variables  # iteration, learning_rate, then (momentum, velocity) per weight
            print(json.dumps({"iterations": int(m.optimizer.iterations), "momentum": np.asarray(variables[2]).reshape(-1).tolist(),
                              "paths": [v.path for v in variables]}))
            """
        guard let line = try runKerasScript(script, [path]) else { return }
        struct Result: Decodable {
            let iterations: Int
            let momentum: [Float]
            let paths: [String]
        }
        let result = try JSONDecoder().decode(Result.self, from: Data(line.utf8))
        #expect(result.iterations == 4)
        #expect(result.paths.count == 10 && result.paths[2].hasSuffix("kernel_momentum"), "\(result.paths)")
        let kernel = model.layers[0].weights[0]
        expectClose(result.momentum, model.optimizer!.slotValues(of: kernel)!["momentum"]!, tolerance: 1e-7)
    }

    @Test func kerasReadsNadamsMomentumProduct() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nadam-\(UUID().uuidString).keras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try Sequential([Dense(units: 3, inputShape: [2]), Dense(units: 1)], seed: 4)
        let nadam = Nadam(learningRate: 0.01)
        model.compile(loss: .meanSquaredError, optimizer: nadam)
        try model.fit(sample([6, 2], seed: 1), sample([6, 1], seed: 2), batchSize: 2, epochs: 2, verbose: .silent)
        try model.save(to: path)
        let script = """
            m = keras.models.load_model(sys.argv[1])
            print(json.dumps({"count": len(m.optimizer.variables), "u_product": float(np.asarray(m.optimizer.variables[-1]))}))
            """
        guard let line = try runKerasScript(script, [path]) else { return }
        struct Result: Decodable {
            let count: Int
            let u_product: Float
        }
        let result = try JSONDecoder().decode(Result.self, from: Data(line.utf8))
        #expect(result.count == 2 + 4 * 2 + 1)
        expectClose([result.u_product], [nadam.momentumProduct], tolerance: 1e-7)
        #expect(nadam.momentumProduct < 0.5)
    }

    /// With useEMA, Keras finds the moving averages where its base optimizer keeps them: after the step count
    /// and the learning rate, before the slots.
    @Test func kerasReadsTheMovingAverages() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ema-\(UUID().uuidString).keras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try Sequential([Dense(units: 3, inputShape: [2]), Dense(units: 1)], seed: 4)
        let adam = Adam(learningRate: 0.01)
        adam.useEMA = true
        adam.emaMomentum = 0.9
        model.compile(loss: .meanSquaredError, optimizer: adam)
        for _ in 0..<5 { try model.trainOnBatch(sample([6, 2], seed: 1), sample([6, 1], seed: 2)) }
        try model.save(to: path)
        let reloaded = try Model.load(from: path)
        let kernel = model.layers[0].weights[0], reloadedKernel = reloaded.layers[0].weights[0]
        #expect(reloaded.optimizer?.useEMA == true && reloaded.optimizer?.average(of: reloadedKernel) == adam.average(of: kernel))
        let script = """
            m = keras.models.load_model(sys.argv[1])
            print(json.dumps({"use_ema": bool(m.optimizer.use_ema), "paths": [v.path for v in m.optimizer.variables],
                              "average": np.asarray(m.optimizer._model_variables_moving_average[0]).reshape(-1).tolist()}))
            """
        guard let line = try runKerasScript(script, [path]) else { return }
        struct Result: Decodable {
            let use_ema: Bool
            let paths: [String]
            let average: [Float]
        }
        let result = try JSONDecoder().decode(Result.self, from: Data(line.utf8))
        #expect(result.use_ema && result.paths.count == 2 + 4 + 4 * 2, "\(result.paths)")
        expectClose(result.average, adam.average(of: kernel) ?? [], tolerance: 1e-7)
    }

    /// Adafactor's factored statistics, gradient accumulators caught between updates, and a schedule (no
    /// learning-rate variable): Keras opens the file and its next steps are ours.
    @Test func kerasResumesAdafactorMidAccumulation() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("adafactor-\(UUID().uuidString).keras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try Sequential([Dense(units: 3, activation: .tanh, inputShape: [2]), Dense(units: 1)], seed: 4)
        let optimizer = Adafactor(learningRate: .exponentialDecay(initial: 0.05, decaySteps: 4, decayRate: 0.9))
        optimizer.gradientAccumulationSteps = 3
        model.compile(loss: .meanSquaredError, optimizer: optimizer)
        let x = try sample([6, 2], seed: 1), y = try sample([6, 1], seed: 2)
        for _ in 0..<5 { try model.trainOnBatch(x, y) }
        try model.save(to: path)
        let reloaded = try Model.load(from: path)
        let kernel = model.layers[0].weights[0], reloadedKernel = reloaded.layers[0].weights[0]
        #expect(reloaded.optimizer?.gradientAccumulationSteps == 3 && reloaded.optimizer?.iterations == 5)
        #expect(reloaded.optimizer?.accumulatedGradient(of: reloadedKernel) == optimizer.accumulatedGradient(of: kernel))
        #expect(optimizer.accumulatedGradient(of: kernel).contains { $0 != 0 }, "caught between updates")
        #expect(reloaded.optimizer?.slotValues(of: reloadedKernel) == optimizer.slotValues(of: kernel))
        for _ in 0..<4 { try model.trainOnBatch(x, y) }
        let script = """
            m = keras.models.load_model(sys.argv[1])
            data = json.loads(sys.argv[2])
            x = np.asarray(data["x"], dtype="float32").reshape(6, 2)
            y = np.asarray(data["y"], dtype="float32").reshape(6, 1)
            count = len(m.optimizer.variables)
            for _ in range(4):
                m.train_on_batch(x, y)
            print(json.dumps({"count": count, "iterations": int(m.optimizer._iterations.numpy()),
                              "weights": [np.asarray(w).reshape(-1).tolist() for w in m.get_weights()]}))
            """
        let data = #"{"x": \#(x.scalars), "y": \#(y.scalars)}"#
        guard let line = try runKerasScript(script, [path, data]) else { return }
        struct Result: Decodable {
            let count: Int
            let iterations: Int
            let weights: [[Float]]
        }
        let result = try JSONDecoder().decode(Result.self, from: Data(line.utf8))
        // iteration, then 4 accumulators, then Adafactor's r, c, v per weight (a bias's r and c are scalar
        // placeholders), and no learning-rate variable.
        #expect(result.count == 1 + 4 + 3 * 4 && result.iterations == 9)
        for (mine, theirs) in zip(model.getWeights(), result.weights) { expectClose(mine.scalars, theirs, tolerance: 1e-5) }
    }
}
