import Tensors

/// Weighted true/false positive/negative counts at each of a list of thresholds, as Keras's
/// `update_confusion_matrix_variables` keeps them: the state of the confusion metrics (counts, precision,
/// recall, AUC, sensitivity and specificity).
///
/// A target counts as positive when it is not 0; a prediction when it is above the threshold. With
/// `multiLabel`, each column of a `[batch, labels]` prediction has its own counts.
struct ConfusionCounts {
    let thresholds: [Float]
    /// Keras's `thresholds_distributed_evenly`: the thresholds are `i / (n − 1)` (perhaps with ±ε at
    /// the ends), and counts are made by bucketing as Keras's optimized path does.
    let evenly: Bool
    let topK: Int?
    let classId: Int?
    let multiLabel: Bool
    /// One weight per label, applied to the counts when not `multiLabel` (AUC's `labelWeights`).
    let labelWeights: [Float]?
    /// The metric's name, for error messages.
    let owner: String

    /// Labels per threshold (the columns with `multiLabel`, else 1); nil until the first update.
    private(set) var labels: Int?
    /// Counts indexed `[threshold * labels + label]`.
    private(set) var tp: [Double] = [], fp: [Double] = [], tn: [Double] = [], fn: [Double] = []

    init(
        thresholds: [Float], evenly: Bool, topK: Int? = nil, classId: Int? = nil, multiLabel: Bool = false,
        labelWeights: [Float]? = nil, labels: Int? = nil, owner: String
    ) {
        self.thresholds = thresholds
        self.evenly = evenly
        self.topK = topK
        self.classId = classId
        self.multiLabel = multiLabel
        self.labelWeights = labelWeights
        self.owner = owner
        if let labels { allocate(labels) } else if !multiLabel { allocate(1) }
    }

    private mutating func allocate(_ labels: Int) {
        self.labels = labels
        let zeros = [Double](repeating: 0, count: thresholds.count * labels)
        (tp, fp, tn, fn) = (zeros, zeros, zeros, zeros)
    }

    mutating func reset() {
        if let labels { allocate(labels) }
    }

    /// The counts, `tp`, `fp`, `tn`, `fn` one after the other (empty before a multi-label metric's first update).
    var state: [Double] { tp + fp + tn + fn }

    /// Sets the counts from ``state``; a metric not yet updated learns its labels from the length.
    mutating func setState(_ state: [Double]) throws {
        let perThreshold = 4 * thresholds.count
        guard state.count % perThreshold == 0, state.count > 0, labels == nil || state.count == perThreshold * (labels ?? 0) else {
            throw TrainingError.invalidArgument("\(owner): a state of \(state.count) counts does not fit \(thresholds.count) thresholds")
        }
        if labels == nil { allocate(state.count / perThreshold) }
        let n = tp.count
        (tp, fp, tn, fn) = (Array(state[0..<n]), Array(state[n..<(2 * n)]), Array(state[(2 * n)..<(3 * n)]), Array(state[(3 * n)...]))
    }

    /// Adds a batch. Sample weights broadcast as Keras's do: one per sample (or a column), one per
    /// element, or one for all.
    mutating func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) throws {
        var (prediction, truth) = try MetricShapes.sameRank(yPred, yTrue, expandRankOne: true)
        guard prediction.shape == truth.shape else {
            throw TrainingError.invalidTargets("\(owner): targets of shape \(yTrue.shape) do not match predictions of shape \(yPred.shape)")
        }
        var weight: Tensor?
        if let sampleWeight {
            let expanded = try sampleWeight.reshaped(to: Shape(sampleWeight.shape.dimensions + [1]))
            weight = try MetricShapes.sameRank(truth, expanded, expandRankOne: false).1
        }
        if let topK { prediction = try Self.keepingTopK(prediction, topK, owner) }
        if let classId {
            guard prediction.rank >= 2 else {
                throw TrainingError.invalidArgument(
                    "\(owner): classId needs predictions of shape (samples, classes), got shape \(prediction.shape)")
            }
            let width = prediction.shape.dimensions.last ?? 1
            guard (0..<width).contains(classId) else {
                throw TrainingError.invalidArgument("\(owner): classId \(classId) is outside the predictions' \(width) classes")
            }
            prediction = try Self.column(prediction, classId)
            truth = try Self.column(truth, classId)
        }
        let weights = try weight.map { try MetricShapes.broadcast($0, to: prediction.shape, owner: owner, given: sampleWeight?.shape) }
        let width = prediction.rank >= 2 ? prediction.shape.dimensions.last ?? 1 : 1
        if multiLabel {
            guard prediction.rank == 2 else {
                throw TrainingError.invalidArgument("\(owner): multiLabel needs predictions of rank 2, got shape \(prediction.shape)")
            }
            if labels == nil { allocate(width) }
            guard labels == width else {
                throw TrainingError.invalidArgument("\(owner): predictions with \(width) labels after \(labels ?? 0) (numLabels) before")
            }
        }
        if let labelWeights, !multiLabel, labelWeights.count != width, labelWeights.count != 1 {
            throw TrainingError.invalidArgument("\(owner): \(labelWeights.count) labelWeights for predictions of \(width) labels")
        }
        let p = prediction.scalars, y = truth.scalars
        let lw = multiLabel ? nil : labelWeights
        let w = p.indices.map { i in Double(weights?[i] ?? 1) * Double(lw.map { $0.count == 1 ? $0[0] : $0[i % width] } ?? 1) }
        let labelCount = labels ?? 1
        if evenly {
            addBucketed(p, y, w, width: width, labelCount: labelCount)
        } else {
            for i in p.indices {
                let label = multiLabel ? i % width : 0, weight = w[i], positive = y[i] != 0
                for (t, threshold) in thresholds.enumerated() {
                    let k = t * labelCount + label, predicted = p[i] > threshold
                    switch (positive, predicted) {
                    case (true, true): tp[k] += weight
                    case (true, false): fn[k] += weight
                    case (false, true): fp[k] += weight
                    case (false, false): tn[k] += weight
                    }
                }
            }
        }
    }

    /// Keras's optimized path for evenly spaced thresholds: each clipped prediction falls in bucket
    /// `ceil(p · (n − 1)) − 1` (0 at least when the ends carry ε) and counts as positive at every
    /// threshold up to its bucket.
    private mutating func addBucketed(_ p: [Float], _ y: [Float], _ w: [Double], width: Int, labelCount: Int) {
        let n = thresholds.count
        let withEpsilon = (thresholds.first ?? 0) < 0 || (thresholds.last ?? 1) > 1
        var trueBuckets = [Double](repeating: 0, count: n * labelCount), falseBuckets = trueBuckets
        var totalTrue = [Double](repeating: 0, count: labelCount), totalFalse = totalTrue
        for i in p.indices where !p[i].isNaN {
            let label = multiLabel ? i % width : 0, weight = w[i], positive = y[i] != 0
            let clipped = Swift.min(Swift.max(p[i], 0), 1)
            var bucket = Int((clipped * Float(n - 1)).rounded(.up) - 1)
            if withEpsilon { bucket = Swift.max(bucket, 0) }
            if positive { totalTrue[label] += weight } else { totalFalse[label] += weight }
            guard bucket >= 0 else { continue }
            if positive { trueBuckets[bucket * labelCount + label] += weight } else { falseBuckets[bucket * labelCount + label] += weight }
        }
        for label in 0..<labelCount {
            var tpRun = 0.0, fpRun = 0.0
            for t in stride(from: n - 1, through: 0, by: -1) {
                let k = t * labelCount + label
                tpRun += trueBuckets[k]
                fpRun += falseBuckets[k]
                tp[k] += tpRun
                fp[k] += fpRun
                tn[k] += totalFalse[label] - fpRun
                fn[k] += totalTrue[label] - tpRun
            }
        }
    }

    /// Keras's `_filter_top_k`: all but the `k` largest values of each last-axis row become −1e10
    /// (ties to the lower index).
    static func keepingTopK(_ tensor: Tensor, _ k: Int, _ owner: String) throws -> Tensor {
        guard k > 0 else { throw TrainingError.invalidArgument("\(owner): topK must be a positive whole number, got \(k)") }
        let width = tensor.rank == 0 ? 1 : tensor.shape.dimensions.last ?? 1
        var values = tensor.scalars
        for start in stride(from: 0, to: values.count, by: Swift.max(width, 1)) {
            let order = (0..<width).sorted { a, b in
                values[start + a] > values[start + b] || (values[start + a] == values[start + b] && a < b)
            }
            for index in order.dropFirst(k) { values[start + index] = -1e10 }
        }
        return try Tensor(values, shape: tensor.shape)
    }

    /// The last-axis column `index`, keeping a last axis of 1.
    static func column(_ tensor: Tensor, _ index: Int) throws -> Tensor {
        let width = tensor.shape.dimensions.last ?? 1
        let values = stride(from: index, to: tensor.elementCount, by: width).map { tensor.scalars[$0] }
        return try Tensor(values, shape: Shape(Array(tensor.shape.dimensions.dropLast()) + [1]))
    }
}
