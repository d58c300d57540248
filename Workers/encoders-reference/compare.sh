#!/bin/sh
# Runs the Swift EncoderBenchmark and the PyTorch reference side by side, alternating per thread
# count so both see the same machine conditions. From the repository root:
#   python Workers/encoders-reference/bench.py prepare /tmp/encbench      # once (≈1.2 GB of weights)
#   swift build -c release --product EncoderBenchmark
#   Workers/encoders-reference/compare.sh .build/release/EncoderBenchmark /path/to/venv/bin/python /tmp/encbench [threads...] 
set -eu
swift_bin=$1
python=$2
dir=$3
shift 3
iters=${ITERS:-3}
here=$(dirname "$0")
echo "# $(date -u +%FT%TZ) $(uname -m), $(nproc) CPUs, load: $(cut -d' ' -f1-3 /proc/loadavg), iters=$iters"
for threads in ${*:-1 2}; do
    for case in base-text base-image tiny-train; do
        "$swift_bin" "$dir" --threads "$threads" --iters "$iters" --only "$case"
        OMP_NUM_THREADS=$threads "$python" "$here/bench.py" run "$dir" --threads "$threads" --iters "$iters" --only "$case" 2>&1 \
            | grep -v -i -e warning -e shards
    done
    echo "# load after threads=$threads: $(cut -d' ' -f1-3 /proc/loadavg)"
done
