"""torchrun with 2 processes on gloo trains exactly like one process on the concatenated batch: the
all-gather of embeddings and label vectors makes every rank's loss the global-batch loss, and the
world-size scaling makes DDP's averaged gradient the global one (same loss, same weights)."""
import json
import os
import subprocess
import sys

import torch
from safetensors.torch import load_file

from conftest import WORKER


def train(snapshot, init, out, processes, steps=2):
    args = [os.path.join(WORKER, "train.py"), "--snapshot", snapshot, "--init", init, "--out", out, "--steps", str(steps),
            "--batch-size", "8", "--fixed-batch", "--log-every", "1", "--workers", "0", "--threads", "1", "--lr", "1e-3"]
    if processes > 1:
        command = [sys.executable, "-m", "torch.distributed.run", "--standalone", f"--nproc-per-node={processes}"] + args
    else:
        command = [sys.executable] + args
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    events = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    losses = [e["loss"] for e in events if e["event"] == "progress"]
    start = next(e for e in events if e["event"] == "start")
    return losses, load_file(os.path.join(out, "checkpoint", "model.safetensors")), start


def test_two_gloo_processes_match_one_process_on_the_concatenated_batch(snapshot, checkpoint, tmp_path):
    one_losses, one_weights, one_start = train(snapshot, checkpoint, str(tmp_path / "one"), 1)
    two_losses, two_weights, two_start = train(snapshot, checkpoint, str(tmp_path / "two"), 2)
    assert one_start["world_size"] == 1 and two_start["world_size"] == 2 and two_start["local_batch"] == 4
    assert len(one_losses) == len(two_losses) == 2
    for a, b in zip(one_losses, two_losses):
        assert abs(a - b) <= 1e-5 * abs(a), (one_losses, two_losses)
    initial = load_file(os.path.join(checkpoint, "model.safetensors"))
    moved = 0
    assert one_weights.keys() == two_weights.keys() == initial.keys()
    for name, value in one_weights.items():
        # Relative to the tensor's largest value, floored at 0.01: a bias that starts at zero is
        # lr-sized after two Adam steps, whose normalised updates amplify float rounding.
        scale = value.abs().max().clamp_min(1e-2)
        assert float((value - two_weights[name]).abs().max() / scale) < 1e-4, name
        moved += int(not torch.equal(value, initial[name]))
    assert moved > 0.9 * len(initial), "the step should have changed (nearly) every tensor"


def test_gradient_checkpointing_changes_nothing_but_memory(snapshot, checkpoint, tmp_path):
    plain_losses, plain, _ = train(snapshot, checkpoint, str(tmp_path / "plain"), 1)
    args = [sys.executable, os.path.join(WORKER, "train.py"), "--snapshot", snapshot, "--init", checkpoint,
            "--out", str(tmp_path / "checkpointed"), "--steps", "2", "--batch-size", "8", "--fixed-batch", "--log-every", "1",
            "--workers", "0", "--threads", "1", "--lr", "1e-3", "--gradient-checkpointing"]
    done = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    losses = [json.loads(line)["loss"] for line in done.stdout.splitlines() if '"progress"' in line]
    assert losses == plain_losses
    checkpointed = load_file(os.path.join(str(tmp_path / "checkpointed"), "checkpoint", "model.safetensors"))
    assert all(torch.allclose(plain[k], checkpointed[k], atol=1e-7) for k in plain)
