#!/usr/bin/env bash
# Fuzzes the decoders with libFuzzer (harnesses in Tests/Fuzz/Sources, seeds in Tests/Fuzz/Corpus).
#   Scripts/fuzz.sh NAME SECONDS [LIBFUZZER-FLAG…]   fuzz one harness for SECONDS
#   Scripts/fuzz.sh --replay [NAME [PATH…]]         replay seeds (or given files) in a debug build: what CI runs
#   Scripts/fuzz.sh --list                          the harness names
# Fuzzing builds a release build with AddressSanitizer and libFuzzer in .build-fuzz (its own scratch
# path: the flags differ from every other build) and runs one process on one core. Its working
# corpus is .build-fuzz/corpus/NAME, seeded from Tests/Fuzz/Corpus/NAME and kept between runs, so
# the committed seeds never grow; crashes, timeouts and out-of-memory inputs land in
# .build-fuzz/crashes/NAME/. Reproduce one with `Scripts/fuzz.sh --replay NAME FILE` (or rerun the
# fuzz binary on the file), fix it, then commit the file to Tests/Fuzz/Corpus/NAME as a regression seed.
# M3CLIP_BUILD_LOCK=FILE wraps each `swift build` in `flock FILE` (machines shared between builders).
set -euo pipefail
cd "$(dirname "$0")/.."

build() {
  if [ -n "${M3CLIP_BUILD_LOCK:-}" ]; then flock "$M3CLIP_BUILD_LOCK" swift build "$@"; else swift build "$@"; fi
}

# Longest input libFuzzer may generate, per harness: a little above the largest seed, so mutations
# can grow a file without spending most runs on bytes the decoder never reaches.
max_len() {
  case "$1" in
    plaintext|hl7|fhir|png|ctl) echo 4096 ;;
    configuration) echo 16384 ;;
    openi|jpeg|jpegcodestream) echo 8192 ;;
    dicom) echo 16384 ;;
    *) echo "fuzz: no max_len for $1; add it to Scripts/fuzz.sh" >&2; exit 2 ;;
  esac
}

case "${1:-}" in
  --replay)
    shift
    build --product Fuzz >/dev/null
    exec "$(swift build --show-bin-path)/Fuzz" "$@"
    ;;
  --list)
    ls Tests/Fuzz/Corpus
    exit 0
    ;;
  ""|-h|--help)
    sed -n '2,4p' "$0"
    exit 2
    ;;
esac

name=$1
seconds=${2:?usage: Scripts/fuzz.sh NAME SECONDS}
shift 2
seeds=Tests/Fuzz/Corpus/$name
[ -d "$seeds" ] || { echo "fuzz: no harness $name (seeds: $(ls Tests/Fuzz/Corpus | tr '\n' ' '))" >&2; exit 2; }
limit=$(max_len "$name")

# -sanitize=fuzzer,address goes to swiftc as one flag: the Swift driver only adds coverage
# instrumentation when `fuzzer` is in the last -sanitize it sees, and SwiftPM's own --sanitize
# flags (kept: they instrument the C shims and make SwiftPM leave `main` to libFuzzer) come first.
build -c release --product Fuzz --scratch-path .build-fuzz \
  --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
binary=.build-fuzz/release/Fuzz
if ! nm .build-fuzz/release/Formats.build/DICOMParser.swift.o | grep __sanitizer_cov >/dev/null; then
  echo "fuzz: the Swift code was built without coverage instrumentation; libFuzzer would fuzz blind" >&2
  exit 1
fi

corpus=.build-fuzz/corpus/$name
crashes=.build-fuzz/crashes/$name
mkdir -p "$corpus" "$crashes"
cp -n "$seeds"/* "$corpus"/
# The Swift runtime's own crash reporter would race libFuzzer's and ASan's handlers (and can hang
# waiting on an instrumented process); libFuzzer prints the stack and saves the input instead.
M3CLIP_FUZZ_TARGET=$name SWIFT_BACKTRACE=enable=no \
  "$binary" -max_total_time="$seconds" -max_len="$limit" -rss_limit_mb=2048 -timeout=10 \
  -artifact_prefix="$crashes/" -print_final_stats=1 "$@" "$corpus"
