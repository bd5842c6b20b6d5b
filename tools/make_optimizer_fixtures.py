#!/usr/bin/env python3
"""Writes Tests/ModelsTests/Fixtures/keras_optimizers.json: every optimizer NeuralKit has, run by Keras 3
itself, (1) on a fixed sequence of 100 gradients for a 3x2 kernel and a bias (the update rule alone, exactly)
and (2) for 100 training steps of a small linear model on fixed data (the rule inside training), with each
optimizer's Keras config, for the Swift tests to match.

    pip install keras jax && KERAS_BACKEND=jax python3 tools/make_optimizer_fixtures.py
"""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import ops  # noqa: E402

rng = np.random.default_rng(14)


def arr(a):
    a = np.asarray(a, dtype=np.float32)
    return {"shape": list(a.shape), "values": [float(v) for v in a.reshape(-1)]}


O = keras.optimizers
cases = [
    ("sgd", lambda: O.SGD(learning_rate=0.05, momentum=0.9, nesterov=True)),
    ("adam", lambda: O.Adam(learning_rate=0.01)),
    ("adamw", lambda: O.AdamW(learning_rate=0.01, weight_decay=0.01)),
    ("nadam", lambda: O.Nadam(learning_rate=0.01)),
    ("adamax", lambda: O.Adamax(learning_rate=0.01)),
    ("rmsprop", lambda: O.RMSprop(learning_rate=0.01, momentum=0.3, centered=True)),
    ("adagrad", lambda: O.Adagrad(learning_rate=0.1)),
    ("adadelta", lambda: O.Adadelta(learning_rate=1.0)),
    ("adadelta rho", lambda: O.Adadelta(learning_rate=0.5, rho=0.8, epsilon=1e-6)),
    ("lion", lambda: O.Lion(learning_rate=0.003)),
    ("lion betas", lambda: O.Lion(learning_rate=0.001, beta_1=0.8, beta_2=0.95)),
    ("lamb", lambda: O.Lamb(learning_rate=0.01)),
    ("ftrl", lambda: O.Ftrl(learning_rate=0.1)),
    ("adam ema", lambda: O.Adam(learning_rate=0.01, use_ema=True, ema_momentum=0.9)),
    ("sgd ema overwrite", lambda: O.SGD(learning_rate=0.05, momentum=0.5, use_ema=True, ema_momentum=0.8, ema_overwrite_frequency=7)),
    ("ftrl regularized", lambda: O.Ftrl(learning_rate=0.1, l1_regularization_strength=0.01, l2_regularization_strength=0.02,
                                        l2_shrinkage_regularization_strength=0.01, beta=0.5, learning_rate_power=-0.6)),
    ("adafactor", lambda: O.Adafactor(learning_rate=0.01)),
    ("adafactor options", lambda: O.Adafactor(learning_rate=0.5, beta_2_decay=-0.6, epsilon_2=1e-2, clip_threshold=0.5)),
    ("adafactor schedule", lambda: O.Adafactor(learning_rate=O.schedules.ExponentialDecay(0.05, 10, 0.9))),
    ("adam accumulation", lambda: O.Adam(learning_rate=0.01, gradient_accumulation_steps=3)),
    ("sgd accumulation clip decay schedule", lambda: O.SGD(learning_rate=O.schedules.ExponentialDecay(0.1, 5, 0.8), momentum=0.9,
                                                           gradient_accumulation_steps=4, clipnorm=0.5, weight_decay=0.01)),
    ("nadam accumulation ema", lambda: O.Nadam(learning_rate=0.01, gradient_accumulation_steps=2, use_ema=True, ema_momentum=0.9,
                                               ema_overwrite_frequency=5)),
    ("sgd loss scale", lambda: O.SGD(learning_rate=0.05, momentum=0.5, loss_scale_factor=128.0)),
    ("adamw exclude bias", lambda: O.AdamW(learning_rate=0.01, weight_decay=0.1), ["bias"]),
]

kernel0 = rng.normal(0, 1, size=(3, 2)).astype(np.float32)
bias0 = rng.normal(0, 0.1, size=(2,)).astype(np.float32)
gradients = [(rng.normal(0, 1, size=(3, 2)).astype(np.float32), rng.normal(0, 1, size=(2,)).astype(np.float32)) for _ in range(100)]
x = rng.uniform(-1, 1, size=(16, 3)).astype(np.float32)
y = (x @ np.array([[1.0, -2.0], [0.5, 0.0], [-1.0, 1.5]], dtype=np.float32) + 0.3).astype(np.float32)

results = []
for name, make, *exclude in cases:
    exclude_names = exclude[0] if exclude else None

    def build():
        optimizer = make()
        if exclude_names:
            optimizer.exclude_from_weight_decay(var_names=exclude_names)
        return optimizer

    kernel, bias = keras.Variable(kernel0.copy(), name="kernel"), keras.Variable(bias0.copy(), name="bias")
    optimizer = build()
    for g_kernel, g_bias in gradients:
        optimizer.apply_gradients([(g_kernel, kernel), (g_bias, bias)])
    fixed = {"kernel": arr(ops.convert_to_numpy(kernel)), "bias": arr(ops.convert_to_numpy(bias))}
    if optimizer.use_ema:  # the moving averages, in the order of the variables
        fixed["averages"] = [arr(ops.convert_to_numpy(v)) for v in optimizer._model_variables_moving_average]

    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    model.set_weights([kernel0, bias0])
    model.compile(loss="mse", optimizer=build())
    losses = [float(model.train_on_batch(x, y)) for _ in range(100)]
    trained = {"weights": [arr(w) for w in model.get_weights()], "losses": losses,
               "iterations": int(model.optimizer._iterations.numpy())}
    config = make().get_config()
    results.append({"name": name, "class_name": type(make()).__name__, "config": config, "fixed_gradients": fixed, "model": trained,
                    "exclude_names": exclude_names})

out = os.path.join(os.path.dirname(__file__), "..", "Tests", "ModelsTests", "Fixtures", "keras_optimizers.json")
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out, "w") as f:
    json.dump({"keras": keras.__version__, "kernel0": arr(kernel0), "bias0": arr(bias0),
               "gradients": [[arr(k), arr(b)] for k, b in gradients], "x": arr(x), "y": arr(y), "optimizers": results},
              f, sort_keys=True)
print("wrote", os.path.normpath(out), os.path.getsize(out), "bytes")
