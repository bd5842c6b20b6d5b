#!/usr/bin/env python3
"""Makes the chapter's models in Keras 3 (on JAX), trains them briefly on the chapter's data, and saves
them as .keras files for NeuralKit's interop tests, with what Keras computes from them:

    Tests/ModelsTests/Fixtures/chapter/<name>.keras
    Tests/ModelsTests/Fixtures/chapter/chapter_models.json  (inputs, predictions, evaluate results, and the
                                                             predictions after one more training step)

The models: the image classifier (Sequential, Flatten/Dense; narrowed from 300/100 to 32/16 units so the
file stays small), the regression MLP with a Normalization layer (Sequential), Wide & Deep with two
inputs and two outputs (Functional), and the subclassed Wide & Deep (tools/chapter_models.py).

    scripts/interop-python.sh   # a Python with keras, jax and h5py
    .venv-interop/bin/python tools/make_keras_models.py [path/to/shared/data]
"""
import gzip
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from chapter_models import WideAndDeepModel  # noqa: E402

data_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "data")
out_dir = os.path.join(here, "..", "Tests", "ModelsTests", "Fixtures", "chapter")
os.makedirs(out_dir, exist_ok=True)
keras.utils.set_random_seed(42)


def idx(name, offset):
    with gzip.open(os.path.join(data_dir, "fashion_mnist", name)) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def housing():
    """scikit-learn's fetch_california_housing features from the StatLib file (same rows, same order)."""
    raw = np.loadtxt(gzip.open(os.path.join(data_dir, "california_housing", "cal_housing.data.gz")), delimiter=",")
    lon, lat, age, rooms, bedrooms, population, households, income, value = raw.T
    x = np.stack([income, age, rooms / households, bedrooms / households, population, population / households, lat, lon], 1)
    return x.astype(np.float32), (value / 100_000).astype(np.float32)


def values(a):
    return np.asarray(a, dtype=np.float32).reshape(-1).tolist()


records = {}


def record(name, model, x_eval, y_eval, note):
    """Saves the model and what Keras computes: predictions and evaluate on (x_eval, y_eval), then the
    predictions after one more training step on that same batch, from the saved optimizer state."""
    x_step, y_step = x_eval, y_eval
    path = os.path.join(out_dir, name + ".keras")
    model.save(path)
    predictions = model.predict(x_eval, verbose=0)
    predictions = list(predictions) if isinstance(predictions, (list, tuple)) else [predictions]
    evaluation = model.evaluate(x_eval, y_eval, verbose=0, return_dict=True)
    iterations = int(model.optimizer.iterations)
    model.fit(x_step, y_step, batch_size=len(x_step[0] if isinstance(x_step, tuple) else x_step), epochs=1, shuffle=False, verbose=0)
    after = model.predict(x_eval, verbose=0)
    after = list(after) if isinstance(after, (list, tuple)) else [after]
    as_list = (lambda a: [values(t) for t in a]) if isinstance(x_eval, tuple) else (lambda a: [values(a)])
    records[name] = {
        "note": note,
        "inputs": as_list(x_eval),
        "input_shapes": [list(t.shape) for t in (x_eval if isinstance(x_eval, tuple) else (x_eval,))],
        "targets": values(y_eval[0] if isinstance(y_eval, tuple) else y_eval),
        "predictions": [values(p) for p in predictions],
        "evaluate": {k: float(v) for k, v in evaluation.items()},
        "optimizer": type(model.optimizer).__name__,
        "iterations": iterations,
        "predictions_after_step": [values(p) for p in after],
    }


# 1. The image classifier (Sequential API), pixels scaled outside the model as in the book.
x_train = idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28)[:5000].astype(np.float32) / 255
y_train = idx("train-labels-idx1-ubyte.gz", 8)[:5000].astype(np.float32)
x_test = idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28)[:8].astype(np.float32) / 255
y_test = idx("t10k-labels-idx1-ubyte.gz", 8)[:8].astype(np.float32)
classifier = keras.Sequential([
    keras.layers.Input(shape=[28, 28]),
    keras.layers.Flatten(),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
classifier.compile(loss="sparse_categorical_crossentropy", optimizer=keras.optimizers.SGD(learning_rate=0.01), metrics=["accuracy"])
classifier.fit(x_train, y_train, epochs=2, batch_size=32, verbose=0)
record("fashion_classifier", classifier, x_test, y_test,
       "Flatten, Dense(32, relu), Dense(16, relu), Dense(10, softmax); SGD 0.01; 2 epochs on 5,000 images")

# 2. The regression MLP with a Normalization layer (the book's third edition).
x, y = housing()
x_fit, y_fit, x_eval, y_eval = x[:2000], y[:2000], x[-8:], y[-8:]
norm_layer = keras.layers.Normalization()
regressor = keras.Sequential([
    keras.layers.Input(shape=[8]), norm_layer,
    keras.layers.Dense(50, activation="relu"), keras.layers.Dense(50, activation="relu"), keras.layers.Dense(50, activation="relu"),
    keras.layers.Dense(1),
])
norm_layer.adapt(x_fit)
regressor.compile(loss="mse", optimizer=keras.optimizers.Adam(learning_rate=1e-3), metrics=["RootMeanSquaredError"])
regressor.fit(x_fit, y_fit, epochs=3, verbose=0)
record("housing_regressor", regressor, x_eval, y_eval,
       "Normalization, 3 x Dense(50, relu), Dense(1); Adam 1e-3; MSE + RMSE; 3 epochs on 2,000 rows")

# 3. Wide & Deep, Functional API: two inputs, two outputs, each input normalized.
wide_in, deep_in = keras.layers.Input(shape=[5], name="input_wide"), keras.layers.Input(shape=[6], name="input_deep")
norm_wide, norm_deep = keras.layers.Normalization(), keras.layers.Normalization()
hidden1 = keras.layers.Dense(30, activation="relu")(norm_deep(deep_in))
hidden2 = keras.layers.Dense(30, activation="relu")(hidden1)
concat = keras.layers.concatenate([norm_wide(wide_in), hidden2])
output = keras.layers.Dense(1)(concat)
aux_output = keras.layers.Dense(1)(hidden2)
functional = keras.Model(inputs=[wide_in, deep_in], outputs=[output, aux_output])
norm_wide.adapt(x_fit[:, :5])
norm_deep.adapt(x_fit[:, 2:])
functional.compile(loss=("mse", "mse"), loss_weights=(0.9, 0.1), optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                   metrics=["RootMeanSquaredError", "RootMeanSquaredError"])
functional.fit((x_fit[:, :5], x_fit[:, 2:]), (y_fit, y_fit), epochs=3, verbose=0)
record("wide_deep_functional", functional, (x_eval[:, :5], x_eval[:, 2:]), (y_eval, y_eval),
       "the book's Wide & Deep with Normalization inputs, losses 0.9/0.1, Adam; 3 epochs on 2,000 rows")

# 4. The same network, subclassed and registered (NeuralKit>WideAndDeepModel).
subclassed = WideAndDeepModel(30, activation="relu", name="my_cool_model")
subclassed.norm_layer_wide.adapt(x_fit[:, :5])
subclassed.norm_layer_deep.adapt(x_fit[:, 2:])
subclassed.compile(loss=("mse", "mse"), loss_weights=(0.9, 0.1), optimizer=keras.optimizers.Nadam(learning_rate=1e-3),
                   metrics=["RootMeanSquaredError", "RootMeanSquaredError"])
subclassed.fit((x_fit[:, :5], x_fit[:, 2:]), (y_fit, y_fit), epochs=3, verbose=0)
record("wide_deep_subclassed", subclassed, (x_eval[:, :5], x_eval[:, 2:]), (y_eval, y_eval),
       "the book's WideAndDeepModel (tools/chapter_models.py), Nadam; 3 epochs on 2,000 rows")

with open(os.path.join(out_dir, "chapter_models.json"), "w") as f:
    json.dump({"keras_version": keras.__version__, "models": records}, f)
print("wrote", ", ".join(sorted(records)), "to", out_dir)
