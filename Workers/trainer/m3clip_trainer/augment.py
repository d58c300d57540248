"""MedCLIP's augmentations on grey squares (mirrors Sources/Training/Data/ImageAugmenter.swift): random
horizontal flip, random affine (rotation ±10°, shift ±6.25 % of the side, scale 0.9–1.1; bilinear,
black outside the film), then brightness and contrast jitter (±20 %), clamped to 0…1."""
import math

import torch
import torch.nn.functional as F


class Augmenter:
    def __init__(self, flip=0.5, rotation_degrees=10.0, translate=0.0625, scale=(0.9, 1.1), brightness=0.2, contrast=0.2):
        self.flip, self.rotation, self.translate, self.scale = flip, rotation_degrees, translate, scale
        self.brightness, self.contrast = brightness, contrast

    def __call__(self, squares, generator):
        """squares: [b, side, side] float32 in 0…1 → augmented copy (same shape)."""
        b, side, _ = squares.shape

        def uniform(lo, hi):
            return lo + (hi - lo) * torch.rand(b, generator=generator)

        flip = torch.where(torch.rand(b, generator=generator) < self.flip, -1.0, 1.0)
        angle = uniform(-self.rotation, self.rotation) * math.pi / 180
        c = (side - 1) / 2
        tx = uniform(-self.translate, self.translate) * side / c
        ty = uniform(-self.translate, self.translate) * side / c
        s = uniform(*self.scale)
        brightness = uniform(1 - self.brightness, 1 + self.brightness)
        contrast = uniform(1 - self.contrast, 1 + self.contrast)
        # Inverse map in normalised coordinates (align_corners: -1…1 spans the pixel centres):
        # source = R(-θ)·(f·(u - tx), v - ty) / s.
        cos, sin = torch.cos(angle) / s, torch.sin(angle) / s
        theta = torch.stack([
            torch.stack([flip * cos, sin, -(flip * cos * tx + sin * ty)], dim=1),
            torch.stack([-flip * sin, cos, flip * sin * tx - cos * ty], dim=1),
        ], dim=1)
        grid = F.affine_grid(theta, (b, 1, side, side), align_corners=True)
        warped = F.grid_sample(squares.unsqueeze(1), grid, mode="bilinear", padding_mode="zeros", align_corners=True).squeeze(1)
        mean = warped.mean(dim=(1, 2), keepdim=True) * brightness.view(b, 1, 1)
        out = (warped * brightness.view(b, 1, 1) - mean) * contrast.view(b, 1, 1) + mean
        return out.clamp(0, 1)


def normalize(squares, mean, std, channels=3):
    """[b, side, side] grey → [b, channels, side, side] with MedCLIP's mean and std."""
    return ((squares - mean) / std).unsqueeze(1).expand(-1, channels, -1, -1).contiguous()


_FINAL_PUNCTUATION = set(".!?;,:。！？")


class TextAugmenter:
    """Augmentations of a training sentence (mirrors Sources/Training/Data/TextAugmenter.swift): lower-case
    and final punctuation stripped (each with probability ½); for an affirmative sentence (nothing negated
    or uncertain: "No pleural effusion." never loses its "No"), with probability ½ a random contiguous span
    of at least 60 % of its words, each then dropped with probability 0.15 (at least one kept). Words split
    at ASCII spaces. So the text tower learns what a sentence states, not one report style's wording."""

    def __init__(self, lowercase=0.5, strip_punctuation=0.5, words=0.5, minimum_span=0.6, word_dropout=0.15):
        self.lowercase, self.strip, self.words = lowercase, strip_punctuation, words
        self.minimum_span, self.word_dropout = minimum_span, word_dropout

    def __call__(self, text, affirmative, rng):
        lower = rng.random() < self.lowercase
        strip = rng.random() < self.strip
        words = rng.random() < self.words and affirmative
        out = text
        if words:
            parts = out.split()
            if len(parts) > 1:
                span = max(1, round(len(parts) * (self.minimum_span + (1 - self.minimum_span) * rng.random())))
                span = min(span, len(parts))
                start = rng.randrange(len(parts) - span + 1)
                parts = parts[start:start + span]
                kept = [p for p in parts if rng.random() >= self.word_dropout]
                out = " ".join(kept or [parts[rng.randrange(len(parts))]])
        if strip:
            stripped = out.rstrip("".join(_FINAL_PUNCTUATION))
            out = stripped or text
        return out.lower() if lower else out
