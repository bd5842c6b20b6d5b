#!/usr/bin/env python3
"""Prints two benchmark outputs (JSON lines: name, threads, value, unit) side by side with their ratio."""
import json
import sys


def load(path):
    rows, meta = {}, {}
    for line in open(path):
        record = json.loads(line)
        if "name" in record:
            rows[(record["name"], record["threads"])] = record
        else:
            meta.update(record)
    return rows, meta


ours, our_meta = load(sys.argv[1])
theirs, their_meta = load(sys.argv[2])
print(f"NeuralKit: OpenBLAS {our_meta.get('blas_core')} kernels ({our_meta.get('blas_choice')})")
print(f"NumPy {their_meta.get('numpy')}: {their_meta.get('blas')}")
print(f"{'workload':46} {'thr':>3} {'NeuralKit':>10} {'NumPy':>10} {'unit':8} {'ratio':>6}")
for key, row in ours.items():
    peer = theirs.get(key)
    ratio = f"{row['value'] / peer['value']:.2f}" if peer and peer["value"] else "-"
    theirs_value = f"{peer['value']:10.1f}" if peer else f"{'-':>10}"
    print(f"{key[0]:46} {key[1]:>3} {row['value']:10.1f} {theirs_value} {row['unit']:8} {ratio:>6}")
print("ratio = NeuralKit / NumPy (higher is better for NeuralKit)")
