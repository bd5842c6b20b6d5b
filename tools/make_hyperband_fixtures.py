"""Records Keras Tuner 1.4.8's own Hyperband schedule, for Tests/TuningTests (HyperbandScheduleTests).

For each (max_epochs, factor, hyperband_iterations) setting, Keras Tuner's HyperbandOracle is asked for
trials one after another, as a single worker's search asks; trial n scores (n * 7919 % 1000) / 1000
(minimized), so that NeuralKit can replay the same scores. For every trial the fixture keeps its
bracket, round, epochs, initial epoch and the trial it continues: Swift must produce the same list.

    .venv-tuner/bin/pip install keras-tuner==1.4.8 keras jax
    KERAS_BACKEND=jax .venv-tuner/bin/python tools/make_hyperband_fixtures.py
"""

import json
import os
import tempfile

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras_tuner  # noqa: E402
from keras_tuner.src.engine import trial as trial_module  # noqa: E402

SETTINGS = [(1, 3, 1), (2, 2, 3), (5, 2, 1), (9, 3, 1), (10, 3, 2), (27, 3, 1), (30, 4, 1), (81, 3, 1), (100, 3, 1), (20, 5, 2)]


def score(number):
    return (number * 7919 % 1000) / 1000


def schedule(max_epochs, factor, iterations):
    hp = keras_tuner.HyperParameters()
    hp.Int("units", 1, 100000)
    oracle = keras_tuner.oracles.HyperbandOracle(
        objective=keras_tuner.Objective("score", "min"), max_epochs=max_epochs, factor=factor,
        hyperband_iterations=iterations, seed=1, hyperparameters=hp)
    with tempfile.TemporaryDirectory() as folder:
        oracle._set_project_dir(folder, "fixture")
        numbers, trials = {}, []
        while True:
            trial = oracle.create_trial("worker")
            if trial.status == trial_module.TrialStatus.STOPPED:
                break
            numbers[trial.trial_id] = len(trials)
            values = trial.hyperparameters.values
            past = values.get("tuner/trial_id")
            # [bracket, round, epochs, initial epoch, the trial continued or null]
            trials.append([
                values["tuner/bracket"], values["tuner/round"], values["tuner/epochs"], values["tuner/initial_epoch"],
                numbers[past] if past is not None else None,
            ])
            oracle.update_trial(trial.trial_id, {"score": score(len(trials) - 1)})
            trial.status = trial_module.TrialStatus.COMPLETED
            oracle.end_trial(trial)
    return trials


def main():
    cases = [
        {"max_epochs": m, "factor": f, "hyperband_iterations": i, "trials": schedule(m, f, i)} for m, f, i in SETTINGS
    ]
    out = os.path.join(os.path.dirname(__file__), "..", "Tests", "TuningTests", "Fixtures", "hyperband_schedules.json")
    with open(out, "w") as file:
        json.dump({"keras_tuner": keras_tuner.__version__, "cases": cases}, file, separators=(",", ":"))
        file.write("\n")
    print(out, sum(len(c["trials"]) for c in cases), "trials")


if __name__ == "__main__":
    main()
