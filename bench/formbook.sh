#!/usr/bin/env bash
# 様式ブック at scale: reading and checking a folder of 1,000 様式ブック (one per case, every form
# filled: questionnaire, plan versions with monitoring and needs, sub-tool, crisis plan), beside
# the reference in the same run: the same cases as one tabular intake (CSV folder).
# Bar (spec/quality.md): 1,000 様式ブック in under 5 s on 2 cores.
# Usage: bash bench/formbook.sh [CASES]   (default 1000)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${1:-1000}"
AS_OF=2025-11-30
WORK="$(mktemp -d "${BENCH_TMP:-/tmp}/cmsheets-formbook.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
(cd "$ROOT" && cargo build --release --quiet --bin cmsheets --example gen_intake)
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
CM="$TARGET_DIR/release/cmsheets"
"$TARGET_DIR/release/examples/gen_intake" --cases "$N" --seed 1 --as-of $AS_OF -o "$WORK/tabular" 2>/dev/null
"$CM" template --form --from "$WORK/tabular" -o "$WORK/books" --as-of $AS_OF 2>/dev/null || true
books=$(ls "$WORK/books" | wc -l)
run() { # name input → wall seconds (median of 3)
  local times=()
  for _ in 1 2 3; do
    local t0 t1; t0=$(date +%s.%N)
    "$CM" check "$2" --as-of $AS_OF >/dev/null 2>&1 || true
    t1=$(date +%s.%N); times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b - a}')")
  done
  printf '%s\n' "${times[@]}" | sort -g | sed -n 2p
}
sync
tab=$(run tabular "$WORK/tabular")
book=$(run books "$WORK/books")
echo "cmsheets 様式ブック benchmark: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
echo "| figure | measured | reference (same cases, tabular CSV) | ratio | bar |"
echo "|---|---|---|---|---|"
awk -v n="$books" -v b="$book" -v t="$tab" 'BEGIN{printf "| check of %s 様式ブック | %.2f s | %.2f s | %.1f× | < 5 s: %s |\n", n, b, t, b / t, (b < 5 ? "✓" : "✗")}'
