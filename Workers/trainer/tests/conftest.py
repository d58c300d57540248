"""Shared fixtures: a micro-sized m3clip checkpoint (the Swift `micro` preset's sizes, HF's random
initialisation) and a small synthetic training snapshot in `m3clip train export`'s format."""
import json
import os
import sys

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
WORKER = os.path.dirname(HERE)
sys.path.insert(0, WORKER)

from m3clip_trainer.model import M3CLIP  # noqa: E402

MICRO = {
    "model_type": "m3clip",
    "text_config": {"model_type": "xlm-roberta", "vocab_size": 261, "hidden_size": 32, "num_hidden_layers": 2,
                    "num_attention_heads": 2, "intermediate_size": 64, "max_position_embeddings": 50, "type_vocab_size": 1,
                    "pad_token_id": 1, "bos_token_id": 0, "eos_token_id": 2, "layer_norm_eps": 1e-5, "hidden_act": "gelu"},
    "vision_config": {"model_type": "swin", "image_size": 32, "patch_size": 4, "num_channels": 3, "embed_dim": 8, "depths": [2],
                      "num_heads": [2], "window_size": 4, "mlp_ratio": 4.0, "qkv_bias": True, "layer_norm_eps": 1e-5,
                      "hidden_act": "gelu", "use_absolute_embeddings": False, "hidden_size": 8, "num_layers": 1},
    "projection_dim": 64, "text_pooling": "medclip", "tokenizer": "bytes", "max_text_length": 48,
    "image_mean": 0.5862785803043838, "image_std": 0.27950088968644304,
}
LANGUAGES = ["eng_Latn", "deu_Latn", "fra_Latn"]
WORDS = ["no", "effusion", "mild", "cardiomegaly", "lungs", "are", "clear", "small", "pneumothorax", "edema", "keine", "pas", "de"]


OBSERVATIONS = ["No Finding", "Enlarged Cardiomediastinum", "Cardiomegaly", "Lung Lesion", "Lung Opacity", "Edema", "Consolidation",
                "Pneumonia", "Atelectasis", "Pneumothorax", "Pleural Effusion", "Pleural Other", "Fracture", "Support Devices"]


def write_snapshot(folder, studies=24, side=32, seed=3, trainer=None, awaiting_every=5, pending_every=0):
    """Each study: one image and two sentences (languages cycling), labels drawn from the study's own
    few observations; every `awaiting_every`-th study's items await labels (labels null)."""
    rng = np.random.default_rng(seed)
    os.makedirs(folder, exist_ok=True)
    images, lines = [], []
    for s in range(studies):
        awaiting = awaiting_every and s % awaiting_every == awaiting_every - 1
        labels = None if awaiting else [float(v) for v in rng.choice([-1, 0, 0, 1], size=28)]
        images.append(rng.random((side, side)).astype(np.float16))
        # Every `pending_every`-th labeled study has an uncertain U-SelfTrained Edema (index 5).
        pending = [5] if pending_every and labels is not None and s % pending_every == 0 else None
        if pending:
            labels[5] = 0.0
        lines.append({"kind": "image", "id": f"image:{s}", "study": f"S{s}", "study_index": s, "labels": labels,
                      "added_version": 1 + s // 8, "eval": s % 12 == 11, "row": s, "sha256": f"{s:064x}", "pending": pending})
        for k in range(2):
            text = " ".join(rng.choice(WORDS, size=3 + int(rng.integers(0, 6))))
            lines.append({"kind": "text", "id": f"sentence:{s}.{k}", "study": f"S{s}", "study_index": s,
                          "language": LANGUAGES[(s + k) % len(LANGUAGES)], "text": text + ".", "labels": labels,
                          "origin": "sentence", "added_version": 1 + s // 8, "eval": s % 12 == 11, "pending": pending})
    np.save(os.path.join(folder, "images.npy"), np.stack(images))
    with open(os.path.join(folder, "items.jsonl"), "w") as f:
        for line in lines:
            f.write(json.dumps(line) + "\n")
    meta = {"format": "m3clip-training-snapshot", "version": 1, "corpus_version": 3, "replay_before": None,
            "image_size": side, "label_dimension": 28, "pixels": "images.npy", "pixel_dtype": "float16",
            "tokenizer": "bytes", "observations": OBSERVATIONS, "negative_label_weight": 0.5,
            "self_trained_prompts": {"5": {"present": ["edema", "pulmonary edema"], "absent": ["no edema", "no pulmonary edema"]}},
            "trainer": trainer or {"steps": 4, "sampling": {"batchSize": 8, "pairShare": 0.25,
                                                                                  "languageMinShare": 0.1, "replayShare": 0.3},
                                                      "objective": "semantic", "labelTemperature": 0.25, "learningRate": 5e-4,
                                                      "augmentation": {}, "logEvery": 1, "checkpointEvery": 2}}
    with open(os.path.join(folder, "snapshot.json"), "w") as f:
        json.dump(meta, f)
    return folder


@pytest.fixture
def snapshot(tmp_path):
    return write_snapshot(str(tmp_path / "snapshot"))


@pytest.fixture
def checkpoint(tmp_path):
    folder = str(tmp_path / "init")
    M3CLIP.fresh(MICRO, seed=1).save(folder, {"steps": 0, "notes": {"trainer": "test"}})
    return folder
