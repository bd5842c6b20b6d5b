#!/usr/bin/env python3
"""Proves NeuralKit's TensorBoard logs with the real TensorBoard (PyPI `tensorboard`, no TensorFlow).

With no arguments it does everything: makes .venv-tensorboard (scripts/tensorboard-python.sh), then runs
the Swift test RealTensorBoardTests, which writes a log folder with known values (a SummaryWriter's
scalars, histograms, images and text, and a fit with the TensorBoard callback) plus a JSON of what is
expected, and calls this script back on them:

    python3 tools/check_tensorboard.py
    .venv-tensorboard/bin/python tools/check_tensorboard.py --logdir DIR --expected DIR.expected.json

The check starts `tensorboard --logdir DIR` on a free local port, twice (its Python reader,
--load_fast=false, and its Rust data server, --load_fast=true), and reads everything back through the
HTTP data API the dashboards use: /data/runs, each plugin's tags, /data/plugin/scalars/scalars,
/data/plugin/histograms/histograms (compared with TensorBoard's own numpy bucketing of the raw values),
/data/plugin/images/images and each image's PNG bytes (decoded here, CRCs checked), /data/plugin/text/text
and /data/plugin/graphs/graph (the Keras conceptual graph). It exits 1 on any difference.
"""
import argparse
import json
import os
import pathlib
import re
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import zlib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def drive():
    """Makes the venv and runs the Swift test that writes the logs and calls the check."""
    python = subprocess.run([str(ROOT / "scripts/tensorboard-python.sh")], check=True, capture_output=True, text=True).stdout.strip()
    environment = dict(os.environ, NEURALKIT_TENSORBOARD_PYTHON=python, NEURALKIT_REQUIRE_TENSORBOARD="1")
    if pathlib.Path("/opt/swift/usr/bin").is_dir():
        environment["PATH"] = "/opt/swift/usr/bin:" + environment.get("PATH", "")
    result = subprocess.run(["swift", "test", "--filter", "RealTensorBoardTests"], cwd=ROOT, env=environment)
    return result.returncode


class TensorBoard:
    """A `tensorboard` process on a free port, stopped on exit."""

    def __init__(self, logdir, load_fast):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        binary = pathlib.Path(sys.executable).parent / "tensorboard"
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [str(binary), "--logdir", logdir, "--host", "127.0.0.1", "--port", str(self.port), "--reload_interval", "1",
             f"--load_fast={load_fast}"], stdout=self.log, stderr=subprocess.STDOUT,
            # A parent may pass down blocked signals (a Swift test's Process does): unblock SIGTERM.
            preexec_fn=lambda: signal.pthread_sigmask(signal.SIG_SETMASK, []))

    def get(self, path, **query):
        url = f"http://127.0.0.1:{self.port}/{path}" + ("?" + urllib.parse.urlencode(query) if query else "")
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read()

    def json(self, path, **query):
        return json.loads(self.get(path, **query))

    def output(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def decode_png(data):
    """Width, height, channels and pixels of an 8-bit PNG, every chunk's CRC checked."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("no PNG signature")
    offset, chunks, idat = 8, [], b""
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset:offset + 4])
        kind, body = data[offset + 4:offset + 8], data[offset + 8:offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length:offset + 12 + length])
        if zlib.crc32(kind + body) != crc:
            raise ValueError(f"bad CRC in chunk {kind!r}")
        chunks.append(kind.decode())
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or interlace != 0:
                raise ValueError("not an 8-bit non-interlaced PNG")
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
    if chunks[0] != "IHDR" or chunks[-1] != "IEND":
        raise ValueError(f"chunks out of order: {chunks}")
    channels = {0: 1, 4: 2, 2: 3, 6: 4}[color]
    raw, stride, pixels = zlib.decompress(idat), width * channels, bytearray()
    previous = bytearray(stride)
    for row in range(height):
        kind, line = raw[row * (stride + 1)], bytearray(raw[row * (stride + 1) + 1:(row + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                best = min((abs(p - left), 0, left), (abs(p - up), 1, up), (abs(p - corner), 2, corner))[2]
                line[i] = (line[i] + best) & 0xFF
        pixels += line
        previous = line
    return width, height, channels, list(pixels)


def reference_buckets(values, buckets):
    """TensorBoard's own numpy bucketing (histogram_pb), the reference for tf.summary.histogram."""
    from tensorboard.plugins.histogram import summary_v2
    from tensorboard.util import tensor_util
    summary = summary_v2.histogram_pb("reference", values, buckets=buckets)
    return tensor_util.make_ndarray(summary.value[0].tensor).tolist()


def close(a, b, tolerance):
    return abs(a - b) <= tolerance * max(1.0, abs(b))


def tags_by_run(expected):
    runs = {}
    for kind in ("scalars", "histograms", "images", "texts", "graphs"):
        for run, tags in expected[kind].items():
            runs.setdefault(run, {}).setdefault(kind, set()).update(tags)
    return runs


def loaded_tags(board):
    """Each run's tags per kind, as the plugins list them."""
    found = {}
    for kind, path in (("scalars", "scalars"), ("histograms", "histograms"), ("images", "images"), ("texts", "text")):
        for run, tags in board.json(f"data/plugin/{path}/tags").items():
            if tags:
                found.setdefault(run, {})[kind] = set(tags)
    for run, info in board.json("data/plugin/graphs/info").items():
        conceptual = {tag for tag, item in info.get("tags", {}).items() if item.get("conceptual_graph")}
        if conceptual:
            found.setdefault(run, {})["graphs"] = conceptual
    return found


def check(board, expected, problems):
    counts = dict(runs=0, scalar_points=0, histograms=0, images=0, texts=0, graphs=0)
    runs = board.json("data/runs")
    counts["runs"] = len(runs)
    if set(runs) != set(tags_by_run(expected)):
        problems.append(f"/data/runs lists {sorted(runs)}, expected {sorted(tags_by_run(expected))}")
    for run, tags in expected["scalars"].items():
        for tag, points in tags.items():
            got = board.json("data/plugin/scalars/scalars", run=run, tag=tag)
            if [step for _, step, _ in got] != [int(step) for step, _ in points]:
                problems.append(f"scalars {run}/{tag}: steps {[s for _, s, _ in got]}, expected {[int(s) for s, _ in points]}")
                continue
            for (_, step, value), (_, want) in zip(got, points):
                if not close(value, want, 1e-6):
                    problems.append(f"scalars {run}/{tag} step {step}: {value}, expected {want}")
            counts["scalar_points"] += len(got)
    for run, tags in expected["histograms"].items():
        for tag, entries in tags.items():
            got = board.json("data/plugin/histograms/histograms", run=run, tag=tag)
            by_step = {step: buckets for _, step, buckets in got}
            for entry in entries:
                if "all_steps" in entry and sorted(by_step) != entry["all_steps"]:
                    problems.append(f"histograms {run}/{tag}: steps {sorted(by_step)}, expected {entry['all_steps']}")
                buckets, want = by_step.get(entry["step"]), reference_buckets(entry["values"], entry["buckets"])
                if buckets is None or len(buckets) != len(want) or not all(
                        close(a, b, 1e-12) for row, ref in zip(buckets, want) for a, b in zip(row, ref)):
                    problems.append(f"histograms {run}/{tag} step {entry['step']}: {buckets}, expected {want}")
                counts["histograms"] += 1
    for run, tags in expected["images"].items():
        for tag, entries in tags.items():
            for entry in entries:
                for sample, image in enumerate(entry["images"]):
                    listed = [item for item in board.json("data/plugin/images/images", run=run, tag=tag, sample=sample)
                              if item["step"] == entry["step"]]
                    if not listed:
                        problems.append(f"images {run}/{tag} sample {sample}: nothing at step {entry['step']}")
                        continue
                    png = board.get("data/plugin/images/individualImage?" + listed[0]["query"])
                    got = decode_png(png)
                    want = (image["width"], image["height"], image["channels"], image["pixels"])
                    if got != want:
                        problems.append(f"images {run}/{tag} sample {sample}: decoded {got[:3]}, expected {want[:3]}, or other pixels")
                    counts["images"] += 1
    for run, tags in expected["texts"].items():
        for tag, entries in tags.items():
            got = {item["step"]: item["text"] for item in board.json("data/plugin/text/text", run=run, tag=tag)}
            for entry in entries:
                text = got.get(entry["step"], "")
                missing = [part for part in entry["contains"] if part not in text]
                if missing:
                    problems.append(f"text {run}/{tag} step {entry['step']}: {text!r} lacks {missing}")
                counts["texts"] += 1
    for run, tags in expected["graphs"].items():
        for tag, layers in tags.items():
            graph = board.get("data/plugin/graphs/graph", run=run, tag=tag, conceptual="true").decode()
            names = re.findall(r'name: "([^"]*)"', graph)
            missing = [layer for layer in layers if not any(name.split("/")[-1] == layer for name in names)]
            if missing or "keras_class" not in graph:
                problems.append(f"graph {run}/{tag}: nodes {names}, expected the layers {layers}")
            counts["graphs"] += 1
    return counts


def run_check(logdir, expected_path):
    expected = json.loads(pathlib.Path(expected_path).read_text())
    wanted = tags_by_run(expected)
    failed = False
    for load_fast in ("false", "true"):
        problems = []
        with TensorBoard(logdir, load_fast) as board:
            deadline, found, error = time.time() + 120, None, None
            while time.time() < deadline:
                if board.process.poll() is not None:
                    error = f"tensorboard exited with status {board.process.returncode}"
                    break
                try:
                    found = loaded_tags(board)
                    if found == wanted:
                        break
                except OSError as exception:
                    error = str(exception)
                time.sleep(0.5)
            if found != wanted:
                problems.append(f"TensorBoard never listed the expected tags ({error or 'timeout'}):\n  got      {found}\n  expected {wanted}")
            else:
                counts = check(board, expected, problems)
            if problems:
                print(board.output()[-3000:], file=sys.stderr)
        label = f"tensorboard --load_fast={load_fast}"
        if problems:
            failed = True
            print(f"{label}: {len(problems)} difference(s)", file=sys.stderr)
            for problem in problems:
                print("  " + problem, file=sys.stderr)
        else:
            print(f"{label}: {counts['runs']} runs; {counts['scalar_points']} scalar points, {counts['histograms']} histograms, "
                  f"{counts['images']} images, {counts['texts']} text, {counts['graphs']} Keras graph read back as written")
    return 1 if failed else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--logdir", help="a log folder to check (written by RealTensorBoardTests)")
    parser.add_argument("--expected", help="the JSON of expected values beside it")
    arguments = parser.parse_args()
    if bool(arguments.logdir) != bool(arguments.expected):
        parser.error("--logdir and --expected go together")
    sys.exit(run_check(arguments.logdir, arguments.expected) if arguments.logdir else drive())
