#!/usr/bin/env python3
"""The README is a test. Every `neuralkit …` command in its ```sh blocks runs (from a fresh folder that
sees Examples/, with the built tool on PATH; NEURALKIT_MAX_EPOCHS=1 keeps the trainings short) and must
succeed; every ```swift block compiles, as printed, in a package outside the repository that depends on
this checkout by path through the README's own Package.swift lines; and the first Swift example runs.
A command or snippet that is only an illustration carries `# not run` / `// not compiled` and is skipped.

    python3 scripts/check-readme.py [--bin .build/debug]
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

root = pathlib.Path(__file__).resolve().parent.parent
binary_dir = pathlib.Path(sys.argv[sys.argv.index("--bin") + 1] if "--bin" in sys.argv else root / ".build/debug").resolve()
readme = (root / "README.md").read_text()
blocks = re.findall(r"```(sh|swift)\n(.*?)```", readme, re.S)
failures, passed = [], 0

# Commands.
commands = []
for kind, body in blocks:
    if kind != "sh":
        continue
    for line in body.splitlines():
        line = line.strip()
        if line.startswith("$ "):
            line = line[2:]
        if not line.startswith("neuralkit ") or "# not run" in line:
            continue
        commands.append(re.sub(r"\s+#.*$", "", line))
work = pathlib.Path(tempfile.mkdtemp(prefix="readme-commands-"))
(work / "Examples").symlink_to(root / "Examples")
environment = dict(os.environ, PATH=f"{binary_dir}:{os.environ.get('PATH', '')}", NEURALKIT_MAX_EPOCHS="1")
for command in commands:
    result = subprocess.run(command, shell=True, cwd=work, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        failures.append(f"command failed ({result.returncode}): {command}\n{result.stderr[-1500:]}")
    else:
        passed += 1
print(f"readme: {len(commands)} commands run, {len(commands) - len([f for f in failures if f.startswith('command')])} succeeded")

# Swift snippets, in a package outside the repository.
snippets = [body for kind, body in blocks if kind == "swift" and "// not compiled" not in body]
manifests = [s for s in snippets if "swift-tools-version" in s]
programs = [s for s in snippets if "swift-tools-version" not in s]
if len(manifests) != 1:
    failures.append(f"the README must show one Package.swift (found {len(manifests)})")
else:
    package = pathlib.Path(tempfile.mkdtemp(prefix="readme-package-"))
    (package / "neuralkit").symlink_to(root)
    manifest = re.sub(r'\.package\(url: "[^"]*", from: "[^"]*"\)', f'.package(path: "{package / "neuralkit"}")', manifests[0])
    app = re.search(r'executableTarget\(\s*name: "(\w+)"', manifest)
    if not app or ".package(path:" not in manifest:
        failures.append("the README's Package.swift must depend on NeuralKit by URL and declare an executable target")
    else:
        extra = "".join(
            f'\n        .executableTarget(name: "Snippet{i}", dependencies: [.product(name: "NeuralKit", package: "neuralkit")]),'
            for i in range(1, len(programs)))
        manifest = manifest.replace("targets: [", "targets: [" + extra, 1)
        (package / "Package.swift").write_text(manifest)
        for i, program in enumerate(programs):
            name = app.group(1) if i == 0 else f"Snippet{i}"
            (package / "Sources" / name).mkdir(parents=True)
            (package / "Sources" / name / "main.swift").write_text(program)
        build = subprocess.run(["swift", "build", "--package-path", str(package)], capture_output=True, text=True)
        if build.returncode != 0:
            errors = "\n".join(l for l in build.stdout.splitlines() + build.stderr.splitlines() if "error:" in l)
            failures.append(f"the README's Swift snippets do not compile:\n{errors[-3000:]}")
        else:
            passed += len(programs)
            print(f"readme: {len(programs)} Swift snippets compile against the checkout by path")
            run = subprocess.run(["swift", "run", "--skip-build", "--package-path", str(package), app.group(1)], capture_output=True, text=True)
            if run.returncode != 0:
                failures.append(f"the README's first example fails:\n{run.stderr[-1500:]}")
            else:
                passed += 1
                print(f"readme: the first example ran: {run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ''}")
        shutil.rmtree(package, ignore_errors=True)
shutil.rmtree(work, ignore_errors=True)
for failure in failures:
    print(failure, file=sys.stderr)
print(f"readme: {passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
