#!/usr/bin/env bash
# Builds the single-file edition of Bastion: one page, dist-single/bastion.html,
# that runs when opened from disk (double-click, file://), with no server and
# no network. Sets up what is missing, builds the release dist/, then packs
# it (scripts/single-file.mjs: the wasm, JS, CSS and icon inlined, a strict
# Content-Security-Policy with the hashes of the inline script and style).
#
# Usage: scripts/single-file.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"
trunk build --release
node scripts/single-file.mjs
