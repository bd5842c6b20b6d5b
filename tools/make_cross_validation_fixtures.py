"""Records scikit-learn's fold assignment for RandomizedSearchCV(cv=k) without shuffling, for
Tests/TuningTests (CrossValidationTests): StratifiedKFold's test fold of every sample for class labels,
and KFold's for plain rows.

    .venv-tuner/bin/python tools/make_cross_validation_fixtures.py
"""

import json
import os

import numpy as np
import sklearn
from sklearn.model_selection import KFold, StratifiedKFold


def folds(splitter, y):
    assigned = np.full(len(y), -1)
    for fold, (_, test) in enumerate(splitter.split(np.zeros((len(y), 1)), y)):
        assigned[test] = fold
    return assigned.tolist()


def main():
    rng = np.random.RandomState(0)
    cases = []
    for labels, k in [(rng.randint(0, 3, size=30), 3), (rng.choice([0, 1, 2], size=47, p=[0.6, 0.3, 0.1]), 5),
                      (np.array([0] * 10 + [1] * 7 + [2] * 5), 4), (rng.randint(0, 10, size=103), 5)]:
        cases.append({"labels": labels.tolist(), "k": k, "stratified": folds(StratifiedKFold(n_splits=k), labels),
                      "plain": folds(KFold(n_splits=k), labels)})
    out = os.path.join(os.path.dirname(__file__), "..", "Tests", "TuningTests", "Fixtures", "cross_validation.json")
    with open(out, "w") as file:
        json.dump({"sklearn": sklearn.__version__, "cases": cases}, file)
        file.write("\n")
    print(out, len(cases), "cases")


if __name__ == "__main__":
    main()
