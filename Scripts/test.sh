#!/usr/bin/env bash
# Runs every test: the Swift package's (swift-testing) in a debug build, then the Python workers' (pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
swift test --skip-build
# The translation worker's own tests (tiny NLLB-shaped models built offline; no network).
if Workers/translate/.venv/bin/python -c "import ctranslate2, sentencepiece, pytest" 2>/dev/null; then
  Workers/translate/.venv/bin/python -m pytest -q Workers/translate/tests
else
  echo "test: Workers/translate/.venv missing: worker tests skipped (run Scripts/setup.sh)"
fi
