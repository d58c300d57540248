#!/usr/bin/env bash
# The main job: install what is needed, build a release binary and run the daemon on the embedded
# defaults (Config/m3clip.toml: the repository's Inbox/ and Store/). Extra arguments go to the daemon.
set -euo pipefail
cd "$(dirname "$0")/.."
./Scripts/setup.sh
swift build -c release --product m3clip
exec .build/release/m3clip daemon --config Config/m3clip.toml "$@"
