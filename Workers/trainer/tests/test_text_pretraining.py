"""Text pre-training in the worker: BERT masking's shares and specials, the TLM pair layout, XLM's
language sampling, and a run (one process and two gloo processes) that writes an HF MLM folder."""
import json
import os
import random
import subprocess
import sys

import pytest
import torch

from conftest import LANGUAGES, MICRO, WORDS, WORKER
from m3clip_trainer import tokenizer as tokenizers
from m3clip_trainer.text_pretraining import IGNORED, LanguageSampler, Tokens, encode_pair, mask


def test_masking_selects_fifteen_percent_of_ordinary_tokens_eighty_ten_ten():
    tokens = Tokens(tokenizers.ByteTokenizer())
    rng = random.Random(0)
    selected = masked = replaced = kept = ordinary = 0
    for _ in range(2000):
        ids = tokens.encode("mild cardiomegaly with a small left pleural effusion", 64)
        inputs, labels = mask(ids, tokens, rng)
        assert labels[0] == labels[-1] == IGNORED and inputs[0] == 0 and inputs[-1] == 2
        ordinary += len(ids) - 2
        for x, y, original in zip(inputs, labels, ids):
            if y == IGNORED:
                assert x == original
                continue
            selected += 1
            assert y == original
            masked += x == tokenizers.MASK
            kept += x == original
            replaced += x not in (tokenizers.MASK, original)
    assert abs(selected / ordinary - 0.15) < 0.005
    assert abs(masked / selected - 0.8) < 0.02 and abs(replaced / selected - 0.1) < 0.02


def test_whole_word_masking_masks_words_entirely():
    tokens = Tokens(tokenizers.ByteTokenizer())
    rng = random.Random(1)
    text = "no acute cardiopulmonary abnormality"
    ids = tokens.encode(text, 64)
    words = [w for w in text.split()]
    for _ in range(200):
        _, labels = mask(ids, tokens, rng, whole_words=True)
        chosen = [i for i, y in enumerate(labels) if y != IGNORED]
        # Each word is the bytes after a space up to the next space (the first word from <s>).
        bounds, start = [], 1
        for w in words:
            length = len(w) + (0 if start == 1 else 1)
            bounds.append(set(range(start, start + length)))
            start += length
        for word in bounds:
            assert not (word & set(chosen)) or word <= set(chosen)


def test_a_translation_pair_is_laid_out_as_xlmr_pairs_and_shortened_from_the_longer_side():
    tokens = Tokens(tokenizers.ByteTokenizer())
    ids = encode_pair("No effusion.", "Kein Erguss vorhanden, keine Stauung.", tokens, 24)
    assert len(ids) == 24
    assert ids[0] == 0 and ids[-1] == 2 and ids.count(2) == 3
    separator = ids.index(2)
    # 20 content tokens: the German side is cut first, then both alternately: 10 and 10.
    assert ids[separator + 1] == 2 and separator - 1 == 10 and len(ids) - separator - 3 == 10
    assert bytes(i - 4 for i in ids[1:separator]) == b"No effusio"


def test_language_sampling_lifts_small_languages():
    sampler = LanguageSampler({"eng_Latn": 900, "deu_Latn": 90, "fra_Latn": 10}, alpha=0.3)
    assert sampler.languages == ["deu_Latn", "eng_Latn", "fra_Latn"]
    q = dict(zip(sampler.languages, sampler.probabilities))
    assert q["fra_Latn"] > 0.1 and q["eng_Latn"] < 0.6 and abs(sum(q.values()) - 1) < 1e-9


@pytest.fixture
def text_snapshot(tmp_path):
    folder = tmp_path / "text"
    folder.mkdir()
    rng = random.Random(4)
    with open(folder / "sentences.jsonl", "w") as sentences, open(folder / "pairs.jsonl", "w") as pairs:
        for s in range(30):
            english = " ".join(rng.choice(WORDS) for _ in range(5)) + "."
            sentences.write(json.dumps({"study": f"S{s}", "language": "eng_Latn", "text": english}) + "\n")
            language = LANGUAGES[1 + s % 2]
            translation = english.upper()
            sentences.write(json.dumps({"study": f"S{s}", "language": language, "text": translation}) + "\n")
            pairs.write(json.dumps({"study": f"S{s}", "source_language": "eng_Latn", "source": english, "language": language,
                                    "translation": translation}) + "\n")
    (folder / "snapshot.json").write_text(json.dumps({"format": "m3clip-text-snapshot", "version": 1, "tokenizer": "bytes",
                                                      "settings": {"objectives": ["mlm", "tlm"], "batchSize": 8, "maxLength": 24,
                                                                   "learningRate": 1e-3, "logEvery": 1}}))
    return str(folder)


@pytest.fixture
def mlm_init(tmp_path):
    from transformers import XLMRobertaConfig, XLMRobertaForMaskedLM
    config = XLMRobertaConfig(**{k: v for k, v in MICRO["text_config"].items() if k != "model_type"}, tie_word_embeddings=True)
    config.m3clip_tokenizer = "bytes"
    torch.manual_seed(0)
    folder = str(tmp_path / "mlm-init")
    XLMRobertaForMaskedLM(config).save_pretrained(folder)
    return folder


def pretrain(snapshot, init, out, processes):
    args = [os.path.join(WORKER, "train.py"), "--snapshot", snapshot, "--init", init, "--out", out, "--steps", "4",
            "--threads", "1", "--workers", "0"]
    command = [sys.executable] + args if processes == 1 else \
        [sys.executable, "-m", "torch.distributed.run", "--standalone", f"--nproc-per-node={processes}"] + args
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def test_a_run_writes_an_mlm_folder_in_one_and_in_two_processes(text_snapshot, mlm_init, tmp_path):
    from transformers import XLMRobertaForMaskedLM
    for processes in (1, 2):
        out = str(tmp_path / f"run{processes}")
        events = pretrain(text_snapshot, mlm_init, out, processes)
        progress = [e for e in events if e["event"] == "progress"]
        assert [e["objective"] for e in progress] == ["mlm", "tlm", "mlm", "tlm"]
        assert all(e["world_size"] == processes and e["loss"] > 0 for e in progress)
        folder = os.path.join(out, "checkpoint")
        with open(os.path.join(folder, "config.json")) as f:
            config = json.load(f)
        assert config["m3clip_tokenizer"] == "bytes" and config["architectures"] == ["XLMRobertaForMaskedLM"]
        trained = XLMRobertaForMaskedLM.from_pretrained(folder)
        start = XLMRobertaForMaskedLM.from_pretrained(mlm_init)
        assert not torch.equal(trained.roberta.encoder.layer[0].attention.self.query.weight,
                               start.roberta.encoder.layer[0].attention.self.query.weight)
        with open(os.path.join(out, "run.json")) as f:
            run = json.load(f)
        assert run["finished"] == "completed" and run["texts_seen"] == {"mlm": 16, "tlm": 16}
