#!/usr/bin/env python3
"""Runs the chapter's workloads in NeuralKit and in its peers, in one run, and prints the ratios.

    python3 Benchmarks/compare_peers.py [--wl A,B,C] [--threads 1,2] [--fw torch,keras-jax] [--reps 5]

NeuralKit: `chapter-benchmarks` (release build). Peers: ../shared/bench/peers.py (PyTorch, Keras on JAX
or TensorFlow, scikit-learn; install them from PyPI as ../shared/reference/peer-benchmarks.md says).
Each configuration runs in its own process, one after the other, so they do not compete for the cores.
With one thread every process is pinned to one core (taskset): XLA ignores peers.py's thread setting and
otherwise runs Keras-on-JAX on both cores.
"""
import argparse
import json
import os
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
shared = os.path.normpath(os.path.join(root, "..", "shared"))
parser = argparse.ArgumentParser()
parser.add_argument("--wl", default="A,B,C")
parser.add_argument("--threads", default="1,2")
parser.add_argument("--fw", default="torch,keras-jax")
parser.add_argument("--reps", default="5")
args = parser.parse_args()

subprocess.run(["swift", "build", "-c", "release", "--product", "chapter-benchmarks"], cwd=root, check=True,
               stdout=subprocess.DEVNULL)
env = dict(os.environ, DATA_DIR=os.path.join(shared, "data"))
for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):  # each side picks its own kernels
    env.pop(var, None)


def run(command):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not records:
        print(f"  ({' '.join(command[:4])}… failed: {result.stderr.strip().splitlines()[-1:] })", file=sys.stderr)
    return records


rows = []
for wl in args.wl.split(","):
    for threads in args.threads.split(","):
        pin = ["taskset", "-c", "0"] if threads == "1" else []
        ours = run(pin + [os.path.join(root, ".build", "release", "chapter-benchmarks"), "--wl", wl, "--threads", threads,
                          "--reps", args.reps])
        theirs = []
        for fw in args.fw.split(","):
            theirs += run(pin + [sys.executable, os.path.join(shared, "bench", "peers.py"), "--fw", fw, "--wl", wl,
                                 "--threads", threads, "--reps", args.reps])
        rows.append((wl, threads, ours, theirs))
        for record in ours + theirs:
            print(f"  {wl} t{threads} {record['fw']:10} {record['variant']:38} {record['median'] * 1e3:10.3f} ms", file=sys.stderr)

print(f"\n{'workload':4} {'thr':>3}  {'NeuralKit variant':34} {'ms':>9}   {'peer':28} {'ms':>9}  {'speed-up':>8}")
for wl, threads, ours, theirs in rows:
    for mine in ours:
        for peer in theirs:
            comparable = (wl != "C") or (mine["variant"].split("(")[0].replace("predict", "") in peer["variant"]
                                         or mine["variant"].endswith("-1") == peer["variant"].endswith("-1"))
            if wl == "C" and mine["variant"].endswith("-1") != peer["variant"].endswith("-1"):
                continue
            label = f"{peer['fw']} {peer['variant']}"
            print(f"{wl:4} {threads:>3}  {mine['variant']:34} {mine['median'] * 1e3:9.3f}   {label[:28]:28} "
                  f"{peer['median'] * 1e3:9.3f}  {peer['median'] / mine['median']:7.2f}x")
print("speed-up = peer time / NeuralKit time (above 1: NeuralKit is faster)")
