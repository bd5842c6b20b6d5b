#!/usr/bin/env bash
# Data-parallel scaling (issue 17, item 8): one epoch of the chapter's Fashion-MNIST classifier
# (784-300-100-10, batch 32, SGD) as 1 process with 1 and 2 BLAS threads, and as 2 MPI processes of
# 1 thread each (`mpirun -np 2`, global batch 32 = 16 per rank). Each configuration runs REPEAT times
# (default 3) and the best epoch time counts (the epoch's training and validation, from --report; the
# data loading before it is not timed). Run it on an otherwise idle machine.
#   usage: Benchmarks/mpi-scaling.sh [REPEAT]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
repeat=${1:-3}
swift build -c release --product neuralkit >/dev/null
bin=.build/release/neuralkit
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mpirun_options=(--allow-run-as-root --oversubscribe --mca btl_vader_single_copy_mechanism none)
best() { python3 -c 'import json,sys; print(min(json.load(open(p))["epoch_seconds"][0] for p in sys.argv[1:]))' "$@"; }
memory() { python3 -c 'import json,sys; print(max(json.load(open(p))["peak_memory_bytes"] for p in sys.argv[1:]) / 2**20)' "$@"; }
for i in $(seq "$repeat"); do
    "$bin" train --epochs 1 --threads 1 --quiet --report "$out/one-1-$i.json"
    "$bin" train --epochs 1 --threads 2 --quiet --report "$out/one-2-$i.json"
    mpirun "${mpirun_options[@]}" -np 2 "$bin" train --epochs 1 --threads 1 --quiet --report "$out/two-$i.json"
done
one1=$(best "$out"/one-1-*.json) one2=$(best "$out"/one-2-*.json) two=$(best "$out"/two-*.json)
python3 - "$one1" "$one2" "$two" "$(memory "$out"/one-1-*.json)" "$(memory "$out"/two-*.json)" <<'PY'
import sys
one1, one2, two, mem1, mem2 = map(float, sys.argv[1:])
print("| configuration | epoch | speed-up over 1 process, 1 thread | peak memory (rank 0) |")
print("| --- | --- | --- | --- |")
print(f"| 1 process, 1 thread | {one1:.2f} s | 1.00× | {mem1:.0f} MiB |")
print(f"| 1 process, 2 threads | {one2:.2f} s | {one1 / one2:.2f}× | |")
print(f"| 2 MPI processes, 1 thread each | {two:.2f} s | {one1 / two:.2f}× | {mem2:.0f} MiB per rank |")
print(f"goal: 2 processes ≥ 1.7× and faster than 2 threads: {'met' if one1 / two >= 1.7 and two < one2 else 'NOT met'}")
PY
