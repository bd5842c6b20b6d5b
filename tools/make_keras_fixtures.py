#!/usr/bin/env python3
"""Writes Tests/ModelsTests/Fixtures/keras_values.json: activations, losses, metrics, optimizer steps and
one training step, computed by Keras 3 on JAX, for the Swift tests to match.

    pip install keras jax && KERAS_BACKEND=jax python3 tools/make_keras_fixtures.py
"""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import ops  # noqa: E402

rng = np.random.default_rng(10)


def arr(a):
    a = np.asarray(a, dtype=np.float32)
    return {"shape": list(a.shape), "values": [float(v) for v in a.reshape(-1)]}


x = rng.uniform(-3, 3, size=(4, 5)).astype(np.float32)
activations = {}
for name in ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "softplus", "softsign", "silu",
             "gelu", "hard_sigmoid", "exponential", "softmax", "log_softmax"]:
    activations[name] = arr(ops.convert_to_numpy(keras.activations.get(name)(x)))

losses = []


def add_loss(name, loss, y_true, y_pred, sample_weight=None):
    value = loss(y_true, y_pred, sample_weight=sample_weight)
    config = loss.get_config()
    if isinstance(loss, keras.losses.Huber):
        config["delta"] = float(loss._fn_kwargs.get("delta", 1.0))  # Keras 3's Huber.get_config leaves delta out
    losses.append({"name": name, "config": config, "y_true": arr(y_true), "y_pred": arr(y_pred),
                   "sample_weight": None if sample_weight is None else arr(sample_weight),
                   "value": float(ops.convert_to_numpy(value))})


reg_true = rng.uniform(0, 3, size=(6, 2)).astype(np.float32)
reg_pred = rng.uniform(0, 3, size=(6, 2)).astype(np.float32)
weights = rng.uniform(0.2, 2, size=(6,)).astype(np.float32)
add_loss("mse", keras.losses.MeanSquaredError(), reg_true, reg_pred)
add_loss("mse weighted", keras.losses.MeanSquaredError(), reg_true, reg_pred, weights)
add_loss("mae", keras.losses.MeanAbsoluteError(), reg_true, reg_pred)
add_loss("huber", keras.losses.Huber(delta=1.0), reg_true, reg_pred)
add_loss("huber delta 0.5", keras.losses.Huber(delta=0.5), reg_true, reg_pred)
add_loss("msle", keras.losses.MeanSquaredLogarithmicError(), reg_true, reg_pred)
logits = rng.normal(0, 2, size=(6, 4)).astype(np.float32)
probs = ops.convert_to_numpy(ops.softmax(logits)).astype(np.float32)
labels = rng.integers(0, 4, size=(6,)).astype(np.float32)
onehot = np.eye(4, dtype=np.float32)[labels.astype(int)]
add_loss("sparse ce", keras.losses.SparseCategoricalCrossentropy(), labels, probs)
add_loss("sparse ce weighted", keras.losses.SparseCategoricalCrossentropy(), labels, probs, weights)
add_loss("sparse ce from logits", keras.losses.SparseCategoricalCrossentropy(from_logits=True), labels, logits)
add_loss("categorical ce", keras.losses.CategoricalCrossentropy(), onehot, probs)
add_loss("categorical ce from logits", keras.losses.CategoricalCrossentropy(from_logits=True), onehot, logits)
bin_logits = rng.normal(0, 2, size=(6, 1)).astype(np.float32)
bin_probs = ops.convert_to_numpy(ops.sigmoid(bin_logits)).astype(np.float32)
bin_true = rng.integers(0, 2, size=(6, 1)).astype(np.float32)
add_loss("binary ce", keras.losses.BinaryCrossentropy(), bin_true, bin_probs)
add_loss("binary ce from logits", keras.losses.BinaryCrossentropy(from_logits=True), bin_true, bin_logits)

metrics = []


def add_metric(name, metric, y_true, y_pred):
    metric.update_state(y_true, y_pred)
    metrics.append({"name": name, "y_true": arr(y_true), "y_pred": arr(y_pred), "value": float(ops.convert_to_numpy(metric.result()))})


add_metric("sparse_categorical_accuracy", keras.metrics.SparseCategoricalAccuracy(), labels, probs)
add_metric("categorical_accuracy", keras.metrics.CategoricalAccuracy(), onehot, probs)
add_metric("binary_accuracy", keras.metrics.BinaryAccuracy(), bin_true, bin_probs)
add_metric("mean_absolute_error", keras.metrics.MeanAbsoluteError(), reg_true, reg_pred)
add_metric("mean_squared_error", keras.metrics.MeanSquaredError(), reg_true, reg_pred)
add_metric("root_mean_squared_error", keras.metrics.RootMeanSquaredError(), reg_true, reg_pred)
add_metric("precision", keras.metrics.Precision(), bin_true, bin_probs)
add_metric("recall", keras.metrics.Recall(), bin_true, bin_probs)

optimizers = []
w0 = rng.normal(0, 1, size=(3, 2)).astype(np.float32)
grads = [rng.normal(0, 1, size=(3, 2)).astype(np.float32) for _ in range(3)]
for name, make in [
    ("sgd", lambda: keras.optimizers.SGD(learning_rate=0.1)),
    ("sgd momentum", lambda: keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)),
    ("sgd nesterov", lambda: keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True)),
    ("adam", lambda: keras.optimizers.Adam(learning_rate=0.01)),
    ("adam amsgrad", lambda: keras.optimizers.Adam(learning_rate=0.01, amsgrad=True)),
    ("adamw", lambda: keras.optimizers.AdamW(learning_rate=0.01)),
    ("nadam", lambda: keras.optimizers.Nadam(learning_rate=0.01)),
    ("rmsprop", lambda: keras.optimizers.RMSprop(learning_rate=0.01)),
    ("rmsprop momentum centered", lambda: keras.optimizers.RMSprop(learning_rate=0.01, momentum=0.5, centered=True)),
    ("adagrad", lambda: keras.optimizers.Adagrad(learning_rate=0.1)),
    ("adamax", lambda: keras.optimizers.Adamax(learning_rate=0.01)),
    ("sgd clipnorm", lambda: keras.optimizers.SGD(learning_rate=0.1, clipnorm=0.5)),
    ("sgd clipvalue", lambda: keras.optimizers.SGD(learning_rate=0.1, clipvalue=0.3)),
    ("sgd global_clipnorm", lambda: keras.optimizers.SGD(learning_rate=0.1, global_clipnorm=0.5)),
    ("sgd exponential decay", lambda: keras.optimizers.SGD(learning_rate=keras.optimizers.schedules.ExponentialDecay(0.1, 2, 0.5))),
    ("sgd piecewise", lambda: keras.optimizers.SGD(learning_rate=keras.optimizers.schedules.PiecewiseConstantDecay([0, 1], [0.1, 0.05, 0.01]))),
]:
    variable = keras.Variable(w0.copy())
    optimizer = make()
    for g in grads:
        optimizer.apply_gradients([(g, variable)])
    optimizers.append({"name": name, "w0": arr(w0), "grads": [arr(g) for g in grads], "w": arr(ops.convert_to_numpy(variable))})

# One fit step of a tiny MLP with known weights: checks loss reduction, backprop and the SGD update together.
xs = rng.uniform(-1, 1, size=(8, 3)).astype(np.float32)
ys = rng.integers(0, 3, size=(8,)).astype(np.float32)
model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4, activation="relu"),
                          keras.layers.Dense(3, activation="softmax")])
initial = [w.copy() for w in model.get_weights()]
model.compile(loss="sparse_categorical_crossentropy", optimizer=keras.optimizers.SGD(learning_rate=0.5), metrics=["accuracy"])
history = model.fit(xs, ys, batch_size=8, epochs=1, shuffle=False, verbose=0)
training_step = {"x": arr(xs), "y": arr(ys), "initial": [arr(w) for w in initial],
                 "after": [arr(w) for w in model.get_weights()], "loss": history.history["loss"][0],
                 "accuracy": history.history["accuracy"][0]}

# The chapter's Wide & Deep network with two outputs: loss weights and History keys.
wide_x = rng.uniform(-1, 1, size=(40, 5)).astype(np.float32)
deep_x = rng.uniform(-1, 1, size=(40, 6)).astype(np.float32)
target = rng.uniform(0, 2, size=(40, 1)).astype(np.float32)
input_wide = keras.Input(shape=(5,), name="wide_input")
input_deep = keras.Input(shape=(6,), name="deep_input")
hidden1 = keras.layers.Dense(30, activation="relu", name="hidden1")(input_deep)
hidden2 = keras.layers.Dense(30, activation="relu", name="hidden2")(hidden1)
concat = keras.layers.Concatenate(name="concat")([input_wide, hidden2])
main_output = keras.layers.Dense(1, name="main_output")(concat)
aux_output = keras.layers.Dense(1, name="aux_output")(hidden2)
wide_deep = keras.Model(inputs=[input_wide, input_deep], outputs=[main_output, aux_output])
layer_names = ["hidden1", "hidden2", "main_output", "aux_output"]
initial_wd = {name: [arr(w) for w in wide_deep.get_layer(name).get_weights()] for name in layer_names}
wide_deep.compile(loss=["mse", "mse"], loss_weights=[0.9, 0.1], optimizer=keras.optimizers.SGD(learning_rate=0.01),
                  metrics=[["mean_absolute_error"], ["mean_absolute_error"]])
wd_history = wide_deep.fit((wide_x[:32], deep_x[:32]), (target[:32], target[:32]), batch_size=16, epochs=2, shuffle=False,
                           validation_data=((wide_x[32:], deep_x[32:]), (target[32:], target[32:])), verbose=0)
wide_deep_case = {"wide": arr(wide_x), "deep": arr(deep_x), "target": arr(target), "initial": initial_wd,
                  "after": {name: [arr(w) for w in wide_deep.get_layer(name).get_weights()] for name in layer_names},
                  "history": {k: [float(v) for v in vs] for k, vs in wd_history.history.items()}}

# A weights file written by Keras's save_weights, and predictions, for NeuralKit's loader.
fixtures_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "ModelsTests", "Fixtures")
mlp = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(5, activation="relu"), keras.layers.Dense(3, activation="softmax")])
mlp.save_weights(os.path.join(fixtures_dir, "keras_mlp.weights.h5"))
mlp_x = rng.uniform(-1, 1, size=(6, 4)).astype(np.float32)
keras_weights_case = {"x": arr(mlp_x), "predictions": arr(mlp.predict(mlp_x, verbose=0))}
# A whole model saved by Keras (config, compile config, weights), trained a little so it is not at init.
classifier = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(6, activation="tanh"),
                               keras.layers.Dropout(0.1), keras.layers.Dense(3, activation="softmax")])
classifier.compile(loss="sparse_categorical_crossentropy", optimizer=keras.optimizers.SGD(learning_rate=0.05), metrics=["accuracy"])
classifier.fit(mlp_x, np.array([0, 1, 2, 0, 1, 2]), epochs=3, verbose=0)
classifier.save(os.path.join(fixtures_dir, "keras_classifier.keras"))
keras_weights_case["classifier_predictions"] = arr(classifier.predict(mlp_x, verbose=0))

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "ModelsTests", "Fixtures", "keras_values.json")
with open(out, "w") as f:
    json.dump({"keras": keras.__version__, "x": arr(x), "activations": activations, "losses": losses, "metrics": metrics,
               "optimizers": optimizers, "training_step": training_step, "wide_deep": wide_deep_case, "keras_weights": keras_weights_case}, f, indent=0)
print("wrote", os.path.normpath(out))
