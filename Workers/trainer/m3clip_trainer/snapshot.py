"""A training snapshot written by `m3clip train export --out DIR` (Sources/Daemon/Training/TrainingSnapshot.swift):

    snapshot.json  format, corpus version, replay version, image size, label dimension, pixel file and
                   dtype, the trainer settings of the run (TrainerSettings, JSON), counts
    items.jsonl    one item per line: {"kind": "image", "id", "study", "study_index", "labels" (28 values,
                   uncertainty policies applied; null while the study awaits labels), "added_version",
                   "eval", "row" (into images.npy), "sha256" (the original's blob)} or {"kind": "text",
                   "id", "study", "study_index", "language", "text", "labels", "origin", "added_version", "eval"},
                   either with "pending" (U-SelfTrained observation indices still without a probability)
    images.npy     [images, side × side] (or [images, side, side]) grey squares in 0…1 (float16 or float32), row-aligned with
                   the image items: decoded, padded and resized once by the daemon (every format it
                   reads, DICOM included), so the worker only augments and normalises.
"""
import json
import os
from dataclasses import dataclass, field

import numpy as np

from .loss import LABEL_DIMENSION

FORMAT = "m3clip-training-snapshot"


@dataclass
class Items:
    """One modality's items, as arrays (index = position in the snapshot)."""
    ids: list = field(default_factory=list)
    study: list = field(default_factory=list)
    labels: list = field(default_factory=list)        # [28] or None
    added_version: list = field(default_factory=list)
    evaluation: list = field(default_factory=list)
    rows: list = field(default_factory=list)          # images: row in images.npy
    pending: list = field(default_factory=list)       # U-SelfTrained observation indices waiting for a probability
    findings: list = field(default_factory=list)      # observation indices the sampler's finding-aware draws go by, or None
    affirmative: list = field(default_factory=list)   # texts: nothing negated or uncertain (word augmentations are safe)
    language: list = field(default_factory=list)      # texts
    text: list = field(default_factory=list)          # texts

    def __len__(self):
        return len(self.ids)


class Snapshot:
    def __init__(self, folder, split="train"):
        """`split`: "train" (items not in the evaluation split), "eval", or "all"."""
        self.folder = folder
        with open(os.path.join(folder, "snapshot.json")) as f:
            self.meta = json.load(f)
        if self.meta.get("format") != FORMAT:
            raise ValueError(f"{folder}/snapshot.json: format {self.meta.get('format')!r} is not {FORMAT}")
        if self.meta.get("label_dimension") != LABEL_DIMENSION:
            raise ValueError(f"{folder}: label dimension {self.meta.get('label_dimension')}, this worker knows {LABEL_DIMENSION}")
        self.pixels = np.load(os.path.join(folder, self.meta.get("pixels", "images.npy")), mmap_mode="r")
        self.side = int(self.meta["image_size"])
        if self.pixels.ndim == 2 and self.pixels.shape[1] == self.side * self.side:
            self.pixels = self.pixels.reshape(-1, self.side, self.side)  # m3clip writes [n, side × side]
        if self.pixels.ndim != 3 or self.pixels.shape[1:] != (self.side, self.side):
            raise ValueError(f"{folder}: images.npy is {self.pixels.shape}, expected [n, {self.side}, {self.side}]")
        self.images, self.texts = Items(), Items()
        with open(os.path.join(folder, "items.jsonl")) as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                item = json.loads(line)
                if split == "train" and item["eval"] or split == "eval" and not item["eval"]:
                    continue
                target = self.images if item["kind"] == "image" else self.texts
                labels = item.get("labels")
                if labels is not None and len(labels) != LABEL_DIMENSION:
                    raise ValueError(f"items.jsonl line {number}: {len(labels)} label values")
                target.ids.append(item["id"])
                target.study.append(int(item["study_index"]))
                target.labels.append(labels)
                target.added_version.append(int(item["added_version"]))
                target.evaluation.append(bool(item["eval"]))
                target.pending.append(list(item.get("pending") or []))
                findings = item.get("findings")
                target.findings.append(None if labels is None else list(findings) if findings else [0])
                target.affirmative.append(bool(item.get("affirmative", False)))
                if item["kind"] == "image":
                    row = int(item["row"])
                    if not 0 <= row < self.pixels.shape[0]:
                        raise ValueError(f"items.jsonl line {number}: image row {row} outside images.npy")
                    target.rows.append(row)
                else:
                    target.language.append(item["language"])
                    target.text.append(item["text"])
        if not self.images.ids or not self.texts.ids:
            raise ValueError(f"{folder}: the {split} split has {len(self.images)} images and {len(self.texts)} texts; both are needed")

    @property
    def corpus_version(self):
        return self.meta.get("corpus_version")

    @property
    def replay_before(self):
        return self.meta.get("replay_before")

    @property
    def observations(self):
        """Observation names in label-vector index order."""
        return self.meta.get("observations", [])

    @property
    def self_trained_prompts(self):
        """{observation index: (present prompts, absent prompts)}."""
        return {int(k): (v["present"], v["absent"]) for k, v in self.meta.get("self_trained_prompts", {}).items()}

    @property
    def trainer_settings(self):
        return self.meta.get("trainer", {})

    def image(self, index):
        """The grey square of image item `index`, float32 [side, side]."""
        return np.asarray(self.pixels[self.images.rows[index]], dtype=np.float32)
