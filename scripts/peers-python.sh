#!/usr/bin/env bash
# Makes .venv-peers, the Python environment that Benchmarks/compare_peers.py and Benchmarks/sweep_peers.py
# time NeuralKit's peers in (PyTorch CPU build, Keras 3 on JAX, NumPy with its own OpenBLAS, threadpoolctl),
# and prints its python. Python is never a NeuralKit dependency: only the peer benchmarks use it.
#
#   scripts/peers-python.sh && python3 Benchmarks/compare_peers.py
#
# torch is the +cpu build (pip finds it on these machines): the default torch pulls gigabytes of CUDA libraries.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-peers
if ! KERAS_BACKEND=jax "$venv/bin/python" -c 'import torch, keras, jax, numpy, threadpoolctl' >/dev/null 2>&1; then
    rm -rf "$venv"
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q --disable-pip-version-check \
        torch==2.13.0+cpu keras==3.15.1 'jax[cpu]==0.10.2' numpy threadpoolctl >&2
fi
echo "$PWD/$venv/bin/python"
