"""Keras Tuner's side of the tuning throughput benchmark (Benchmarks/tune_throughput.sh): the same
20-trial random search as `neuralkit tune` runs, on the same Fashion-MNIST split (the first 5,000
training images validate, the other 55,000 train), the same space (1-2 hidden layers of 16-64 neurons on
a log scale, learning rate 1e-4..1e-2 on a log scale, SGD or Adam), 1 epoch per trial, batch 32.
Prints one JSON line: trials, seconds, trials per hour.

    KERAS_BACKEND=jax .venv-tuner/bin/python Benchmarks/keras_tuner_throughput.py [--trials 20] [--epochs 1]
"""
import argparse
import gzip
import json
import os
import shutil
import tempfile
import time

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import keras_tuner  # noqa: E402
import numpy as np  # noqa: E402

FOLDER = "/usr/share/datasets/fashion-mnist"


def idx(name):
    with gzip.open(os.path.join(FOLDER, name)) as file:
        data = file.read()
    dimensions = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dimensions)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dimensions).reshape(shape)


def build(hp):
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Rescaling(1 / 255), keras.layers.Flatten()])
    for _ in range(hp.Int("n_hidden", 1, 2)):
        model.add(keras.layers.Dense(hp.Int("n_neurons", 16, 64, sampling="log"), activation="relu"))
    model.add(keras.layers.Dense(10, activation="softmax"))
    rate = hp.Float("learning_rate", 1e-4, 1e-2, sampling="log")
    optimizer = keras.optimizers.SGD(rate) if hp.Choice("optimizer", ["sgd", "adam"]) == "sgd" else keras.optimizers.Adam(rate)
    model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])
    return model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--epochs", type=int, default=1)
    args = parser.parse_args()
    x, y = idx("train-images-idx3-ubyte.gz").astype("float32"), idx("train-labels-idx1-ubyte.gz").astype("int32")
    directory = tempfile.mkdtemp(prefix="kt-throughput-")
    try:
        tuner = keras_tuner.RandomSearch(build, objective="val_accuracy", max_trials=args.trials, seed=42, directory=directory,
                                         project_name="fashion", overwrite=True)
        start = time.perf_counter()
        tuner.search(x[5000:], y[5000:], validation_data=(x[:5000], y[:5000]), epochs=args.epochs, batch_size=32, verbose=0)
        seconds = time.perf_counter() - start
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    trials = len(tuner.oracle.trials)
    print(json.dumps({"tool": f"keras-tuner {keras_tuner.__version__} (keras {keras.__version__}, jax)", "trials": trials,
                      "seconds": round(seconds, 1), "trials_per_hour": round(3600 * trials / seconds, 1)}))


if __name__ == "__main__":
    main()
