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
