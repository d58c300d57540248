"""PyTorch side of the training-step benchmark (Benchmarks/Sources/TrainingBenchmark is the Swift side).

    python bench_step.py [--threads N] [--steps K]

One full step of the `tiny` preset at batch 32, as the Swift trainer takes it: draw 32 images and 32
texts from an in-memory corpus (512 grey 64 px squares, 2,048 byte-tokenised texts of 64 tokens),
augment the images (flip, affine through affine_grid/grid_sample, brightness/contrast), semantic-
matching loss with soft targets from label cosine similarities, backward, global-norm clip 1.0,
AdamW, logit-scale clamp. Prints the median and best step time after two warm-up steps.
Needs torch and transformers (Workers/encoders-reference/requirements.txt).
"""
import argparse
import math
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "encoders-reference"))
from bench import Tiny  # noqa: E402  (the same tiny model the encoder benchmark checks against Swift)

BATCH, SIDE, TOKENS = 32, 64, 64


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=10)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    g = torch.Generator().manual_seed(0)
    images = torch.rand(512, SIDE, SIDE, generator=g)
    ids = torch.randint(4, 261, (2048, TOKENS), generator=g)
    ids[:, 0], ids[:, -1] = 0, 2
    labels = torch.randint(-1, 2, (2048, 28), generator=g).float()
    image_labels = torch.randint(-1, 2, (512, 28), generator=g).float()
    model = Tiny().train()
    opt = torch.optim.AdamW(model.parameters(), lr=5e-4, weight_decay=0.05)

    def step():
        iv = torch.randint(0, 512, (BATCH,), generator=g)
        it = torch.randint(0, 2048, (BATCH,), generator=g)
        x = images[iv].unsqueeze(1)
        flip = torch.rand(BATCH, generator=g) < 0.5
        x = torch.where(flip.view(-1, 1, 1, 1), x.flip(-1), x)
        angle = (torch.rand(BATCH, generator=g) * 2 - 1) * math.radians(10)
        scale = 0.9 + 0.2 * torch.rand(BATCH, generator=g)
        shift = (torch.rand(BATCH, 2, generator=g) * 2 - 1) * 0.125
        theta = torch.stack([torch.stack([angle.cos() / scale, -angle.sin() / scale, shift[:, 0]], 1),
                             torch.stack([angle.sin() / scale, angle.cos() / scale, shift[:, 1]], 1)], 1)
        x = F.grid_sample(x, F.affine_grid(theta, x.shape, align_corners=False), align_corners=False)
        b = 0.8 + 0.4 * torch.rand(BATCH, 1, 1, 1, generator=g)
        c = 0.8 + 0.4 * torch.rand(BATCH, 1, 1, 1, generator=g)
        m = (x * b).mean((1, 2, 3), keepdim=True)
        x = ((x * b - m) * c + m).clamp(0, 1)
        pixels = ((x - 0.5862785803043838) / 0.27950088968644304).expand(-1, 3, -1, -1).contiguous()
        lv, lt = F.normalize(image_labels[iv], dim=-1), F.normalize(labels[it], dim=-1)
        soft = torch.softmax(lv @ lt.T / 0.25, 1)
        opt.zero_grad(set_to_none=True)
        batch_ids = ids[it]
        model.loss(batch_ids, torch.ones_like(batch_ids), pixels, soft).backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        with torch.no_grad():
            model.logit_scale.clamp_(0, math.log(100))

    for _ in range(2):
        step()
    times = []
    for _ in range(a.steps):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    print(f"pytorch tiny full step threads={a.threads} median {statistics.median(times) * 1000:8.1f} ms  "
          f"best {min(times) * 1000:8.1f} ms  ({a.steps} steps, torch {torch.__version__})")


if __name__ == "__main__":
    main()
