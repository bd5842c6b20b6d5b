#!/usr/bin/env python3
"""Writes Tests/LinearModelsTests/Fixtures/sklearn_linear.json: scikit-learn's Perceptron and SGDClassifier
results on iris and digits, with shuffling off, for the Swift parity tests.

    pip install scikit-learn==1.9.1 && python3 tools/make_sklearn_fixtures.py

Each case names the dataset, the features, how labels are made, the estimator and its parameters; the
expected coefficients, intercepts, n_iter_, t_, training accuracy, and decision values and probabilities
of the first rows. The datasets are the ones NeuralKit ships (load_iris, load_digits).
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.datasets import load_digits, load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Perceptron, SGDClassifier

warnings.simplefilter("ignore", ConvergenceWarning)
iris, digits = load_iris(), load_digits()

cases = []


def add(name, dataset, estimator, params, features=None, positive=None):
    data = iris if dataset == "iris" else digits
    X = data.data if features is None else data.data[:, features]
    y = data.target if positive is None else (data.target == positive).astype(int)
    cls = Perceptron if estimator == "Perceptron" else SGDClassifier
    model = cls(shuffle=False, **params).fit(X, y)
    case = {
        "name": name, "dataset": dataset, "features": features, "positive": positive,
        # None is written as "none" (NeuralKit's spelling), so that a missing key means the default.
        "estimator": estimator, "params": {k: ("none" if v is None else v) for k, v in params.items()},
        "coef": model.coef_.tolist(), "intercept": model.intercept_.tolist(),
        "n_iter": int(model.n_iter_), "t": float(model.t_), "accuracy": float(model.score(X, y)),
        "decision_rows": model.decision_function(X[:5]).reshape(5, -1).tolist(),
        "predict_rows": model.predict(X[:5]).tolist(),
    }
    if params.get("loss") in ("log_loss", "modified_huber"):
        case["proba_rows"] = model.predict_proba(X[:5]).tolist()
    cases.append(case)


add("chapter: iris petals, setosa or not", "iris", "Perceptron", {}, features=[2, 3], positive=0)
add("iris, 4 features, 3 classes", "iris", "Perceptron", {})
add("digits, 10 classes", "digits", "Perceptron", {})
add("perceptron with l2 penalty", "iris", "Perceptron", {"penalty": "l2", "alpha": 0.001})
add("perceptron with l1 penalty", "iris", "Perceptron", {"penalty": "l1", "alpha": 0.001})
add("perceptron with elasticnet", "iris", "Perceptron", {"penalty": "elasticnet", "alpha": 0.001, "l1_ratio": 0.5})
add("perceptron, balanced classes", "iris", "Perceptron", {"class_weight": "balanced"}, features=[0, 1], positive=2)
add("perceptron, no intercept", "iris", "Perceptron", {"fit_intercept": False}, features=[2, 3], positive=0)
add("sgd hinge constant", "iris", "SGDClassifier", {"loss": "hinge", "learning_rate": "constant", "eta0": 0.01})
add("sgd log_loss constant", "iris", "SGDClassifier", {"loss": "log_loss", "learning_rate": "constant", "eta0": 0.01})
add("sgd log_loss constant binary", "iris", "SGDClassifier",
    {"loss": "log_loss", "learning_rate": "constant", "eta0": 0.01}, features=[2, 3], positive=1)
add("sgd hinge optimal (defaults)", "iris", "SGDClassifier", {"loss": "hinge"})
add("sgd modified_huber optimal", "iris", "SGDClassifier", {"loss": "modified_huber"})
add("sgd squared_hinge invscaling", "iris", "SGDClassifier", {"loss": "squared_hinge", "learning_rate": "invscaling", "eta0": 0.01})
add("sgd hinge adaptive", "iris", "SGDClassifier", {"loss": "hinge", "learning_rate": "adaptive", "eta0": 0.01})
add("sgd perceptron equals Perceptron", "iris", "SGDClassifier",
    {"loss": "perceptron", "learning_rate": "constant", "eta0": 1.0, "penalty": None})
add("sgd hinge digits constant", "digits", "SGDClassifier", {"loss": "hinge", "learning_rate": "constant", "eta0": 0.001})

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "LinearModelsTests", "Fixtures", "sklearn_linear.json")
with open(out, "w") as f:
    json.dump({"sklearn": sklearn.__version__, "numpy": np.__version__, "cases": cases}, f, indent=1)
for c in cases:
    print(f"{c['name']:40} n_iter={c['n_iter']:4} t={c['t']:8.0f} acc={c['accuracy']:.3f}")
