"""Records Keras Tuner 1.4.8's hyperparameter arithmetic, for Tests/TuningTests (KerasTunerSamplingTests):
each parameter's value at a set of cumulative probabilities (`prob_to_value`), the probability of each
grid value (`value_to_prob`) and its grid (`values`).

    KERAS_BACKEND=jax .venv-tuner/bin/python tools/make_hyperparameter_fixtures.py
"""

import json
import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras_tuner  # noqa: E402

PROBABILITIES = [0.0, 0.05, 0.1, 0.25, 0.3333, 0.5, 0.61, 0.75, 0.9, 0.99, 0.999999]


def declared(hp, _, name):
    return hp._hps[name][0]


def parameters():
    hp = keras_tuner.HyperParameters()
    return [
        ("int", {"min": 1, "max": 8}, declared(hp, hp.Int("a", 1, 8), "a")),
        ("int", {"min": 16, "max": 256, "step": 16}, declared(hp, hp.Int("b", 16, 256, step=16), "b")),
        ("int", {"min": 16, "max": 256, "sampling": "log"}, declared(hp, hp.Int("c", 16, 256, sampling="log"), "c")),
        ("int", {"min": 2, "max": 64, "step": 2, "sampling": "log"}, declared(hp, hp.Int("d", 2, 64, step=2, sampling="log"), "d")),
        ("int", {"min": 3, "max": 30, "step": 4}, declared(hp, hp.Int("e", 3, 30, step=4), "e")),
        ("float", {"min": 1e-4, "max": 1e-2, "sampling": "log"}, declared(hp, hp.Float("f", 1e-4, 1e-2, sampling="log"), "f")),
        ("float", {"min": 0.0, "max": 0.5}, declared(hp, hp.Float("g", 0.0, 0.5), "g")),
        ("float", {"min": 0.0, "max": 0.5, "step": 0.1}, declared(hp, hp.Float("h", 0.0, 0.5, step=0.1), "h")),
        ("float", {"min": 0.1, "max": 10.0, "sampling": "reverse_log"}, declared(hp, hp.Float("i", 0.1, 10.0, sampling="reverse_log"), "i")),
        ("choice", {"values": ["sgd", "adam", "nadam"]}, declared(hp, hp.Choice("j", ["sgd", "adam", "nadam"]), "j")),
        ("choice", {"values": [16, 32, 64, 128]}, declared(hp, hp.Choice("k", [16, 32, 64, 128]), "k")),
    ]


def main():
    cases = []
    for kind, settings, parameter in parameters():
        grid = list(parameter.values)
        if kind != "choice":
            grid = sorted(grid)
        cases.append({
            "kind": kind, **settings,
            "values_at": [parameter.prob_to_value(p) for p in PROBABILITIES],
            "grid": grid,
            "probabilities": [parameter.value_to_prob(v) for v in grid],
        })
    out = os.path.join(os.path.dirname(__file__), "..", "Tests", "TuningTests", "Fixtures", "hyperparameter_sampling.json")
    with open(out, "w") as file:
        json.dump({"keras_tuner": keras_tuner.__version__, "probabilities": PROBABILITIES, "cases": cases}, file, indent=1)
        file.write("\n")
    print(out, len(cases), "parameters")


if __name__ == "__main__":
    main()
