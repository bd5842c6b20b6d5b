#!/usr/bin/env bash
# Sets up NeuralKit on Debian or Ubuntu: the system libraries it needs, a Python environment for the
# peer comparisons (NumPy, optional), and a release build.
#
#   scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi

if ! command -v swift >/dev/null; then
    echo "setup: Swift 6.1 or newer is needed; install it from https://www.swift.org/install/linux/ and run this again." >&2
    exit 1
fi
# shellcheck disable=SC2046
$sudo apt-get update -qq
# dataset-fashion-mnist puts the chapter's data under /usr/share/datasets/fashion-mnist (else it is downloaded).
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(cat scripts/apt-packages.txt) dataset-fashion-mnist python3-venv >/dev/null

# NumPy for Benchmarks/compare.sh: a development aid, never a dependency of the library.
if [ ! -x .venv-peers/bin/python ]; then
    python3 -m venv .venv-peers && .venv-peers/bin/pip install -q numpy threadpoolctl \
        || echo "setup: could not install NumPy; Benchmarks/compare.sh will use python3's own" >&2
fi
swift build -c release
