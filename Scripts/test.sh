#!/usr/bin/env bash
# Runs every test: the Swift package's (swift-testing) in a debug build.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
swift test --skip-build
