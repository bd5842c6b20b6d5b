#!/usr/bin/env bash
# Regenerates Sources/TensorBoardModule/Protos/*.pb.swift from the .proto files beside them. The generated
# Swift is committed: building NeuralKit needs neither protoc nor the plugin, and CI never runs this.
# Run it after editing a .proto, with protoc 3.21+ and protoc-gen-swift from swift-protobuf 1.39.0
# (the version Package.swift resolves), built once outside the repository:
#
#   git clone https://github.com/apple/swift-protobuf /tmp/swift-protobuf
#   (cd /tmp/swift-protobuf && git checkout 1.39.0 && swift build -c release --product protoc-gen-swift)
#   PROTOC_GEN_SWIFT=/tmp/swift-protobuf/.build/release/protoc-gen-swift tools/generate-protos.sh
#
# The messages stay internal to the TensorBoard module (Visibility=Internal); the plugin marks each
# generated file `// swift-format-ignore-file`, so scripts/lint.sh leaves it as generated.
set -euo pipefail
cd "$(dirname "$0")/.."
plugin="${PROTOC_GEN_SWIFT:-/tmp/swift-protobuf/.build/release/protoc-gen-swift}"
[ -x "$plugin" ] || { echo "protoc-gen-swift not found at $plugin; build it as this script's header says" >&2; exit 1; }
protos=Sources/TensorBoardModule/Protos
protoc --plugin=protoc-gen-swift="$plugin" --proto_path="$protos" \
    --swift_opt=Visibility=Internal --swift_opt=FileNaming=FullPath --swift_out="$protos" "$protos"/*.proto
echo "generated: $(ls "$protos"/*.pb.swift | tr '\n' ' ')"
