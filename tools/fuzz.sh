#!/usr/bin/env bash
# Builds NeuralKit's libFuzzer targets (Fuzz/: the CSV reader, IDX, .keras files, model configs, HDF5
# weights) with AddressSanitizer and coverage, and runs each for SECONDS (default 600) from the seed
# corpus in Fuzz/Corpus/<target>. Crashes go to Fuzz/Crashes/<target>/ (not committed); a non-empty
# folder there is a bug to fix, with a test.
#
#   tools/fuzz.sh [SECONDS] [TARGET ...]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzCSV FuzzIDX FuzzKerasFile FuzzKerasConfig FuzzWeights)
fuzzer_lib=$(find /opt/swift/usr/lib/clang -name 'libclang_rt.fuzzer_no_main-x86_64.a' | head -1)
for target in "${targets[@]}"; do
    swift build -c release --package-path Fuzz --scratch-path .build-fuzz -Xswiftc -sanitize=address \
        -Xswiftc -sanitize-coverage=edge,pc-table,inline-8bit-counters,trace-cmp -Xswiftc -parse-as-library \
        -Xlinker "$fuzzer_lib" -Xlinker -lstdc++ --product "$target" >&2
done
for target in "${targets[@]}"; do
    corpus=$(mktemp -d)
    cp -r "Fuzz/Corpus/$target/." "$corpus/" 2>/dev/null || true
    mkdir -p "Fuzz/Crashes/$target"
    echo "fuzz: $target for ${seconds}s" >&2
    # Fork mode keeps going past inputs that make libhdf5 hang (a timeout; NeuralKit's watchdog stops
    # the process on those in real use) and records each; a crash or a sanitizer report still stops it.
    NEURALKIT_NO_CRASH_GUARD=1 ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 .build-fuzz/release/"$target" -max_total_time="$seconds" -max_len=65536 \
        -rss_limit_mb=4096 -timeout=20 -fork=1 -ignore_timeouts=1 -ignore_ooms=0 -artifact_prefix="Fuzz/Crashes/$target/" \
        "$corpus" 2>&1 | grep -E "^(#[0-9]+: cov|INFO: exiting|==[0-9]+==ERROR|SUMMARY|Test unit written|.*DONE)" | tail -4 || true
    echo "fuzz: $target: $(ls "Fuzz/Crashes/$target" | wc -l) finding(s) in Fuzz/Crashes/$target" >&2
    rm -rf "$corpus"
done
