"""PyTorch side of the encoder benchmark (Benchmarks/Sources/EncoderBenchmark is the Swift side).

    python bench.py prepare DIR            # random weights + inputs + reference outputs, shared by both sides
    python bench.py run DIR [--threads N] [--iters K]

Cases (issue 8):
  base-text   XLM-R base inference, batch 32 × 64 tokens, MedCLIP pooling
  base-image  Swin-T inference, batch 8 × 224² px, pooled output
  tiny-train  `tiny` preset training step (both encoders forward + backward, projections,
              semantic-matching loss, AdamW) at batch 32: text 32 × 64 tokens, images 32 × 64² px

Weights are Hugging Face's own random initialisation with a fixed seed, written once by
`prepare` as safetensors under HF names so the Swift benchmark loads the very same tensors.
Dropout is 0 on both sides. Times are the median of K runs after one warm-up.
"""
import argparse
import json
import math
import os
import statistics
import time

import torch
from safetensors.torch import load_file, save_file
from transformers import SwinConfig, SwinModel, XLMRobertaConfig, XLMRobertaModel

TEXT_BATCH, TEXT_LEN, IMAGE_BATCH, TRAIN_BATCH = 32, 64, 8, 32


def base_text_config():
    return XLMRobertaConfig(vocab_size=250_002, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
                            intermediate_size=3072, max_position_embeddings=514, type_vocab_size=1,
                            hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)


def base_vision_config():
    return SwinConfig(image_size=224, embed_dim=96, depths=[2, 2, 6, 2], num_heads=[3, 6, 12, 24], window_size=7,
                      hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0, drop_path_rate=0.0)


def tiny_configs():
    """Must match ModelPreset.tiny in Sources/Models/CLIP/Presets.swift."""
    text = XLMRobertaConfig(vocab_size=261, hidden_size=192, num_hidden_layers=3, num_attention_heads=3,
                            intermediate_size=768, max_position_embeddings=98, type_vocab_size=1,
                            hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    vision = SwinConfig(image_size=64, embed_dim=48, depths=[2, 2, 2], num_heads=[3, 6, 12], window_size=4,
                        hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0, drop_path_rate=0.0)
    return text, vision


def disk_names(model):
    """named_parameters() name → save_pretrained name (transformers 5 renames Swin modules in memory).

    Found by filling each parameter with its own index, saving, and reading the files back."""
    import copy
    import tempfile
    marked = copy.deepcopy(model)
    with torch.no_grad():
        for i, (_, p) in enumerate(marked.named_parameters()):
            p.fill_(float(i))
    with tempfile.TemporaryDirectory() as d:
        marked.save_pretrained(d)
        disk = load_file(os.path.join(d, "model.safetensors"))
    by_index = {int(v.flatten()[0].item()): k for k, v in disk.items() if v.is_floating_point() and v.numel() > 0}
    return {n: by_index[i] for i, (n, _) in enumerate(model.named_parameters())}


def medclip_pool(hidden_states, mask):
    m = mask.unsqueeze(-1).float()
    return torch.stack([(h * m).sum(1) / m.sum(1) for h in (hidden_states[1], hidden_states[2], hidden_states[-1])]).mean(0)


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        t, v = tiny_configs()
        self.text_model, self.vision_model = XLMRobertaModel(t, add_pooling_layer=False), SwinModel(v)
        self.text_projection = torch.nn.Linear(t.hidden_size, 512, bias=False)
        self.visual_projection = torch.nn.Linear(self.vision_model.num_features, 512, bias=False)
        self.logit_scale = torch.nn.Parameter(torch.tensor([math.log(1 / 0.07)]))

    def loss(self, ids, mask, pixels, soft):
        out = self.text_model(input_ids=ids, attention_mask=mask, output_hidden_states=True)
        t = torch.nn.functional.normalize(self.text_projection(medclip_pool(out.hidden_states, mask)), dim=-1)
        v = torch.nn.functional.normalize(self.visual_projection(self.vision_model(pixel_values=pixels).pooler_output), dim=-1)
        z = self.logit_scale.clamp(0, math.log(100)).exp() * v @ t.T
        return 0.5 * (-(soft * z.log_softmax(1)).sum(1).mean() - (soft.T * z.T.log_softmax(1)).sum(1).mean())


def load_disk(model, tensors, prefix=""):
    """Copies tensors saved under on-disk names into a model (load_state_dict would not rename)."""
    names = disk_names(model)
    with torch.no_grad():
        for n, p in model.named_parameters():
            p.copy_(tensors[prefix + names[n]])


def tiny_state(model):
    t, v = disk_names(model.text_model), disk_names(model.vision_model)
    state = {}
    for n, p in model.named_parameters():
        if n.startswith("text_model."):
            state["text_model." + t[n[len("text_model."):]]] = p.detach().clone()
        elif n.startswith("vision_model."):
            state["vision_model." + v[n[len("vision_model."):]]] = p.detach().clone()
        else:
            state[n] = p.detach().clone()
    return state


def prepare(d):
    os.makedirs(d, exist_ok=True)
    torch.manual_seed(0)
    text = XLMRobertaModel(base_text_config(), add_pooling_layer=False).eval()
    vision = SwinModel(base_vision_config()).eval()
    tiny = Tiny()
    g = torch.Generator().manual_seed(1)
    ids = torch.randint(5, 250_000, (TEXT_BATCH, TEXT_LEN), generator=g)
    lengths = torch.randint(TEXT_LEN // 2, TEXT_LEN + 1, (TEXT_BATCH,), generator=g)
    lengths[0] = TEXT_LEN
    mask = (torch.arange(TEXT_LEN)[None, :] < lengths[:, None]).long()
    ids = torch.where(mask == 1, ids, torch.ones_like(ids))
    ids[:, 0] = 0
    pixels = torch.randn(IMAGE_BATCH, 3, 224, 224, generator=g)
    tiny_ids = torch.randint(4, 260, (TRAIN_BATCH, TEXT_LEN), generator=g)
    tiny_ids[:, 0] = 0
    tiny_pixels = torch.randn(TRAIN_BATCH, 3, 64, 64, generator=g)
    soft = torch.softmax(torch.randn(TRAIN_BATCH, TRAIN_BATCH, generator=g), dim=1)
    with torch.inference_mode():
        text_pooled = medclip_pool(text(input_ids=ids, attention_mask=mask, output_hidden_states=True).hidden_states, mask)
        image_pooled = vision(pixel_values=pixels).pooler_output
        tiny_loss = tiny.loss(tiny_ids, torch.ones_like(tiny_ids), tiny_pixels, soft)
    names = disk_names(text)
    save_file({names[n]: p.detach().contiguous() for n, p in text.named_parameters()}, os.path.join(d, "xlmr_base.safetensors"))
    names = disk_names(vision)
    save_file({names[n]: p.detach().contiguous() for n, p in vision.named_parameters()}, os.path.join(d, "swin_t.safetensors"))
    save_file({k: v.contiguous() for k, v in tiny_state(tiny).items()}, os.path.join(d, "tiny.safetensors"))
    save_file({"ids": ids.float(), "mask": mask.float(), "pixels": pixels, "tiny_ids": tiny_ids.float(),
               "tiny_pixels": tiny_pixels, "soft": soft, "text_pooled": text_pooled, "image_pooled": image_pooled,
               "tiny_loss": tiny_loss.reshape(1)}, os.path.join(d, "inputs.safetensors"))
    print(f"prepared {d}")


def check(name, got, want):
    err = ((got - want).abs().max() / want.abs().max()).item()
    print(f"pytorch {name:<11} check: max relative error {err:.2e} vs the prepared reference")


def timed(fn, iters):
    fn()
    times = []
    for _ in range(iters):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times)


def run(d, threads, iters, only):
    torch.set_num_threads(threads)
    x = load_file(os.path.join(d, "inputs.safetensors"))
    results = {}
    if only in (None, "base-text"):
        text = XLMRobertaModel(base_text_config(), add_pooling_layer=False).eval()
        missing, _ = text.load_state_dict(load_file(os.path.join(d, "xlmr_base.safetensors")), strict=False)
        assert not missing, missing  # XLM-R's in-memory and on-disk names are the same
        ids, mask = x["ids"].long(), x["mask"].long()
        with torch.inference_mode():
            f = lambda: medclip_pool(text(input_ids=ids, attention_mask=mask, output_hidden_states=True).hidden_states, mask)
            results["base-text"] = timed(f, iters)
            check("base-text", f(), x["text_pooled"])
        del text
    if only in (None, "base-image"):
        vision = SwinModel(base_vision_config()).eval()
        load_disk(vision, load_file(os.path.join(d, "swin_t.safetensors")))
        with torch.inference_mode():
            f = lambda: vision(pixel_values=x["pixels"]).pooler_output
            results["base-image"] = timed(f, iters)
            check("base-image", f(), x["image_pooled"])
        del vision
    if only in (None, "tiny-train"):
        tiny = Tiny().train()
        w = load_file(os.path.join(d, "tiny.safetensors"))
        load_disk(tiny.text_model, w, "text_model.")
        load_disk(tiny.vision_model, w, "vision_model.")
        with torch.no_grad():
            for n in ("text_projection.weight", "visual_projection.weight", "logit_scale"):
                tiny.get_parameter(n).copy_(w[n])
        opt = torch.optim.AdamW(tiny.parameters(), lr=1e-5, weight_decay=0.01)
        ids = x["tiny_ids"].long()
        mask = torch.ones_like(ids)

        with torch.no_grad():
            check("tiny-train", tiny.loss(ids, mask, x["tiny_pixels"], x["soft"]).reshape(1), x["tiny_loss"])

        def step():
            opt.zero_grad(set_to_none=True)
            tiny.loss(ids, mask, x["tiny_pixels"], x["soft"]).backward()
            opt.step()
        results["tiny-train"] = timed(step, iters)
    for name, (median, best) in results.items():
        print(f"pytorch {name:<11} threads={threads} median {median * 1000:9.1f} ms  best {best * 1000:9.1f} ms")
    return results


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["prepare", "run"])
    ap.add_argument("dir")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--iters", type=int, default=3)
    ap.add_argument("--only", choices=["base-text", "base-image", "tiny-train"])
    a = ap.parse_args()
    if a.command == "prepare":
        prepare(a.dir)
    else:
        run(a.dir, a.threads, a.iters, a.only)
