#!/usr/bin/env python3
"""Writes Tests/LayersTests/Fixtures/keras_regularizers.json: Keras 3's weight regularizers (L1, L2, L1L2,
OrthogonalRegularizer by rows and by columns) on fixed matrices, and the configs Keras writes for them, for
the Swift tests to match.

    pip install keras jax && KERAS_BACKEND=jax python3 tools/make_regularizer_fixtures.py
"""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

rng = np.random.default_rng(8)
R = keras.regularizers
matrices = [rng.normal(0, 1, size=(4, 3)).astype(np.float32), rng.normal(0, 1, size=(2, 5)).astype(np.float32)]
cases = []
for name, regularizer in [
    ("l1", R.L1()), ("l2 0.3", R.L2(0.3)), ("l1l2", R.L1L2(l1=0.02, l2=0.05)),
    ("orthogonal", R.OrthogonalRegularizer()), ("orthogonal columns 0.4", R.OrthogonalRegularizer(factor=0.4, mode="columns")),
]:
    # Backend tensors, as in training (Keras's NumPy path of `normalize` broadcasts rows wrongly).
    values = [float(np.asarray(regularizer(keras.ops.convert_to_tensor(m)))) for m in matrices]
    cases.append({"name": name, "values": values, "config": keras.saving.serialize_keras_object(regularizer)})
out = os.path.join(os.path.dirname(__file__), "..", "Tests", "LayersTests", "Fixtures", "keras_regularizers.json")
with open(out, "w") as f:
    json.dump({"keras": keras.__version__, "matrices": [{"shape": list(m.shape), "values": [float(v) for v in m.reshape(-1)]} for m in matrices],
               "regularizers": cases}, f, indent=1, sort_keys=True)
print("wrote", os.path.normpath(out), len(cases), "regularizers")
