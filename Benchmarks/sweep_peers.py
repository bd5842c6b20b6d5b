#!/usr/bin/env python3
"""The peers' part of the batch × width sweep (issue 16, "How cost grows with the work"): workload A's epoch
with the chapter's model scaled to 784-W-W/3-10, trained the way ../shared/bench/peers.py trains it.

    python3 Benchmarks/sweep_peers.py --fw torch|keras-jax [--threads 1] [--widths 300,1000,3000]
                                      [--batches 32,64,128,256,1024] [--gflop 40] [--reps 3]

PyTorch: eager, manual slicing of a shuffled index (peers.py's faster variant), CrossEntropyLoss, SGD 0.01.
Keras 3 on JAX: `fit(epochs=1, batch_size=B)`, sparse categorical cross-entropy, SGD 0.01. Each configuration
trains on the first rows of Fashion-MNIST's 55,000, as many as Sweep.swift takes (about --gflop GFLOP, whole
batches, at least 3), after one untimed warm-up of the same size; times are scaled to 55,000 samples.
Prints one JSON line per configuration, in peers.py's format. Data: $DATA_DIR/fashion_mnist (IDX files), else
synthetic data of the same shape (timing does not depend on the values).
"""
import argparse
import glob
import gzip
import json
import os
import statistics
import time

import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("--fw", required=True, choices=["torch", "keras-jax"])
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--widths", default="300,1000,3000")
parser.add_argument("--batches", default="32,64,128,256,1024")
parser.add_argument("--gflop", type=float, default=40)
parser.add_argument("--reps", type=int, default=3)
args = parser.parse_args()
EPOCH = 55000


def sizes(width):
    return [784, width, width // 3, 10]


def flops_per_sample(width):
    s = sizes(width)
    return sum((2 if layer == 0 else 3) * 2.0 * s[layer] * s[layer + 1] for layer in range(len(s) - 1))


def samples(width, batch):
    """The same count as SweepShape.samples in Sweep.swift."""
    wanted = int(args.gflop * 1e9 / flops_per_sample(width))
    return max(3, min(EPOCH // batch, wanted // batch)) * batch


def fashion_mnist():
    folder = os.path.join(os.environ.get("DATA_DIR", ""), "fashion_mnist")
    images = sorted(glob.glob(os.path.join(folder, "train-images-idx3-ubyte*")))
    labels = sorted(glob.glob(os.path.join(folder, "train-labels-idx1-ubyte*")))

    def read(path):
        with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
            data = f.read()
        shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(data[3])]
        return np.frombuffer(data, np.uint8, offset=4 + 4 * data[3]).reshape(shape)

    if images and labels:
        x, y, source = read(images[0]), read(labels[0]), "real"
    else:
        rng = np.random.default_rng(42)
        x, y, source = rng.integers(0, 256, (60000, 28, 28), np.uint8), rng.integers(0, 10, 60000, np.uint8), "synthetic"
    return x[5000:].astype(np.float32) / 255.0, y[5000:].astype(np.int64), source


if args.fw == "torch":
    import torch
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)
else:
    os.environ["KERAS_BACKEND"] = "jax"
    if args.threads == 1:
        os.environ["XLA_FLAGS"] = os.environ.get("XLA_FLAGS", "") + " --xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
    import keras
    keras.utils.set_random_seed(0)

X, Y, SOURCE = fashion_mnist()


def torch_trainer(width, batch, x, y):
    import torch.nn as nn
    s = sizes(width)
    model = nn.Sequential(nn.Flatten(), nn.Linear(s[0], s[1]), nn.ReLU(), nn.Linear(s[1], s[2]), nn.ReLU(), nn.Linear(s[2], s[3]))
    loss_fn, opt = nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters(), lr=0.01)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)

    def epoch():
        perm = torch.randperm(xt.shape[0])
        for i in range(0, xt.shape[0], batch):
            idx = perm[i:i + batch]
            opt.zero_grad()
            loss_fn(model(xt[idx]), yt[idx]).backward()
            opt.step()
    return epoch


def keras_trainer(width, batch, x, y):
    s = sizes(width)
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(s[1], activation="relu"),
                              keras.layers.Dense(s[2], activation="relu"), keras.layers.Dense(s[3], activation="softmax")])
    model.compile(loss="sparse_categorical_crossentropy", optimizer=keras.optimizers.SGD(learning_rate=0.01))
    return lambda: model.fit(x, y, epochs=1, batch_size=batch, verbose=0)


for width in [int(w) for w in args.widths.split(",")]:
    for batch in [int(b) for b in args.batches.split(",")]:
        n = samples(width, batch)
        epoch = (torch_trainer if args.fw == "torch" else keras_trainer)(width, batch, X[:n], Y[:n])
        epoch()  # warm-up (and, for Keras, compilation)
        times = []
        for _ in range(args.reps):
            start = time.perf_counter()
            epoch()
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        print(json.dumps(dict(fw=args.fw, wl="sweep", threads=args.threads, variant="sweep-epoch",
                              times=[round(t * EPOCH / n, 6) for t in times], median=median * EPOCH / n, width=width,
                              batch=batch, layers=sizes(width), samples_timed=n, data=SOURCE,
                              gflops_per_s=flops_per_sample(width) * n / median / 1e9, loadavg1=round(os.getloadavg()[0], 2))),
              flush=True)
