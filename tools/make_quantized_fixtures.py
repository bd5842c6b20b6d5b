#!/usr/bin/env python3
"""Writes Tests/ModelsTests/Fixtures/int8/: a small Keras 3 model trained a few steps (float.keras), the same
model after `model.quantize("int8")` (int8.keras), and inputs with both models' predictions (values.json), for
the Swift tests to match: NeuralKit's own quantization of float.keras must give int8.keras's weights, and
both must predict as Keras does.

    pip install keras jax h5py && KERAS_BACKEND=jax python3 tools/make_quantized_fixtures.py
"""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

keras.utils.set_random_seed(3)
rng = np.random.default_rng(3)
model = keras.Sequential([
    keras.Input((40,)),
    keras.layers.Dense(70, activation="relu"),
    keras.layers.Dense(24, activation="tanh", use_bias=False),
    keras.layers.Dense(5, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
x_train = rng.normal(size=(64, 40)).astype("float32")
model.fit(x_train, rng.integers(0, 5, size=64), epochs=3, batch_size=16, verbose=0)
x = rng.normal(size=(20, 40)).astype("float32")
x[3] = 0  # a row of zeros: its scale is 127 / 1e-7
x[4, :20] = np.maximum(x[4, :20], 0)
out = os.path.join(os.path.dirname(__file__), "..", "Tests", "ModelsTests", "Fixtures", "int8")
os.makedirs(out, exist_ok=True)
model.save(os.path.join(out, "float.keras"))
float_predictions = model.predict(x, verbose=0)
model.quantize("int8")
int8_predictions = model.predict(x, verbose=0)
model.save(os.path.join(out, "int8.keras"))
with open(os.path.join(out, "values.json"), "w") as f:
    json.dump({"keras": keras.__version__, "x": x.reshape(-1).tolist(), "float": float_predictions.reshape(-1).tolist(),
               "int8": int8_predictions.reshape(-1).tolist()}, f)
print("wrote", os.path.normpath(out), "largest change from quantizing:", float(np.abs(float_predictions - int8_predictions).max()))
