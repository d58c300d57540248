"""The learning-rate schedule of the Swift trainer (Sources/Tensors/Optim/Schedule.swift): linear warm-up
to the peak, then cosine decay to `minimum`."""
import math


def warmup_cosine(step, peak, warmup_steps, total_steps, minimum=0.0):
    """The learning rate of 0-based `step`."""
    if step < warmup_steps:
        return peak * (step + 1) / warmup_steps
    if step >= total_steps:
        return minimum
    progress = (step - warmup_steps) / max(1, total_steps - warmup_steps)
    return minimum + (peak - minimum) * 0.5 * (1 + math.cos(math.pi * progress))
