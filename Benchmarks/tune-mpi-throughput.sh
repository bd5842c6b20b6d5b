#!/usr/bin/env bash
# Tuning across MPI ranks (issue 17, item 5): trials per hour of one random search on the bundled digits
# (TRIALS trials, default 40, of EPOCHS epochs, default 20; 1-2 hidden layers of 16-64 neurons, SGD or
# Adam), as 1 process, as 2 local worker processes (--workers 2) and as `mpirun -np 2` (rank 0 owns the
# study and runs trials too). Each wall-clock time includes loading the data and starting the processes.
# Needs a release build; run it on an otherwise idle machine.
#   usage: Benchmarks/tune-mpi-throughput.sh [NEURALKIT_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-.build/release/neuralkit}
trials=${TRIALS:-40} epochs=${EPOCHS:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
search=(tune --dataset digits --max-trials "$trials" --hidden-layers 1..2 --units 16..64:log --learning-rate 1e-4..1e-2:log --optimizer sgd,adam
    --epochs "$epochs" --quiet)
mpirun_options=(--allow-run-as-root --oversubscribe --mca btl_vader_single_copy_mechanism none --mca mpi_yield_when_idle 1)
timed() {
    local label=$1
    shift
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null
    end=$(date +%s.%N)
    python3 -c "s=$end-$start; print(f'| $label | {s:.1f} | {3600*$trials/s:,.0f} |')"
}
echo "| $trials trials of $epochs epochs on digits | seconds | trials per hour |"
echo "| --- | ---: | ---: |"
timed "1 process" "$binary" "${search[@]}" --directory "$work/one"
timed "2 worker processes (--workers 2)" "$binary" "${search[@]}" --directory "$work/workers" --workers 2
timed "mpirun -np 2" mpirun "${mpirun_options[@]}" -np 2 "$binary" "${search[@]}" --directory "$work/mpi"
