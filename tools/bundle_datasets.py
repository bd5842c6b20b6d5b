#!/usr/bin/env python3
"""Copies the small bundled data sets into Sources/Datasets/Resources, the Datasets module's resources,
after checking each against its known SHA-256.

    python3 tools/bundle_datasets.py [DATA_DIR]      (default: ../shared/data beside the repository)

iris.csv is gzipped here (deterministically: no name or time in the header); digits.csv.gz and
cal_housing.data.gz are copied as they are.
"""
import gzip
import hashlib
import os
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data")
out = os.path.join(root, "Sources", "Datasets", "Resources")
os.makedirs(out, exist_ok=True)

expected = {
    "iris/iris.csv": "f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449",
    "digits/digits.csv.gz": "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22",
    "california_housing/cal_housing.data.gz": "cdbc6f084852c03a4a55e6752938bb7d64c54b89813cbb8a21b0d25d1ade3e3c",
}
for path, digest in expected.items():
    blob = open(os.path.join(data, path), "rb").read()
    if hashlib.sha256(blob).hexdigest() != digest:
        sys.exit(f"{path}: checksum mismatch; refusing to bundle")
    name = os.path.basename(path)
    if not name.endswith(".gz"):
        blob, name = gzip.compress(blob, compresslevel=9, mtime=0), name + ".gz"
    with open(os.path.join(out, name), "wb") as f:
        f.write(blob)
print("wrote", sorted(os.listdir(out)))
