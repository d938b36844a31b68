#!/usr/bin/env bash
# The benchmark: sets up what is missing (with Chromium and brotli), builds
# the release dist/, then drives it in headless Chromium with a generated
# ISMS of 5,000 assets and 10,000 risks and prints the figures (also in target/bench.md).
# What it measures and how: docs/benchmark.md.
#
# Usage: scripts/bench.sh [--assets N] [--risks N] [--seed N] [--runs N] [--out PATH] [--visits-only]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$(pwd)/.tools/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
scripts/setup.sh --bench
trunk build --release
# The single-file edition of that build (its size and its opening from disk).
node scripts/single-file.mjs
# The driver is native code that only waits on the browser: the dev profile
# (already built by the tests) is enough; the figures come from the browser.
exec cargo bench --profile dev --bench browser -- "$@"
