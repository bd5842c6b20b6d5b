import Foundation
import Serialization

extension AUC {
    /// The area: one curve's, or the labels' (weighted) mean with `multiLabel`.
    func area() -> Float {
        guard let labels = counts.labels else { return 0 }
        let areas = (0..<labels).map { label in
            curve == .pr && summationMethod == .interpolation ? interpolatedPRArea(label, labels) : riemannArea(label, labels)
        }
        guard multiLabel else { return Float(areas[0]) }
        guard let labelWeights else { return Float(areas.reduce(0, +) / Double(areas.count)) }
        let weights = labelWeights.map(Double.init)
        return Float(MetricShapes.divideNoNaN(zip(areas, weights).map(*).reduce(0, +), weights.reduce(0, +)))
    }

    /// One label's column of a count, over the thresholds.
    private func column(_ values: [Double], _ label: Int, _ labels: Int) -> [Double] {
        stride(from: label, to: values.count, by: labels).map { values[$0] }
    }

    private func riemannArea(_ label: Int, _ labels: Int) -> Double {
        let tp = column(counts.tp, label, labels), fp = column(counts.fp, label, labels)
        let tn = column(counts.tn, label, labels), fn = column(counts.fn, label, labels)
        let recall = zip(tp, fn).map { MetricShapes.divideNoNaN($0, $0 + $1) }
        let x: [Double], y: [Double]
        switch curve {
        case .roc:
            x = zip(fp, tn).map { MetricShapes.divideNoNaN($0, $0 + $1) }
            y = recall
        case .pr:
            x = recall
            y = zip(tp, fp).map { MetricShapes.divideNoNaN($0, $0 + $1) }
        case .prGain:
            let scaling = tp.indices.map { MetricShapes.divideNoNaN(tp[$0] + fn[$0], tn[$0] + fp[$0]) }
            x = tp.indices.map { i in tp[i] == 0 ? 0 : Swift.max(1 - scaling[i] * MetricShapes.divideNoNaN(fn[i], tp[i]), 0) }
            y = tp.indices.map { i in tp[i] == 0 ? 1 : 1 - scaling[i] * MetricShapes.divideNoNaN(fp[i], tp[i]) }
        }
        var area = 0.0
        for i in 0..<(x.count - 1) {
            let height =
                switch summationMethod {
                case .interpolation: (y[i] + y[i + 1]) / 2
                case .minoring: Swift.min(y[i], y[i + 1])
                case .majoring: Swift.max(y[i], y[i + 1])
                }
            area += (x[i] - x[i + 1]) * height
        }
        return area
    }

    /// Keras's `interpolate_pr_auc` (Davis & Goadrich): true positives interpolated linearly in the
    /// predicted positives between thresholds, integrated exactly.
    private func interpolatedPRArea(_ label: Int, _ labels: Int) -> Double {
        let tp = column(counts.tp, label, labels), fp = column(counts.fp, label, labels), fn = column(counts.fn, label, labels)
        let p = zip(tp, fp).map(+)
        var area = 0.0
        for i in 0..<(tp.count - 1) {
            let dtp = tp[i] - tp[i + 1], dp = p[i] - p[i + 1]
            let slope = MetricShapes.divideNoNaN(dtp, Swift.max(dp, 0))
            let intercept = tp[i + 1] - slope * p[i + 1]
            let ratio = p[i] > 0 && p[i + 1] > 0 ? MetricShapes.divideNoNaN(p[i], Swift.max(p[i + 1], 0)) : 1
            area += MetricShapes.divideNoNaN(slope * (dtp + intercept * Foundation.log(ratio)), Swift.max(tp[i + 1] + fn[i + 1], 0))
        }
        return area
    }

    /// Keras's `get_config()` keys.
    func aucConfig(base: [String: JSONValue]) -> [String: JSONValue] {
        var config = base.merging([
            "num_thresholds": .int(numThresholds), "curve": .string(curve.rawValue), "summation_method": .string(summationMethod.rawValue),
            "multi_label": .bool(multiLabel), "num_labels": ConfusionMetricConfig.json(numLabels),
            "label_weights": labelWeights.map { .array($0.map { .float($0) }) } ?? .null, "from_logits": .bool(fromLogits),
        ]) { $1 }
        if let initThresholds { config["thresholds"] = .array(initThresholds.map { .float($0) }) }
        return config
    }

    public convenience init(kerasConfig config: [String: JSONValue]) throws {
        let owner = "AUC"
        let curveName = config["curve"]?.stringValue ?? "ROC"
        guard let curve = Curve(rawValue: curveName.uppercased()) else {
            throw ConfigError.invalid("AUC config: \"curve\" must be ROC, PR or PRGAIN, got '\(curveName)'")
        }
        let methodName = config["summation_method"]?.stringValue ?? "interpolation"
        guard let method = SummationMethod(rawValue: methodName.lowercased()) else {
            throw ConfigError.invalid("AUC config: \"summation_method\" must be interpolation, minoring or majoring, got '\(methodName)'")
        }
        let weights = try ConfusionMetricConfig.thresholds(config, key: "label_weights", owner: owner)
        try self.init(
            numThresholds: config.int("num_thresholds", in: owner, default: 200), curve: curve, summationMethod: method,
            name: ConfusionMetricConfig.name(config, default: "auc"),
            thresholds: ConfusionMetricConfig.thresholds(config, owner: owner), multiLabel: config.bool("multi_label", in: owner, default: false),
            numLabels: ConfusionMetricConfig.optionalInt(config, "num_labels", owner: owner), labelWeights: weights,
            fromLogits: config.bool("from_logits", in: owner, default: false))
    }
}
