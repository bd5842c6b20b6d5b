#!/usr/bin/env python3
"""Makes Keras 3 (on JAX) fixtures for the layers a dense network uses (issue 14, item 6):

    Tests/ModelsTests/Fixtures/layers/catalogue.keras   a Functional model with every new layer
                                                         (BatchNormalization, LayerNormalization,
                                                         UnitNormalization, Reshape, Permute, RepeatVector,
                                                         GaussianNoise, GaussianDropout, AlphaDropout,
                                                         Identity, Dot), trained a few steps so the moving
                                                         statistics are not the initial ones
    Tests/ModelsTests/Fixtures/layers/options.keras     the options the catalogue leaves at their defaults
    Tests/ModelsTests/Fixtures/layers/keras_layers.json  its inputs and Keras's predictions and parameter
                                                         counts; and a BatchNormalization model's training
                                                         run (initial weights, then the weights and moving
                                                         statistics after each of 6 SGD steps), and 3 steps
                                                         with the layer frozen (trainable=False)

    KERAS_BACKEND=jax /work/main/.venv-interop/bin/python tools/make_layer_fixtures.py
"""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
out_dir = os.path.join(here, "..", "Tests", "ModelsTests", "Fixtures", "layers")
os.makedirs(out_dir, exist_ok=True)
keras.utils.set_random_seed(7)
rng = np.random.default_rng(7)


def values(a):
    return np.asarray(a, dtype=np.float32).reshape(-1).tolist()


def encoded(a):
    a = np.asarray(a, dtype=np.float32)
    return {"shape": list(a.shape), "values": values(a)}


def catalogue():
    a = keras.Input(shape=(6,), name="a")
    b = keras.Input(shape=(6,), name="b")
    x = layers.Dense(6, name="dense_a")(a)
    x = layers.BatchNormalization(momentum=0.8, name="batch_norm")(x)
    x = layers.LayerNormalization(name="layer_norm")(x)
    x = layers.GaussianNoise(0.1, name="noise")(x)
    x = layers.GaussianDropout(0.2, name="gaussian_dropout")(x)
    x = layers.AlphaDropout(0.1, name="alpha_dropout")(x)
    x = layers.Identity(name="identity")(x)
    grid = layers.Reshape((2, 3), name="reshape")(x)
    grid = layers.LayerNormalization(axis=[1, 2], rms_scaling=False, center=False, name="layer_norm_2d")(grid)
    grid = layers.BatchNormalization(axis=1, epsilon=0.01, name="batch_norm_axis1")(grid)
    flipped = layers.Permute((2, 1), name="permute")(grid)
    flat = layers.Reshape((-1,), name="flatten_back")(flipped)
    y = layers.Dense(3, activation="tanh", name="dense_b")(b)
    repeated = layers.RepeatVector(2, name="repeat")(y)
    pairs = layers.Dot(axes=(2, 2), name="dot_grid")([grid, repeated])
    pairs = layers.Reshape((4,), name="pairs")(pairs)
    unit = layers.UnitNormalization(name="unit_norm")(flat)
    cosine = layers.Dot(axes=1, normalize=True, name="cosine")([unit, layers.Dense(6, name="dense_c")(b)])
    merged = layers.Concatenate(name="concat")([flat, pairs, cosine])
    out = layers.Dense(2, name="out")(merged)
    return keras.Model(inputs=[a, b], outputs=out, name="catalogue")


model = catalogue()
model.compile(loss="mse", optimizer=keras.optimizers.Adam(learning_rate=0.01))
xa = rng.normal(size=(16, 6)).astype(np.float32) * 2 + 1
xb = rng.normal(size=(16, 6)).astype(np.float32)
target = rng.normal(size=(16, 2)).astype(np.float32)
model.fit((xa, xb), target, batch_size=8, epochs=3, shuffle=False, verbose=0)
model.save(os.path.join(out_dir, "catalogue.keras"))
trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
frozen = sum(int(np.prod(w.shape)) for w in model.non_trainable_weights)
records = {
    "catalogue": {
        "a": encoded(xa[:5]), "b": encoded(xb[:5]),
        "predictions": encoded(model.predict((xa[:5], xb[:5]), verbose=0)),
        "trainable_params": trainable, "non_trainable_params": frozen,
        "moving_mean": encoded(model.get_layer("batch_norm").moving_mean),
    }
}

# The options the catalogue leaves at their defaults: rms_scaling, BatchNormalization without gamma and
# beta or with a regularizer and a constraint, UnitNormalization over two axes, AlphaDropout's noise_shape.
inp = keras.Input(shape=(2, 3), name="grid")
h = layers.LayerNormalization(rms_scaling=True, name="rms")(inp)
h = layers.BatchNormalization(center=False, scale=False, name="bn_plain")(h)
h = layers.UnitNormalization(axis=[1, 2], name="unit_2d")(h)
h = layers.BatchNormalization(axis=1, momentum=0.5, gamma_regularizer="l2", beta_constraint="non_neg", name="bn_options")(h)
h = layers.Flatten(name="flat")(h)
h = layers.AlphaDropout(0.2, noise_shape=(None, 1), name="alpha")(h)
options = keras.Model(inputs=inp, outputs=layers.Dense(2, name="head")(h), name="options")
options.compile(loss="mse", optimizer=keras.optimizers.SGD(learning_rate=0.05))
grid = rng.normal(size=(12, 2, 3)).astype(np.float32) * 2 - 1
options.fit(grid, rng.normal(size=(12, 2)).astype(np.float32), batch_size=4, epochs=2, shuffle=False, verbose=0)
options.save(os.path.join(out_dir, "options.keras"))
records["options"] = {"x": encoded(grid[:4]), "predictions": encoded(options.predict(grid[:4], verbose=0))}

# BatchNormalization during fit: 6 SGD steps (momentum 0.9) from known weights, the weights and moving
# statistics recorded after every step.
bn = keras.Sequential([
    keras.Input(shape=(4,)),
    layers.Dense(5, activation="relu", name="hidden"),
    layers.BatchNormalization(momentum=0.9, name="bn"),
    layers.Dense(3, activation="softmax", name="out"),
], name="bn_run")
bn.compile(loss="sparse_categorical_crossentropy", optimizer=keras.optimizers.SGD(learning_rate=0.1, momentum=0.9))
x = rng.normal(size=(24, 4)).astype(np.float32) * 3 + 2
y = (np.arange(24) % 3).astype(np.float32)
initial = [encoded(w) for w in bn.get_weights()]
steps = []


class Record(keras.callbacks.Callback):
    def on_train_batch_end(self, batch, logs=None):
        steps.append({"weights": [encoded(w) for w in self.model.get_weights()], "loss": float(logs["loss"])})


bn.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0, callbacks=[Record()])
records["batch_norm_run"] = {
    "x": encoded(x), "y": encoded(y), "initial": initial, "steps": steps,
    "predictions": encoded(bn.predict(x[:4], verbose=0)),
}
# A frozen BatchNormalization (trainable=False): Keras 3 runs it in inference mode inside fit, with gamma,
# beta and the moving statistics left as they are; the Dense layers around it still train.
frozen = keras.Sequential([
    keras.Input(shape=(4,)),
    layers.Dense(5, activation="relu", name="hidden"),
    layers.BatchNormalization(name="bn", trainable=False),
    layers.Dense(3, activation="softmax", name="out"),
], name="frozen_bn_run")
frozen.set_weights(bn.get_weights())
frozen.compile(loss="sparse_categorical_crossentropy", optimizer=keras.optimizers.SGD(learning_rate=0.1))
frozen_initial = [encoded(w) for w in frozen.get_weights()]
frozen.fit(x[:8], y[:8], batch_size=8, epochs=3, shuffle=False, verbose=0)
records["frozen_batch_norm_run"] = {
    "initial": frozen_initial, "after": [encoded(w) for w in frozen.get_weights()],
    "trainable_params": sum(int(np.prod(w.shape)) for w in frozen.trainable_weights),
}
with open(os.path.join(out_dir, "keras_layers.json"), "w") as f:
    json.dump(records, f, indent=None, separators=(",", ":"))
    f.write("\n")
print("wrote", out_dir, "keras", keras.__version__)
