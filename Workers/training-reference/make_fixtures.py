"""Reference values for Tests/TrainingTests/Fixtures/loss_reference.json, computed with numpy (float64).

Run from the repository root:  python3 Workers/training-reference/make_fixtures.py
(numpy only; no torch). Writes Tests/TrainingTests/Fixtures/loss_reference.json with:

  inputs  image [5, 6] and text [7, 6] (random vectors, L2-normalised here, then rounded to float32,
          which is what the Swift test feeds in), scale [1] (1/0.07 as float32), image labels [5, 28]
          and text labels [7, 28] (MedCLIP-style label vectors: polarity channels in {-1, 0, 1},
          uncertainty channels in {0, 1}), and a copy of the image labels whose row 2 is all zeros;
  cases   for semantic matching (label temperature 1 and 0.25, and the all-zero row at 1) and
          InfoNCE (on the first 5 texts, so that images and texts pair up): the loss, the soft
          targets, and the analytic gradients with respect to the image embeddings, the text
          embeddings and the scale.

The loss mirrors Sources/Training/Loss/ContrastiveLoss.swift:
  S  = normalize(Lv) . normalize(Lt)^T                   normalize(x) = x / max(|x|, 1e-12) per row
  T  = softmax_row(S / tau),   T' = softmax_row(S^T / tau)
  Z  = s V W^T                                           V: [n, d] images, W: [m, d] texts
  L  = 1/2 (CE(T, Z) + CE(T', Z^T)),  CE(T, Z) = -1/rows sum_ij T_ij log softmax_row(Z)_ij
InfoNCE is the same with T = T' = I (n = m).

Gradients, derived by hand. For one soft-target cross-entropy over `rows` rows whose targets sum
to 1 per row, dCE/dZ = (softmax_row(Z) - T) / rows. Hence, with G1 = (softmax(Z) - T) / n and
G2 = (softmax(Z^T) - T') / m,
  dL/dZ = 1/2 (G1 + G2^T)                                (an [n, m] matrix)
  dL/dV = s dL/dZ W,   dL/dW = s (dL/dZ)^T V,   dL/ds = sum_ij dL/dZ_ij (V W^T)_ij.
The targets are constants (they depend on labels only). Every gradient is checked here against
central finite differences in float64 before anything is written.
"""
import json
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[2] / "Tests" / "TrainingTests" / "Fixtures" / "loss_reference.json"
OBSERVATIONS = 14
rng = np.random.default_rng(20251203)


def normalize_rows(x, eps=1e-12):
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), eps)


def softmax_rows(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def log_softmax_rows(x):
    shifted = x - x.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def cross_entropy(logits, targets):
    return -(targets * log_softmax_rows(logits)).sum() / logits.shape[0]


def soft_targets(image_labels, text_labels, tau):
    s = normalize_rows(image_labels) @ normalize_rows(text_labels).T
    return s, softmax_rows(s / tau), softmax_rows(s.T / tau)


def loss_value(v, w, s, t, t_prime):
    z = s * (v @ w.T)
    return 0.5 * (cross_entropy(z, t) + cross_entropy(z.T, t_prime))


def loss_and_gradients(v, w, s, t, t_prime):
    """The loss and its analytic gradients with respect to v, w and the (scalar) scale s."""
    n, m = v.shape[0], w.shape[0]
    cos = v @ w.T
    z = s * cos
    g1 = (softmax_rows(z) - t) / n
    g2 = (softmax_rows(z.T) - t_prime) / m
    dz = 0.5 * (g1 + g2.T)
    return loss_value(v, w, s, t, t_prime), s * dz @ w, s * dz.T @ v, float((dz * cos).sum())


def check_by_finite_differences(v, w, s, t, t_prime, grads, what, h=1e-6):
    """Central differences in float64 on every entry of v and w and on s."""
    _, gv, gw, gs = grads
    worst = 0.0
    for array, analytic in ((v, gv), (w, gw)):
        for index in np.ndindex(array.shape):
            saved = array[index]
            array[index] = saved + h
            plus = loss_value(v, w, s, t, t_prime)
            array[index] = saved - h
            minus = loss_value(v, w, s, t, t_prime)
            array[index] = saved
            numeric = (plus - minus) / (2 * h)
            worst = max(worst, abs(numeric - analytic[index]) / max(1.0, abs(numeric)))
    numeric = (loss_value(v, w, s + h, t, t_prime) - loss_value(v, w, s - h, t, t_prime)) / (2 * h)
    worst = max(worst, abs(numeric - gs) / max(1.0, abs(numeric)))
    assert worst < 1e-7, f"{what}: analytic and finite-difference gradients differ by {worst:.3g}"
    print(f"{what}: analytic gradients agree with central differences (worst {worst:.2e})")


def label_vectors(rows):
    """MedCLIP-style label vectors: polarity in {-1, 0, 1} for each observation, and for some
    observations of some rows an uncertainty channel of 1 (polarity 0 there, U-MultiClass)."""
    polarity = rng.choice([-1.0, 0.0, 1.0], size=(rows, OBSERVATIONS), p=[0.3, 0.45, 0.25])
    uncertainty = np.zeros((rows, OBSERVATIONS))
    for row in range(rows):
        if row % 2 == 1:  # every other row has uncertain observations
            picked = rng.choice(OBSERVATIONS, size=2, replace=False)
            uncertainty[row, picked] = 1.0
            polarity[row, picked] = 0.0
        if not polarity[row].any() and not uncertainty[row].any():
            polarity[row, 0] = 1.0  # No Finding: no item's vector is all zeros (TrainingLabels)
    return np.concatenate([polarity, uncertainty], axis=1)


def f32(x):
    """Round to float32 (what Swift holds), then compute in float64 on exactly those values."""
    return np.asarray(x, dtype=np.float32).astype(np.float64)


def tensor(a, digits=9):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "data": [float(f"{x:.{digits}g}") for x in a.reshape(-1)]}


n, m, d = 5, 7, 6
image = f32(normalize_rows(rng.standard_normal((n, d))))
text = f32(normalize_rows(rng.standard_normal((m, d))))
scale = f32(np.array([1 / 0.07]))
image_labels = label_vectors(n)
text_labels = label_vectors(m)
image_labels_with_zero_row = image_labels.copy()
image_labels_with_zero_row[2] = 0.0
assert image_labels[1, OBSERVATIONS:].any() and text_labels[1, OBSERVATIONS:].any()

cases = []
semantic = [("semantic-matching tau=1", image_labels, 1.0), ("semantic-matching tau=0.25", image_labels, 0.25),
            ("semantic-matching zero label row", image_labels_with_zero_row, 1.0)]
for name, labels, tau in semantic:
    similarity, t, t_prime = soft_targets(labels, text_labels, tau)
    assert np.isfinite(t).all() and np.isfinite(t_prime).all()
    grads = loss_and_gradients(image.copy(), text.copy(), float(scale[0]), t, t_prime)
    check_by_finite_differences(image.copy(), text.copy(), float(scale[0]), t, t_prime, grads, name)
    loss, gv, gw, gs = grads
    cases.append({"name": name, "objective": "semanticMatching", "labelTemperature": tau,
                  "imageLabels": "imageLabelsWithZeroRow" if labels is image_labels_with_zero_row else "imageLabels",
                  "textCount": m, "loss": float(f"{loss:.17g}"),
                  "similarity": tensor(similarity, 17), "imageToText": tensor(t, 17), "textToImage": tensor(t_prime, 17),
                  "gradImage": tensor(gv, 17), "gradText": tensor(gw, 17), "gradScale": tensor([gs], 17)})

paired = text[:n].copy()
identity = np.eye(n)
grads = loss_and_gradients(image.copy(), paired.copy(), float(scale[0]), identity, identity)
check_by_finite_differences(image.copy(), paired.copy(), float(scale[0]), identity, identity, grads, "infoNCE")
loss, gv, gw, gs = grads
cases.append({"name": "infoNCE", "objective": "infoNCE", "labelTemperature": None, "imageLabels": None, "textCount": n,
              "loss": float(f"{loss:.17g}"), "gradImage": tensor(gv, 17), "gradText": tensor(gw, 17), "gradScale": tensor([gs], 17)})

document = {
    "note": "written by Workers/training-reference/make_fixtures.py; do not edit by hand",
    "inputs": {"image": tensor(image), "text": tensor(text), "scale": tensor(scale),
               "imageLabels": tensor(image_labels), "imageLabelsWithZeroRow": tensor(image_labels_with_zero_row),
               "textLabels": tensor(text_labels)},
    "cases": cases,
}
OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(json.dumps(document, indent=1) + "\n")
for case in cases:
    print(f"{case['name']}: loss {case['loss']:.6f}")
print(f"wrote {OUT}")
