#!/usr/bin/env python3
"""The matrix products of one training epoch of an MLP, and nothing else, timed in NumPy: the reference that
issue 16 measures NeuralKit's epoch against (the time the epoch's own products take on the same machine).

    python3 Benchmarks/epoch_products.py --threads 1 [--batch 32] [--sizes 784,300,100,10] [--samples 55000]

Per step of `batch` samples, with the layouts a straightforward implementation uses (weights fan_in × units,
activations batch × features, row-major), for every layer l:
  forward        X_l (batch × in) · W_l (in × units)             sgemm N,N
  weight grad    X_lᵀ (in × batch) · dY_l (batch × units)         sgemm T,N
  input grad     dY_l (batch × units) · W_lᵀ (units × in)         sgemm N,T   (every layer but the first)
Each product writes into a buffer allocated once (`out=`), so only the products are timed. The thread count
is set with OPENBLAS_NUM_THREADS before NumPy loads (the caller pins the process, as for the peers); timing
`samples` and scaling to `--epoch` samples gives an epoch's time. Prints one JSON line in peers.py's format.
"""
import argparse
import json
import os
import statistics
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--batch", type=int, default=32)
parser.add_argument("--sizes", default="784,300,100,10", help="layer sizes, input first")
parser.add_argument("--samples", type=int, default=55000, help="samples to time (whole batches; the last partial batch too)")
parser.add_argument("--epoch", type=int, default=55000, help="samples in the epoch the time is scaled to")
parser.add_argument("--reps", type=int, default=5)
parser.add_argument("--wl", default="A", help="the workload name to print")
args = parser.parse_args()
if "numpy" in sys.modules:
    sys.exit("epoch_products.py: NumPy was loaded before its thread count was set")
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)
import numpy as np  # noqa: E402

sizes = [int(s) for s in args.sizes.split(",")]
rng = np.random.default_rng(0)


def plan(batch):
    """The (function, operands) of one step's products at this batch size, buffers allocated once."""
    calls = []
    x = rng.standard_normal((batch, sizes[0]), dtype=np.float32)
    for layer, (fan_in, units) in enumerate(zip(sizes, sizes[1:])):
        w = rng.standard_normal((fan_in, units), dtype=np.float32)
        y = np.empty((batch, units), np.float32)
        dy = rng.standard_normal((batch, units), dtype=np.float32)
        dw = np.empty((fan_in, units), np.float32)
        calls.append((x, w, y))  # forward
        calls.append((x.T, dy, dw))  # weight gradient
        if layer > 0:
            calls.append((dy, w.T, np.empty((batch, fan_in), np.float32)))  # input gradient
        x = y
    return calls


steps = [(args.batch, plan(args.batch))] * (args.samples // args.batch)
if args.samples % args.batch:
    steps.append((args.samples % args.batch, plan(args.samples % args.batch)))


def epoch():
    matmul = np.matmul
    for _, calls in steps:
        for a, b, out in calls:
            matmul(a, b, out=out)


epoch()  # warm-up
times = []
for _ in range(args.reps):
    start = time.perf_counter()
    epoch()
    times.append((time.perf_counter() - start) * args.epoch / args.samples)
flops = sum(2 * a.shape[0] * a.shape[1] * b.shape[1] for _, calls in steps for a, b, _ in calls)
try:
    from threadpoolctl import threadpool_info
    blas = [(d.get("internal_api"), d.get("version"), d.get("architecture"), d.get("num_threads"))
            for d in threadpool_info() if d.get("user_api") == "blas"]
except ImportError:
    blas = "threadpoolctl not installed"
print(json.dumps(dict(fw="numpy", wl=args.wl, threads=args.threads, variant="epoch-products", times=[round(t, 6) for t in times],
                      median=statistics.median(times), sizes=sizes, batch=args.batch, samples_timed=args.samples,
                      gflops_per_s=flops * args.epoch / args.samples / statistics.median(times) / 1e9,
                      numpy=np.__version__, blas=blas, loadavg1=round(os.getloadavg()[0], 2))), flush=True)
