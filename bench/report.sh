#!/usr/bin/env bash
# The report benchmark (spec/quality.md: 1,000,000 need rows into the workbook in under 20 s).
#
#   bash bench/report.sh                     # 1,000,000 rows (and a 100,000-row reference)
#   REPORT_BENCH_ROWS=300000 bash bench/report.sh
#   END_TO_END=1 bash bench/report.sh        # also the whole command on generated CSV files
#
# 1. benches/report.rs: records made in memory, then everything `report` does after reading:
#    grouping, counting, tables, the workbook with 明細, saving. Prints seconds and rows/s.
# 2. With END_TO_END=1: `cmsheets report` on CSV intake from examples/gen_intake.rs, which
#    adds reading and checking (the `check` benchmark's work), with its peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${REPORT_BENCH_ROWS:-1000000}

exe=$(cargo bench --bench report --no-run 2>&1 | sed -n 's/.*Executable .*(\(.*\)).*/\1/p' | tail -1)
[[ -x "$exe" ]] || { echo "bench/report.sh: the benchmark did not build" >&2; exit 1; }
REPORT_BENCH_ROWS=$ROWS "$exe" --nocapture --test-threads 1 report_benchmark 2>&1 | grep -E '^report|rows in|panicked'

if [[ "${END_TO_END:-0}" == 1 ]]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  cargo build --release --quiet
  cargo run --release --quiet --example gen_intake -- --rows "$ROWS" --seed 1 -o "$tmp/intake" >/dev/null
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$tmp/rss" target/release/cmsheets report "$tmp/intake" -o "$tmp/report.xlsx" \
    --as-of 2025-11-30 -q || true
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v r="$ROWS" -v kb="$(cat "$tmp/rss")" \
    'BEGIN { t = e - s; printf "cmsheets report (read, check, report) %d need rows: %.2f s, %.0f rows/s, peak %.0f MiB\n", r, t, r / t, kb / 1024 }'
fi
