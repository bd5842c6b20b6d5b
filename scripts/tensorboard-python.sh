#!/usr/bin/env bash
# Makes .venv-tensorboard, a Python environment with the real TensorBoard (from PyPI, no TensorFlow),
# and prints its python. NeuralKit never needs it: it is only the judge of tools/check_tensorboard.py,
# and the Swift test that runs that check skips without it, unless NEURALKIT_REQUIRE_TENSORBOARD=1.
#
#   export NEURALKIT_TENSORBOARD_PYTHON=$(scripts/tensorboard-python.sh) && swift test --filter TensorBoardTests
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-tensorboard
if ! "$venv/bin/python" -c 'import tensorboard, numpy; assert tensorboard.__version__ == "2.21.0"' >/dev/null 2>&1; then
    rm -rf "$venv"
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q --disable-pip-version-check tensorboard==2.21.0 >&2
fi
echo "$PWD/$venv/bin/python"
