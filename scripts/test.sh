#!/usr/bin/env bash
# Sets up what is missing and runs every test of Bastion; fails if any fails.
#
#   1. scripts/setup.sh --browser    tools, Chromium, chromedriver and brotli
#   2. trunk build --release         the release dist/ the end-to-end tests drive
#   3. node scripts/single-file.mjs  the single-file edition, dist-single/bastion.html,
#                                    packed from that dist/ (scripts/single-file.sh
#                                    without its second release build)
#   4. scripts/budget.sh             the download budget (budget.toml): fails when
#                                    dist/ is over it, brotli -q 11, each file shown
#   5. cargo test                    natively: core unit tests, integration tests,
#                                    and the end-to-end tests (tests/e2e*.rs) that
#                                    serve dist/ (or open the single file from
#                                    disk) and drive headless Chromium
#   6. cargo test --target wasm32-unknown-unknown
#                                    wasm-bindgen-test tests in headless Chromium
#
# Steps 2 and 3 always rebuild dist/ and the single file, so the end-to-end
# tests never build them themselves (they only do when one is missing or
# older than what it is made from, e.g. when you run `cargo test` alone).
# Every step runs even if an earlier one failed (except set-up), then a
# summary is printed. Logs of each step: target/test-logs/. Screenshots of the end-to-end tests: target/screenshots/.
#
# Usage: scripts/test.sh            (CI runs it through .ci/run)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export PATH="$HOME/.cargo/bin:$ROOT/.tools/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

LOGS="$ROOT/target/test-logs"
mkdir -p "$LOGS" "$ROOT/target/screenshots"
rm -f "$LOGS"/*.log "$ROOT"/target/screenshots/*.png

# In CI the lock file must already be right.
LOCKED=()
if [ "${CI:-}" = "true" ]; then LOCKED=(--locked); fi

STEPS=()
FAILED=0
started_all=$(date +%s)

# step NAME LOGFILE COMMAND...: runs it, shows and logs its output, records the outcome.
step() {
  local name=$1 log=$2
  shift 2
  printf '\n\033[1m=== %s\033[0m\n$ %s\n' "$name" "$*"
  local t0 status
  t0=$(date +%s)
  if "$@" 2>&1 | tee "$LOGS/$log"; then status=ok; else status=FAILED; FAILED=1; fi
  STEPS+=("$name|$status|$(( $(date +%s) - t0 ))|$log")
}

# Set-up first: without the tools nothing else can run.
step "set-up (scripts/setup.sh --browser)" setup.log scripts/setup.sh --browser
if [ "$FAILED" = 1 ]; then
  echo "test.sh: set-up failed (see $LOGS/setup.log); no tests were run." >&2
  exit 1
fi

step "release build (trunk build --release)" build.log trunk build --release
step "single-file edition (node scripts/single-file.mjs)" single.log node scripts/single-file.mjs
step "download budget (scripts/budget.sh, budget.toml)" budget.log scripts/budget.sh
step "native tests: core, integration, end to end (cargo test)" native.log \
  cargo test "${LOCKED[@]}" --no-fail-fast
step "browser tests: wasm-bindgen-test in headless Chromium" wasm.log \
  cargo test "${LOCKED[@]}" --no-fail-fast --target wasm32-unknown-unknown

# ---------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------

# Per test binary: "Running <target>" followed by its "test result:" line.
suites() {
  awk '
    /^ *Running / { sub(/^ *Running /, ""); sub(/ \(.*\)$/, ""); name = $0; next }
    /^ *Doc-tests / { sub(/^ *Doc-tests /, ""); name = "doc tests " $0; next }
    /^test result:/ {
      passed = failed = ignored = 0
      for (i = 1; i <= NF; i++) {
        if ($(i) ~ /^passed/) passed = $(i - 1)
        if ($(i) ~ /^failed/) failed = $(i - 1)
        if ($(i) ~ /^ignored/) ignored = $(i - 1)
      }
      printf "    %-44s %4d passed %3d failed %3d ignored\n", name, passed, failed, ignored
    }' "$1"
}

total() {
  awk -v what="$2" '/^test result:/ { for (i = 1; i <= NF; i++) if ($(i) ~ "^" what) n += $(i - 1) } END { print n + 0 }' "$1"
}

echo
echo "================================ test summary ================================"
for s in "${STEPS[@]}"; do
  IFS='|' read -r name status secs log <<<"$s"
  printf '  %-7s %-62s %4ss\n' "$status" "$name" "$secs"
  case "$log" in
    native.log|wasm.log)
      suites "$LOGS/$log"
      grep -E '^test .* \.\.\. FAILED$' "$LOGS/$log" | sed 's/^/    ✗ /' || true
      ;;
    budget.log)
      grep -E '^budget:' "$LOGS/$log" | sed 's/^/    /' || true
      ;;
  esac
  if [ "$status" != ok ]; then
    # Compile errors and the like, for a first look.
    grep -E '^error(\[E[0-9]+\])?:' "$LOGS/$log" | sort | uniq -c | sort -rn | head -5 | sed 's/^ */    ! /' || true
    grep -A1 -E '^error(\[E[0-9]+\])?:' "$LOGS/$log" | grep -E '^ *--> ' | awk '{print $2}' | cut -d: -f1 | sort -u | head -5 | sed 's/^/    in /' || true
  fi
done
passed=0; failed=0; ignored=0
for log in native.log wasm.log; do
  [ -f "$LOGS/$log" ] || continue
  passed=$(( passed + $(total "$LOGS/$log" passed) ))
  failed=$(( failed + $(total "$LOGS/$log" failed) ))
  ignored=$(( ignored + $(total "$LOGS/$log" ignored) ))
done
echo "  tests: $passed passed, $failed failed, $ignored ignored; $(( $(date +%s) - started_all ))s in all"
shots=$(ls "$ROOT"/target/screenshots/*.png 2>/dev/null | wc -l)
echo "  screenshots: $shots in target/screenshots/; logs in target/test-logs/"

# A browser left behind by the end-to-end tests would be a bug in their rig.
if pgrep -f -- "--user-data-dir=$ROOT/target/e2e-tmp" >/dev/null 2>&1; then
  echo "  warning: Chromium processes of the end-to-end tests are still running"
fi

if [ "$FAILED" = 0 ]; then
  echo "  RESULT: all tests passed"
  exit 0
fi
echo "  RESULT: FAILED (see the logs above and in target/test-logs/)"
exit 1
