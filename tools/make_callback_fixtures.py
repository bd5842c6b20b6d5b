#!/usr/bin/env python3
"""Writes Tests/ModelsTests/Fixtures/keras_callbacks.json: what Keras 3's own callbacks decide for given
sequences of logged values (ReduceLROnPlateau's rates, EarlyStopping's stops, ModelCheckpoint's file
names and save-best decisions) and the bytes CSVLogger writes, for the Swift tests to match.

    pip install keras jax && KERAS_BACKEND=jax python3 tools/make_callback_fixtures.py
"""
import json
import os
import tempfile

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402


def tiny_model(rate=0.1):
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(loss="mse", optimizer=keras.optimizers.SGD(learning_rate=rate))
    return model


def rate_of(model):
    return float(np.asarray(model.optimizer.learning_rate))


plateau_cases = []
for params, values in [
    (dict(factor=0.5, patience=2), [1.0, 0.9, 0.95, 0.92, 0.91, 0.93, 0.94, 0.8, 0.81, 0.82, 0.83]),
    (dict(factor=0.1, patience=1, cooldown=2, min_lr=0.002), [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]),
    (dict(factor=0.2, patience=0, min_delta=0.05), [1.0, 0.97, 0.9, 0.88, 0.5, 0.49]),
    (dict(factor=0.5, patience=1, mode="max", monitor="val_accuracy"), [0.5, 0.6, 0.6, 0.7, 0.65, 0.64, 0.9]),
]:
    model = tiny_model()
    callback = keras.callbacks.ReduceLROnPlateau(**params)
    callback.set_model(model)
    callback.on_train_begin()
    key = params.get("monitor", "val_loss")
    rates, logged = [], []
    for epoch, value in enumerate(values):
        logs = {key: value}
        callback.on_epoch_end(epoch, logs)
        logged.append(logs["learning_rate"])
        rates.append(rate_of(model))
    plateau_cases.append({"params": params, "values": values, "logged": logged, "rates": rates})

stopping_cases = []
for params, values in [
    (dict(patience=2), [1.0, 0.9, 0.95, 0.92, 0.91, 0.93]),
    (dict(patience=3, min_delta=0.05), [1.0, 0.97, 0.94, 0.92, 0.9, 0.85]),
    (dict(patience=1, baseline=0.5), [0.9, 0.8, 0.7, 0.6]),
    (dict(patience=2, start_from_epoch=2), [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
    (dict(patience=1, mode="max", monitor="val_accuracy"), [0.5, 0.6, 0.55, 0.58]),
]:
    model = tiny_model()
    callback = keras.callbacks.EarlyStopping(**params)
    callback.set_model(model)
    model.stop_training = False
    callback.on_train_begin()
    key = params.get("monitor", "val_loss")
    stopped = None
    for epoch, value in enumerate(values):
        callback.on_epoch_end(epoch, {key: value})
        if model.stop_training:
            stopped = epoch
            break
    stopping_cases.append({"params": params, "values": values, "stopped": stopped, "wait": callback.wait,
                           "best": None if callback.best is None else float(callback.best)})

names = []
for template, epoch, batch, logs in [
    ("ckpt-{epoch:02d}-{val_loss:.2f}.keras", 4, None, {"val_loss": 0.123456, "loss": 0.5}),
    ("e{epoch}-b{batch:03d}-{loss:.3e}.weights.h5", 11, 6, {"loss": 1234.5}),
    ("m-{accuracy}.keras", 0, None, {"accuracy": float(np.float32(0.87654))}),
    ("{epoch:5d}|{val_loss:8.3f}|{{x}}.keras", 2, None, {"val_loss": -0.25}),
    ("best.keras", 9, None, {}),
]:
    callback = keras.callbacks.ModelCheckpoint(os.path.join("d", template), save_freq="epoch" if batch is None else 5)
    names.append({"template": "d/" + template, "epoch": epoch, "batch": batch, "logs": logs,
                  "path": callback._get_file_path(epoch, batch, logs)})

best_cases = []
for params, values in [
    (dict(), [0.5, 0.4, 0.45, 0.3, 0.3, 0.31]),
    (dict(initial_value_threshold=0.35), [0.5, 0.4, 0.36, 0.3, 0.2]),
    (dict(monitor="val_accuracy", mode="max"), [0.5, 0.7, 0.6, 0.8]),
]:
    callback = keras.callbacks.ModelCheckpoint("x.keras", save_best_only=True, **params)
    callback.set_model(tiny_model())
    key = params.get("monitor", "val_loss")
    decisions = []
    for epoch, value in enumerate(values):
        if callback.monitor_op is None:
            callback._set_monitor_op()
        decisions.append(bool(callback._should_save_model(epoch, None, {key: value}, "x.keras")))
    best_cases.append({"params": params, "values": values, "saved": decisions})

csv_cases = []
for params, rows in [
    (dict(), [{"loss": 0.5, "accuracy": float(np.float32(0.75)), "val_loss": 0.625},
              {"loss": float(np.float32(0.3)), "accuracy": 0.875, "val_loss": float(np.float32(1e-05))}]),
    (dict(separator=";"), [{"loss": float("nan"), "b": 2.0}, {"loss": float("inf"), "b": float(np.float32(1e20))}]),
]:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "log.csv")
        callback = keras.callbacks.CSVLogger(path, **params)
        model = tiny_model()
        model.stop_training = False
        callback.set_model(model)
        callback.on_train_begin()
        for epoch, logs in enumerate(rows):
            callback.on_epoch_end(epoch, dict(logs))
        callback.on_train_end()
        with open(path, "rb") as f:
            text = f.read().decode()
    # Values as Python prints them, so that NaN and infinities survive JSON.
    csv_cases.append({"params": params, "rows": [{k: repr(v) for k, v in row.items()} for row in rows], "text": text})

out = os.path.join(os.path.dirname(__file__), "..", "Tests", "ModelsTests", "Fixtures", "keras_callbacks.json")
with open(out, "w") as f:
    json.dump({"keras": keras.__version__, "reduce_lr_on_plateau": plateau_cases, "early_stopping": stopping_cases,
               "checkpoint_names": names, "checkpoint_best": best_cases, "csv_logger": csv_cases},
              f, indent=1, sort_keys=True, allow_nan=False)
print("wrote", os.path.normpath(out))
