"""Builds the PyTorch / Hugging Face reference fixtures for Tests/ModelsTests (no download).

Tiny random-weight `XLMRobertaModel` and `SwinModel` configurations, a CLIP head in m3clip's
checkpoint layout, the MedCLIP semantic-matching loss and its gradients, and a Unigram
`tokenizer.json` trained here on `corpus.py` with the `tokenizers` library, together with the ids
Hugging Face `tokenizers` gives for every test sentence.

    /path/to/venv/bin/python Workers/encoders-reference/make_fixtures.py [OUT_DIR]

OUT_DIR defaults to Tests/ModelsTests/Fixtures.
"""
import json
import math
import os
import struct
import sys
import tempfile
import unicodedata
import zlib

import torch
from safetensors.torch import load_file, save_file
from tokenizers import SentencePieceUnigramTokenizer
from tokenizers.processors import TemplateProcessing
from transformers import SwinConfig, SwinModel, XLMRobertaConfig, XLMRobertaModel

import corpus

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "Tests", "ModelsTests", "Fixtures")


def byte_ids(text, length):
    """m3clip's byte-level tokenizer: NFC, then <s>=0 <pad>=1 </s>=2 <unk>=3, byte b → b + 4."""
    ids = [0] + [b + 4 for b in unicodedata.normalize("NFC", text).encode("utf-8")][: length - 2] + [2]
    return ids + [1] * (length - len(ids))


def text_config():
    return XLMRobertaConfig(vocab_size=701, hidden_size=32, num_hidden_layers=3, num_attention_heads=4,
                            intermediate_size=64, max_position_embeddings=40, type_vocab_size=1,
                            pad_token_id=1, bos_token_id=0, eos_token_id=2, layer_norm_eps=1e-5,
                            hidden_act="gelu", hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)


def vision_config():
    return SwinConfig(image_size=32, patch_size=4, num_channels=3, embed_dim=8, depths=[2, 2], num_heads=[2, 4],
                      window_size=4, mlp_ratio=2.0, qkv_bias=True, hidden_dropout_prob=0.0,
                      attention_probs_dropout_prob=0.0, drop_path_rate=0.0, hidden_act="gelu",
                      use_absolute_embeddings=False, layer_norm_eps=1e-5)


def randomize(model, gen):
    """Replaces every weight (LayerNorm and bias too) so that no parameter keeps a trivial init."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("LayerNorm.weight") or "norm" in name and name.endswith("weight"):
                p.copy_(1 + 0.1 * torch.randn(p.shape, generator=gen))
            else:
                p.copy_(0.2 * torch.randn(p.shape, generator=gen))


def medclip_pool(hidden_states, mask):
    m = mask.unsqueeze(-1).float()
    pooled = [(h * m).sum(1) / m.sum(1) for h in (hidden_states[1], hidden_states[2], hidden_states[-1])]
    return torch.stack(pooled).mean(0)


def train_tokenizer():
    """A Unigram tokenizer.json in XLM-R's pipeline (normaliser, Metaspace, <s> $A </s>), trained here."""
    tok = SentencePieceUnigramTokenizer()
    tok.train_from_iterator(corpus.training_sentences(), vocab_size=700,
                            special_tokens=["<s>", "<pad>", "</s>", "<unk>"], unk_token="<unk>", show_progress=False)
    tok.add_special_tokens(["<mask>"])
    tok.post_processor = TemplateProcessing(single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
    return tok


def xlmr_style_tokenizer(folder):
    """XLM-R's exact pipeline: a SentencePiece Unigram model trained with `nmt_nfkc` rules and
    converted by transformers' `XLMRobertaConverter` (fairseq ids, a `Precompiled` charsmap,
    Strip right, runs of spaces → ▁). m3clip approximates `Precompiled`; this file measures it."""
    import sentencepiece as spm
    import transformers.convert_slow_tokenizer as convert

    class Slow:  # the attributes XLMRobertaConverter reads from a slow tokenizer
        handle_byte_fallback = False

        def __init__(self, path):
            self.vocab_file = path

        def convert_tokens_to_ids(self, token):
            return {"<s>": 0, "</s>": 2}[token]

    with tempfile.TemporaryDirectory() as d:
        text = os.path.join(d, "train.txt")
        with open(text, "w") as f:
            f.write("\n".join(corpus.training_sentences()))
        spm.SentencePieceTrainer.train(input=text, model_prefix=os.path.join(d, "m"), vocab_size=600, model_type="unigram",
                                       normalization_rule_name="nmt_nfkc", hard_vocab_limit=False, character_coverage=1.0,
                                       bos_id=0, pad_id=1, eos_id=2, unk_id=3, num_threads=1, minloglevel=2)
        tok = convert.XLMRobertaConverter(Slow(os.path.join(d, "m.model"))).converted()
    os.makedirs(folder, exist_ok=True)
    tok.save(os.path.join(folder, "tokenizer.json"))
    cases = [{"text": s, "ids": tok.encode(s).ids} for s in corpus.test_sentences()]
    with open(os.path.join(folder, "cases.json"), "w") as f:
        json.dump({"cases": cases}, f, ensure_ascii=False, indent=0)


def disk_state(model):
    """The tensors exactly as `save_pretrained` writes them (Hugging Face's on-disk names)."""
    with tempfile.TemporaryDirectory() as d:
        model.save_pretrained(d)
        return load_file(os.path.join(d, "model.safetensors"))


def in_memory_to_disk(model):
    """Maps `named_parameters()` names (transformers 5 renames some Swin modules) to on-disk names."""
    disk = disk_state(model)
    mapping = {}
    for name, p in model.named_parameters():
        hits = [k for k, v in disk.items() if v.shape == p.shape and torch.equal(v, p.detach())]
        assert len(hits) == 1, (name, hits)
        mapping[name] = hits[0]
    return mapping


def write_png(path, grey):
    """An 8-bit greyscale PNG (no Pillow needed)."""
    h, w = grey.shape
    raw = b"".join(b"\x00" + bytes(grey[y].tolist()) for y in range(h))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


def main():
    os.makedirs(OUT, exist_ok=True)
    tok = train_tokenizer()
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(1234)
    text_model = XLMRobertaModel(text_config(), add_pooling_layer=True).eval()
    vision_model = SwinModel(vision_config()).eval()
    randomize(text_model, gen)
    randomize(vision_model, gen)
    text_proj = torch.nn.Linear(32, 512, bias=False)
    visual_proj = torch.nn.Linear(vision_model.num_features, 512, bias=False)
    with torch.no_grad():
        text_proj.weight.copy_(0.2 * torch.randn(text_proj.weight.shape, generator=gen))
        visual_proj.weight.copy_(0.2 * torch.randn(visual_proj.weight.shape, generator=gen))
    logit_scale = torch.nn.Parameter(torch.tensor([math.log(1 / 0.07)]))

    texts = ["Lungs are clear.", "No effusion."]
    encoded = [tok.encode(t).ids for t in texts]
    length = max(map(len, encoded))
    ids = torch.tensor([e + [1] * (length - len(e)) for e in encoded])
    mask = (ids != 1).long()
    assert mask.sum() < mask.numel(), "the batch must contain padding"
    pixels = torch.randn(2, 3, 32, 32, generator=gen)
    soft = torch.softmax(torch.randn(2, 2, generator=gen), dim=1)

    t_out = text_model(input_ids=ids, attention_mask=mask, output_hidden_states=True)
    v_out = vision_model(pixel_values=pixels, output_hidden_states=True)
    t_pool = medclip_pool(t_out.hidden_states, mask)
    t_emb = torch.nn.functional.normalize(text_proj(t_pool), dim=-1)
    v_emb = torch.nn.functional.normalize(visual_proj(v_out.pooler_output), dim=-1)
    scale = logit_scale.clamp(0, math.log(100)).exp()
    logits = scale * v_emb @ t_emb.T
    loss = 0.5 * (-(soft * logits.log_softmax(1)).sum(1).mean() - (soft.T * logits.T.log_softmax(1)).sum(1).mean())
    loss.backward()

    tensors = {}
    t_names, v_names = in_memory_to_disk(text_model), in_memory_to_disk(vision_model)
    named = ([("text_model." + t_names[n], p) for n, p in text_model.named_parameters()]
             + [("vision_model." + v_names[n], p) for n, p in vision_model.named_parameters()]
             + [("text_projection.weight", text_proj.weight), ("visual_projection.weight", visual_proj.weight),
                ("logit_scale", logit_scale)])
    for n, p in named:
        tensors[n] = p.detach().clone()
        if p.grad is not None:
            tensors["grad." + n] = p.grad.detach().clone()
    tensors["input.ids"] = ids.float()
    tensors["input.pixels"] = pixels
    tensors["input.soft_targets"] = soft
    for i, h in enumerate(t_out.hidden_states):
        tensors[f"expected.text.hidden.{i}"] = h.detach()
    tensors["expected.text.pooler"] = t_out.pooler_output.detach()
    tensors["expected.text.medclip"] = t_pool.detach()
    tensors["expected.text.cls"] = t_out.last_hidden_state[:, 0].detach()
    for i, h in enumerate(v_out.hidden_states):
        tensors[f"expected.vision.hidden.{i}"] = h.detach()
    tensors["expected.vision.last"] = v_out.last_hidden_state.detach()
    tensors["expected.vision.pooled"] = v_out.pooler_output.detach()
    tensors["expected.text_embeds"] = t_emb.detach()
    tensors["expected.image_embeds"] = v_emb.detach()
    tensors["expected.logits"] = logits.detach()
    tensors["expected.loss"] = loss.detach().reshape(1)
    # Weights go to the m3clip_tiny checkpoint folder below; this file holds inputs, outputs, gradients.
    save_file({k: v.contiguous().float() for k, v in tensors.items() if k.startswith(("grad.", "input.", "expected."))},
              os.path.join(OUT, "clip_tiny.safetensors"))

    # Plain Hugging Face encoder folders (what `save_pretrained` writes) for `m3clip embed --encoder-output`.
    text_dir, vision_dir = os.path.join(OUT, "hf_xlmr"), os.path.join(OUT, "hf_swin")
    text_model.save_pretrained(text_dir)
    vision_model.save_pretrained(vision_dir)
    tok.save(os.path.join(text_dir, "tokenizer.json"))
    sentence = "Mild cardiomegaly, no effusion."
    with torch.no_grad():
        one = torch.tensor([tok.encode(sentence).ids])
        out = text_model(input_ids=one, attention_mask=torch.ones_like(one), output_hidden_states=True)
        gen_img = torch.Generator().manual_seed(7)
        grey = (torch.rand(32, 32, generator=gen_img) * 255).round().to(torch.uint8)
        write_png(os.path.join(OUT, "grey32.png"), grey.numpy())
        x = (grey.float() / 255 - 0.5862785803043838) / 0.27950088968644304
        v = vision_model(pixel_values=x.expand(1, 3, 32, 32))
        # The same weights as an m3clip checkpoint folder (DESIGN.md §3), as the PyTorch trainer writes it.
        ckpt = os.path.join(OUT, "m3clip_tiny")
        os.makedirs(ckpt, exist_ok=True)
        weights = {k: v for k, v in tensors.items() if not k.startswith(("grad.", "input.", "expected."))}
        save_file(weights, os.path.join(ckpt, "model.safetensors"), metadata={"format": "pt"})
        tok.save(os.path.join(ckpt, "tokenizer.json"))
        with open(os.path.join(ckpt, "config.json"), "w") as f:
            json.dump({"model_type": "m3clip", "text_config": text_model.config.to_dict(),
                       "vision_config": vision_model.config.to_dict(), "projection_dim": 512,
                       "text_pooling": "medclip", "tokenizer": "tokenizer.json", "max_text_length": 32,
                       "image_mean": 0.5862785803043838, "image_std": 0.27950088968644304}, f, indent=1, default=str)
        with open(os.path.join(ckpt, "training.json"), "w") as f:
            json.dump({"parent_model": None, "corpus_version": 0, "steps": 0, "hyperparameters": {}, "metrics": {},
                       "notes": {"trainer": "make_fixtures.py (random weights)"}, "created_at": "2026-11-29T00:00:00Z"}, f)
        t_one = medclip_pool(out.hidden_states, torch.ones_like(one))
        text_embed = torch.nn.functional.normalize(text_proj(t_one), dim=-1)[0]
        image_embed = torch.nn.functional.normalize(visual_proj(v.pooler_output), dim=-1)[0]
    with open(os.path.join(OUT, "embed_expected.json"), "w") as f:
        json.dump({"text": sentence, "ids": one[0].tolist(),
                   "cls": out.last_hidden_state[0, 0].tolist(),
                   "medclip": medclip_pool(out.hidden_states, torch.ones_like(one))[0].tolist(),
                   "image": "grey32.png", "image_pooled": v.pooler_output[0].tolist(),
                   "text_embed": text_embed.tolist(), "image_embed": image_embed.tolist()}, f)

    sentences = corpus.test_sentences()
    cases = [{"text": s, "ids": tok.encode(s).ids} for s in sentences]
    with open(os.path.join(OUT, "unigram_cases.json"), "w") as f:
        json.dump({"cases": cases, "byte_cases": [{"text": s, "ids": byte_ids(s, 64)} for s in sentences[::6]]},
                  f, ensure_ascii=False, indent=0)
    xlmr_style_tokenizer(os.path.join(OUT, "xlmr_style"))
    print("loss", loss.item(), "tensors", len(tensors), "sentences", len(cases), "vocab", tok.get_vocab_size())


if __name__ == "__main__":
    main()
