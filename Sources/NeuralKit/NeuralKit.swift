// `import NeuralKit` gives everything, as `import keras` does; the modules stay available one by one
// for a program that wants less (`import Tensors`, `import Models`, …).
@_exported import Datasets
@_exported import Layers
@_exported import LinearModels
@_exported import Models
@_exported import Plotting
@_exported import Serialization
@_exported import TensorBoardModule
@_exported import Tensors
@_exported import Training
@_exported import Tuning
