#!/usr/bin/env python3
"""Writes Tests/TrainingTests/Fixtures/keras_metric_weights.json: what Keras 3's metrics give with sample
weights of every shape Keras accepts (none, one per sample, a column, one per element) and with negative
weights, for the Swift tests to match.

    pip install keras jax && KERAS_BACKEND=jax python3 tools/make_metric_fixtures.py
"""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

rng = np.random.default_rng(21)


def arr(a):
    a = np.asarray(a, dtype=np.float32)
    return {"shape": list(a.shape), "values": [float(v) for v in a.reshape(-1)]}


M = keras.metrics
bin_true = rng.integers(0, 2, size=(6, 3)).astype(np.float32)
bin_pred = rng.uniform(0, 1, size=(6, 3)).astype(np.float32)
labels = rng.integers(0, 4, size=(6,)).astype(np.float32)
probs = rng.dirichlet(np.ones(4), size=6).astype(np.float32)
onehot = np.eye(4, dtype=np.float32)[labels.astype(int)]
reg_true = rng.normal(0, 1, size=(6, 3)).astype(np.float32)
reg_pred = rng.normal(0, 1, size=(6, 3)).astype(np.float32)

weights = {
    "none": None,
    "per sample": rng.uniform(0, 2, size=(6,)).astype(np.float32),
    "column": rng.uniform(0, 2, size=(6, 1)).astype(np.float32),
    "per element": rng.uniform(0, 2, size=(6, 3)).astype(np.float32),
    "zero one": rng.integers(0, 2, size=(6, 3)).astype(np.float32),
}
cases = []


def add(metric_name, make, y_true, y_pred, weight_names):
    for weight_name in weight_names:
        weight = weights[weight_name]
        metric = make()
        # Two batches, so that the state carries over between updates as in an epoch. Weights that Keras
        # cannot broadcast to the metric's values are an error there (value null): NeuralKit must refuse them too.
        try:
            for half in (slice(0, 3), slice(3, 6)):
                metric.update_state(y_true[half], y_pred[half], sample_weight=None if weight is None else weight[half])
            value = float(metric.result())
        except ValueError:
            value = None
        cases.append({"metric": metric_name, "weights": weight_name, "y_true": arr(y_true), "y_pred": arr(y_pred),
                      "sample_weight": None if weight is None else arr(weight), "value": value})


every = list(weights)
per_sample = ["none", "per sample", "column"]
add("binary_accuracy", M.BinaryAccuracy, bin_true, bin_pred, every)
add("precision", M.Precision, bin_true, bin_pred, every)
add("recall", M.Recall, bin_true, bin_pred, every)
add("mean_squared_error", M.MeanSquaredError, reg_true, reg_pred, every)
add("mean_absolute_error", M.MeanAbsoluteError, reg_true, reg_pred, every)
add("root_mean_squared_error", M.RootMeanSquaredError, reg_true, reg_pred, every)
add("categorical_accuracy", M.CategoricalAccuracy, onehot, probs, per_sample)
add("sparse_categorical_accuracy", M.SparseCategoricalAccuracy, labels, probs, per_sample)
add("accuracy", M.Accuracy, bin_true, (bin_pred > 0.5).astype(np.float32), every)
add("top_k_categorical_accuracy", lambda: M.TopKCategoricalAccuracy(k=2), onehot, probs, per_sample)
add("sparse_top_k_categorical_accuracy", lambda: M.SparseTopKCategoricalAccuracy(k=2), labels, probs, per_sample)
add("logcosh", M.LogCoshError, reg_true, reg_pred, per_sample)
add("mean_absolute_percentage_error", M.MeanAbsolutePercentageError, reg_true, reg_pred, per_sample)
add("cosine_similarity", M.CosineSimilarity, reg_true, reg_pred, per_sample)
add("r2_score", M.R2Score, reg_true, reg_pred + 0.5 * reg_true, every)
add("r2_score variance weighted", lambda: M.R2Score(class_aggregation="variance_weighted_average"), reg_true, reg_pred + reg_true, per_sample)
add("r2_score adjusted", lambda: M.R2Score(num_regressors=3), reg_true, reg_pred + reg_true, per_sample)

# Mean and Sum of plain values, with negative weights among them.
means = []
for name, values, weight in [
    ("plain", [1.0, 3.0, 5.0, 7.0], None),
    ("weighted", [1.0, 3.0, 5.0, 7.0], [0.5, 1.0, 2.0, 0.0]),
    ("negative weights", [1.0, 3.0, 5.0, 7.0], [-1.0, 2.0, -3.0, 4.0]),
    ("weights summing to zero", [1.0, 3.0, 5.0, 7.0], [-1.0, 1.0, -1.0, 1.0]),
    ("matrix", [[1.0, 2.0], [3.0, 4.0]], [[1.0, 0.0], [0.5, 2.0]]),
    ("matrix per row", [[1.0, 2.0], [3.0, 4.0]], [1.0, 3.0]),
]:
    entry = {"name": name, "values": arr(values), "sample_weight": None if weight is None else arr(weight)}
    for metric_name, make in [("mean", M.Mean), ("sum", M.Sum)]:
        metric = make()
        metric.update_state(np.asarray(values, np.float32), sample_weight=None if weight is None else np.asarray(weight, np.float32))
        entry[metric_name] = float(metric.result())
    means.append(entry)

out = os.path.join(os.path.dirname(__file__), "..", "Tests", "TrainingTests", "Fixtures", "keras_metric_weights.json")
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out, "w") as f:
    json.dump({"keras": keras.__version__, "metrics": cases, "reductions": means}, f, indent=1, sort_keys=True)
print("wrote", os.path.normpath(out), len(cases), "metric cases,", len(means), "reductions")
