#!/usr/bin/env bash
# Coverage-guided fuzzing of cmsheets (cargo-fuzz, libFuzzer): builds the targets of fuzz/,
# seeds each corpus from tests/fixtures and samples, runs each target for a set time and prints,
# per target, the seconds run, total executions, executions per second and libFuzzer's final
# coverage (cov: edges, ft: features), and whether it crashed.
#
#   bash bench/fuzz.sh                          # every target, 300 s each
#   FUZZ_SECONDS=60 bash bench/fuzz.sh csv_reader dates_and_codes
#
# Targets (fuzz/README.md): csv_reader workbook_reader dates_and_codes template_data.
# Environment:
#   FUZZ_SECONDS    seconds per target (default 300)
#   FUZZ_SANITIZER  address (default) or none (faster, finds panics, hangs and OOMs only)
#   FUZZ_TIMEOUT    seconds one input may take before libFuzzer calls it a hang (default 60;
#                   300 for template_data, whose packets take tens of seconds under ASan)
#   FUZZ_RSS_MB     memory limit in MB (default 4096)
#   FUZZ_CGU        codegen units of the fuzz build (default 16: a much faster build on 2 cores)
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`); on a stable toolchain the nightly
# flags it passes are allowed with RUSTC_BOOTSTRAP=1, set here.
# The working corpora (fuzz/corpus/<target>/) are kept between runs and not committed;
# crashes land in fuzz/artifacts/<target>/. Logs and the summary: fuzz/logs/. Exit status 1 when
# a target crashed or hung, 2 on a build or setup failure.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_EACH="${FUZZ_SECONDS:-300}"
SANITIZER="${FUZZ_SANITIZER:-address}"
TIMEOUT="${FUZZ_TIMEOUT:-}"
RSS_MB="${FUZZ_RSS_MB:-4096}"
CGU="${FUZZ_CGU:-16}"
ALL_TARGETS=(csv_reader workbook_reader dates_and_codes template_data)
if [ "$#" -gt 0 ]; then TARGETS=("$@"); else TARGETS=("${ALL_TARGETS[@]}"); fi
for t in "${TARGETS[@]}"; do
  case " ${ALL_TARGETS[*]} " in
    *" $t "*) ;;
    *) echo "bench/fuzz.sh: unknown target $t (targets: ${ALL_TARGETS[*]})" >&2; exit 2 ;;
  esac
done

export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "bench/fuzz.sh: cargo-fuzz is missing: cargo install cargo-fuzz --locked" >&2
  exit 2
fi
cd "$ROOT" || exit 2
FLAGS=(--sanitizer "$SANITIZER" --codegen-units "$CGU")

echo "== build (sanitizer $SANITIZER)"
if ! cargo fuzz build "${FLAGS[@]}"; then
  echo "bench/fuzz.sh: the fuzz build failed" >&2
  exit 2
fi
BIN="$ROOT/fuzz/target/$(rustc -vV | sed -n 's/^host: //p')/release"
# As cargo fuzz run sets it (Rust's duplicated statics are not ODR violations).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_odr_violation=0"

# ---- seeds ----------------------------------------------------------------------------------
# csv_reader and workbook_reader take a first byte that picks the file name: seeds carry the one
# that names them as they are named in the fixtures.
sheet_byte() { # stem -> byte value (0-8 Japanese sheet name, 9-17 English key), or nothing
  local i=0
  for s in ケース アンケート 支援計画 モニタリング ニーズ 補助ツール 頼りにしている人 クライシスプラン 日常的なサポーター; do
    [ "$1" = "$s" ] && { echo "$i"; return; }
    i=$((i + 1))
  done
  for s in cases questionnaires plans monitoring needs subtool supporters crisis_plans crisis_supporters; do
    [ "$1" = "$s" ] && { echo "$i"; return; }
    i=$((i + 1))
  done
}
prefixed() { # byte file out
  { printf "\\$(printf '%03o' "$1")"; cat "$2"; } > "$3"
}
seed_target() {
  local t="$1" dir="fuzz/corpus/$1" n=0 f stem b ext
  mkdir -p "$dir"
  case "$t" in
    csv_reader)
      while IFS= read -r -d '' f; do
        stem="$(basename "$f" .csv)"
        b="$(sheet_byte "$stem")"
        [ -n "$b" ] || b=4 # ニーズ
        prefixed "$b" "$f" "$dir/seed-$n"; n=$((n + 1))
      done < <(find tests/fixtures samples -name '*.csv' -not -path '*/fuzz/*' -print0 | sort -z)
      ;;
    workbook_reader)
      while IFS= read -r -d '' f; do
        ext="${f##*.}"
        case "$ext" in xlsx) b=0 ;; ods) b=1 ;; xls) b=2 ;; xlsm) b=3 ;; *) continue ;; esac
        prefixed "$b" "$f" "$dir/seed-$n"; n=$((n + 1))
      done < <(find tests/fixtures samples \( -name '*.xlsx' -o -name '*.xlsm' -o -name '*.ods' -o -name '*.xls' \) -not -path '*/fuzz/*' -print0 | sort -z)
      ;;
    dates_and_codes)
      # The first column of the date fixtures, and every short cell of the sample CSVs (codes,
      # dates, months as typed).
      {
        for f in tests/fixtures/dates.csv tests/fixtures/invalid_dates.csv; do
          tail -n +2 "$f" | cut -d, -f1
        done
        cat samples/csv/*.csv tests/fixtures/heading-variants/*.csv | tr ',' '\n' | tr -d '\r"'
      } | awk 'length($0) > 0 && length($0) <= 40' | sort -u > "$dir/.lines"
      while IFS= read -r line; do
        printf '%s' "$line" > "$dir/seed-$n"; n=$((n + 1))
      done < "$dir/.lines"
      rm -f "$dir/.lines"
      ;;
    template_data)
      # Bytes 1-3 pick the sample and the field (fuzz/fuzz_targets/template_data.rs); then
      # strings that have broken typesetting elsewhere: markup, math, escapes, long and
      # unbreakable runs, control characters, scripts the fonts lack.
      local strings=(
        ""
        "山田 さくら"
        '#panic("x") $x^2$ *bold* _it_ `raw` <lbl> @ref = h'
        '\\ \u{41} // /* */ #{ } [ ] ~ -- --- ...'
        $'一行目\n二行目\r\n\t三行目\u2028\u2029'
        "$(printf 'あ%.0s' $(seq 1 600))"
        "$(printf 'W%.0s' $(seq 1 1500))"
        $'\x01\x07\x1b[31m\x7f'
        "مرحبا بالعالم עברית"
        "👨‍👩‍👧‍👦🏳️‍🌈 ̈a̐éö̲"
        "𠮷野家 髙橋 﨑 ①②③ ㈱ ㍻"
        "  　  "
      )
      # Every string into the plan (sample 0), one into each other sample: a packet takes
      # seconds to typeset, so the seeds are few.
      local s i k
      for i in $(seq 0 10); do
        for k in $(if [ "$i" = 0 ]; then seq 0 $((${#strings[@]} - 1)); else echo $((i * 7)); fi); do
          s="${strings[$((k % ${#strings[@]}))]}"
          { printf "\\$(printf '%03o' "$i")\\000\\$(printf '%03o' $((k * 5 % 256)))"; printf '%s' "$s"; } > "$dir/seed-$n"
          n=$((n + 1))
        done
      done
      ;;
  esac
  # Crashes found before (regression inputs) seed the run too.
  if [ -d "tests/fixtures/fuzz/$t" ]; then
    for f in "tests/fixtures/fuzz/$t"/*; do
      [ -f "$f" ] && cp "$f" "$dir/regression-$(basename "$f")"
    done
  fi
  echo "$n"
}

mkdir -p fuzz/logs
SUMMARY="fuzz/logs/summary.tsv"
printf 'target\tseconds\texecutions\texec_per_s\tcov\tft\tcorpus\tresult\n' > "$SUMMARY"
status=0
for t in "${TARGETS[@]}"; do
  n="$(seed_target "$t")"
  log="fuzz/logs/$t.log"
  echo "== $t: ${SECONDS_EACH}s, $n seeds, corpus fuzz/corpus/$t ($(find "fuzz/corpus/$t" -type f | wc -l) files)"
  mkdir -p "fuzz/artifacts/$t"
  timeout="${TIMEOUT:-60}"
  [ "$t" = template_data ] && timeout="${TIMEOUT:-300}"
  start=$(date +%s)
  # The binary cargo fuzz built, run directly: no second cargo invocation per target.
  "$BIN/$t" "$ROOT/fuzz/corpus/$t" \
    -max_total_time="$SECONDS_EACH" -timeout="$timeout" -rss_limit_mb="$RSS_MB" \
    -print_final_stats=1 -artifact_prefix="$ROOT/fuzz/artifacts/$t/" > "$log" 2>&1
  rc=$?
  end=$(date +%s)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  # libFuzzer's own average is a whole number (0 for the slow template_data): computed here.
  eps=$(awk -v n="${execs:-0}" -v s="$((end - start))" 'BEGIN { if (s > 0) printf "%.1f", n / s }')
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<< "$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<< "$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9A-Za-z]*\).*/\1/p' <<< "$last")
  if [ "$rc" -eq 0 ]; then
    result=ok
  else
    status=1
    art=$(sed -n 's/.*Test unit written to \(.*\/\(crash\|timeout\|oom\|leak\)-.*\)$/\1/p' "$log" | tail -1)
    kind=$(grep -oE 'ERROR: libFuzzer: [a-z-]+|panicked at [^:]+:[0-9]+' "$log" | head -1)
    result="FAILED rc=$rc ${kind:-see $log} ${art:-}"
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$((end - start))" "${execs:-?}" "${eps:-?}" \
    "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result" >> "$SUMMARY"
  echo "   $((end - start))s, ${execs:-?} executions, ${eps:-?}/s, cov ${cov:-?}, ft ${ft:-?}: $result"
done

echo
echo "== summary (sanitizer $SANITIZER; also in $SUMMARY)"
column -t -s $'\t' "$SUMMARY" 2>/dev/null || cat "$SUMMARY"
exit "$status"
