#!/usr/bin/env python3
"""Runs the chapter's workloads in NeuralKit, in its peers and (for A) in NumPy's matrix products alone, in
one run, and prints the ratios and issue 16's targets, met or not.

    scripts/peers-python.sh            # once: makes .venv-peers (PyTorch CPU, Keras 3 on JAX, NumPy)
    python3 Benchmarks/compare_peers.py [--wl A,B,C] [--threads 1,2] [--fw torch,keras-jax] [--reps 5]
                                        [--python PATH] [--out records.jsonl]

NeuralKit: `chapter-benchmarks` (release build; for C also `--wl C-int8`). Peers: ../shared/bench/peers.py
(PyTorch, Keras on JAX or TensorFlow, scikit-learn), run by --python, by default .venv-peers's python when it
exists. Reference for A: Benchmarks/epoch_products.py, the epoch's own sgemm calls (1,719 steps of batch 32:
forward, weight-gradient and input-gradient products with a straightforward implementation's transposes) in
NumPy with its own OpenBLAS. Each configuration runs in its own process, one after the other, so they do not
compete for the cores. With one thread every process is pinned to one core (taskset): XLA ignores peers.py's
thread setting and otherwise runs Keras-on-JAX on both cores.
"""
import argparse
import json
import os
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
shared = os.path.normpath(os.path.join(root, "..", "shared"))
venv_python = os.path.join(root, ".venv-peers", "bin", "python")
parser = argparse.ArgumentParser()
parser.add_argument("--wl", default="A,B,C")
parser.add_argument("--threads", default="1,2")
parser.add_argument("--fw", default="torch,keras-jax")
parser.add_argument("--reps", default="5")
parser.add_argument("--python", default=venv_python if os.path.exists(venv_python) else sys.executable,
                    help="the Python that has the peers (default: .venv-peers's, made by scripts/peers-python.sh)")
parser.add_argument("--out", help="also write every measurement to this file, one JSON object a line")
args = parser.parse_args()
if not os.path.exists(args.python):
    sys.exit(f"compare_peers.py: --python {args.python} does not exist; run scripts/peers-python.sh or name a Python with the peers")

subprocess.run(["swift", "build", "-c", "release", "--product", "chapter-benchmarks"], cwd=root, check=True,
               stdout=subprocess.DEVNULL)
env = dict(os.environ, DATA_DIR=os.path.join(shared, "data"), KERAS_BACKEND="jax")
for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):  # each side picks its own kernels
    env.pop(var, None)
benchmark = os.path.join(root, ".build", "release", "chapter-benchmarks")


def run(command):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not records:
        print(f"  ({' '.join(command[:4])}… failed: {result.stderr.strip().splitlines()[-1:] })", file=sys.stderr)
    return records


rows, everything = [], []
for wl in args.wl.split(","):
    for threads in args.threads.split(","):
        pin = ["taskset", "-c", "0"] if threads == "1" else []
        ours = run(pin + [benchmark, "--wl", wl, "--threads", threads, "--reps", args.reps])
        if wl == "C":
            ours += run(pin + [benchmark, "--wl", "C-int8", "--threads", threads, "--reps", args.reps])
        theirs = []
        if wl == "A":
            theirs += run(pin + [args.python, os.path.join(root, "Benchmarks", "epoch_products.py"), "--threads", threads,
                                 "--reps", args.reps])
        for fw in args.fw.split(","):
            theirs += run(pin + [args.python, os.path.join(shared, "bench", "peers.py"), "--fw", fw, "--wl", wl,
                                 "--threads", threads, "--reps", args.reps])
        rows.append((wl, threads, ours, theirs))
        everything += ours + theirs
        for record in ours + theirs:
            print(f"  {wl} t{threads} {record['fw']:10} {record['variant']:38} {record['median'] * 1e3:10.3f} ms", file=sys.stderr)

print(f"\n{'workload':4} {'thr':>3}  {'NeuralKit variant':34} {'ms':>9}   {'peer':28} {'ms':>9}  {'speed-up':>8}")
for wl, threads, ours, theirs in rows:
    for mine in ours:
        if "int8" in mine["variant"] or "layer" in mine["variant"]:
            continue
        for peer in theirs:
            if wl == "C" and mine["variant"].endswith("-1") != peer["variant"].endswith("-1"):
                continue
            label = f"{peer['fw']} {peer['variant']}"
            print(f"{wl:4} {threads:>3}  {mine['variant']:34} {mine['median'] * 1e3:9.3f}   {label[:28]:28} "
                  f"{peer['median'] * 1e3:9.3f}  {peer['median'] / mine['median']:7.2f}x")
print("speed-up = peer time / NeuralKit time (above 1: NeuralKit is faster); numpy epoch-products = the epoch's matrix "
      "products alone")


def find(wl, threads, fw, variant):
    """The median of one measurement, by its variant's name (or the fastest of those starting with it)."""
    for w, t, ours, theirs in rows:
        if w == wl and t == threads:
            candidates = [r for r in ours + theirs if r["fw"] == fw and ("int8" in variant or "int8" not in r["variant"])]
            exact = [r["median"] for r in candidates if r["variant"] == variant]
            matches = exact or [r["median"] for r in candidates if r["variant"].startswith(variant)]
            return min(matches) if matches else None
    return None


targets = []  # (target, measured text, met)


def ratio(name, numerator, denominator, limit, at_most=True):
    if numerator is None or denominator is None:
        targets.append((name, "not measured", None))
        return
    value = numerator / denominator
    targets.append((name, f"{value:.2f}× ({numerator * 1e3:.1f} / {denominator * 1e3:.1f} ms)",
                    None if limit is None else value <= limit if at_most else value >= limit))


for threads in args.threads.split(","):
    ours = find("A", threads, "neuralkit", "fit-epoch")
    if threads == "1":
        ratio("A 1 thread: epoch ≤ 1.35× its matrix products in NumPy", ours, find("A", "1", "numpy", "epoch-products"), 1.35)
    else:
        ratio(f"A {threads} threads: epoch / its matrix products in NumPy (no target)", ours,
              find("A", threads, "numpy", "epoch-products"), None)
    ratio(f"A {threads} thread{'s' if threads != '1' else ''}: epoch ≤ 0.5× Keras-JAX's", ours,
          find("A", threads, "keras-jax", "fit-epoch"), 0.5)
    if threads != "1":
        ratio(f"A {threads} threads: ≥ 1.6× faster than NeuralKit on 1 thread", find("A", "1", "neuralkit", "fit-epoch"), ours,
              1.6, at_most=False)
    ratio(f"C {threads} thread{'s' if threads != '1' else ''}: 10,000 samples ≤ 0.75× Keras-JAX's one batch",
          find("C", threads, "neuralkit", "predict-10k"), find("C", threads, "keras-jax", "predict-10k(batch_size=10000)"), 0.75)
for name, variant, limit in [("float32", "predict-1", 12e-6), ("int8", "predict-1 int8", 5e-6)]:
    value = find("C", "1", "neuralkit", variant)
    targets.append((f"C 1 thread: 1 sample ≤ {limit * 1e6:.0f} µs, {name}",
                    "not measured" if value is None else f"{value * 1e6:.1f} µs", None if value is None else value <= limit))

print("\n| issue 16 target | measured | met |\n|---|---|---|")
for name, text, met in targets:
    print(f"| {name} | {text} | {'—' if met is None else 'yes' if met else '**no**'} |")
print("(NeuralKit's 10,000-sample time is its fastest predict-10k variant; load average at the end: "
      f"{os.getloadavg()[0]:.2f})")
if args.out:
    with open(args.out + ".tmp", "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in everything)
    os.replace(args.out + ".tmp", args.out)
