#!/usr/bin/env bash
# Installs whatever is missing to build, serve and test Bastion.
# Idempotent: when everything is present it only checks versions (a few seconds).
# Usage: scripts/setup.sh [--browser]   (--browser also installs Chromium + chromedriver)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
export PATH="$HOME/.cargo/bin:$ROOT/.tools/node_modules/.bin:$PATH"

want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1

log() { printf '[setup] %s\n' "$*" >&2; }

# 1. Rust target for the browser.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. Trunk, pinned (0.22 needs a newer rustc).
if ! trunk --version 2>/dev/null | grep -q "trunk $TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (a cold install takes about 8 minutes)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

# 3. wasm-bindgen-cli at exactly the version in Cargo.lock (without --locked: see README).
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if [ -z "$WB_VERSION" ]; then
  log "cannot read the wasm-bindgen version from Cargo.lock"; exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "wasm-bindgen $WB_VERSION"; then
  log "installing wasm-bindgen-cli $WB_VERSION (about 3 minutes)"
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

# 4. wasm-opt from npm binaryen (Debian's binaryen breaks the module).
if ! "$ROOT/.tools/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  if ! command -v npm >/dev/null; then
    log "installing nodejs + npm"; apt-get update -qq && apt-get install -y -qq nodejs npm
  fi
  log "installing binaryen@$BINARYEN_VERSION (wasm-opt) into .tools/"
  mkdir -p "$ROOT/.tools"
  npm install --silent --no-audit --no-fund --prefix "$ROOT/.tools" "binaryen@$BINARYEN_VERSION"
fi

# 5. Chromium + chromedriver for the browser tests.
if [ "$want_browser" = 1 ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    log "installing chromium and chromium-driver (about a minute)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi
log "tools ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $("$ROOT/.tools/node_modules/.bin/wasm-opt" --version | awk '{print $3}')"
