import ArgumentParser
import Datasets
import Foundation
import LinearModels

struct PerceptronCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perceptron",
        abstract: "Train a Perceptron (or, with --loss, an SGDClassifier) with scikit-learn's semantics, and predict.",
        discussion: """
            The chapter's example, a Perceptron that tells Iris setosa by its petals:

              neuralkit perceptron --dataset iris --features petal_length,petal_width --positive-class setosa --predict 2,0.5

            Predictions go to standard output, one per line; the training summary goes to standard error.
            """
    )

    @Option(help: "A bundled dataset: iris or digits.")
    var dataset: String?

    @Option(help: "A CSV file with a header row, instead of --dataset.")
    var csv: String?

    @Option(help: "The target column of the CSV file.")
    var target: String?

    @Option(help: "Comma-separated feature names to train on (default: all).")
    var features: String?

    @Option(help: "Learn 'this class or not' (labels 1 and 0) instead of every class.")
    var positiveClass: String?

    @Option(help: "Feature values of a sample to classify, comma-separated; repeat for several samples.")
    var predict: [String] = []

    @Option(help: "The loss: perceptron (default), hinge, log_loss, modified_huber or squared_hinge. Any but perceptron trains an SGDClassifier.")
    var loss: String = "perceptron"

    @Option(help: "The learning-rate schedule: optimal, constant, invscaling or adaptive (default: constant for the perceptron, optimal otherwise).")
    var learningRateSchedule: String?

    @Option(help: "The (initial) learning rate, scikit-learn's eta0 (default: 1 for the perceptron, 0.01 otherwise).")
    var learningRate: Double?

    @Option(help: "The penalty: none, l2, l1 or elasticnet (default: none for the perceptron, l2 otherwise).")
    var penalty: String?

    @Option(help: "The regularisation strength.")
    var alpha: Double = 0.0001

    @Option(help: "The most epochs.")
    var maxIter: Int = 1000

    @Flag(help: "Keep the samples in file order in every epoch (gives scikit-learn's exact results).")
    var noShuffle = false

    @Option(help: "The seed of the shuffling.")
    var seed: UInt64 = 0

    @Option(help: "Write a JSON report (coefficients, intercepts, epochs, updates, accuracy, predictions) to FILE.")
    var report: String?

    func validate() throws {
        if let learningRate, !(learningRate.isFinite && learningRate > 0) {
            throw ValidationError("--learning-rate must be a positive number, not \(learningRate)")
        }
    }

    func run() throws {
        var data = try loadData()
        if let features {
            data = try data.selectingFeatures(features.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        var labels = data.labels
        var classNames = data.targetNames.isEmpty ? Array(Set(labels)).sorted().map(String.init) : data.targetNames
        if let positiveClass {
            let positive = try data.classIndex(positiveClass)
            labels = labels.map { $0 == positive ? 1 : 0 }
            classNames = [
                "not \(data.targetNames.indices.contains(positive) ? data.targetNames[positive] : positiveClass)",
                data.targetNames.indices.contains(positive) ? data.targetNames[positive] : positiveClass,
            ]
        }
        let model = try makeModel()
        try model.fit(data.features, labels)

        let samples = try predict.map { text in
            try text.split(separator: ",", omittingEmptySubsequences: false).map { value in
                guard let number = Double(value.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("--predict '\(text)': '\(value)' is not a number")
                }
                return number
            }
        }
        let predictions = samples.isEmpty ? [] : try model.predict(samples)
        let accuracy = try model.score(data.features, labels)
        let shown = predictions.map { positiveClass != nil || data.targetNames.isEmpty ? String($0) : classNames[$0] }

        let modelName = loss == "perceptron" ? "Perceptron" : "SGDClassifier(loss: \(loss))"
        var summary =
            "\(modelName) on \(data.name) (\(data.featureNames.map(TabularDataset.shortName).joined(separator: ", "))), "
            + "\(data.features.count) samples"
        if let positiveClass { summary += ", positive class \(positiveClass)" }
        summary += ": \(model.iterationCount) epochs, \(Int(model.updateCount)) updates, training accuracy \(String(format: "%.4f", accuracy))"
        FileHandle.standardError.write(Data((summary + "\n").utf8))
        for line in shown { print(line) }

        if let report {
            let document: [String: Any] = [
                "model": modelName, "dataset": data.name, "features": data.featureNames,
                "classes": classNames, "coefficients": model.coefficients, "intercepts": model.intercepts,
                "epochs": model.iterationCount, "updates": model.updateCount, "training_accuracy": accuracy,
                "predictions": predictions, "predicted_classes": shown,
            ]
            try Console.writeJSON(document, to: report, what: "the report")
        }
    }

    private func loadData() throws -> TabularDataset {
        switch (dataset, csv) {
        case (let name?, nil):
            switch name.lowercased() {
            case "iris": return try Iris.load()
            case "digits": return try Digits.load()
            default: throw ValidationError("unknown dataset '\(name)'; the bundled ones are iris and digits")
            }
        case (nil, let path?):
            guard let target else { throw ValidationError("--csv needs --target COLUMN, the column to predict") }
            return try CSVFile(contentsOf: path).dataset(target: target, name: path)
        case (nil, nil):
            throw ValidationError("give --dataset iris|digits or --csv FILE --target COLUMN")
        default:
            throw ValidationError("give either --dataset or --csv, not both")
        }
    }

    private func makeModel() throws -> SGDClassifier {
        guard let chosenLoss = ClassificationLoss(rawValue: loss) else {
            throw ValidationError("unknown loss '\(loss)'; choose one of " + ClassificationLoss.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let isPerceptron = chosenLoss == .perceptron
        let schedule =
            try learningRateSchedule.map { name in
                guard let schedule = SGDLearningRate(rawValue: name) else {
                    throw ValidationError("unknown --learning-rate-schedule '\(name)'; choose optimal, constant, invscaling or adaptive")
                }
                return schedule
            } ?? (isPerceptron ? .constant : .optimal)
        let chosenPenalty =
            try penalty.map { name in
                guard let value = Penalty(rawValue: name) else {
                    throw ValidationError("unknown penalty '\(name)'; choose none, l2, l1 or elasticnet")
                }
                return value
            } ?? (isPerceptron ? Penalty.none : .l2)
        return SGDClassifier(
            loss: chosenLoss, penalty: chosenPenalty, alpha: alpha, maxIterations: maxIter,
            shuffle: !noShuffle, seed: seed, learningRate: schedule, eta0: learningRate ?? (isPerceptron ? 1 : 0.01))
    }
}
