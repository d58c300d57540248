#!/usr/bin/env bash
# The reliability suite's crash loop: rounds of mixed drops (renamed in and written in place),
# kill -9 of the daemon at a random moment, restart; after every round nothing lost, nothing
# stored twice, `m3clip verify` clean, no orphan temporaries. Builds the release binary first.
#   Scripts/reliability.sh [--rounds N] [--files N] [--seed S] [--quick]
#   --quick: 10 rounds of 100 files (what CI runs).
#   --debug: use the debug build (what Scripts/test.sh already built) instead of a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
mode=release
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) args+=(--rounds 10 --files 100) ;;
    --debug) mode=debug ;;
    *) args+=("$1") ;;
  esac
  shift
done
swift build -c "$mode" --product m3clip >/dev/null
swift build -c "$mode" --product ReliabilityLoop >/dev/null
bin="$(swift build -c "$mode" --show-bin-path)"
exec "$bin/ReliabilityLoop" --binary "$bin/m3clip" "${args[@]}"
