#!/usr/bin/env python3
"""Writes Tests/TrainingTests/Fixtures/keras_losses.json: Keras 3's losses (the ones NeuralKit has beyond the
chapter's, and label smoothing) on fixed inputs, with and without sample weights: each config, the value, and the gradient with
respect to the predictions (JAX's), for the Swift tests to match.

    pip install keras jax && KERAS_BACKEND=jax python3 tools/make_loss_fixtures.py
"""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
import jax  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

rng = np.random.default_rng(7)


def arr(a):
    a = np.asarray(a, dtype=np.float32)
    return {"shape": list(a.shape), "values": [float(v) for v in a.reshape(-1)]}


L = keras.losses
positive_true = rng.uniform(0.2, 3, size=(5, 3)).astype(np.float32)
positive_pred = rng.uniform(0.2, 3, size=(5, 3)).astype(np.float32)
signed_true = rng.normal(0, 2, size=(5, 3)).astype(np.float32)
signed_pred = rng.normal(0, 2, size=(5, 3)).astype(np.float32)
distributions_true = rng.dirichlet(np.ones(4), size=5).astype(np.float32)
distributions_pred = rng.dirichlet(np.ones(4), size=5).astype(np.float32)
binary = rng.integers(0, 2, size=(5, 3)).astype(np.float32)
plus_minus = 2 * binary - 1
onehot = np.eye(4, dtype=np.float32)[rng.integers(0, 4, size=5)]
scores = rng.normal(0, 1.5, size=(5, 4)).astype(np.float32)
weights = rng.uniform(0.2, 2, size=(5,)).astype(np.float32)
sparse = rng.integers(0, 4, size=(5,)).astype(np.float32)
sparse[[1, 3]] = 2  # the class that ignore_class leaves out
sequence_scores = rng.normal(0, 1.5, size=(5, 3, 4)).astype(np.float32)
sequence_labels = rng.integers(0, 4, size=(5, 3)).astype(np.float32)
sequence_labels[0, 1] = sequence_labels[2, 2] = sequence_labels[4, 0] = 255
softmax = lambda z: np.exp(z) / np.exp(z).sum(-1, keepdims=True)  # noqa: E731

cases = []
for name, loss, y_true, y_pred in [
    ("mape", L.MeanAbsolutePercentageError(), signed_true, signed_pred),
    ("log cosh", L.LogCosh(), signed_true, signed_pred),
    ("log cosh large errors", L.LogCosh(), signed_true * 40, signed_pred * 40),
    ("cosine similarity", L.CosineSimilarity(), signed_true, signed_pred),
    ("cosine similarity axis 0", L.CosineSimilarity(axis=0), signed_true, signed_pred),
    ("poisson", L.Poisson(), positive_true, positive_pred),
    ("kl divergence", L.KLDivergence(), distributions_true, distributions_pred),
    ("hinge 0/1 targets", L.Hinge(), binary, signed_pred),
    ("hinge -1/1 targets", L.Hinge(), plus_minus, signed_pred),
    ("squared hinge", L.SquaredHinge(), binary, signed_pred),
    ("categorical hinge", L.CategoricalHinge(), onehot, scores),
    ("binary ce smoothing", L.BinaryCrossentropy(label_smoothing=0.2), binary, 1 / (1 + np.exp(-signed_pred))),
    ("binary ce smoothing from logits", L.BinaryCrossentropy(label_smoothing=0.1, from_logits=True), binary, signed_pred),
    ("categorical ce smoothing", L.CategoricalCrossentropy(label_smoothing=0.3), onehot, np.exp(scores) / np.exp(scores).sum(-1, keepdims=True)),
    ("categorical ce smoothing from logits", L.CategoricalCrossentropy(label_smoothing=0.1, from_logits=True), onehot, scores),
    ("binary focal", L.BinaryFocalCrossentropy(), binary, 1 / (1 + np.exp(-signed_pred))),
    ("binary focal balanced smoothed", L.BinaryFocalCrossentropy(apply_class_balancing=True, alpha=0.4, gamma=1.5, label_smoothing=0.1),
     binary, 1 / (1 + np.exp(-signed_pred))),
    ("binary focal from logits", L.BinaryFocalCrossentropy(from_logits=True, gamma=3.0), binary, signed_pred),
    ("categorical focal", L.CategoricalFocalCrossentropy(), onehot, np.exp(scores) / np.exp(scores).sum(-1, keepdims=True)),
    ("categorical focal from logits smoothed", L.CategoricalFocalCrossentropy(from_logits=True, alpha=0.5, gamma=1.0, label_smoothing=0.2),
     onehot, scores),
    ("dice", L.Dice(), binary, 1 / (1 + np.exp(-signed_pred))),
    ("dice per sample", L.Dice(axis=(1,)), binary, 1 / (1 + np.exp(-signed_pred))),
    ("tversky", L.Tversky(), binary, 1 / (1 + np.exp(-signed_pred))),
    ("tversky 0.3 0.7 per sample", L.Tversky(alpha=0.3, beta=0.7, axis=1), binary, 1 / (1 + np.exp(-signed_pred))),
    ("sparse ce ignore class", L.SparseCategoricalCrossentropy(ignore_class=2), sparse, softmax(scores)),
    ("sparse ce ignore class from logits", L.SparseCategoricalCrossentropy(ignore_class=2, from_logits=True), sparse, scores),
    ("sparse ce sequences", L.SparseCategoricalCrossentropy(), np.where(sequence_labels == 255, 1, sequence_labels), softmax(sequence_scores)),
    ("sparse ce sequences ignore 255 from logits", L.SparseCategoricalCrossentropy(ignore_class=255, from_logits=True),
     sequence_labels, sequence_scores),
]:
    # Per-sample weights fit neither an axis-0 result nor per-step sequence losses: Keras refuses them there.
    for weighted in (False, True) if "axis 0" not in name and "sequences" not in name else (False,):
        sample_weight = weights if weighted else None
        value = float(loss(y_true, y_pred, sample_weight=sample_weight))
        gradient = jax.grad(lambda p: loss(y_true, p, sample_weight=sample_weight))(y_pred)
        cases.append({"name": name + (" weighted" if weighted else ""), "class_name": type(loss).__name__, "config": loss.get_config(),
                      "y_true": arr(y_true), "y_pred": arr(y_pred), "sample_weight": None if sample_weight is None else arr(sample_weight),
                      "value": value, "gradient": arr(np.asarray(gradient))})

# Every reduction, with weights of every shape Keras broadcasts (none, per sample, a column, one for all).
reductions = []
for reduction in ["sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none"]:
    for weight_name, weight in [("none", None), ("per sample", weights), ("column", weights[:, None] * 0.5), ("scalar", np.float32(2.5))]:
        loss = L.MeanSquaredError(reduction=reduction)
        value = np.asarray(loss(signed_true, signed_pred, sample_weight=weight))
        reductions.append({"reduction": reduction, "weights": weight_name, "config": loss.get_config(),
                           "sample_weight": None if weight is None else arr(weight), "value": arr(value)})

out = os.path.join(os.path.dirname(__file__), "..", "Tests", "TrainingTests", "Fixtures", "keras_losses.json")
with open(out, "w") as f:
    json.dump({"keras": keras.__version__, "losses": cases, "reductions": reductions, "y_true": arr(signed_true),
               "y_pred": arr(signed_pred)}, f, indent=1, sort_keys=True)
print("wrote", os.path.normpath(out), len(cases), "cases")
