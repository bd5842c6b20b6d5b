import Foundation
import Serialization
import Tensors

/// The values Keras 3 computed for activations, losses, metrics, optimizer steps and training steps
/// (`tools/make_keras_fixtures.py` writes `Tests/ModelsTests/Fixtures/keras_values.json`), shared by the
/// test targets of Layers, Training and Models.
public enum KerasFixtures {
    public struct Encoded: Decodable, Sendable {
        public let shape: [Int]
        public let values: [Float]
        /// The values as a tensor (a fixture's shapes and value counts agree; a mismatch is a broken fixture).
        public var tensor: Tensor { (try? Tensor(values, shape: Shape(shape))) ?? Tensor(Float.nan) }
    }
    public struct LossCase: Decodable, Sendable {
        public let name: String
        public let config: JSONValue
        public let y_true: Encoded, y_pred: Encoded
        public let sample_weight: Encoded?
        public let value: Float
    }
    public struct MetricCase: Decodable, Sendable {
        public let name: String
        public let y_true: Encoded
        public let y_pred: Encoded
        public let value: Float
    }
    public struct OptimizerCase: Decodable, Sendable {
        public let name: String
        public let w0: Encoded
        public let grads: [Encoded]
        public let w: Encoded
    }
    public struct TrainingStep: Decodable, Sendable {
        public let x: Encoded, y: Encoded
        public let initial: [Encoded], after: [Encoded]
        public let loss: Float, accuracy: Float
    }
    public struct WideDeep: Decodable, Sendable {
        public let wide: Encoded, deep: Encoded, target: Encoded
        public let initial: [String: [Encoded]], after: [String: [Encoded]]
        public let history: [String: [Float]]
    }
    public struct KerasWeights: Decodable, Sendable {
        public let x: Encoded
        public let predictions: Encoded
        public let classifier_predictions: Encoded
    }
    public struct Fixtures: Decodable, Sendable {
        public let x: Encoded
        public let activations: [String: Encoded]
        public let losses: [LossCase]
        public let metrics: [MetricCase]
        public let optimizers: [OptimizerCase]
        public let training_step: TrainingStep
        public let wide_deep: WideDeep
        public let keras_weights: KerasWeights
    }

    /// The fixture file, read once.
    public static let values: Fixtures = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ModelsTests/Fixtures/keras_values.json")
        do { return try JSONDecoder().decode(Fixtures.self, from: Data(contentsOf: url)) } catch {
            preconditionFailure("the Keras fixture \(url.path) cannot be read: \(error); run tools/make_keras_fixtures.py")
        }
    }()
}
