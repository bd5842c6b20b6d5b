#!/usr/bin/env python3
"""Writes Tests/TrainingTests/Fixtures/keras_schedules.json: Keras 3's learning-rate schedules evaluated at
many steps, with their configs, for the Swift tests to match.

    pip install keras jax && KERAS_BACKEND=jax python3 tools/make_schedule_fixtures.py
"""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402

S = keras.optimizers.schedules
schedules = [
    S.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5),
    S.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5, staircase=True),
    S.PiecewiseConstantDecay([10, 50], [0.1, 0.05, 0.01]),
    S.PolynomialDecay(0.1, decay_steps=100),
    S.PolynomialDecay(0.1, decay_steps=40, end_learning_rate=0.01, power=2.0, cycle=True),
    S.InverseTimeDecay(0.1, decay_steps=10, decay_rate=0.5),
    S.InverseTimeDecay(0.1, decay_steps=10, decay_rate=0.5, staircase=True),
    S.CosineDecay(0.1, decay_steps=100),
    S.CosineDecay(0.1, decay_steps=100, alpha=0.1),
    S.CosineDecay(0.0, decay_steps=80, warmup_target=0.2, warmup_steps=20),
    S.CosineDecayRestarts(0.1, first_decay_steps=20),
    S.CosineDecayRestarts(0.1, first_decay_steps=20, t_mul=1.0, m_mul=0.5, alpha=0.05),
    S.CosineDecayRestarts(0.1, first_decay_steps=15, t_mul=1.5, m_mul=0.8),
]
steps = [0, 1, 2, 5, 9, 10, 11, 19, 20, 21, 25, 39, 40, 41, 50, 60, 79, 80, 99, 100, 101, 150, 300]
out = os.path.join(os.path.dirname(__file__), "..", "Tests", "TrainingTests", "Fixtures", "keras_schedules.json")
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out, "w") as f:
    json.dump({"keras": keras.__version__, "steps": steps,
               "schedules": [{"class_name": type(s).__name__, "config": s.get_config(), "values": [float(s(step)) for step in steps]}
                             for s in schedules]}, f, indent=1, sort_keys=True)
print("wrote", os.path.normpath(out), len(schedules), "schedules")
