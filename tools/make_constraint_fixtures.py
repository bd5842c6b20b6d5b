#!/usr/bin/env python3
"""Writes Tests/LayersTests/Fixtures/keras_constraints.json: Keras 3's weight constraints applied to a fixed
matrix, and the configs Keras writes for a Dense layer that uses them, for the Swift tests to match.

    pip install keras jax && KERAS_BACKEND=jax python3 tools/make_constraint_fixtures.py
"""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

rng = np.random.default_rng(5)
w = rng.normal(0, 1.5, size=(4, 3)).astype(np.float32)
w[:, 2] *= 0.1  # one column with a small norm, below the lower bounds
C = keras.constraints
cases = []
for name, constraint in [
    ("max_norm", C.MaxNorm()), ("max_norm 1 axis 1", C.MaxNorm(max_value=1.0, axis=1)),
    ("min_max_norm", C.MinMaxNorm()), ("min_max_norm 0.5 2 rate 0.7", C.MinMaxNorm(min_value=0.5, max_value=2.0, rate=0.7)),
    ("non_neg", C.NonNeg()), ("unit_norm", C.UnitNorm()), ("unit_norm axis 1", C.UnitNorm(axis=1)),
]:
    dense = keras.layers.Dense(3, kernel_constraint=constraint, bias_constraint=constraint)
    cases.append({"name": name, "w": [float(v) for v in w.reshape(-1)], "projected": [float(v) for v in np.asarray(constraint(w)).reshape(-1)],
                  "dense_config": {k: dense.get_config()[k] for k in ["kernel_constraint", "bias_constraint"]}})
out = os.path.join(os.path.dirname(__file__), "..", "Tests", "LayersTests", "Fixtures", "keras_constraints.json")
with open(out, "w") as f:
    json.dump({"keras": keras.__version__, "shape": list(w.shape), "constraints": cases}, f, indent=1, sort_keys=True)
print("wrote", os.path.normpath(out), len(cases), "constraints")
