"""A published index read the way downstream tools read it — numpy (mmap), FAISS and pandas — must
give what `m3clip search` gives.

Builds a store of phantom studies (M3CLIP_INDEX_STUDIES, default 2000, in three languages), trains a
micro model for one step (which publishes its index), then for 20 queries compares `m3clip search
--json` with numpy's and FAISS's exact top-10 over the same files. The binary is M3CLIP_BINARY
(default: the debug build). Scores are compared, not only rows: phantom reports repeat sentences, so
equal scores (ties) may come in any order.
"""
import json
import os
import pathlib
import subprocess

import faiss
import numpy as np
import pandas as pd
import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]
BINARY = pathlib.Path(os.environ.get("M3CLIP_BINARY", REPO / ".build" / "debug" / "m3clip"))
STUDIES = int(os.environ.get("M3CLIP_INDEX_STUDIES", "2000"))
QUERIES = [
    ("Large right pleural effusion.", "image"),
    ("No acute cardiopulmonary abnormality.", "image"),
    ("Cardiomegaly with pulmonary edema.", "image"),
    ("Kleiner Pleuraerguss links.", "image"),
    ("Pneumothorax du côté droit.", "image"),
    ("Atelectasis at the left lung base.", "image"),
    ("Sonde nasogastrique en place.", "image"),
    ("Herz normal groß.", "image"),
    ("Fracture of the right seventh rib.", "image"),
    ("Consolidation in the right upper lobe.", "image"),
    ("Large right pleural effusion.", "text"),
    ("Kein Pneumothorax.", "text"),
    ("Epanchement pleural gauche.", "text"),
    ("The heart size is normal.", "text"),
    ("Endotracheal tube in good position.", "text"),
    ("Mild interstitial edema.", "text"),
    ("Lungenödem.", "text"),
    ("No focal consolidation.", "text"),
    ("Opacité du lobe inférieur.", "text"),
    ("Support devices unchanged.", "text"),
]

pytestmark = pytest.mark.skipif(not BINARY.exists(), reason=f"{BINARY} not built (swift build)")


def run(store, *arguments, config=True):
    options = ["--config", str(store / "Config" / "m3clip.toml")] if config else []
    result = subprocess.run([str(BINARY), *arguments, *options],
                            cwd=store, capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, f"m3clip {' '.join(arguments)}: {result.stderr[-2000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("m3clip-index")
    (root / "Config").mkdir()
    (root / "Config" / "m3clip.toml").write_text(
        '[inbox]\npath = "../Inbox"\n[store]\npath = "../Store"\n[translation]\nengine = "none"\n'
        '[training]\npreset = "micro"\nbatch_size = 4\nzero_shot_set = "../eval5x"\n')
    subprocess.run([str(BINARY), "phantom", "eval5x", "--per-class", "2", "--size", "64", "--seed", "7",
                    "--out", str(root / "eval5x")], check=True, capture_output=True)
    subprocess.run([str(BINARY), "phantom", "studies", "--count", str(STUDIES), "--size", "64",
                    "--languages", "eng_Latn,deu_Latn,fra_Latn", "--out", str(root / "staged")], check=True, capture_output=True)
    folders = sorted(str(p) for p in (root / "staged").iterdir() if not p.name.startswith("."))
    run(root, "ingest", *folders)
    run(root, "train", "--steps", "1", "--json")
    return root


def current_index(store):
    return (store / "Store" / "indexes" / "current").resolve()


def test_the_files_are_what_numpy_faiss_and_pandas_expect(store):
    index = current_index(store)
    manifest = json.loads((index / "manifest.json").read_text())
    assert manifest["counts"]["image"] == STUDIES
    for stem in ("images", "texts"):
        matrix = np.load(index / f"{stem}.npy", mmap_mode="r")
        assert isinstance(matrix, np.memmap) and matrix.dtype == np.float32
        assert matrix.shape == (manifest["counts"][stem[:-1]], manifest["dimension"])
        assert np.allclose(np.linalg.norm(matrix, axis=1), 1, atol=1e-4)
        flat = faiss.read_index(str(index / f"{stem}.faiss"))
        assert flat.ntotal == matrix.shape[0] and flat.d == matrix.shape[1]
        assert np.array_equal(flat.reconstruct_n(0, flat.ntotal), np.asarray(matrix))
        rows = pd.read_json(index / f"{stem}.jsonl", lines=True, dtype=False)
        assert len(rows) == matrix.shape[0]
        assert list(rows.columns) == ["corpus_version", "labels", "language", "modality", "part", "sentence_id", "study", "text"]
        assert set(rows.modality) == {stem[:-1]}
    texts = pd.read_json(index / "texts.jsonl", lines=True, dtype=False)
    assert set(texts.language) == {"eng_Latn", "deu_Latn", "fra_Latn"}


@pytest.mark.parametrize("number", range(len(QUERIES)))
def test_numpy_and_faiss_give_the_top_10_of_m3clip_search(store, number):
    text, modality = QUERIES[number]
    index = current_index(store)
    manifest = json.loads((index / "manifest.json").read_text())
    answer = json.loads(run(store, "search", text, "--modality", modality, "--k", "10", "--json"))
    assert answer["index"] == manifest["id"] and len(answer["results"]) == 10
    model = store / "Store" / "models" / manifest["model_id"]
    query = np.array(json.loads(run(store, "embed", "--model", str(model), "--text", text, "--json", config=False))["vector"], dtype=np.float32)

    stem = f"{modality}s"
    matrix = np.load(index / f"{stem}.npy", mmap_mode="r")
    scores = np.asarray(matrix) @ query
    numpy_top = np.sort(scores)[::-1][:10]
    ours = np.array([r["score"] for r in answer["results"]], dtype=np.float32)
    rows = [r["row"] for r in answer["results"]]
    # The same ten best scores, and every returned row really has the score reported.
    assert np.allclose(ours, numpy_top, atol=1e-5), (ours, numpy_top)
    assert np.allclose(scores[rows], ours, atol=1e-5)
    # Rows strictly above the tenth score are exactly numpy's.
    above = set(np.nonzero(scores > numpy_top[-1] + 1e-5)[0].tolist())
    assert above <= set(rows)

    flat = faiss.read_index(str(index / f"{stem}.faiss"))
    distances, labels = flat.search(query[None, :], 10)
    assert np.allclose(distances[0], numpy_top, atol=1e-5)
    assert above <= set(labels[0].tolist())

    metadata = pd.read_json(index / f"{stem}.jsonl", lines=True, dtype=False)
    for result in answer["results"]:
        assert metadata.iloc[result["row"]]["part"] == result["part"]
