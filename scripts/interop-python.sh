#!/usr/bin/env bash
# Makes .venv-interop, a Python environment with the Keras that NeuralKit's interoperability tests
# run against (keras on jax, h5py), and prints its python. Python is never a NeuralKit dependency:
# the tests that need Keras skip without it, unless NEURALKIT_REQUIRE_KERAS=1 (as in CI).
#
#   export NEURALKIT_PYTHON=$(scripts/interop-python.sh) && swift test
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-interop
if ! "$venv/bin/python" -c 'import keras, jax, h5py' >/dev/null 2>&1; then
    rm -rf "$venv"
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q --disable-pip-version-check keras==3.15.1 'jax[cpu]==0.10.2' h5py==3.16.0 >&2
fi
echo "$PWD/$venv/bin/python"
