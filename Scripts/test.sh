#!/usr/bin/env bash
# Runs every test: the Swift package's (swift-testing) in a debug build, then the Python workers' (pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
swift test --skip-build
# Every fuzzing seed and past crash input through its decoder, once (seconds; no libFuzzer run).
Scripts/fuzz.sh --replay
# The translation worker's own tests (tiny NLLB-shaped models built offline; no network).
if Workers/translate/.venv/bin/python -c "import ctranslate2, sentencepiece, pytest" 2>/dev/null; then
  Workers/translate/.venv/bin/python -m pytest -q Workers/translate/tests
else
  echo "test: Workers/translate/.venv missing: worker tests skipped (run Scripts/setup.sh)"
fi
# The PyTorch trainer's own tests (loss against the numpy reference, 2 gloo processes against one,
# SIGTERM and resume, checkpoint round trip); the Swift suites TorchTrainerParityTests and
# TorchBackendTests use the same venv.
if Workers/trainer/.venv/bin/python -c "import torch, transformers, safetensors, pytest" 2>/dev/null; then
  Workers/trainer/.venv/bin/python -m pytest -q Workers/trainer/tests
else
  echo "test: Workers/trainer/.venv missing: PyTorch trainer tests skipped (run Scripts/setup.sh --with-trainer)"
fi
# numpy, FAISS and pandas read a published index (2,000 phantom studies) as `m3clip search` does.
if Workers/index-reference/.venv/bin/python -c "import numpy, faiss, pandas, pytest" 2>/dev/null; then
  M3CLIP_BINARY="$(swift build --show-bin-path)/m3clip" Workers/index-reference/.venv/bin/python -m pytest -q Workers/index-reference/tests
else
  echo "test: Workers/index-reference/.venv missing: index reference tests skipped (run Scripts/setup.sh)"
fi
# The reliability crash loop, quick: 10 rounds of 100 files with kill -9 of the debug daemon.
Scripts/reliability.sh --quick --debug
