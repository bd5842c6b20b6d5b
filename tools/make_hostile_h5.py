"""Makes the hostile weights files of Tests/ModelsTests/Fixtures/hostile/ with h5py: files laid out as
Keras lays out the weights of Sequential([Dense(2, input_shape=(3,))]) (`layers/dense/vars/0` of shape
(3, 2), `vars/1` of shape (2,)), but whose kernel reaches outside the file, as no Keras file does:

- external_storage.weights.h5: the kernel's bytes are "stored" in /etc/passwd (HDF5 external storage);
- external_link.weights.h5: `layers/dense/vars` is an external link into another file;
- soft_link.weights.h5: `layers/dense/vars` is a soft link to a group elsewhere in the file;
- chunked.weights.h5: the kernel is chunked and gzip-compressed (a layout Keras never writes).

NeuralKit must refuse each without reading anything outside the file. Run with a Python that has h5py
(`.venv-interop/bin/python tools/make_hostile_h5.py`).
"""
import pathlib

import h5py
import numpy as np

out = pathlib.Path(__file__).resolve().parent.parent / "Tests/ModelsTests/Fixtures/hostile"
out.mkdir(parents=True, exist_ok=True)
kernel = np.arange(6, dtype=np.float32).reshape(3, 2)
bias = np.zeros(2, dtype=np.float32)


def skeleton(path):
    f = h5py.File(path, "w", track_order=False)
    f.create_group("layers")
    f.create_group("vars").attrs["name"] = "sequential"
    return f


with skeleton(out / "external_storage.weights.h5") as f:
    group = f.create_group("layers/dense/vars")
    group.attrs["name"] = "dense"
    group.create_dataset("0", shape=(3, 2), dtype="float32", external=[("/etc/passwd", 0, 24)])
    group.create_dataset("1", data=bias)

with skeleton(out / "external_link.weights.h5") as f:
    f.create_group("layers/dense")
    f["layers/dense/vars"] = h5py.ExternalLink("other.weights.h5", "/layers/dense/vars")

with skeleton(out / "soft_link.weights.h5") as f:
    hidden = f.create_group("hidden")
    hidden.attrs["name"] = "dense"
    hidden.create_dataset("0", data=kernel)
    hidden.create_dataset("1", data=bias)
    f.create_group("layers/dense")
    f["layers/dense/vars"] = h5py.SoftLink("/hidden")

with skeleton(out / "chunked.weights.h5") as f:
    group = f.create_group("layers/dense/vars")
    group.attrs["name"] = "dense"
    group.create_dataset("0", data=kernel, chunks=(1, 2), compression="gzip")
    group.create_dataset("1", data=bias)

# The genuine layout, for contrast: NeuralKit loads this one.
with skeleton(out / "plain.weights.h5") as f:
    group = f.create_group("layers/dense/vars")
    group.attrs["name"] = "dense"
    group.create_dataset("0", data=kernel)
    group.create_dataset("1", data=bias)

print("wrote", sorted(p.name for p in out.iterdir()))
