#!/usr/bin/env bash
# Installs what m3clip needs on a fresh Debian machine: the C libraries it links (SQLite, libxml2,
# libpng, libjpeg, OpenBLAS, OpenSSL's libcrypto), pkg-config, and headless Chromium for the web
# app's browser tests. Idempotent; needs root or sudo.
#   Scripts/setup.sh                 system packages and the Python venvs (translation worker, index reference)
#   Scripts/setup.sh --system-only   system packages only (what CI and the tests need)
#   Scripts/setup.sh --with-trainer  also the PyTorch trainer's venv (Workers/trainer/.venv: torch,
#                                    transformers, … ≈ 6 GB from PyPI; [training] backend = "torch")
set -euo pipefail
system_only=false with_trainer=false
for argument in "$@"; do
  case "$argument" in
    --system-only) system_only=true ;;
    --with-trainer) with_trainer=true ;;
    *) echo "setup: unknown option $argument (--system-only, --with-trainer)" >&2; exit 2 ;;
  esac
done
# chromium: the web app's browser tests (headless; Debian's own build, no downloaded browser).
# libopenjp2-7-dev, libcharls-dev: DICOM JPEG 2000 and JPEG-LS pixel data.
packages=(pkg-config libsqlite3-dev libxml2-dev libpng-dev libjpeg-dev libopenjp2-7-dev libcharls-dev libopenblas-dev libssl-dev zlib1g-dev chromium)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
echo "setup: system packages present"

# The translation worker's venv (Workers/translate/.venv: ctranslate2, sentencepiece, numpy,
# pytest from PyPI). Without it the daemon reports translation as unavailable and the worker's
# end-to-end tests are skipped.
if ! $system_only; then
  cd "$(dirname "$0")/.."
  venv=Workers/translate/.venv
  if ! "$venv/bin/python" -c "import ctranslate2, sentencepiece, numpy, pytest" 2>/dev/null; then
    if ! python3 -c "import venv, ensurepip" 2>/dev/null; then
      sudo=""
      [ "$(id -u)" -eq 0 ] || sudo="sudo"
      echo "setup: installing python3-venv"
      $sudo apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3 python3-venv >/dev/null
    fi
    echo "setup: creating $venv (Workers/translate/requirements.txt)"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q --upgrade pip
    "$venv/bin/python" -m pip install -q -r Workers/translate/requirements.txt
  fi
  echo "setup: translation worker venv present ($venv)"

  # The index reference venv (Workers/index-reference/.venv: numpy, faiss-cpu, pandas, pytest): the
  # test that numpy, FAISS and pandas read a published index as `m3clip search` does, and the FAISS
  # side of IndexBenchmark. Without it that test is skipped.
  venv=Workers/index-reference/.venv
  if ! "$venv/bin/python" -c "import numpy, faiss, pandas, pytest" 2>/dev/null; then
    echo "setup: creating $venv (Workers/index-reference/requirements.txt)"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q --upgrade pip
    "$venv/bin/python" -m pip install -q -r Workers/index-reference/requirements.txt
  fi
  echo "setup: index reference venv present ($venv)"

  # The PyTorch trainer's venv (Workers/trainer/.venv), only with --with-trainer: PyPI's torch wheel
  # is the CUDA build (its CUDA libraries come along; it runs on the CPU too). Never --no-deps.
  if $with_trainer; then
    venv=Workers/trainer/.venv
    if ! "$venv/bin/python" -c "import torch, transformers, safetensors, numpy, pytest" 2>/dev/null; then
      echo "setup: creating $venv (Workers/trainer/requirements.txt; torch is a large download)"
      python3 -m venv "$venv"
      "$venv/bin/python" -m pip install -q --upgrade pip
      "$venv/bin/python" -m pip install -q -r Workers/trainer/requirements.txt
    fi
    echo "setup: PyTorch trainer venv present ($venv)"
  fi
fi
