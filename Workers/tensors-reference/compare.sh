#!/bin/sh
# Runs the Swift TensorBenchmark and the PyTorch reference back to back, alternating, so both see
# the same machine conditions. Usage (from the repository root):
#   swift build -c release --package-path Benchmarks --scratch-path .build-bench --product TensorBenchmark
#   Workers/tensors-reference/compare.sh .build-bench/release/TensorBenchmark /path/to/venv/bin/python [rounds] [iters]
set -eu
swift_bin=$1
python=$2
rounds=${3:-2}
iters=${4:-10}
here=$(dirname "$0")
echo "# $(date -u +%FT%TZ) $(uname -m), $(nproc) CPUs, load: $(cut -d' ' -f1-3 /proc/loadavg)"
i=1
while [ "$i" -le "$rounds" ]; do
    echo "## round $i"
    "$swift_bin" --iters "$iters"
    "$python" "$here/bench_torch.py" --iters "$iters" 2>&1 | grep -v -i warning
    echo "# load after round $i: $(cut -d' ' -f1-3 /proc/loadavg)"
    i=$((i + 1))
done
