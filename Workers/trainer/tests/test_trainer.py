"""The worker end to end on the CPU: sampled, augmented batches from DataLoader worker processes; a
time budget; SIGTERM → resume state and exit 0, then the same command continues; the checkpoint
round trip; a bad snapshot is a clear error."""
import json
import os
import signal
import subprocess
import sys

import torch

from conftest import MICRO, WORKER, write_snapshot
from m3clip_trainer import tokenizer as tokenizers
from m3clip_trainer.model import M3CLIP

TRAIN = os.path.join(WORKER, "train.py")


def events(stdout):
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]


def test_a_time_budgeted_run_with_augmentation_and_loader_workers(snapshot, checkpoint, tmp_path):
    out = str(tmp_path / "run")
    done = subprocess.run([sys.executable, TRAIN, "--snapshot", snapshot, "--init", checkpoint, "--out", out, "--minutes", "0.05",
                           "--workers", "2", "--threads", "1", "--log-every", "5"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    progress = [e for e in events(done.stdout) if e["event"] == "progress"]
    assert progress and all(e["total_steps"] >= e["step"] for e in progress[1:])
    with open(os.path.join(out, "run.json")) as f:
        run = json.load(f)
    assert run["finished"] in ("time limit", "completed") and run["step"] >= 6
    assert run["images_seen"] == 8 * run["step"] and sum(run["texts_seen"].values()) == 8 * run["step"]
    with open(os.path.join(out, "checkpoint", "training.json")) as f:
        training = json.load(f)
    assert training["notes"]["trainer"] == "m3clip-torch" and training["steps"] == run["step"] and training["corpus_version"] == 3


def test_sigterm_stops_at_a_step_boundary_and_the_same_command_resumes(snapshot, checkpoint, tmp_path):
    out = str(tmp_path / "run")
    command = [sys.executable, TRAIN, "--snapshot", snapshot, "--init", checkpoint, "--out", out, "--steps", "40",
               "--workers", "0", "--threads", "1", "--log-every", "1", "--checkpoint-every", "1000"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in process.stdout:
        if line.startswith("{") and json.loads(line).get("step", 0) >= 3:
            process.send_signal(signal.SIGTERM)
            break
    rest, _ = process.communicate(timeout=120)
    assert process.returncode == 0
    assert any(e["event"] == "finished" and e["finished"] == "stopped" for e in events(rest))
    with open(os.path.join(out, "run.json")) as f:
        stopped = json.load(f)
    assert stopped["finished"] == "stopped" and 3 <= stopped["step"] < 40
    assert not os.path.exists(os.path.join(out, "checkpoint")), "a stopped run leaves resume state, not a checkpoint"

    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    resumed = events(done.stdout)
    assert next(e for e in resumed if e["event"] == "start")["resumed_at"] == stopped["step"]
    steps = [e["step"] for e in resumed if e["event"] == "progress"]
    assert steps[0] == stopped["step"] + 1 and steps[-1] == 40
    with open(os.path.join(out, "run.json")) as f:
        final = json.load(f)
    assert final["finished"] == "completed" and len(final["loss_curve"]) == 40


def test_a_saved_checkpoint_loads_and_embeds_the_same(checkpoint, tmp_path):
    model, tokenizer, _ = M3CLIP.load(checkpoint)
    model.save(str(tmp_path / "copy"), {"steps": 1})
    again, _, training = M3CLIP.load(str(tmp_path / "copy"))
    ids, mask = tokenizers.batch(tokenizer, ["Lungs are clear.", "Kein Erguss, keine Stauung."], MICRO["max_text_length"])
    pixels = torch.randn(2, 3, 32, 32, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        assert torch.allclose(model.encode_text(ids, mask), again.encode_text(ids, mask), atol=1e-6)
        assert torch.allclose(model.encode_image(pixels), again.encode_image(pixels), atol=1e-6)
    assert training == {"steps": 1}
    assert ids.shape[0] == 2 and mask[0].sum() < mask[1].sum() and ids[0, mask[0].sum() - 1] == tokenizers.EOS


def test_a_bad_snapshot_is_a_clear_error(checkpoint, tmp_path):
    folder = write_snapshot(str(tmp_path / "snapshot"))
    with open(os.path.join(folder, "snapshot.json")) as f:
        meta = json.load(f)
    meta["image_size"] = 64
    with open(os.path.join(folder, "snapshot.json"), "w") as f:
        json.dump(meta, f)
    done = subprocess.run([sys.executable, TRAIN, "--snapshot", folder, "--init", checkpoint, "--out", str(tmp_path / "run"),
                           "--steps", "1", "--workers", "0"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "images.npy is (24, 32, 32), expected [n, 64, 64]" in events(done.stdout)[-1]["message"]


def test_u_self_trained_labels_get_probabilities_at_the_phase_switch(checkpoint, tmp_path):
    folder = write_snapshot(str(tmp_path / "snapshot"), pending_every=3)
    pending = [json.loads(line) for line in open(os.path.join(folder, "items.jsonl")) if '"pending": [5]' in line]
    train_ids = {item["id"] for item in pending if not item["eval"]}
    assert len(train_ids) >= 10
    runs = {}
    for processes in (1, 2):
        out = str(tmp_path / f"run{processes}")
        command = [sys.executable, TRAIN, "--snapshot", folder, "--init", checkpoint, "--out", out, "--steps", "4", "--workers", "0",
                   "--threads", "1", "--log-every", "1", "--self-trained-share", "0.5", "--batch-size", "8"]
        if processes == 2:
            command = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node=2"] + command[1:]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        phases = [e["phase"] for e in events(done.stdout) if e["event"] == "progress"]
        assert phases == [1, 1, 2, 2]
        with open(os.path.join(out, "run.json")) as f:
            runs[processes] = json.load(f)
        assert runs[processes]["phase"] == 2
        derived = runs[processes]["self_trained"]
        assert set(derived) == train_ids
        assert all(set(v) == {"Edema"} and 0 < v["Edema"] < 1 for v in derived.values())
    # Two processes draw other batches before the switch, so their probabilities differ from one
    # process's; that rank 0 derived and broadcast them shows in every rank agreeing (one run.json).
    with open(os.path.join(str(tmp_path / "run1"), "checkpoint", "training.json")) as f:
        assert json.load(f)["notes"]["self_trained_labels"] == str(len(train_ids))
