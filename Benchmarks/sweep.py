#!/usr/bin/env python3
"""Issue 16's sweep, "How cost grows with the work": one epoch of workload A at batch sizes 32…1024 and hidden
widths 300, 1,000, 3,000 (784-W-W/3-10, the chapter's 784-300-100-10 scaled), in NeuralKit, PyTorch, Keras on JAX
and NumPy's matrix products alone, on one thread, each process pinned to core 0, one after the other.

    scripts/peers-python.sh            # once: makes .venv-peers
    python3 Benchmarks/sweep.py [--widths 300,1000,3000] [--batches 32,64,128,256,1024] [--gflop 20] [--reps 3]
                                [--fw neuralkit,numpy,torch,keras-jax] [--csv Benchmarks/results/sweep.csv]
                                [--figure docs/speed-sweep.png] [--python PATH] [--keep-others]

Each configuration times the first rows of the epoch, about --gflop GFLOP of products in whole batches (at least
3 batches, at most the 55,000 samples), after one untimed warm-up of the same size, and scales the time to
55,000 samples: the wide layers at batch 32 would take minutes per epoch otherwise. GFLOP/s counts the forward,
weight-gradient and input-gradient products (not the first layer's input gradient), as the NumPy row runs them.
With --keep-others, the frameworks not in --fw keep their rows of the existing CSV (say so where the table is
shown: they come from an earlier run). Writes the CSV, draws the figure with NeuralKit's Plotting module (`chapter-benchmarks --sweep-figure`) and
prints the table and NeuralKit's epoch / its products' time at the largest batch and width (target ≤ 1.15×).
"""
import argparse
import csv
import io
import json
import os
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
shared = os.path.normpath(os.path.join(root, "..", "shared"))
venv_python = os.path.join(root, ".venv-peers", "bin", "python")
parser = argparse.ArgumentParser()
parser.add_argument("--widths", default="300,1000,3000")
parser.add_argument("--batches", default="32,64,128,256,1024")
parser.add_argument("--gflop", default="20", help="GFLOP of products to time per configuration")
parser.add_argument("--reps", default="3")
parser.add_argument("--fw", default="neuralkit,numpy,torch,keras-jax")
parser.add_argument("--csv", default=os.path.join(root, "Benchmarks", "results", "sweep.csv"))
parser.add_argument("--figure", default=os.path.join(root, "docs", "speed-sweep.png"))
parser.add_argument("--python", default=venv_python if os.path.exists(venv_python) else sys.executable,
                    help="the Python that has the peers (default: .venv-peers's, made by scripts/peers-python.sh)")
parser.add_argument("--keep-others", action="store_true",
                    help="keep the existing CSV's rows of the frameworks not run now (from an earlier run)")
args = parser.parse_args()
widths = [int(w) for w in args.widths.split(",")]
batches = [int(b) for b in args.batches.split(",")]
EPOCH = 55000

subprocess.run(["swift", "build", "-c", "release", "--product", "chapter-benchmarks"], cwd=root, check=True, stdout=subprocess.DEVNULL)
benchmark = os.path.join(root, ".build", "release", "chapter-benchmarks")
env = dict(os.environ, DATA_DIR=os.path.join(shared, "data"), KERAS_BACKEND="jax")
for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):  # each side picks its own kernels
    env.pop(var, None)
pin = ["taskset", "-c", "0"]


def run(command):
    result = subprocess.run(pin + command, env=env, capture_output=True, text=True)
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not records:
        print(f"  ({' '.join(command[:4])}… failed: {result.stderr.strip().splitlines()[-1:]})", file=sys.stderr)
    for r in records:
        r.setdefault("loadavg1", round(os.getloadavg()[0], 2))  # NeuralKit's records have none: the load as it ended
        print(f"  {r['fw']:10} width {r.get('width', r.get('sizes', [0, 0])[1]):>5} batch {r.get('batch'):>5}: "
              f"{r['median']:8.3f} s/epoch {r['gflops_per_s']:6.1f} GFLOP/s", file=sys.stderr)
    return records


def flops_per_sample(width):
    s = [784, width, width // 3, 10]
    return sum((2 if layer == 0 else 3) * 2.0 * s[layer] * s[layer + 1] for layer in range(3))


def samples(width, batch):  # as Sweep.swift's SweepShape.samples
    wanted = int(float(args.gflop) * 1e9 / flops_per_sample(width))
    return max(3, min(EPOCH // batch, wanted // batch)) * batch


records = []
for fw in args.fw.split(","):
    if fw == "neuralkit":
        records += run([benchmark, "--wl", "sweep", "--threads", "1", "--reps", args.reps, "--widths", args.widths,
                        "--batches", args.batches, "--gflop", args.gflop])
    elif fw == "numpy":
        for width in widths:
            for batch in batches:
                for r in run([args.python, os.path.join(root, "Benchmarks", "epoch_products.py"), "--threads", "1",
                              "--batch", str(batch), "--sizes", f"784,{width},{width // 3},10", "--wl", "sweep",
                              "--samples", str(samples(width, batch)), "--reps", args.reps]):
                    r["width"] = width
                    records.append(r)
    elif fw in ("torch", "keras-jax"):
        records += run([args.python, os.path.join(root, "Benchmarks", "sweep_peers.py"), "--fw", fw, "--threads", "1",
                        "--widths", args.widths, "--batches", args.batches, "--gflop", args.gflop, "--reps", args.reps])
    else:
        sys.exit(f"sweep.py: --fw {fw}: use neuralkit, numpy, torch or keras-jax")

names = {"neuralkit": "NeuralKit", "numpy": "NumPy products alone", "torch": "PyTorch", "keras-jax": "Keras-JAX"}
run_now = args.fw.split(",")
if args.keep_others and os.path.exists(args.csv):
    keys = {name: fw for fw, name in names.items()}
    with open(args.csv) as f:
        for row in csv.DictReader(f):
            fw = keys.get(row["framework"])
            if fw and fw not in run_now:
                records.append({"fw": fw, "threads": int(row["threads"]), "width": int(row["width"]), "batch": int(row["batch"]),
                                "samples_timed": int(row["samples_timed"]), "median": float(row["epoch_s"]),
                                "gflops_per_s": float(row["gflops_per_s"]), "loadavg1": row["loadavg1"]})
out = io.StringIO()
writer = csv.writer(out, lineterminator="\n")
writer.writerow(["framework", "threads", "width", "layers", "batch", "samples_timed", "epoch_s", "gflops_per_s", "loadavg1"])
for r in records:
    width = r["width"]
    writer.writerow([names[r["fw"]], r["threads"], width, f"784-{width}-{width // 3}-10", r["batch"], r["samples_timed"],
                     f"{r['median']:.4f}", f"{r['gflops_per_s']:.2f}", r["loadavg1"]])
os.makedirs(os.path.dirname(os.path.abspath(args.csv)), exist_ok=True)
with open(args.csv + ".tmp", "w") as f:
    f.write(out.getvalue())
os.replace(args.csv + ".tmp", args.csv)
subprocess.run([benchmark, "--sweep-figure", args.csv, args.figure], check=True)

by = {(r["fw"], r["width"], r["batch"]): r for r in records}
frameworks = [fw for fw in names if any(k[0] == fw for k in by)]
print(f"\nGFLOP/s (epoch time in s), 1 thread; {args.gflop} GFLOP timed per configuration and scaled to 55,000 samples\n")
print("| width (layers) | batch | " + " | ".join(names[fw] for fw in frameworks) + " |")
print("|---|---|" + "---|" * len(frameworks))
for width in widths:
    for batch in batches:
        cells = [f"{by[(fw, width, batch)]['gflops_per_s']:.0f} ({by[(fw, width, batch)]['median']:.2f} s)"
                 if (fw, width, batch) in by else "—" for fw in frameworks]
        print(f"| {width} (784-{width}-{width // 3}-10) | {batch} | " + " | ".join(cells) + " |")
ours, products = by.get(("neuralkit", widths[-1], batches[-1])), by.get(("numpy", widths[-1], batches[-1]))
if ours and products:
    ratio = ours["median"] / products["median"]
    print(f"\nbatch {batches[-1]}, width {widths[-1]}: NeuralKit's epoch / its products in NumPy = {ratio:.2f}× "
          f"({ours['median']:.2f} / {products['median']:.2f} s; target ≤ 1.15×: {'met' if ratio <= 1.15 else 'not met'})")
print(f"CSV: {os.path.relpath(args.csv, root)}; figure: {os.path.relpath(args.figure, root)}")
