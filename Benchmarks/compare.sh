#!/usr/bin/env bash
# Runs NeuralKit's benchmarks and NumPy's beside them in one run, and prints the ratios.
#
#   Benchmarks/compare.sh [--quick]
#
# NumPy comes from .venv-peers (made by scripts/setup.sh) if present, else from python3.
set -euo pipefail
cd "$(dirname "$0")/.."
python=python3
[ -x .venv-peers/bin/python ] && python=.venv-peers/bin/python

swift build -c release --product neuralkit-benchmarks >&2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Neither side gets OPENBLAS_CORETYPE or OPENBLAS_L2_SIZE: each chooses its kernels itself.
echo "running NeuralKit's benchmarks..." >&2
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .build/release/neuralkit-benchmarks --json "$@" > "$out/neuralkit.jsonl"
echo "running NumPy's..." >&2
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$python" Benchmarks/numpy_bench.py "$@" > "$out/numpy.jsonl"
"$python" Benchmarks/ratio_table.py "$out/neuralkit.jsonl" "$out/numpy.jsonl"
