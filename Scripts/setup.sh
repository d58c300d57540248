#!/usr/bin/env bash
# Installs what m3clip needs on a fresh Debian machine: the C libraries it links (SQLite, libxml2,
# libpng, libjpeg, OpenBLAS, OpenSSL's libcrypto) and pkg-config. Idempotent; needs root or sudo.
#   Scripts/setup.sh                 system packages (and, later, the Python workers' venvs)
#   Scripts/setup.sh --system-only   system packages only (what CI and the tests need)
set -euo pipefail
packages=(pkg-config libsqlite3-dev libxml2-dev libpng-dev libjpeg-dev libopenblas-dev libssl-dev zlib1g-dev)
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
