#!/usr/bin/env bash
# Installs the release build of neuralkit into PREFIX (default /usr/local): the program in PREFIX/bin and
# its bundled data sets in PREFIX/share/neuralkit/NeuralKit_Datasets.resources, where it looks for them.
#
#   swift build -c release && sudo scripts/install.sh [PREFIX]
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${1:-/usr/local}"
build=.build/release
[ -x "$build/neuralkit" ] || { echo "install: build first: swift build -c release" >&2; exit 1; }
install -d "$prefix/bin" "$prefix/share/neuralkit"
install -m 755 "$build/neuralkit" "$prefix/bin/neuralkit"
rm -rf "$prefix/share/neuralkit/NeuralKit_Datasets.resources"
cp -R "$build/NeuralKit_Datasets.resources" "$prefix/share/neuralkit/"
echo "installed $prefix/bin/neuralkit"
