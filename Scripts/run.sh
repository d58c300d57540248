#!/usr/bin/env bash
# The main job: install what is needed, build a release binary and run the daemon on the embedded
# defaults (Config/m3clip.toml: the repository's Inbox/ and Store/, CPU only).
# When the inbox holds nothing but its README, it is first filled with a demo: 300 SYNTHETIC studies
# (phantom radiographs with reports in five languages; see docs/phantoms.md), so a newcomer sees the
# whole pipeline work. M3CLIP_DEMO_STUDIES=0 skips that. Extra arguments go to the daemon.
set -euo pipefail
cd "$(dirname "$0")/.."
./Scripts/setup.sh
swift build -c release --product m3clip
binary=.build/release/m3clip
inbox=$("$binary" config check --config Config/m3clip.toml | sed -n 's/^  inbox.path = //p')
demo=${M3CLIP_DEMO_STUDIES:-300}
if [ "$demo" -gt 0 ] && [ -z "$(ls -A "$inbox" 2>/dev/null | grep -v '^README.md$' | grep -v '^\.' || true)" ]; then
  echo "run: the inbox is empty; writing $demo SYNTHETIC demo studies into $inbox"
  "$binary" phantom studies --count "$demo" --languages eng_Latn,deu_Latn,fra_Latn,spa_Latn,zho_Hans --out "$inbox"
fi
exec "$binary" daemon --config Config/m3clip.toml "$@"
