#!/usr/bin/env bash
# Installs whatever is missing to build, serve, test and benchmark Bastion.
# Idempotent: when everything is present it only checks versions (a few seconds).
#
# Usage: scripts/setup.sh [--browser] [--bench]
#   (no flag)   Rust target, trunk, wasm-bindgen-cli, wasm-opt: enough to build and serve
#   --browser   also Chromium and chromedriver (the browser and end-to-end tests),
#               axe-core (the end-to-end tests' accessibility check) and the
#               brotli command (the download budget, scripts/budget.sh)
#   --bench     what the benchmark needs: the same as --browser
#
# What works here and why these versions: ../shared/TOOLCHAIN.md and the README.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
TERSER_VERSION=5.51.4
AXE_VERSION=4.14.1
export PATH="$HOME/.cargo/bin:$ROOT/.tools/node_modules/.bin:$PATH"

want_browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    --bench) want_browser=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

log() { printf '[setup] %s\n' "$*" >&2; }

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi
apt_updated=0
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [ "$apt_updated" = 0 ]; then
    $SUDO apt-get update -qq
    apt_updated=1
  fi
  $SUDO apt-get install -y -qq "$@" >/dev/null
}

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

# 3. wasm-bindgen-cli (and wasm-bindgen-test-runner) at exactly the version in
#    Cargo.lock. Without --locked: its own lock pins a crate the registry lacks.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if [ -z "$WB_VERSION" ]; then
  log "cannot read the wasm-bindgen version from Cargo.lock"; exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "wasm-bindgen $WB_VERSION" \
  || ! command -v wasm-bindgen-test-runner >/dev/null; then
  log "installing wasm-bindgen-cli $WB_VERSION (about 3 minutes)"
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

# 4. wasm-opt from npm binaryen (Debian's binaryen 108 breaks the module).
if ! "$ROOT/.tools/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  if ! command -v npm >/dev/null; then
    log "installing nodejs + npm"
    apt_install nodejs npm
  fi
  log "installing binaryen@$BINARYEN_VERSION (wasm-opt) into .tools/"
  mkdir -p "$ROOT/.tools"
  npm install --silent --no-audit --no-fund --prefix "$ROOT/.tools" "binaryen@$BINARYEN_VERSION"
fi

# 4b. terser: Trunk's post-build hook (scripts/minify-js.mjs) minifies the JS glue with it.
if ! "$ROOT/.tools/node_modules/.bin/terser" --version 2>/dev/null | grep -q "terser $TERSER_VERSION"; then
  log "installing terser@$TERSER_VERSION into .tools/"
  mkdir -p "$ROOT/.tools"
  npm install --silent --no-audit --no-fund --prefix "$ROOT/.tools" "terser@$TERSER_VERSION"
fi

# 5. Chromium + chromedriver for the browser and end-to-end tests.
if [ "$want_browser" = 1 ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    log "installing chromium and chromium-driver (about a minute)"
    apt_install chromium chromium-driver
  fi
fi

# 5b. axe-core: the end-to-end tests inject its axe.min.js into each page
#     checked (tests/browser/mod.rs, Browser::axe) and fail on any WCAG 2.x
#     A/AA violation. Its version is read from its package.json.
if [ "$want_browser" = 1 ] && ! grep -qs "\"version\": \"$AXE_VERSION\"" "$ROOT/.tools/node_modules/axe-core/package.json"; then
  log "installing axe-core@$AXE_VERSION into .tools/"
  mkdir -p "$ROOT/.tools"
  npm install --silent --no-audit --no-fund --prefix "$ROOT/.tools" "axe-core@$AXE_VERSION"
fi

# 6. brotli for the download budget (scripts/budget.sh) and the benchmark's
#    compressed sizes (gzip is always there).
if [ "$want_browser" = 1 ] && ! command -v brotli >/dev/null; then
  log "installing brotli"
  apt_install brotli
fi

summary="$(trunk --version), $(wasm-bindgen --version), wasm-opt $("$ROOT/.tools/node_modules/.bin/wasm-opt" --version | awk '{print $3}')"
if [ "$want_browser" = 1 ]; then
  summary="$summary, $(chromium --version 2>/dev/null | awk '{print $1, $2}'), chromedriver $(chromedriver --version | awk '{print $2}'), axe-core $AXE_VERSION"
fi
log "tools ready: $summary"
