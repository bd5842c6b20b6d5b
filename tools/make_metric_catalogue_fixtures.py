#!/usr/bin/env python3
"""Writes Tests/TrainingTests/Fixtures/keras_metric_catalogue.json: Keras 3's own values for the rest of its
metric catalogue (confusion counts, precision and recall with thresholds, top-k and class ids, AUC, the
sensitivity/specificity family, F-scores, the probabilistic and hinge metrics, MSLE, the IoU family), each
with its Keras config (as `keras.metrics.serialize` writes it), over two batches, without sample weights and
with weights of every shape (one per sample, a column, one per element). Where Keras refuses the weights the
value is null. Multi-valued results (a list of thresholds, an F-score per class) are lists.

    KERAS_BACKEND=jax /work/main/.venv-interop/bin/python tools/make_metric_catalogue_fixtures.py
"""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

rng = np.random.default_rng(14)
M = keras.metrics


def arr(a):
    a = np.asarray(a, dtype=np.float32)
    return {"shape": list(a.shape), "values": [float(v) for v in a.reshape(-1)]}


bin_true = rng.integers(0, 2, size=(8, 3)).astype(np.float32)
bin_pred = rng.uniform(0, 1, size=(8, 3)).astype(np.float32)
# A few predictions exactly on thresholds and bucket edges, where the comparison's direction matters.
bin_pred[0, 0], bin_pred[1, 1], bin_pred[2, 2], bin_pred[3, 0] = 0.5, 0.25, 1.0, 0.0
logits = rng.normal(0, 2, size=(8, 3)).astype(np.float32)
labels = rng.integers(0, 4, size=(8,)).astype(np.float32)
probs = rng.dirichlet(np.ones(4), size=8).astype(np.float32)
onehot = np.eye(4, dtype=np.float32)[labels.astype(int)]
pred_labels = np.argmax(probs, axis=1).astype(np.float32)
pred_labels[:3] = labels[:3]
positive_true = rng.uniform(0, 3, size=(8, 3)).astype(np.float32)
positive_pred = rng.uniform(0.1, 3, size=(8, 3)).astype(np.float32)
soft_true = rng.dirichlet(np.ones(4), size=8).astype(np.float32)
reg_pred = rng.normal(0, 1, size=(8, 3)).astype(np.float32)

cases = []
# Each array is stored once, under a name the cases refer to.
data = {}
named = {}


def ref(a):
    a = np.asarray(a, dtype=np.float32)
    key = (a.shape, a.tobytes())
    if key not in named:
        named[key] = f"a{len(named)}"
        data[named[key]] = arr(a)
    return named[key]


weights_by_shape = {}


def weights_for(y_pred):
    batch = y_pred.shape[0]
    shapes = {"per sample": (batch,), "column": (batch, 1)}
    if y_pred.ndim > 1 and y_pred.shape[-1] > 1:
        shapes["per element"] = y_pred.shape
    out = {"none": None}
    for name, shape in shapes.items():
        if shape not in weights_by_shape:
            weights_by_shape[shape] = rng.uniform(0, 2, size=shape).astype(np.float32)
        out[name] = weights_by_shape[shape]
    return out


def add(case, make, y_true, y_pred, weight_names=None):
    weights = weights_for(y_pred)
    config = M.serialize(make())
    # Keras 3.15's F-scores expand every weight array at axis 1, so a column or one weight per element
    # broadcasts to (batch, batch, classes): refused, or (micro) a wrong sum. Keras's main branch weighs them
    # as one per element; NeuralKit follows it, and those cases are left out here.
    if config["class_name"] in ("F1Score", "FBetaScore"):
        weight_names = ["none", "per sample"]
    for weight_name, weight in weights.items():
        if weight_names is not None and weight_name not in weight_names:
            continue
        metric = make()
        try:
            for half in (slice(0, 4), slice(4, 8)):
                metric.update_state(y_true[half], y_pred[half], sample_weight=None if weight is None else weight[half])
            value = np.asarray(metric.result(), dtype=np.float64)
            value = [float(v) for v in value.reshape(-1)] if value.ndim else float(value)
        except (ValueError, TypeError):
            value = None
        cases.append({"case": case, "weights": weight_name, "config": config, "y_true": ref(y_true), "y_pred": ref(y_pred),
                      "sample_weight": None if weight is None else ref(weight), "value": value})


for cls in (M.TruePositives, M.FalsePositives, M.TrueNegatives, M.FalseNegatives):
    add(cls.__name__, cls, bin_true, bin_pred)
    add(cls.__name__ + " thresholds", lambda cls=cls: cls(thresholds=[0.15, 0.5, 0.85]), bin_true, bin_pred)
    add(cls.__name__ + " even thresholds", lambda cls=cls: cls(thresholds=[0.0, 0.25, 0.5, 0.75, 1.0]), bin_true, bin_pred)
for cls in (M.Precision, M.Recall):
    name = cls.__name__
    add(name, cls, bin_true, bin_pred)
    add(name + " threshold", lambda cls=cls: cls(thresholds=0.3), bin_true, bin_pred)
    add(name + " thresholds", lambda cls=cls: cls(thresholds=[0.3, 0.6, 0.9]), bin_true, bin_pred)
    add(name + " even thresholds", lambda cls=cls: cls(thresholds=[0.0, 0.5, 1.0]), bin_true, bin_pred)
    add(name + " top_k", lambda cls=cls: cls(top_k=2), bin_true, bin_pred)
    add(name + " top_k thresholds", lambda cls=cls: cls(top_k=2, thresholds=[0.2, 0.7]), bin_true, bin_pred)
    add(name + " class_id", lambda cls=cls: cls(class_id=1), bin_true, bin_pred)
    add(name + " top_k class_id", lambda cls=cls: cls(top_k=1, class_id=2), bin_true, bin_pred)
add("AUC", M.AUC, bin_true, bin_pred)
add("AUC PR", lambda: M.AUC(curve="PR"), bin_true, bin_pred)
add("AUC PR minoring", lambda: M.AUC(curve="PR", summation_method="minoring"), bin_true, bin_pred)
add("AUC PR majoring", lambda: M.AUC(curve="PR", summation_method="majoring"), bin_true, bin_pred)
add("AUC ROC minoring", lambda: M.AUC(summation_method="minoring"), bin_true, bin_pred)
add("AUC ROC majoring", lambda: M.AUC(summation_method="majoring"), bin_true, bin_pred)
add("AUC PRGAIN", lambda: M.AUC(curve="PRGAIN"), bin_true, bin_pred)
add("AUC 5 thresholds", lambda: M.AUC(num_thresholds=5), bin_true, bin_pred)
add("AUC 3 thresholds PR", lambda: M.AUC(num_thresholds=3, curve="PR"), bin_true, bin_pred)
add("AUC thresholds", lambda: M.AUC(thresholds=[0.8, 0.2, 0.5]), bin_true, bin_pred)
add("AUC even thresholds", lambda: M.AUC(thresholds=[0.25, 0.5, 0.75]), bin_true, bin_pred)
add("AUC multi_label", lambda: M.AUC(multi_label=True), bin_true, bin_pred)
add("AUC multi_label PR", lambda: M.AUC(multi_label=True, curve="PR", num_labels=3), bin_true, bin_pred)
add("AUC multi_label label_weights", lambda: M.AUC(multi_label=True, label_weights=[0.5, 1.0, 2.0]), bin_true, bin_pred)
add("AUC label_weights", lambda: M.AUC(label_weights=[0.5, 1.0, 2.0]), bin_true, bin_pred)
add("AUC from_logits", lambda: M.AUC(from_logits=True), bin_true, logits)
add("AUC multi_label thresholds", lambda: M.AUC(multi_label=True, thresholds=[0.3, 0.6]), bin_true, bin_pred)
for cls, key in ((M.SensitivityAtSpecificity, "specificity"), (M.SpecificityAtSensitivity, "sensitivity"),
                 (M.PrecisionAtRecall, "recall"), (M.RecallAtPrecision, "precision")):
    name = cls.__name__
    add(name, lambda cls=cls, key=key: cls(**{key: 0.5}), bin_true, bin_pred)
    add(name + " 0.8 of 7", lambda cls=cls, key=key: cls(**{key: 0.8, "num_thresholds": 7}), bin_true, bin_pred)
    add(name + " one threshold", lambda cls=cls, key=key: cls(**{key: 0.4, "num_thresholds": 1}), bin_true, bin_pred)
    add(name + " class_id", lambda cls=cls, key=key: cls(**{key: 0.6, "class_id": 2}), bin_true, bin_pred)
for average in (None, "micro", "macro", "weighted"):
    add(f"F1Score {average}", lambda average=average: M.F1Score(average=average), bin_true, bin_pred)
    add(f"F1Score {average} threshold", lambda average=average: M.F1Score(average=average, threshold=0.4), bin_true, bin_pred)
    add(f"FBetaScore {average} beta 2", lambda average=average: M.FBetaScore(average=average, beta=2.0), onehot, probs)
add("FBetaScore beta 0.5 threshold", lambda: M.FBetaScore(average="macro", beta=0.5, threshold=0.3), bin_true, bin_pred)
add("BinaryCrossentropy", M.BinaryCrossentropy, bin_true, bin_pred)
add("BinaryCrossentropy smoothing", lambda: M.BinaryCrossentropy(label_smoothing=0.2), bin_true, bin_pred)
add("BinaryCrossentropy logits", lambda: M.BinaryCrossentropy(from_logits=True), bin_true, logits)
add("CategoricalCrossentropy", M.CategoricalCrossentropy, onehot, probs)
add("CategoricalCrossentropy smoothing", lambda: M.CategoricalCrossentropy(label_smoothing=0.1), onehot, probs)
add("CategoricalCrossentropy logits", lambda: M.CategoricalCrossentropy(from_logits=True), onehot, np.log(probs) * 1.5)
add("SparseCategoricalCrossentropy", M.SparseCategoricalCrossentropy, labels, probs)
add("SparseCategoricalCrossentropy logits", lambda: M.SparseCategoricalCrossentropy(from_logits=True), labels, np.log(probs) * 1.5)
add("KLDivergence", M.KLDivergence, soft_true, probs)
add("Poisson", M.Poisson, positive_true, positive_pred)
add("Hinge", M.Hinge, bin_true, reg_pred)
add("SquaredHinge", M.SquaredHinge, bin_true, reg_pred)
add("CategoricalHinge", M.CategoricalHinge, onehot, probs)
add("MeanSquaredLogarithmicError", M.MeanSquaredLogarithmicError, positive_true, positive_pred)
add("IoU", lambda: M.IoU(num_classes=4, target_class_ids=[0, 2]), labels, pred_labels)
add("IoU float", lambda: M.IoU(num_classes=4, target_class_ids=[1, 3], dtype="float32"), labels, pred_labels)
add("IoU ignore_class", lambda: M.IoU(num_classes=4, target_class_ids=[0, 1, 2], ignore_class=1, dtype="float32"), labels, pred_labels)
add("IoU dense", lambda: M.IoU(num_classes=4, target_class_ids=[0, 3], sparse_y_true=False, sparse_y_pred=False, dtype="float32"),
    onehot, probs)
add("MeanIoU", lambda: M.MeanIoU(num_classes=4), labels, pred_labels)
add("MeanIoU float", lambda: M.MeanIoU(num_classes=4, dtype="float32"), labels, pred_labels)
add("MeanIoU ignore_class", lambda: M.MeanIoU(num_classes=4, ignore_class=0, dtype="float32"), labels, pred_labels)
add("BinaryIoU", M.BinaryIoU, bin_true, bin_pred)
add("BinaryIoU float", lambda: M.BinaryIoU(dtype="float32"), bin_true, bin_pred)
add("BinaryIoU one class", lambda: M.BinaryIoU(target_class_ids=[1], threshold=0.3, dtype="float32"), bin_true, bin_pred)
add("OneHotIoU", lambda: M.OneHotIoU(num_classes=4, target_class_ids=[1, 2], dtype="float32"), onehot, probs)
add("OneHotIoU sparse_y_pred", lambda: M.OneHotIoU(num_classes=4, target_class_ids=[0, 2], sparse_y_pred=True, dtype="float32"),
    onehot, pred_labels)
add("OneHotMeanIoU", lambda: M.OneHotMeanIoU(num_classes=4), onehot, probs)
add("OneHotMeanIoU float", lambda: M.OneHotMeanIoU(num_classes=4, dtype="float32"), onehot, probs)

out = os.path.join(os.path.dirname(__file__), "..", "Tests", "TrainingTests", "Fixtures", "keras_metric_catalogue.json")
with open(out, "w") as f:
    json.dump({"keras": keras.__version__, "data": data, "cases": cases}, f, indent=None, sort_keys=True, separators=(",", ":"))
print("wrote", os.path.normpath(out), len(cases), "cases;", sum(c["value"] is None for c in cases), "refused by Keras")
