#!/usr/bin/env python3
"""m3clip's PyTorch trainer. One process, or under torchrun (DDP: NCCL on GPU, gloo on CPU):

    python train.py --snapshot EXPORT --init CHECKPOINT --out RUN [--steps N | --minutes M] [options]
    torchrun --standalone --nproc-per-node 8 train.py --snapshot … --init … --out …

EXPORT is a folder from `m3clip train export` (or `m3clip pretrain-text export`: then the run is
MLM/TLM text pre-training from an HF MLM folder, written back as one); CHECKPOINT an m3clip checkpoint folder (config.json,
model.safetensors, tokenizer.json, training.json) from either trainer; RUN receives resume.pt and
run.json while training and the finished checkpoint under RUN/checkpoint. Hyper-parameters default
to the snapshot's (the daemon's [training] settings); the options below override them. Progress is
one JSON line per record on stdout. See Workers/trainer/README.md."""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from m3clip_trainer import text_pretraining, trainer  # noqa: E402


def parse(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--snapshot", required=True, help="folder written by `m3clip train export`")
    p.add_argument("--init", required=True, help="the checkpoint folder to start from")
    p.add_argument("--out", required=True, help="run folder (resume state, run.json, checkpoint/)")
    p.add_argument("--steps", type=int)
    p.add_argument("--minutes", type=float, help="optimisation budget; the schedule's length is calibrated from the first steps")
    p.add_argument("--batch-size", type=int, help="global batch (images and texts each), split over the processes")
    p.add_argument("--lr", type=float)
    p.add_argument("--objective", choices=["semantic", "infonce"])
    p.add_argument("--objectives", help="text snapshots: mlm, tlm or mlm,tlm (default: the snapshot's)")
    p.add_argument("--label-temperature", type=float)
    p.add_argument("--warmup-share", type=float)
    p.add_argument("--min-lr-share", type=float)
    p.add_argument("--weight-decay", type=float)
    p.add_argument("--clip-norm", type=float)
    p.add_argument("--pair-share", type=float)
    p.add_argument("--language-min-share", type=float)
    p.add_argument("--replay-share", type=float)
    p.add_argument("--finding-balance-share", type=float)
    p.add_argument("--label-match-share", type=float)
    p.add_argument("--self-trained-share", type=float, help="U-SelfTrained phase-1 share of the steps (0: off)")
    p.add_argument("--seed", type=int)
    p.add_argument("--log-every", type=int)
    p.add_argument("--checkpoint-every", type=int)
    p.add_argument("--stop-file", help="stop (resume state written, exit 0) at the next step boundary once this file exists")
    p.add_argument("--no-augment", action="store_true")
    p.add_argument("--fixed-batch", action="store_true",
                   help="every step trains on the snapshot's first batch, not augmented (parity checks)")
    p.add_argument("--workers", type=int, default=min(8, os.cpu_count() or 1) if os.environ.get("WORLD_SIZE", "1") == "1" else 4,
                   help="DataLoader worker processes per rank (decode, augment, tokenize); 0: in the training process")
    p.add_argument("--threads", type=int, default=0, help="torch CPU threads per process (0: torch's default)")
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    p.add_argument("--precision", choices=["auto", "bf16", "fp32"], default="auto", help="auto: bf16 autocast on GPU, fp32 on CPU")
    p.add_argument("--compile", action="store_true", help="torch.compile the model")
    p.add_argument("--gradient-checkpointing", action="store_true")
    p.add_argument("--count-flops", action="store_true", help="count model FLOPs on the CPU too (always on GPU, for MFU)")
    p.add_argument("--peak-tflops", type=float, default=989.0, help="per-device dense bf16 peak for MFU (H100/H200 SXM: 989)")
    return p.parse_args(argv)


def main(argv=None):
    args = parse(argv)
    try:
        # A text snapshot (`m3clip pretrain-text export`) is medical text pre-training (MLM, TLM).
        with open(os.path.join(args.snapshot, "snapshot.json")) as f:
            kind = json.load(f).get("format")
        return (text_pretraining.run if kind == text_pretraining.FORMAT else trainer.run)(args)
    except (ValueError, FileNotFoundError, RuntimeError) as error:
        sys.stdout.write(json.dumps({"event": "error", "message": str(error)}) + "\n")
        sys.stdout.flush()
        print(f"train.py: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
