"""The chapter's subclassed Wide & Deep model in Keras, registered as NeuralKit's Swift twin is
(`WideAndDeepModel`, package "NeuralKit"), so that files move between Keras and NeuralKit. Used by
tools/make_keras_fixtures.py and by the Swift interop tests (they exec this file)."""
import keras


@keras.saving.register_keras_serializable(package="NeuralKit")
class WideAndDeepModel(keras.Model):
    def __init__(self, units=30, activation="relu", **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.activation_name = activation
        self.norm_layer_wide = keras.layers.Normalization()
        self.norm_layer_deep = keras.layers.Normalization()
        self.hidden1 = keras.layers.Dense(units, activation=activation)
        self.hidden2 = keras.layers.Dense(units, activation=activation)
        self.main_output = keras.layers.Dense(1)
        self.aux_output = keras.layers.Dense(1)

    def call(self, inputs):
        input_wide, input_deep = inputs
        norm_wide = self.norm_layer_wide(input_wide)
        norm_deep = self.norm_layer_deep(input_deep)
        hidden1 = self.hidden1(norm_deep)
        hidden2 = self.hidden2(hidden1)
        concat = keras.layers.concatenate([norm_wide, hidden2])
        return self.main_output(concat), self.aux_output(hidden2)

    def get_config(self):
        config = super().get_config()
        config.update(units=self.units, activation=self.activation_name)
        return config
