"""The batches one rank trains on: decoupled draws (sampler.py), the images augmented and normalised
and the texts tokenized in DataLoader worker processes, so the accelerator never waits on the CPU."""
import numpy as np
import torch
from torch.utils.data import IterableDataset, get_worker_info

from . import tokenizer as tokenizers
from .augment import Augmenter, normalize
from .loss import LABEL_DIMENSION
from .sampler import DecoupledBatchSampler, make_rng


def _labels(items, indices):
    values = torch.zeros(len(indices), LABEL_DIMENSION)
    awaiting = torch.zeros(len(indices), dtype=torch.bool)
    for row, i in enumerate(indices):
        if items.labels[i] is None:
            awaiting[row] = True
        else:
            values[row] = torch.tensor(items.labels[i])
    study = torch.tensor([items.study[i] for i in indices], dtype=torch.long)
    return values, awaiting, study


class BatchStream(IterableDataset):
    """An endless stream of this rank's batches (`local_batch` images and texts each).

    `fixed`: every batch is the same — this rank's contiguous share of the snapshot's first
    `local_batch × world` images and texts, not augmented — which is how the parity checks compare
    trainers and process counts on one exported batch."""

    def __init__(self, snapshot, tokenizer, config, local_batch, rank=0, world=1, seed=0, start_step=0,
                 pair_share=0.25, language_min_share=0.1, replay_share=0.3, augment=True, fixed=False):
        super().__init__()
        self.snapshot, self.tokenizer, self.config = snapshot, tokenizer, config
        self.local_batch, self.rank, self.world, self.seed, self.start_step = local_batch, rank, world, seed, start_step
        self.augmenter = Augmenter() if augment and not fixed else None
        self.fixed = fixed
        self.sampler = None if fixed else DecoupledBatchSampler(snapshot.images, snapshot.texts, pair_share, language_min_share,
                                                                  replay_share, snapshot.replay_before)
        if fixed:
            needed = local_batch * world
            if len(snapshot.images) < needed or len(snapshot.texts) < needed:
                raise ValueError(f"--fixed-batch needs {needed} images and texts, the split has {len(snapshot.images)} and {len(snapshot.texts)}")

    def batch(self, image_indices, text_indices, generator):
        snapshot = self.snapshot
        squares = torch.from_numpy(np.stack([snapshot.image(i) for i in image_indices]))
        if self.augmenter is not None:
            squares = self.augmenter(squares, generator)
        pixels = normalize(squares, self.config.get("image_mean", 0.5862785803043838), self.config.get("image_std", 0.27950088968644304),
                           self.config["vision_config"].get("num_channels", 3))
        ids, mask = tokenizers.batch(self.tokenizer, [snapshot.texts.text[i] for i in text_indices], self.config.get("max_text_length", 128))
        image_labels, image_awaiting, image_study = _labels(snapshot.images, image_indices)
        text_labels, text_awaiting, text_study = _labels(snapshot.texts, text_indices)
        return {"pixels": pixels, "input_ids": ids, "attention_mask": mask,
                "image_labels": image_labels, "image_awaiting": image_awaiting, "image_study": image_study,
                "text_labels": text_labels, "text_awaiting": text_awaiting, "text_study": text_study,
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
            yield self.batch(images, texts, generator)
