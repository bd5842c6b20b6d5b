"""Records scikit-learn's Gaussian-process regression as Keras Tuner 1.4.8's Bayesian oracle sets it up
(Matern(nu=2.5), normalize_y=True, alpha=1e-4, n_restarts_optimizer=20), for Tests/TuningTests
(GaussianProcessTests): the fitted length scale, the log marginal likelihood and predictions (mean and
standard deviation) at test points, for several random data sets in 1 to 4 dimensions.

    .venv-tuner/bin/pip install scikit-learn scipy
    .venv-tuner/bin/python tools/make_gaussian_process_fixtures.py
"""

import json
import os

import numpy as np
import sklearn
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import Matern


def case(seed, dimensions, points):
    rng = np.random.RandomState(seed)
    x = rng.uniform(0, 1, size=(points, dimensions))
    y = np.sin(6 * x).sum(axis=1) + 0.3 * rng.normal(size=points) + 5 * seed
    gpr = GaussianProcessRegressor(kernel=Matern(nu=2.5), n_restarts_optimizer=20, normalize_y=True, alpha=1e-4, random_state=seed)
    gpr.fit(x, y)
    tests = rng.uniform(0, 1, size=(8, dimensions))
    mean, std = gpr.predict(tests, return_std=True)
    return {
        "x": x.tolist(), "y": y.tolist(), "length_scale": float(gpr.kernel_.length_scale),
        "log_likelihood": float(gpr.log_marginal_likelihood_value_), "tests": tests.tolist(), "mean": mean.tolist(), "std": std.tolist(),
    }


def main():
    cases = [case(seed, d, n) for seed, d, n in [(1, 1, 5), (2, 2, 9), (3, 3, 12), (4, 4, 20), (5, 2, 4)]]
    out = os.path.join(os.path.dirname(__file__), "..", "Tests", "TuningTests", "Fixtures", "gaussian_process.json")
    with open(out, "w") as file:
        json.dump({"sklearn": sklearn.__version__, "alpha": 1e-4, "cases": cases}, file)
        file.write("\n")
    print(out, [round(c["length_scale"], 4) for c in cases])


if __name__ == "__main__":
    main()
