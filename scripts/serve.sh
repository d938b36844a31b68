#!/usr/bin/env bash
# Sets up what is missing, then serves Bastion on http://127.0.0.1:8080
# (trunk serve: rebuilds on change; reload the page yourself, since the
# live-reload script would break the Content-Security-Policy).
#
# Usage: scripts/serve.sh [trunk serve options, e.g. --release]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$(pwd)/.tools/node_modules/.bin:$PATH"
scripts/setup.sh
# Defaults that a --address/--port option overrides.
export TRUNK_SERVE_ADDRESS="${TRUNK_SERVE_ADDRESS:-127.0.0.1}"
export TRUNK_SERVE_PORT="${TRUNK_SERVE_PORT:-8080}"
where="http://$TRUNK_SERVE_ADDRESS:$TRUNK_SERVE_PORT"
[ $# -gt 0 ] && where="$where (unless your options say otherwise)"
echo "[serve] building, then serving Bastion on $where; Ctrl-C stops it" >&2
exec trunk serve "$@"
