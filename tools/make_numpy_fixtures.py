#!/usr/bin/env python3
"""Writes Tests/TensorsTests/Fixtures/numpy_ops.json: broadcasting and reduction results computed by NumPy.

    python3 tools/make_numpy_fixtures.py

Inputs are float32 from a seeded NumPy generator; results are computed in float32 (float64 for
logsumexp, as the reference) and stored as lists. The Swift tests recompute each case and compare.
"""
import json
import os

import numpy as np

rng = np.random.default_rng(20261129)


def tensor(shape, low=-2.0, high=2.0):
    return rng.uniform(low, high, size=shape).astype(np.float32)


def encode(a):
    a = np.asarray(a, dtype=np.float32)
    return {"shape": list(a.shape), "values": [float(v) for v in a.reshape(-1)]}


binary = []
pairs = [((2, 3), (3,)), ((2, 1), (1, 3)), ((4, 1, 3), (2, 1)), ((3,), ()), ((2, 3, 4), (2, 3, 4)), ((1,), (5, 1))]
ops = {
    "add": np.add, "subtract": np.subtract, "multiply": np.multiply, "divide": np.divide,
    "maximum": np.maximum, "minimum": np.minimum, "pow": np.power,
}
for name, fn in ops.items():
    for sa, sb in pairs:
        a = tensor(sa, 0.5, 2.0) if name == "pow" else tensor(sa)
        b = tensor(sb, 0.5, 2.0) if name in ("divide", "pow") else tensor(sb)
        binary.append({"op": name, "a": encode(a), "b": encode(b), "result": encode(fn(a, b))})

reductions = []
x = tensor((2, 3, 4))
for axes in [None, [0], [1], [2], [-1], [0, 2], [1, 2]]:
    for keep in (False, True):
        ax = None if axes is None else tuple(axes)
        for name, fn in {"sum": np.sum, "mean": np.mean, "max": np.max, "min": np.min}.items():
            reductions.append({"op": name, "axes": axes, "keepdims": keep, "x": encode(x),
                               "result": encode(fn(x, axis=ax, keepdims=keep))})
        x64 = x.astype(np.float64)
        m = np.max(x64, axis=ax, keepdims=True)
        lse = np.log(np.sum(np.exp(x64 - m), axis=ax, keepdims=True)) + m
        if not keep:
            lse = np.squeeze(lse, axis=ax) if ax is not None else lse.reshape(())
        reductions.append({"op": "logsumexp", "axes": axes, "keepdims": keep, "x": encode(x), "result": encode(lse)})
for axis in (0, 1, 2, -1):
    reductions.append({"op": "argmax", "axes": [axis], "keepdims": False, "x": encode(x),
                       "result": encode(np.argmax(x, axis=axis))})
logits = tensor((3, 5), -50, 50)
shifted = logits.astype(np.float64) - logits.max(axis=-1, keepdims=True)
softmax = np.exp(shifted) / np.exp(shifted).sum(axis=-1, keepdims=True)
reductions.append({"op": "softmax", "axes": [-1], "keepdims": True, "x": encode(logits), "result": encode(softmax)})

out = os.path.join(os.path.dirname(__file__), "..", "Tests", "TensorsTests", "Fixtures", "numpy_ops.json")
with open(out, "w") as f:
    json.dump({"numpy": np.__version__, "binary": binary, "reductions": reductions}, f, indent=0)
print(f"wrote {len(binary)} binary and {len(reductions)} reduction cases to {os.path.normpath(out)}")
