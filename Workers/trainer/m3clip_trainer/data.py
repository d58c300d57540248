"""The batches one rank trains on: decoupled draws (sampler.py), the images augmented and normalised
and the texts tokenized in DataLoader worker processes, so the accelerator never waits on the CPU."""
import numpy as np
import torch
from torch.utils.data import IterableDataset, get_worker_info

from . import tokenizer as tokenizers
from .augment import Augmenter, TextAugmenter, normalize
from .loss import LABEL_DIMENSION
from .sampler import DecoupledBatchSampler, make_rng


class LabelTable:
    """One modality's label vectors as tensors, kept in the training process (the DataLoader
    workers only send item indices), so U-SelfTrained probabilities set at the phase switch reach
    every later batch."""

    def __init__(self, items):
        self.values = torch.zeros(len(items), LABEL_DIMENSION)
        self.awaiting = torch.zeros(len(items), dtype=torch.bool)
        for i, labels in enumerate(items.labels):
            if labels is None:
                self.awaiting[i] = True
            else:
                self.values[i] = torch.tensor(labels)
        self.study = torch.tensor(items.study, dtype=torch.long)

    def batch(self, indices):
        """(label vectors [b, 28], awaiting [b], study index [b]) of the items `indices` ([b] long)."""
        return self.values[indices], self.awaiting[indices], self.study[indices]


class BatchStream(IterableDataset):
    """An endless stream of this rank's batches (`local_batch` images and texts each).

    `fixed`: every batch is the same — this rank's contiguous share of the snapshot's first
    `local_batch × world` images and texts, not augmented — which is how the parity checks compare
    trainers and process counts on one exported batch."""

    def __init__(self, snapshot, tokenizer, config, local_batch, rank=0, world=1, seed=0, start_step=0,
                 pair_share=0.25, language_min_share=0.1, replay_share=0.3, finding_balance_share=0.5, label_match_share=0.5,
                 augment=True, augment_text=True, fixed=False):
        super().__init__()
        self.snapshot, self.tokenizer, self.config = snapshot, tokenizer, config
        self.local_batch, self.rank, self.world, self.seed, self.start_step = local_batch, rank, world, seed, start_step
        self.augmenter = Augmenter() if augment and not fixed else None
        self.text_augmenter = TextAugmenter() if augment_text and not fixed else None
        self.fixed = fixed
        self.sampler = None if fixed else DecoupledBatchSampler(snapshot.images, snapshot.texts, pair_share, language_min_share,
                                                                  replay_share, snapshot.replay_before,
                                                                  finding_balance_share, label_match_share)
        if fixed:
            needed = local_batch * world
            if len(snapshot.images) < needed or len(snapshot.texts) < needed:
                raise ValueError(f"--fixed-batch needs {needed} images and texts, the split has {len(snapshot.images)} and {len(snapshot.texts)}")

    def batch(self, image_indices, text_indices, generator, rng=None):
        snapshot = self.snapshot
        squares = torch.from_numpy(np.stack([snapshot.image(i) for i in image_indices]))
        if self.augmenter is not None:
            squares = self.augmenter(squares, generator)
        pixels = normalize(squares, self.config.get("image_mean", 0.5862785803043838), self.config.get("image_std", 0.27950088968644304),
                           self.config["vision_config"].get("num_channels", 3))
        strings = [snapshot.texts.text[i] for i in text_indices]
        if self.text_augmenter is not None:
            strings = [self.text_augmenter(s, snapshot.texts.affirmative[i], rng) for s, i in zip(strings, text_indices)]
        ids, mask = tokenizers.batch(self.tokenizer, strings, self.config.get("max_text_length", 128))
        return {"pixels": pixels, "input_ids": ids, "attention_mask": mask,
                "image_indices": torch.tensor(image_indices, dtype=torch.long), "text_indices": torch.tensor(text_indices, dtype=torch.long),
                "languages": [snapshot.texts.language[i] for i in text_indices]}

    def __iter__(self):
        info = get_worker_info()
        worker, workers = (info.id, info.num_workers) if info else (0, 1)
        stream = [self.seed, self.rank, worker, workers, self.start_step]
        rng = make_rng(hash(tuple(stream)) & 0xFFFFFFFFFFFF)
        generator = torch.Generator().manual_seed(rng.getrandbits(62))
        if self.fixed:
            lo = self.rank * self.local_batch
            indices = list(range(lo, lo + self.local_batch))
            fixed = self.batch(indices, indices, generator)
            while True:
                yield fixed
        while True:
            images, texts, _ = self.sampler.next(self.local_batch, rng)
            yield self.batch(images, texts, generator, rng)
