"""Reference values for Tests/TensorsTests/Fixtures, computed independently with numpy (float64).

Run from the repository root:  python3 Workers/tensors-reference/make_fixtures.py
Writes:
  ops.json               forward cases: inputs (float32 values), parameters, expected output
  adamw.json             AdamW (PyTorch semantics) trajectory on fixed gradients
  numpy_written.safetensors  a safetensors file with F32, F16, BF16 and I64 tensors and metadata,
                             produced byte by byte here (no safetensors library needed)
"""
import json
import math
import struct
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[2] / "Tests" / "TensorsTests" / "Fixtures"
rng = np.random.default_rng(7)


def r(*shape, lo=None, hi=None):
    if lo is not None:
        return rng.uniform(lo, hi, size=shape).astype(np.float32)
    return rng.standard_normal(shape).astype(np.float32)


def t(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "data": [float(f"{v:.9g}") for v in a.reshape(-1)]}


cases = {}


def case(name, inputs, output, **params):
    cases[name] = {"inputs": [t(x) for x in inputs], "output": t(output), "params": params}


def d(x):
    return x.astype(np.float64)


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


erf = np.vectorize(math.erf)

a, b = r(3, 4), r(4, 5)
case("matmul", [a, b], d(a) @ d(b))
a, b = r(4, 3), r(4, 5)
case("matmul_transposeA", [a, b], d(a).T @ d(b))
a, b = r(3, 4), r(5, 4)
case("matmul_transposeB", [a, b], d(a) @ d(b).T)
a, b = r(2, 3, 4), r(2, 4, 5)
case("matmul_batched", [a, b], d(a) @ d(b))
a, b = r(2, 3, 4), r(4, 5)
case("matmul_shared", [a, b], d(a) @ d(b))
x, w, bias = r(2, 3, 4), r(5, 4), r(5)
case("linear", [x, w, bias], d(x) @ d(w).T + d(bias))
a, b = r(2, 3, 4), r(3, 1)
case("add", [a, b], d(a) + d(b))
case("sub", [a, b], d(a) - d(b))
case("mul", [a, b], d(a) * d(b))
b2 = r(4, lo=0.5, hi=2.0)
case("div", [a, b2], d(a) / d(b2))
x = r(2, 3, 5)
case("exp", [x], np.exp(d(x)))
xp = r(2, 3, 5, lo=0.1, hi=3.0)
case("log", [xp], np.log(d(xp)))
case("sqrt", [xp], np.sqrt(d(xp)))
case("pow3", [x], d(x) ** 3)
case("tanh", [x], np.tanh(d(x)))
case("sigmoid", [x], 1 / (1 + np.exp(-d(x))))
case("relu", [x], np.maximum(d(x), 0))
xg = r(4, 37) * 3
case("gelu", [xg], 0.5 * d(xg) * (1 + erf(d(xg) / math.sqrt(2))))
case("gelu_tanh", [xg], 0.5 * d(xg) * (1 + np.tanh(math.sqrt(2 / math.pi) * (d(xg) + 0.044715 * d(xg) ** 3))))
case("clamp", [x], np.clip(d(x), -0.5, 0.7))
xs = r(3, 4, 13) * 4
case("softmax", [xs], softmax(d(xs), -1))
case("softmax_axis1", [xs], softmax(d(xs), 1))
case("log_softmax", [xs], np.log(softmax(d(xs), -1)))
mask = (rng.uniform(size=(3, 1, 13)) > 0.3).astype(np.float32)
case("masked_softmax", [xs, mask], softmax(np.where(mask > 0, d(xs), -1e9), -1))
x, g, bb = r(2, 3, 20), r(20), r(20)
mu = d(x).mean(-1, keepdims=True)
var = ((d(x) - mu) ** 2).mean(-1, keepdims=True)
case("layer_norm", [x, g, bb], (d(x) - mu) / np.sqrt(var + 1e-5) * d(g) + d(bb))
x = r(2, 3, 4)
case("permute", [x], np.transpose(d(x), (2, 0, 1)))
y = r(2, 2, 4)
case("concat", [x, y], np.concatenate([d(x), d(y)], axis=1))
case("slice", [x], d(x)[:, 1:3, :])
case("roll", [x], np.roll(d(x), (1, -3), axis=(1, 2)))
case("pad", [x], np.pad(d(x), ((0, 0), (1, 2), (0, 0)), constant_values=0.5))
case("sum", [x], d(x).sum(axis=(0, 2)))
case("mean", [x], d(x).mean(axis=1, keepdims=True))
case("l2_normalize", [x], d(x) / np.linalg.norm(d(x), axis=-1, keepdims=True))
fmask = (rng.uniform(size=(1, 3, 1)) > 0.5).astype(np.float32)
case("masked_fill", [x, fmask], np.where(fmask > 0, -2.5, d(x)))
case("gather", [x], d(x)[:, [2, 0, 2, 1], :])
src = r(2, 3, 4)
out = np.zeros((2, 5, 4))
for k, i in enumerate([4, 0, 4]):
    out[:, i, :] += d(src)[:, k, :]
case("scatter", [src], out)
table = r(6, 3)
ids = [5, 0, 2, 2]
case("embedding", [table], d(table)[ids].reshape(2, 2, 3))
logits = r(4, 6) * 2
tl = rng.uniform(size=(4, 6))
targets = (tl / tl.sum(-1, keepdims=True)).astype(np.float32)
lsm = np.log(softmax(d(logits), -1))
case("cross_entropy", [logits, targets], np.array(-(d(targets) * lsm).sum(-1).mean()))

# AdamW (PyTorch semantics) on fixed gradients: p ← p·(1 − lr·wd) − lr·m̂/(√v̂ + eps)
p0 = r(3, 2)
grads = [r(3, 2) for _ in range(3)]
lr, b1, b2, eps, wd = 0.01, 0.9, 0.999, 1e-8, 0.1
p, m, v = d(p0), np.zeros((3, 2)), np.zeros((3, 2))
traj = []
for step, gr in enumerate(grads, start=1):
    gr = d(gr)
    p = p * (1 - lr * wd)
    m = b1 * m + (1 - b1) * gr
    v = b2 * v + (1 - b2) * gr * gr
    p = p - lr * (m / (1 - b1 ** step)) / (np.sqrt(v / (1 - b2 ** step)) + eps)
    traj.append(t(p))
adamw = {"initial": t(p0), "grads": [t(x) for x in grads], "after_each_step": traj,
         "lr": lr, "beta1": b1, "beta2": b2, "eps": eps, "weight_decay": wd}


def write_safetensors(path, tensors, metadata):
    """tensors: list of (name, dtype string, shape, raw little-endian bytes)."""
    header, offset, blobs = {"__metadata__": metadata}, 0, []
    for name, dtype, shape, raw in tensors:
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        blobs.append(raw)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    path.write_bytes(struct.pack("<Q", len(h)) + h + b"".join(blobs))


f32 = np.arange(6, dtype=np.float32).reshape(2, 3) / 4 - 0.5
f16 = np.array([[1.5, -2.25], [65504.0, 0.0009765625]], dtype=np.float16)
bf16_values = np.array([1.0, -3.5, 0.15625, 1e30], dtype=np.float32)
bf16 = (bf16_values.view(np.uint32) >> 16).astype("<u2")  # exact: values chosen representable
i64 = np.array([0, 1, -7, 2 ** 40], dtype="<i8")
write_safetensors(OUT / "numpy_written.safetensors", [
    ("a.f32", "F32", f32.shape, f32.astype("<f4").tobytes()),
    ("b.f16", "F16", f16.shape, f16.astype("<f2").tobytes()),
    ("c.bf16", "BF16", bf16.shape, bf16.tobytes()),
    ("d.i64", "I64", i64.shape, i64.tobytes()),
], {"format": "pt", "note": "written by make_fixtures.py"})
expected_st = {"a.f32": t(f32), "b.f16": t(f16.astype(np.float32)),
               "c.bf16": t((bf16.astype(np.uint32) << 16).view(np.float32)), "d.i64": [int(v) for v in i64]}

OUT.mkdir(parents=True, exist_ok=True)
(OUT / "ops.json").write_text(json.dumps({"cases": cases}, indent=None, sort_keys=True))
(OUT / "adamw.json").write_text(json.dumps(adamw, sort_keys=True))
(OUT / "safetensors_expected.json").write_text(json.dumps(expected_st, sort_keys=True))
print(f"wrote {len(cases)} op cases, adamw.json and numpy_written.safetensors to {OUT}")
