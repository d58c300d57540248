"""Tests of the translation worker against tiny NLLB-shaped models built offline (make_tiny_model.py)."""
import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, HERE)

import make_tiny_model  # noqa: E402
import worker  # noqa: E402


@pytest.fixture(scope="session")
def canned_model(tmp_path_factory):
    return make_tiny_model.build(str(tmp_path_factory.mktemp("canned")), canned=True)


@pytest.fixture(scope="session")
def random_model(tmp_path_factory):
    return make_tiny_model.build(str(tmp_path_factory.mktemp("random")), canned=False)


def test_model_folder_has_converter_layout(canned_model):
    for name in ["model.bin", "config.json", "shared_vocabulary.json", "sentencepiece.bpe.model"]:
        assert os.path.exists(os.path.join(canned_model, name))
    vocabulary = json.load(open(os.path.join(canned_model, "shared_vocabulary.json")))
    assert vocabulary[:4] == ["<s>", "<pad>", "</s>", "<unk>"]
    assert vocabulary[-1] == "<mask>"
    assert "deu_Latn" in vocabulary
    config = json.load(open(os.path.join(canned_model, "config.json")))
    assert config["decoder_start_token"] == "</s>"
    assert config["add_source_bos"] is False and config["add_source_eos"] is False


def test_source_is_language_pieces_end(canned_model):
    translator = worker.Translator(canned_model, beam_size=1)
    encoded = translator.encode(["No pneumothorax."], "eng_Latn")[0]
    assert encoded[0] == "eng_Latn" and encoded[-1] == "</s>" and len(encoded) > 2


def test_canned_model_emits_the_canned_sentence_per_target(canned_model):
    translator = worker.Translator(canned_model, beam_size=2)
    for target, expected in make_tiny_model.CANNED.items():
        [result] = translator.translate([make_tiny_model.CANNED_SOURCE], "eng_Latn", target)
        assert result["text"] == expected
        assert result["logprob"] > -0.1


def test_unknown_language_is_an_error_not_unk(canned_model):
    translator = worker.Translator(canned_model)
    with pytest.raises(ValueError):
        translator.translate(["No pneumothorax."], "eng_Latn", "xxx_Latn")


def test_random_model_gives_junk_with_scores(random_model):
    translator = worker.Translator(random_model, beam_size=1, max_decoding_length=32)
    results = translator.translate(["The lungs are clear.", "No pleural effusion."], "eng_Latn", "rus_Cyrl")
    assert len(results) == 2
    assert all(isinstance(result["logprob"], float) for result in results)


def test_protocol_over_stdin_stdout(canned_model):
    requests = [
        {"id": 1, "op": "ping"},
        {"id": 2, "op": "translate", "source": "eng_Latn", "target": "fra_Latn", "texts": ["No pneumothorax."]},
        {"id": 3, "op": "translate", "source": "eng_Latn", "target": "fra_Latn", "texts": "not a list"},
        {"id": 4, "op": "nonsense"},
        {"id": 5, "op": "shutdown"},
    ]
    process = subprocess.run([sys.executable, os.path.join(HERE, "worker.py"), "--model", canned_model, "--beam-size", "1"],
                             input="".join(json.dumps(r) + "\n" for r in requests), capture_output=True, text=True,
                             timeout=60)
    lines = [json.loads(line) for line in process.stdout.splitlines()]
    assert lines[0]["event"] == "ready"
    assert lines[1] == {"id": 1, "ok": True, "model": canned_model, "languages": len(make_tiny_model.LANGUAGES)}
    assert lines[2]["ok"] and lines[2]["translations"][0]["text"] == "Pas de pneumothorax."
    assert lines[3]["id"] == 3 and not lines[3]["ok"]
    assert lines[4]["id"] == 4 and not lines[4]["ok"]
    assert lines[5] == {"id": 5, "ok": True}
    assert process.returncode == 0


def test_missing_model_reports_failure(tmp_path):
    process = subprocess.run([sys.executable, os.path.join(HERE, "worker.py"), "--model", str(tmp_path / "none")],
                             input="", capture_output=True, text=True, timeout=60)
    assert process.returncode == 2
    assert json.loads(process.stdout.splitlines()[0])["event"] == "failed"
