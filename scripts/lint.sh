#!/usr/bin/env bash
# House rules a machine checks (CI runs this): swift-format's lint with the committed configuration
# (.swift-format; Sources/.swift-format adds: no force unwrap and no try! outside tests, unless a
# `// swift-format-ignore` comment says why), and a one-line doc comment on every public type.
#
#   scripts/lint.sh            check
#   scripts/lint.sh --fix      reformat in place first
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
paths=(Sources Tests Benchmarks Examples Fuzz/Sources Fuzz/Package.swift Package.swift)
if [ "${1:-}" = "--fix" ]; then swift format format --in-place --recursive --parallel "${paths[@]}"; fi
swift format lint --strict --recursive --parallel "${paths[@]}"
python3 scripts/check-public-docs.py
echo "lint: clean"
