#!/usr/bin/env python3
"""Writes Tests/LayersTests/Fixtures/keras_activations.json: Keras 3's activations (the ones beyond the
chapter's, and options of relu and gelu) on fixed inputs, with the gradient of a weighted sum of their
outputs (JAX's), for the Swift tests to match.

    pip install keras jax && KERAS_BACKEND=jax python3 tools/make_activation_fixtures.py
"""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

rng = np.random.default_rng(3)
# Inputs away from every kink (0, ±1, ±0.5, ±0.3, ±3, 6), where finite differences and one-sided rules agree.
x = rng.uniform(-4, 7, size=(4, 6)).astype(np.float32)
for kink in [0, 1, -1, 0.5, -0.5, 0.3, -0.3, 3, -3, 6, 2, 0.2]:
    x = np.where(np.abs(x - kink) < 0.05, x + 0.11, x)
weights = rng.uniform(0.5, 1.5, size=(4, 6)).astype(np.float32)
A = keras.activations


def arr(a):
    a = np.asarray(a, dtype=np.float32)
    return {"shape": list(a.shape), "values": [float(v) for v in a.reshape(-1)]}


cases = []
for name, fn in [
    ("relu6", A.relu6), ("mish", A.mish), ("celu", A.celu), ("celu alpha 0.5", lambda t: A.celu(t, alpha=0.5)),
    ("glu", A.glu), ("log_sigmoid", A.log_sigmoid), ("hard_silu", A.hard_silu), ("hard_tanh", A.hard_tanh),
    ("hard_shrink", A.hard_shrink), ("hard_shrink 0.3", lambda t: A.hard_shrink(t, threshold=0.3)),
    ("soft_shrink", A.soft_shrink), ("soft_shrink 0.3", lambda t: A.soft_shrink(t, threshold=0.3)),
    ("tanh_shrink", A.tanh_shrink), ("sparse_plus", A.sparse_plus), ("sparse_sigmoid", A.sparse_sigmoid),
    ("squareplus", A.squareplus), ("squareplus b 2", lambda t: A.squareplus(t, b=2)),
    ("gelu approximate", lambda t: A.gelu(t, approximate=True)),
    ("relu max 6", lambda t: A.relu(t, max_value=6.0)), ("relu threshold 1", lambda t: A.relu(t, threshold=1.0)),
    ("relu slope 0.1", lambda t: A.relu(t, negative_slope=0.1)),
    ("relu all", lambda t: A.relu(t, negative_slope=0.1, max_value=5.0, threshold=0.5)),
]:
    out = np.asarray(fn(x))
    w = weights[:, : out.shape[-1]]
    gradient = jax.grad(lambda t: jnp.sum(fn(t) * w))(x)
    cases.append({"name": name, "x": arr(x), "weights": arr(w), "y": arr(out), "gradient": arr(np.asarray(gradient))})

out_path = os.path.join(os.path.dirname(__file__), "..", "Tests", "LayersTests", "Fixtures", "keras_activations.json")
os.makedirs(os.path.dirname(out_path), exist_ok=True)
with open(out_path, "w") as f:
    json.dump({"keras": keras.__version__, "activations": cases}, f, indent=1, sort_keys=True)
print("wrote", os.path.normpath(out_path), len(cases), "activations")
