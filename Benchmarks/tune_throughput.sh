#!/usr/bin/env bash
# Tuning throughput: trials per hour of a 20-trial random search on Fashion-MNIST (1 epoch per trial),
# NeuralKit with 1 and 2 worker processes (one BLAS thread each) beside Keras Tuner on JAX running the same
# search (Benchmarks/keras_tuner_throughput.py). Needs a release build and .venv-tuner (keras-tuner, keras, jax):
#
#   swift build -c release --product neuralkit
#   python3 -m venv .venv-tuner && .venv-tuner/bin/pip install keras-tuner==1.4.8 keras jax six
#   Benchmarks/tune_throughput.sh [NEURALKIT_BINARY]
#
# Run it on an idle machine: the figures are wall-clock times.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-.build/release/neuralkit}
trials=${TRIALS:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for workers in 1 2; do
    start=$(date +%s.%N)
    "$binary" tune --dataset fashion-mnist --max-trials "$trials" --hidden-layers 1..2 --units 16..64:log --learning-rate 1e-4..1e-2:log \
        --optimizer sgd,adam --epochs 1 --directory "$work/w$workers" --workers "$workers" --quiet > /dev/null
    end=$(date +%s.%N)
    python3 -c "import json; s=$end-$start; print(json.dumps({'tool': 'neuralkit, $workers worker(s)', 'trials': $trials, 'seconds': round(s, 1), 'trials_per_hour': round(3600*$trials/s, 1)}))"
done
KERAS_BACKEND=jax .venv-tuner/bin/python Benchmarks/keras_tuner_throughput.py --trials "$trials"
