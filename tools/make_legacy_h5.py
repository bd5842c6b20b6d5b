"""Makes the legacy HDF5 model files of Tests/ModelsTests/Fixtures/legacy/ and the predictions NeuralKit
must reproduce from them:

- keras3_sequential.h5: Keras 3's own `model.save("...h5")` (the legacy format Keras 3 still writes);
- keras2_sequential.h5 and keras2_functional.h5: the layout tf.keras 2.x (Keras 2) wrote, made with
  h5py: `model_config` with Keras 2's layer configs (`batch_input_shape`, dtype strings, nested
  `inbound_nodes` lists), `training_config` with `optimizer_config` and MeanMetricWrapper metrics, and
  weights under `model_weights/<layer>/<layer>/kernel:0` named by `weight_names`. Installing
  TensorFlow to write them would take gigabytes; the layout is the one `hdf5_format.py` of Keras 2.x writes.

The Keras 2 files reuse the Keras 3 model's weights, and their expected predictions are computed with
NumPy from those weights. Run with `.venv-interop/bin/python tools/make_legacy_h5.py`.
"""
import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")
import h5py
import keras
import numpy as np

out = pathlib.Path(__file__).resolve().parent.parent / "Tests/ModelsTests/Fixtures/legacy"
out.mkdir(parents=True, exist_ok=True)
keras.utils.set_random_seed(1)
x = np.random.RandomState(0).rand(6, 4).astype("float32")
y = np.arange(6) % 3

model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, activation="relu"), keras.layers.Dropout(0.1),
                          keras.layers.Dense(3, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer=keras.optimizers.Adam(0.01), metrics=["accuracy"])
model.fit(x, y, epochs=2, verbose=0)
model.save(out / "keras3_sequential.h5")
k1, b1, k2, b2 = [w.astype("float32") for w in model.get_weights()]
expected = {"x": x.tolist(), "keras3_sequential": model.predict(x, verbose=0).tolist()}


def relu(v):
    return np.maximum(v, 0)


def softmax(v):
    e = np.exp(v - v.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def dense(name, units, activation, extra=None):
    config = {"name": name, "trainable": True, "dtype": "float32", "units": units, "activation": activation, "use_bias": True,
              "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
              "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": None, "bias_regularizer": None,
              "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None}
    config.update(extra or {})
    return {"class_name": "Dense", "config": config}


training_config = {
    "loss": "sparse_categorical_crossentropy",
    "metrics": [[{"class_name": "MeanMetricWrapper", "config": {"name": "accuracy", "dtype": "float32", "fn": "sparse_categorical_accuracy"}}]],
    "weighted_metrics": None, "loss_weights": None,
    "optimizer_config": {"class_name": "Adam", "config": {"name": "Adam", "weight_decay": None, "clipnorm": None, "global_clipnorm": None,
                                                          "clipvalue": None, "use_ema": False, "ema_momentum": 0.99,
                                                          "ema_overwrite_frequency": None, "jit_compile": True, "is_legacy_optimizer": False,
                                                          "learning_rate": 0.01, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": False}},
}


def write_keras2(path, model_config, layers):
    """layers: (name, [(weight name, array)]) in the model's order, as Keras 2's save_weights_to_hdf5_group."""
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = "2.15.0"
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(model_config)
        f.attrs["training_config"] = json.dumps(training_config)
        weights = f.create_group("model_weights")
        weights.attrs["layer_names"] = [name.encode() for name, _ in layers]
        weights.attrs["backend"] = "tensorflow"
        weights.attrs["keras_version"] = "2.15.0"
        for name, values in layers:
            group = weights.create_group(name)
            group.attrs["weight_names"] = [w.encode() for w, _ in values]
            for weight_name, value in values:
                group.create_dataset(weight_name, data=value)


sequential = {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
    {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 4], "dtype": "float32", "sparse": False, "ragged": False,
                                            "name": "dense_input"}},
    dense("dense", 5, "relu"),
    {"class_name": "Dropout", "config": {"name": "dropout", "trainable": True, "dtype": "float32", "rate": 0.1, "noise_shape": None, "seed": None}},
    dense("dense_1", 3, "softmax")]}}
write_keras2(out / "keras2_sequential.h5", sequential, [
    ("dense", [("dense/kernel:0", k1), ("dense/bias:0", b1)]), ("dropout", []),
    ("dense_1", [("dense_1/kernel:0", k2), ("dense_1/bias:0", b2)])])
hidden = relu(x @ k1 + b1)
expected["keras2_sequential"] = softmax(hidden @ k2 + b2).tolist()

# A functional model, Keras 2's way: the input and a Dense(5) concatenated, then Dense(3).
k3 = np.random.RandomState(2).randn(9, 3).astype("float32") * 0.3
b3 = np.linspace(-0.1, 0.1, 3).astype("float32")
functional = {"class_name": "Functional", "config": {"name": "model", "layers": [
    {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 4], "dtype": "float32", "sparse": False, "ragged": False,
                                            "name": "input_1"}, "name": "input_1", "inbound_nodes": []},
    dict(dense("dense", 5, "relu"), name="dense", inbound_nodes=[[["input_1", 0, 0, {}]]]),
    {"class_name": "Concatenate", "config": {"name": "concatenate", "trainable": True, "dtype": "float32", "axis": -1},
     "name": "concatenate", "inbound_nodes": [[["input_1", 0, 0, {}], ["dense", 0, 0, {}]]]},
    dict(dense("dense_1", 3, "softmax"), name="dense_1", inbound_nodes=[[["concatenate", 0, 0, {}]]])],
    "input_layers": [["input_1", 0, 0]], "output_layers": [["dense_1", 0, 0]]}}
write_keras2(out / "keras2_functional.h5", functional, [
    ("input_1", []), ("dense", [("dense/kernel:0", k1), ("dense/bias:0", b1)]), ("concatenate", []),
    ("dense_1", [("dense_1/kernel:0", k3), ("dense_1/bias:0", b3)])])
expected["keras2_functional"] = softmax(np.concatenate([x, hidden], axis=1) @ k3 + b3).tolist()

(out / "expected.json").write_text(json.dumps(expected))
print("wrote", sorted(p.name for p in out.iterdir()))
