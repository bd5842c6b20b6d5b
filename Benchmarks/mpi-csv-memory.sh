#!/usr/bin/env bash
# Peak memory per rank when each rank reads only its part of a CSV file (issue 17, item 3): a generated
# table of ROWS rows (default 200,000) of 19 numeric features and a class column (about 24 MB), plus a
# validation file of ROWS/10 rows, written to a temporary folder and deleted after. One epoch of a
# 19-64-3 MLP (batch 128) under `mpirun -np 1` and `-np 2` (the file read in place, each rank its
# bytes), and as one process without mpirun (`neuralkit train --csv`, which loads the whole file).
# Peak memory is each process's VmHWM (getrusage's ru_maxrss), from --report.
#   usage: Benchmarks/mpi-csv-memory.sh [ROWS]      (CONFIG=debug to use the debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
rows=${1:-200000}
config=${CONFIG:-release}
swift build -c "$config" --product neuralkit >/dev/null
bin=.build/$config/neuralkit
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 - "$out" "$rows" <<'PY'
import random, sys
folder, rows = sys.argv[1], int(sys.argv[2])
random.seed(0)
for name, count in (("train", rows), ("val", rows // 10)):
    with open(f"{folder}/{name}.csv", "w") as f:
        f.write(",".join(f"f{i}" for i in range(19)) + ",label\n")
        for _ in range(count):
            k = random.randrange(3)
            f.write(",".join(f"{random.gauss(k * (i % 3), 1):.4f}" for i in range(19)) + f",c{k}\n")
PY
ls -l "$out"/train.csv | awk '{printf "train.csv: %.1f MB\n", $5 / 1e6}'
mpirun_options=(--allow-run-as-root --oversubscribe --mca mpi_yield_when_idle 1 --mca btl_vader_single_copy_mechanism none)
args=(train --csv "$out/train.csv" --target label --layers 64 --epochs 1 --batch-size 128 --quiet)
mpirun "${mpirun_options[@]}" -np 1 "$bin" "${args[@]}" --validation-csv "$out/val.csv" --report "$out/one-rank.json"
mpirun "${mpirun_options[@]}" -np 2 "$bin" "${args[@]}" --validation-csv "$out/val.csv" --report "$out/two-ranks.json"
"$bin" "${args[@]}" --report "$out/whole.json"
python3 - "$out" <<'PY'
import json, sys
folder = sys.argv[1]
def report(name): return json.load(open(f"{folder}/{name}.json"))
mib = lambda b: f"{b / 2**20:.1f} MiB"
one, two, whole = report("one-rank"), report("two-ranks"), report("whole")
print("| run | rows per rank | peak memory per rank | epoch |")
print("| --- | --- | --- | --- |")
print(f"| `mpirun -np 1`, read in place | {one['rows_per_rank'][0]:,} | {mib(one['peak_memory_bytes_per_rank'][0])} | {one['epoch_seconds'][0]:.1f} s |")
print(f"| `mpirun -np 2`, read in place | {', '.join(f'{r:,}' for r in two['rows_per_rank'])} | "
      f"{', '.join(mib(b) for b in two['peak_memory_bytes_per_rank'])} | {two['epoch_seconds'][0]:.1f} s |")
print(f"| one process, whole file loaded (75% trains) | | {mib(whole['peak_memory_bytes'])} | {whole['epoch_seconds'][0]:.1f} s |")
for key in ("val_loss", "val_accuracy"):
    print(f"{key}: 1 rank {one['history'][key][0]:.6f}, 2 ranks {two['history'][key][0]:.6f}")
PY
