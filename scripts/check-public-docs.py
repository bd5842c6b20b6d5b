#!/usr/bin/env python3
"""House rule: every public or open type (class, struct, enum, protocol, actor, typealias) in Sources/
has a `///` documentation comment of at least one line. Prints each one that lacks it; exits 1 if any."""
import pathlib, re, sys

root = pathlib.Path(__file__).resolve().parent.parent
declaration = re.compile(r'^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:public|open)\s+(?:final\s+|indirect\s+)*(class|struct|enum|protocol|actor|typealias)\s+(\w+)')
missing = []
for path in sorted((root / "Sources").rglob("*.swift")):
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        match = declaration.match(line)
        if not match:
            continue
        previous = number - 1
        while previous >= 0 and lines[previous].strip().startswith("@"):
            previous -= 1
        if previous < 0 or not lines[previous].strip().startswith("///"):
            missing.append(f"{path.relative_to(root)}:{number + 1}: public {match.group(1)} '{match.group(2)}' has no /// comment")
print("\n".join(missing))
print(f"check-public-docs: {len(missing)} undocumented public type(s)", file=sys.stderr)
sys.exit(1 if missing else 0)
