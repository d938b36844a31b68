#!/usr/bin/env bash
# Checks the release dist/ against the download budget in budget.toml: prints
# every file's size (raw and `brotli -q 11`) and the total against the
# budget; fails when the total is over it. KB are 1,024 bytes.
# scripts/test.sh runs it after the release build.
#
# Usage: scripts/budget.sh [DIST]     (default: dist/)
set -euo pipefail
cd "$(dirname "$0")/.."
DIST=${1:-dist}
BUDGET_FILE=budget.toml

fail() { printf 'budget: %s\n' "$*" >&2; exit 1; }

# `key = number` from budget.toml.
read_kb() {
  local v
  v=$(awk -F= -v k="$1" '$1 ~ "^[ \t]*" k "[ \t]*$" { gsub(/[ \t]/, "", $2); print $2; exit }' "$BUDGET_FILE")
  [[ "$v" =~ ^[0-9]+$ ]] || fail "$BUDGET_FILE has no whole number for $1"
  echo "$v"
}

[ -f "$BUDGET_FILE" ] || fail "$BUDGET_FILE is missing"
command -v brotli >/dev/null || fail "the brotli command is missing (scripts/setup.sh --browser installs it)"
[ -f "$DIST/index.html" ] || fail "no release build in $DIST/ (run trunk build --release)"

page_kb=$(read_kb page_kb)
icons_kb=$(read_kb icons_kb)
ceiling_kb=$(read_kb complete_app_kb)
[ "$page_kb" -le "$ceiling_kb" ] \
  || fail "page_kb ($page_kb) is above complete_app_kb ($ceiling_kb), the ceiling for the whole app"

kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }

row() { printf '%-40s %11s %11s %13s %11s\n' "$@"; }
row "file of $DIST/" "raw bytes" "raw" "brotli bytes" "brotli"
raw_total=0
br_total=0
icons_total=0
while IFS= read -r -d '' f; do
  raw=$(stat -c %s "$f")
  br=$(brotli -q 11 -c "$f" | wc -c)
  name=${f#"$DIST"/}
  case "$name" in
    # The install icons: apart (budget.toml).
    icons/*.png)
      icons_total=$(( icons_total + br ))
      row "$name (install icon)" "$raw" "$(kb "$raw")" "$br" "$(kb "$br")"
      continue ;;
  esac
  raw_total=$(( raw_total + raw ))
  br_total=$(( br_total + br ))
  row "$name" "$raw" "$(kb "$raw")" "$br" "$(kb "$br")"
done < <(find "$DIST" -type f -print0 | sort -z)
row "total (the page)" "$raw_total" "$(kb "$raw_total")" "$br_total" "$(kb "$br_total")"
row "install icons" "" "" "$icons_total" "$(kb "$icons_total")"

budget=$(( page_kb * 1024 ))
echo
if [ "$icons_total" -gt $(( icons_kb * 1024 )) ]; then
  echo "budget: OVER: the install icons are $(kb "$icons_total") brotli, over their $icons_kb KB ($BUDGET_FILE)"
  exit 1
fi
echo "budget: the install icons are $(kb "$icons_total") brotli, within their $icons_kb KB"
if [ "$br_total" -le "$budget" ]; then
  echo "budget: the whole page is $(kb "$br_total") brotli, within the budget of $page_kb KB ($(kb $(( budget - br_total ))) spare; ceiling for the complete app $ceiling_kb KB; $BUDGET_FILE)"
else
  echo "budget: OVER: the whole page is $(kb "$br_total") brotli, $(kb $(( br_total - budget ))) over the budget of $page_kb KB ($BUDGET_FILE)"
  exit 1
fi
