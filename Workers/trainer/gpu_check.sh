#!/usr/bin/env bash
# The GPU figures issue 13 asks for, as one prepared script for the `device` machine (one H200):
# the worker's CPU-free checks on CUDA, then the `base` preset's training step at 224 px in bf16,
# without and with torch.compile (bench.py: samples/s, counted TFLOP/s, MFU over 989 TFLOP/s), at
# batch 256, falling back to 128 if 256 does not fit. Prints JSON lines; ≈ 5 minutes.
#   bash Workers/trainer/gpu_check.sh [PYTHON]
# PYTHON: an interpreter with torch, transformers, safetensors and numpy (the GPU machine has them).
set -uo pipefail
cd "$(dirname "$0")"
python="${1:-python3}"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
"$python" -c "import torch, transformers; print('torch', torch.__version__, 'transformers', transformers.__version__, 'cuda', torch.cuda.is_available())"
# The loss against the numpy reference, on the GPU's torch.
"$python" -m pytest -q tests/test_loss.py 2>&1 | tail -1
for batch in 256 128; do
  if timeout 420 "$python" bench.py --preset base --batch "$batch" --steps 20 --warmup 3 --device cuda --compile both; then
    break
  fi
  echo "batch $batch failed (out of memory?); trying a smaller one"
done
