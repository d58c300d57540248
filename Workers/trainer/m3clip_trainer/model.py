"""3M-CLIP in PyTorch under the Swift M3CLIPModel's tensor names (Sources/Models/CLIP/M3CLIPModel.swift):
`text_model.<HF XLM-R names>`, `vision_model.<HF Swin names>`, `text_projection.weight`,
`visual_projection.weight`, `logit_scale`, so that one checkpoint folder (config.json,
model.safetensors, tokenizer.json, training.json) loads in both.

The encoders are Hugging Face's own `XLMRobertaModel` (no pooler) and `SwinModel`; their tensors go
in and out through `from_pretrained` / `save_pretrained`, so whatever names the installed
transformers uses in memory, the file carries the on-disk (Hugging Face hub) names. Dropout is off,
as in the Swift encoders."""
import json
import math
import os
import shutil
import tempfile

import torch
import torch.nn.functional as F
from safetensors.torch import load_file, save_file

from . import tokenizer as tokenizers

# Loading and saving go through from_pretrained / save_pretrained: keep their progress bars off stdout.
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

MAX_LOG_SCALE = math.log(100.0)
NO_DROPOUT_TEXT = {"hidden_dropout_prob": 0.0, "attention_probs_dropout_prob": 0.0}
NO_DROPOUT_VISION = {"hidden_dropout_prob": 0.0, "attention_probs_dropout_prob": 0.0, "drop_path_rate": 0.0}


def _quiet():
    from transformers.utils import logging
    logging.set_verbosity_error()
    logging.disable_progress_bar()


def _hf_from_tensors(cls, config_dict, tensors, **kwargs):
    """An HF model from a config dict and its on-disk tensors, through from_pretrained (which maps
    on-disk names to the installed version's modules). Fails on any missing or unexpected tensor."""
    _quiet()
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "config.json"), "w") as f:
            json.dump(config_dict, f)
        save_file({k: v.contiguous() for k, v in tensors.items()}, os.path.join(folder, "model.safetensors"), metadata={"format": "pt"})
        model, info = cls.from_pretrained(folder, output_loading_info=True, **kwargs)
    missing = [k for k in info.get("missing_keys", []) if not k.endswith(("position_ids", "token_type_ids", "relative_position_index"))]
    unexpected = list(info.get("unexpected_keys", []))
    if missing or unexpected or info.get("mismatched_keys"):
        raise ValueError(f"{cls.__name__}: missing {missing[:5]}, unexpected {unexpected[:5]}, mismatched {info.get('mismatched_keys')}")
    return model


def _hf_to_tensors(model):
    """The tensors exactly as save_pretrained writes them (on-disk names)."""
    _quiet()
    with tempfile.TemporaryDirectory() as folder:
        model.save_pretrained(folder, safe_serialization=True)
        tensors = {}
        for name in sorted(os.listdir(folder)):
            if name.endswith(".safetensors"):
                tensors.update(load_file(os.path.join(folder, name)))
        return tensors


def text_hf_config(text_config):
    from transformers import XLMRobertaConfig
    values = {k: v for k, v in text_config.items() if k != "model_type"}
    return XLMRobertaConfig(**values, **NO_DROPOUT_TEXT)


def vision_hf_config(vision_config):
    from transformers import SwinConfig
    values = {k: v for k, v in vision_config.items() if k not in ("model_type", "hidden_size", "num_layers")}
    return SwinConfig(**values, **NO_DROPOUT_VISION)


class M3CLIP(torch.nn.Module):
    """An XLM-R text tower and a Swin image tower, each with a bias-free projection and L2
    normalisation, and a learnable logit scale (ln, clamped to [0, ln 100])."""

    def __init__(self, config, text_model, vision_model):
        super().__init__()
        self.config = config
        self.text_model = text_model
        self.vision_model = vision_model
        d = config.get("projection_dim", 512)
        self.text_projection = torch.nn.Linear(text_model.config.hidden_size, d, bias=False)
        self.visual_projection = torch.nn.Linear(vision_model.num_features, d, bias=False)
        self.logit_scale = torch.nn.Parameter(torch.tensor([math.log(1 / 0.07)]))
        self.pooling = config.get("text_pooling", "medclip")

    @classmethod
    def fresh(cls, config, seed=0):
        """A randomly initialised model (HF's initialisation) for a config dict."""
        from transformers import SwinModel, XLMRobertaModel
        torch.manual_seed(seed)
        return cls(config, XLMRobertaModel(text_hf_config(config["text_config"]), add_pooling_layer=False),
                   SwinModel(vision_hf_config(config["vision_config"])))

    @classmethod
    def load(cls, folder):
        """Reads a checkpoint folder written by either trainer; returns (model, tokenizer, training record)."""
        from transformers import SwinModel, XLMRobertaModel
        with open(os.path.join(folder, "config.json")) as f:
            config = json.load(f)
        if config.get("model_type") != "m3clip":
            raise ValueError(f"{folder}/config.json: model_type {config.get('model_type')!r} is not m3clip")
        tensors = load_file(os.path.join(folder, "model.safetensors"))
        text = {k[len("text_model."):]: v for k, v in tensors.items() if k.startswith("text_model.")}
        vision = {k[len("vision_model."):]: v for k, v in tensors.items() if k.startswith("vision_model.")}
        text_model = _hf_from_tensors(XLMRobertaModel, text_hf_config(config["text_config"]).to_dict(), text, add_pooling_layer=False)
        vision_model = _hf_from_tensors(SwinModel, vision_hf_config(config["vision_config"]).to_dict(), vision)
        model = cls(config, text_model, vision_model)
        with torch.no_grad():
            model.text_projection.weight.copy_(tensors["text_projection.weight"])
            model.visual_projection.weight.copy_(tensors["visual_projection.weight"])
            model.logit_scale.copy_(tensors["logit_scale"].reshape(1))
        known = {"text_projection.weight", "visual_projection.weight", "logit_scale"}
        stray = [k for k in tensors if not k.startswith(("text_model.", "vision_model.")) and k not in known]
        if stray:
            raise ValueError(f"{folder}/model.safetensors: unknown tensors {stray[:5]}")
        training = {}
        path = os.path.join(folder, "training.json")
        if os.path.exists(path):
            with open(path) as f:
                training = json.load(f)
        return model.float(), tokenizers.load(config.get("tokenizer", "bytes"), folder), training

    def state_tensors(self):
        """Every parameter under its checkpoint name, float32 on the CPU."""
        out = {"text_model." + k: v for k, v in _hf_to_tensors(self.text_model).items()}
        out.update({"vision_model." + k: v for k, v in _hf_to_tensors(self.vision_model).items()})
        out["text_projection.weight"] = self.text_projection.weight
        out["visual_projection.weight"] = self.visual_projection.weight
        out["logit_scale"] = self.logit_scale
        return {k: v.detach().float().cpu().contiguous() for k, v in out.items()}

    def save(self, folder, training, tokenizer_source=None):
        """Writes a checkpoint folder atomically (a sibling temporary folder renamed into place),
        as Checkpoint.swift does. `tokenizer_source`: the folder whose tokenizer.json to copy."""
        parent = os.path.dirname(os.path.abspath(folder))
        os.makedirs(parent, exist_ok=True)
        temp = tempfile.mkdtemp(prefix="." + os.path.basename(folder) + ".tmp-", dir=parent)
        try:
            with open(os.path.join(temp, "config.json"), "w") as f:
                json.dump(self.config, f, indent=2, sort_keys=True)
            save_file(self.state_tensors(), os.path.join(temp, "model.safetensors"), metadata={"format": "pt"})
            if self.config.get("tokenizer") == "tokenizer.json":
                shutil.copyfile(os.path.join(tokenizer_source, "tokenizer.json"), os.path.join(temp, "tokenizer.json"))
            with open(os.path.join(temp, "training.json"), "w") as f:
                json.dump(training, f, indent=2, sort_keys=True)
            for name in os.listdir(temp):
                with open(os.path.join(temp, name), "rb") as f:
                    os.fsync(f.fileno())
            if os.path.exists(folder):
                old = tempfile.mkdtemp(prefix="." + os.path.basename(folder) + ".old-", dir=parent)
                os.rename(folder, os.path.join(old, "x"))
                os.rename(temp, folder)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.rename(temp, folder)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise

    def text_features(self, input_ids, attention_mask):
        out = self.text_model(input_ids=input_ids, attention_mask=attention_mask, output_hidden_states=self.pooling == "medclip")
        if self.pooling == "cls":
            return out.last_hidden_state[:, 0]
        # MedCLIP's pooling: the masked token mean of hidden states 1, 2 and the last, averaged.
        states = out.hidden_states
        n = len(states)
        mask = attention_mask.unsqueeze(-1).to(states[-1].dtype)
        counts = mask.sum(dim=1)
        means = [(states[i] * mask).sum(dim=1) / counts for i in (min(1, n - 1), min(2, n - 1), n - 1)]
        return (means[0] + means[1] + means[2]) / 3

    def encode_text(self, input_ids, attention_mask, normalize=True):
        projected = self.text_projection(self.text_features(input_ids, attention_mask))
        return F.normalize(projected.float(), dim=-1, eps=1e-12) if normalize else projected

    def encode_image(self, pixels, normalize=True):
        projected = self.visual_projection(self.vision_model(pixel_values=pixels).pooler_output)
        return F.normalize(projected.float(), dim=-1, eps=1e-12) if normalize else projected

    def forward(self, pixels, input_ids, attention_mask):
        """(image embeddings, text embeddings, applied logit scale): one call for DDP to wrap."""
        return self.encode_image(pixels), self.encode_text(input_ids, attention_mask), self.scale()

    def scale(self):
        """The applied logit scale exp(clamp(logit_scale, 0, ln 100)), a [1] tensor."""
        return self.logit_scale.clamp(0, MAX_LOG_SCALE).exp()

    def clamp_logit_scale(self):
        with torch.no_grad():
            self.logit_scale.clamp_(0, MAX_LOG_SCALE)

    def decay_groups(self, weight_decay):
        """AdamW groups as the Swift trainer's: decoupled decay for tensors of rank >= 2, none for
        biases, LayerNorm weights and the logit scale."""
        decay = [p for p in self.parameters() if p.ndim >= 2]
        rest = [p for p in self.parameters() if p.ndim < 2]
        return [{"params": decay, "weight_decay": weight_decay}, {"params": rest, "weight_decay": 0.0}]
