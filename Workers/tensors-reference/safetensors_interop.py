"""Cross-checks m3clip's safetensors I/O against the reference `safetensors` library.

Used by Tests/TensorsTests/SafeTensorsTests.swift (which runs it only when `import safetensors`
works) and by hand:

  python3 safetensors_interop.py check  FILE   # FILE was written by Swift: verify names, values, metadata
  python3 safetensors_interop.py write  FILE   # write a file for Swift to read

The values follow the same formula on both sides: tensor "w" = arange(n).reshape(shape) / 8 - 1.
"""
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import save_file


def expected(shape):
    n = int(np.prod(shape))
    return (np.arange(n, dtype=np.float32).reshape(shape) / 8 - 1).astype(np.float32)


def check(path):
    with safe_open(path, framework="np") as f:
        meta = f.metadata()
        assert meta == {"producer": "m3clip", "note": "ünïcode ✓"}, meta
        keys = sorted(f.keys())
        assert keys == ["encoder.layer.0.weight", "half", "scalar"], keys
        w = f.get_tensor("encoder.layer.0.weight")
        assert w.dtype == np.float32 and w.shape == (3, 5), (w.dtype, w.shape)
        np.testing.assert_array_equal(w, expected((3, 5)))
        s = f.get_tensor("scalar")
        assert s.shape == () and s == np.float32(2.5), s
    with safe_open(path.replace(".safetensors", "-f16.safetensors"), framework="np") as f:
        h = f.get_tensor("half")
        assert h.dtype == np.float16, h.dtype
        np.testing.assert_array_equal(h, expected((2, 4)).astype(np.float16))
    print("ok")


def write(path):
    save_file({
        "w": expected((4, 3)),
        "h": expected((2, 2)).astype(np.float16),
        "ids": np.array([3, -1, 2 ** 35], dtype=np.int64),
    }, path, metadata={"producer": "python"})
    print("ok")


if __name__ == "__main__":
    {"check": check, "write": write}[sys.argv[1]](sys.argv[2])
