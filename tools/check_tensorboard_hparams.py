#!/usr/bin/env python3
"""Proves `neuralkit tune --tensorboard DIR` with the real TensorBoard's HParams dashboard: starts
`tensorboard --logdir DIR` (tools/check_tensorboard.py's helper, Python reader and Rust data server) and
asks the hparams plugin's HTTP API, as the dashboard does, for the experiment (hyperparameters and
metrics declared) and the session groups (one per trial, with its values and its metrics read from the
trial's scalars). They must match the JSON of expected trials that the Swift test wrote from the study.

    .venv-tensorboard/bin/python tools/check_tensorboard_hparams.py --logdir DIR --expected FILE
"""
import argparse
import json
import sys
import time
import urllib.request

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from check_tensorboard import TensorBoard  # noqa: E402


def post(board, route, body):
    request = urllib.request.Request(
        f"http://127.0.0.1:{board.port}/data/plugin/hparams/{route}", data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def check(board, expected):
    problems = []
    for _ in range(60):
        try:
            groups = post(board, "session_groups", {
                "experimentName": "", "startIndex": 0, "sliceSize": 1000, "aggregationType": "AGGREGATION_AVG",
                "allowedStatuses": ["STATUS_UNKNOWN", "STATUS_SUCCESS", "STATUS_FAILURE", "STATUS_RUNNING"]})
            if len(groups.get("sessionGroups", [])) >= len(expected["trials"]):
                break
        except Exception:  # the server is still starting or loading
            pass
        time.sleep(1)
    else:
        return [f"TensorBoard never listed {len(expected['trials'])} sessions:\n{board.output()[-2000:]}"]
    experiment = post(board, "experiment", {"experimentName": ""})
    names = sorted(info["name"] for info in experiment.get("hparamInfos", []))
    if names != sorted(expected["hyperparameters"]):
        problems.append(f"experiment hyperparameters {names}, expected {sorted(expected['hyperparameters'])}")
    metrics = sorted(info["name"]["tag"] for info in experiment.get("metricInfos", []))
    if expected["objective"] not in metrics:
        problems.append(f"experiment metrics {metrics} lack {expected['objective']}")
    listed = {}
    for group in groups["sessionGroups"]:
        for session in group["sessions"]:
            listed[session["name"]] = (group["hparams"], {m["name"]["tag"]: m["value"] for m in session.get("metricValues", [])})
    for trial in expected["trials"]:
        found = next((value for name, value in listed.items() if name.rstrip("/").endswith(trial["run"])), None)
        if found is None:
            problems.append(f"no session for {trial['run']} among {sorted(listed)}")
            continue
        hparams, metric_values = found
        for name, value in trial["values"].items():
            if hparams.get(name) != value and not (isinstance(value, float) and abs(hparams.get(name, 1e9) - value) < 1e-9):
                problems.append(f"{trial['run']}: {name} = {hparams.get(name)!r}, expected {value!r}")
        shown = metric_values.get(expected["objective"])
        if shown is None or abs(shown - trial["last"]) > 1e-6:
            problems.append(f"{trial['run']}: {expected['objective']} shown as {shown}, expected the last epoch's {trial['last']}")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--logdir", required=True)
    parser.add_argument("--expected", required=True)
    args = parser.parse_args()
    expected = json.load(open(args.expected))
    failures = []
    for load_fast in ["false", "true"]:
        with TensorBoard(args.logdir, load_fast) as board:
            failures += [f"[load_fast={load_fast}] {p}" for p in check(board, expected)]
    for failure in failures:
        print(failure)
    print(f"hparams: {len(expected['trials'])} trials checked, {len(failures)} problems")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
