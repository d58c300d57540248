#!/usr/bin/env python3
"""Builds a tiny NLLB-shaped CTranslate2 model and its SentencePiece model, offline, in seconds.

    make_tiny_model.py OUT_DIR [--canned] [--seed N]

The folder has the layout `ct2-transformers-converter` gives for facebook/nllb-200-distilled-600M
(model.bin, config.json, shared_vocabulary.json) plus `sentencepiece.bpe.model`, so the worker
loads it exactly like the real model. The vocabulary is in fairseq order: <s> <pad> </s> <unk>,
the SentencePiece pieces, the language codes, <mask>. The decoder starts from "</s>" and the
target language is forced as the first target token, as in NLLB.

Default: random weights, which produce junk (the quality filters must reject it).
--canned: the decoder's next token depends only on the previous one, wired so that each target
language in CANNED emits one fixed sentence; the filters should keep it for CANNED_SOURCE.
"""
import argparse
import io
import json
import os
import sys

import numpy as np
import sentencepiece as spm
from ctranslate2.specs import common_spec, transformer_spec

# The FLORES-200 codes the tiny model knows (the defaults of m3clip plus English).
LANGUAGES = ["eng_Latn", "zho_Hans", "jpn_Jpan", "kor_Hang", "fra_Latn", "deu_Latn", "spa_Latn", "por_Latn",
             "ita_Latn", "rus_Cyrl", "arb_Arab", "hin_Deva", "vie_Latn", "tha_Thai", "tur_Latn", "nld_Latn",
             "pol_Latn", "ind_Latn", "ukr_Cyrl", "swe_Latn", "pes_Arab"]

CANNED_SOURCE = "No pneumothorax."
CANNED = {
    "deu_Latn": "Kein Pneumothorax.",
    "fra_Latn": "Pas de pneumothorax.",
    "rus_Cyrl": "Пневмоторакса нет.",
    "zho_Hans": "无气胸。",
}

TRAINING_TEXT = [
    "The heart is normal in size.", "The mediastinum is unremarkable.", "The lungs are clear.",
    "No pneumothorax.", "No pleural effusion.", "There is no focal consolidation.",
    "Heart size is within normal limits.", "No acute cardiopulmonary abnormality.",
    "There is mild cardiomegaly.", "Small left pleural effusion.", "Right lower lobe opacity.",
    "Degenerative changes of the thoracic spine.", "Calcified granuloma in the left upper lobe.",
    "Stable appearance of the chest.", "Interval removal of the endotracheal tube.",
    "Mild pulmonary vascular congestion.", "Low lung volumes with bibasilar atelectasis.",
    "The cardiomediastinal silhouette is stable.", "No evidence of pneumonia.",
    "Sternotomy wires are intact.", "Left-sided pacemaker with leads in place.",
    "There are no displaced rib fractures.", "Findings consistent with chronic lung disease.",
    "Hyperexpanded lungs suggest emphysema.", "The trachea is midline.", "Patchy airspace disease.",
    "Pulmonary edema has improved.", "Possible early pneumonia in the right base.",
    "Comparison is made with the prior study from 2 days ago.", "Two views of the chest.",
] + list(CANNED.values()) * 20


def train_sentencepiece(folder):
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(TRAINING_TEXT), model_writer=model, model_type="bpe", vocab_size=300,
        hard_vocab_limit=False, character_coverage=1.0, bos_id=-1, eos_id=-1, unk_id=0, pad_id=-1,
        minloglevel=2)
    path = os.path.join(folder, "sentencepiece.bpe.model")
    with open(path, "wb") as handle:
        handle.write(model.getvalue())
    return spm.SentencePieceProcessor(model_file=path)


def fairseq_vocabulary(sp):
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size()) if sp.id_to_piece(i) not in ("<unk>", "<s>", "</s>")]
    return ["<s>", "<pad>", "</s>", "<unk>"] + pieces + LANGUAGES + ["<mask>"]


def sinusoids(length, depth):
    half = depth // 2
    scale = np.log(10000.0) / (half - 1)
    frequencies = np.exp(np.arange(half) * -scale)
    angles = np.arange(length)[:, None] * frequencies[None, :]
    return np.concatenate([np.sin(angles), np.cos(angles)], axis=1).astype(np.float32)


def fill(spec, rng, scale):
    """Sets every unset weight of `spec` (recursively) to small random values."""
    for name, value in list(vars(spec).items()):
        if name.startswith("_"):
            continue
        if isinstance(value, list):
            for item in value:
                if hasattr(item, "__dict__"):
                    fill(item, rng, scale)
        elif hasattr(value, "__dict__") and type(value).__module__.startswith("ctranslate2"):
            fill(value, rng, scale)
    if isinstance(spec, common_spec.LayerNormSpec):
        spec.gamma = np.ones(spec_depth[0], np.float32)
        spec.beta = np.zeros(spec_depth[0], np.float32)


spec_depth = [0]


def build(folder, canned=False, seed=0, layers=2, depth=128, heads=4, ffn=256, positions=1024):
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(seed)
    sp = train_sentencepiece(folder)
    vocab = fairseq_vocabulary(sp)
    size = len(vocab)
    spec_depth[0] = depth
    spec = transformer_spec.TransformerSpec.from_config((layers, layers), heads, pre_norm=True,
                                                        activation=common_spec.Activation.RELU)
    weight_scale = 1e-4 if canned else 0.5

    def rand(*shape, s=None):
        return (rng.standard_normal(shape) * (weight_scale if s is None else s) / np.sqrt(shape[-1])).astype(np.float32)

    def set_layer_norm(ln):
        ln.gamma = np.ones(depth, np.float32)
        ln.beta = np.zeros(depth, np.float32)

    def set_linear(linear, out, inp):
        linear.weight = rand(out, inp)
        linear.bias = np.zeros(out, np.float32)

    def set_attention(attention, cross):
        set_layer_norm(attention.layer_norm)
        if cross:
            set_linear(attention.linear[0], depth, depth)
            set_linear(attention.linear[1], 2 * depth, depth)
            set_linear(attention.linear[2], depth, depth)
        else:
            set_linear(attention.linear[0], 3 * depth, depth)
            set_linear(attention.linear[1], depth, depth)

    def set_ffn(ffn_spec):
        set_layer_norm(ffn_spec.layer_norm)
        set_linear(ffn_spec.linear_0, ffn, depth)
        set_linear(ffn_spec.linear_1, depth, ffn)

    table = np.zeros((positions, depth), np.float32) if canned else sinusoids(positions, depth)
    embeddings = (rng.standard_normal((size, depth)) / np.sqrt(depth)).astype(np.float32)
    spec.encoder.embeddings[0].weight = embeddings
    spec.encoder.position_encodings.encodings = table
    set_layer_norm(spec.encoder.layer_norm)
    for layer in spec.encoder.layer:
        set_attention(layer.self_attention, cross=False)
        set_ffn(layer.ffn)
    spec.decoder.embeddings.weight = embeddings
    spec.decoder.position_encodings.encodings = table
    set_layer_norm(spec.decoder.layer_norm)
    for layer in spec.decoder.layer:
        set_attention(layer.self_attention, cross=False)
        set_attention(layer.attention, cross=True)
        set_ffn(layer.ffn)
    projection = rng.standard_normal((size, depth)).astype(np.float32) * (0.01 if canned else 1.0)
    if canned:
        projection = wire_canned(projection, embeddings, vocab, sp)
    spec.decoder.projection.weight = projection
    spec.decoder.projection.bias = np.zeros(size, np.float32)

    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.config.add_source_bos = False
    spec.config.add_source_eos = False
    spec.config.bos_token = "<s>"
    spec.config.eos_token = "</s>"
    spec.config.unk_token = "<unk>"
    spec.config.decoder_start_token = "</s>"
    spec.validate()
    spec.optimize(quantization=None)
    spec.save(folder)
    return folder


def wire_canned(projection, embeddings, vocab, sp):
    """Makes the projection pick a fixed successor for each token on the canned chains.

    With (almost) zero layer weights and zero position encodings, the decoder's last hidden
    state is LayerNorm(embedding[previous token]), so row j of the projection scoring the
    normalised embedding of i makes j the successor of i.
    """
    index = {token: i for i, token in enumerate(vocab)}
    successor = {}
    for language, sentence in CANNED.items():
        chain = [language] + sp.encode(sentence, out_type=str) + ["</s>"]
        for previous, following in zip(chain, chain[1:]):
            if successor.get(previous, following) != following:
                raise SystemExit(f"canned sentences conflict at {previous!r}: pick other sentences")
            successor[previous] = following
    normalised = embeddings - embeddings.mean(axis=1, keepdims=True)
    normalised /= normalised.std(axis=1, keepdims=True)
    for previous, following in successor.items():
        projection[index[following]] += normalised[index[previous]] * (40.0 / embeddings.shape[1])
    return projection


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--canned", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    build(args.out, canned=args.canned, seed=args.seed)
    print(json.dumps({"model": args.out, "canned": args.canned}))


if __name__ == "__main__":
    sys.exit(main())
