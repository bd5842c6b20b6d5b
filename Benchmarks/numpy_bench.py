#!/usr/bin/env python3
"""NumPy's figures for the workloads of `neuralkit-benchmarks`, one JSON object a line, same names.

    python3 Benchmarks/numpy_bench.py [--quick] [--filter TEXT]

Thread counts are set with threadpoolctl, so NumPy's own OpenBLAS runs with 1, then 2 threads.
"""
import json
import statistics
import sys
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

quick = "--quick" in sys.argv
pattern = sys.argv[sys.argv.index("--filter") + 1] if "--filter" in sys.argv else ""
rng = np.random.default_rng(42)


def measure(fn, minimum=0.05 if quick else 0.25, samples=3 if quick else 5):
    fn()
    calls = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        if time.perf_counter() - t0 >= minimum / 4 or calls > 1 << 20:
            break
        calls *= 2
    times = []
    for _ in range(samples):
        total, count = 0.0, 0
        while total < minimum:
            t0 = time.perf_counter()
            for _ in range(calls):
                fn()
            total += time.perf_counter() - t0
            count += calls
        times.append(total / count)
    return statistics.median(times)


def selected(name):
    return pattern in name


def report(name, threads, value, unit):
    print(json.dumps({"name": name, "threads": threads, "value": value, "unit": unit}), flush=True)


def rand(*shape):
    return rng.uniform(-1, 1, size=shape).astype(np.float32)


products = []
for fan_in, units in [(784, 300), (300, 100), (100, 10)]:
    products.append((f"forward 32x{fan_in} . {fan_in}x{units}", 32, fan_in, units, False, False))
    products.append((f"kernel grad (32x{fan_in})T . 32x{units}", fan_in, 32, units, True, False))
    products.append((f"input grad 32x{units} . ({fan_in}x{units})T", 32, units, fan_in, False, True))
for n in ([512, 1024] if quick else [512, 1024, 2048]):
    products.append((f"square {n}", n, n, n, False, False))

for threads in (1, 2):
    with threadpool_limits(threads):
        for name, m, k, n, ta, tb in products:
            if not selected("matmul " + name):
                continue
            a = rand(k, m) if ta else rand(m, k)
            b = rand(n, k) if tb else rand(k, n)
            fn = (lambda a=a, b=b, ta=ta, tb=tb: np.matmul(a.T if ta else a, b.T if tb else b))
            report("matmul " + name, threads, 2 * m * n * k / measure(fn) / 1e9, "GFLOP/s")

with threadpool_limits(1):
    x, y, bias = rand(1024, 1024), rand(1024, 1024), rand(1024)

    def softmax(v):
        e = np.exp(v - v.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    for name, fn in [
        ("add 1024x1024 + 1024x1024", lambda: x + y),
        ("add 1024x1024 + bias 1024", lambda: x + bias),
        ("multiply 1024x1024", lambda: x * y),
        ("exp 1024x1024", lambda: np.exp(x)),
        ("relu 1024x1024", lambda: np.maximum(x, 0)),
        ("sum over axis 0, 1024x1024", lambda: x.sum(axis=0)),
        ("softmax rows, 1024x1024", lambda: softmax(x)),
    ]:
        if not selected(name):
            continue
        report(name, 1, (1 << 20) / measure(fn) / 1e6, "Melem/s")

blas = [d for d in threadpool_info() if d.get("user_api") == "blas"]
print(json.dumps({"numpy": np.__version__, "blas": [(d.get("internal_api"), d.get("version"), d.get("architecture")) for d in blas]}))
