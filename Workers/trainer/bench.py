#!/usr/bin/env python3
"""Training throughput of the PyTorch trainer's model and loss: samples/s, model TFLOP/s and MFU.

    python bench.py --preset base --batch 256 --steps 20 [--compile] [--device cuda]

One sample = one image and one text (the loss's batch is `--batch` of each). The model is the
worker's M3CLIP (HF XLM-R + Swin under m3clip's names) with random weights; inputs are random
224-px (base) images and random token ids of `--text-length` tokens (MedCLIP trains on sentences;
their median here is ≈ 20 XLM-R tokens, 64 is a conservative length), labels random 28-wide vectors.
A step is forward (bf16 autocast on CUDA), the semantic-matching loss, backward, clip, AdamW.

FLOPs are counted, not estimated: torch.utils.flop_counter on one eager forward + backward of the
batch (matmuls and convolutions; attention's softmax and the optimizer are not counted), so
MFU = counted FLOPs per step / step time / peak (--peak-tflops, default 989 = H100/H200 SXM dense
bf16). Prints one JSON object per configuration."""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

from m3clip_trainer.loss import semantic_matching_loss  # noqa: E402
from m3clip_trainer.model import M3CLIP  # noqa: E402
from m3clip_trainer.trainer import count_flops  # noqa: E402

PRESETS = {
    # Sources/Models/CLIP/Presets.swift
    "base": {"model_type": "m3clip", "projection_dim": 512, "text_pooling": "medclip", "tokenizer": "tokenizer.json", "max_text_length": 512,
             "text_config": {"vocab_size": 250002, "hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12,
                             "intermediate_size": 3072, "max_position_embeddings": 514, "type_vocab_size": 1, "pad_token_id": 1,
                             "bos_token_id": 0, "eos_token_id": 2, "layer_norm_eps": 1e-5, "hidden_act": "gelu"},
             "vision_config": {"image_size": 224, "patch_size": 4, "num_channels": 3, "embed_dim": 96, "depths": [2, 2, 6, 2],
                               "num_heads": [3, 6, 12, 24], "window_size": 7, "mlp_ratio": 4.0, "qkv_bias": True,
                               "layer_norm_eps": 1e-5, "hidden_act": "gelu", "use_absolute_embeddings": False}},
    "tiny": {"model_type": "m3clip", "projection_dim": 512, "text_pooling": "medclip", "tokenizer": "bytes", "max_text_length": 96,
             "text_config": {"vocab_size": 261, "hidden_size": 192, "num_hidden_layers": 3, "num_attention_heads": 3,
                             "intermediate_size": 768, "max_position_embeddings": 98, "type_vocab_size": 1, "pad_token_id": 1,
                             "bos_token_id": 0, "eos_token_id": 2, "layer_norm_eps": 1e-5, "hidden_act": "gelu"},
             "vision_config": {"image_size": 64, "patch_size": 4, "num_channels": 3, "embed_dim": 48, "depths": [2, 2, 2],
                               "num_heads": [3, 6, 12], "window_size": 4, "mlp_ratio": 4.0, "qkv_bias": True,
                               "layer_norm_eps": 1e-5, "hidden_act": "gelu", "use_absolute_embeddings": False}},
}


def measure(args, compile_model):
    device = torch.device(args.device if args.device != "auto" else ("cuda" if torch.cuda.is_available() else "cpu"))
    config = PRESETS[args.preset]
    model = M3CLIP.fresh(config, seed=0).to(device)
    if args.gradient_checkpointing:
        model.text_model.gradient_checkpointing_enable()
        model.vision_model.gradient_checkpointing_enable()
    side = config["vision_config"]["image_size"]
    g = torch.Generator().manual_seed(0)
    batch = {"pixels": torch.randn(args.batch, 3, side, side, generator=g),
             "input_ids": torch.randint(4, config["text_config"]["vocab_size"], (args.batch, args.text_length), generator=g),
             "attention_mask": torch.ones(args.batch, args.text_length, dtype=torch.long)}
    batch["input_ids"][:, 0], batch["input_ids"][:, -1] = 0, 2
    labels_i = torch.randint(-1, 2, (args.batch, 28), generator=g).float().to(device)
    labels_t = torch.randint(-1, 2, (args.batch, 28), generator=g).float().to(device)
    labels_i[:, 0] = labels_t[:, 0] = 1  # no all-zero label row
    pixels, ids, mask = (batch[k].to(device) for k in ("pixels", "input_ids", "attention_mask"))
    bf16 = device.type == "cuda" and not args.fp32
    autocast = torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=bf16)
    flops = count_flops(model, batch, device, autocast)
    optimizer = torch.optim.AdamW(model.decay_groups(0.05), lr=1e-4, fused=device.type == "cuda")
    forward = torch.compile(model) if compile_model else model

    def step():
        with autocast:
            image, text, scale = forward(pixels, ids, mask)
        loss = semantic_matching_loss(image.float(), text.float(), scale.float(), labels_i, labels_t, 0.25)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        model.clamp_logit_scale()
        return loss

    for _ in range(args.warmup):
        step()
    if device.type == "cuda":
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    started = time.time()
    for _ in range(args.steps):
        loss = step()
    loss.item()
    if device.type == "cuda":
        torch.cuda.synchronize()
    seconds = (time.time() - started) / args.steps
    result = {"preset": args.preset, "device": torch.cuda.get_device_name() if device.type == "cuda" else f"cpu ({torch.get_num_threads()} threads)",
              "precision": "bf16" if bf16 else "fp32", "compile": compile_model, "batch": args.batch, "text_length": args.text_length,
              "image_size": side, "step_s": seconds, "samples_per_s": args.batch / seconds,
              "gflops_per_sample": flops / args.batch / 1e9, "tflops": flops / seconds / 1e12, "torch": torch.__version__}
    if device.type == "cuda":
        result["mfu"] = flops / seconds / (args.peak_tflops * 1e12)
        result["gpu_memory_gb"] = torch.cuda.max_memory_allocated() / 2**30
    return result


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--preset", choices=sorted(PRESETS), default="base")
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--text-length", type=int, default=64)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    p.add_argument("--fp32", action="store_true", help="no bf16 autocast on CUDA")
    p.add_argument("--compile", choices=["no", "yes", "both"], default="both")
    p.add_argument("--gradient-checkpointing", action="store_true")
    p.add_argument("--peak-tflops", type=float, default=989.0)
    args = p.parse_args()
    for compile_model in {"no": [False], "yes": [True], "both": [False, True]}[args.compile]:
        print(json.dumps(measure(args, compile_model)), flush=True)


if __name__ == "__main__":
    main()
