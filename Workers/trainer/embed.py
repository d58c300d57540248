#!/usr/bin/env python3
"""Embeds texts with an m3clip checkpoint in PyTorch, one JSON object on stdout:
{"texts": [[…], …], "logit_scale": s}. What the interoperability checks compare with `m3clip embed`.

    python embed.py --checkpoint DIR "Lungs are clear." "Kein Erguss."
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

from m3clip_trainer import tokenizer as tokenizers  # noqa: E402
from m3clip_trainer.model import M3CLIP  # noqa: E402


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", required=True)
    p.add_argument("texts", nargs="+")
    args = p.parse_args(argv)
    model, tokenizer, _ = M3CLIP.load(args.checkpoint)
    model.eval()
    ids, mask = tokenizers.batch(tokenizer, args.texts, model.config.get("max_text_length", 128))
    with torch.no_grad():
        embeddings = model.encode_text(ids, mask)
    json.dump({"texts": embeddings.tolist(), "logit_scale": float(model.scale().item())}, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
